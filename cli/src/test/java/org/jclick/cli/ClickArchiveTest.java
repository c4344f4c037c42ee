package org.jclick.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Click's {@code ar} archives: writing, reading, and malformed input reported with byte offsets. */
class ClickArchiveTest {

    private static ClickArchive.Member member(String name, int mode, String data) {
        return new ClickArchive.Member(name, 1000000000L, 1000, 100, mode, data);
    }

    @Test
    void writesTheClassicLayoutWithEvenPadding() {
        final ClickArchive.Written w = ClickArchive.unparse(List.of(
                member("config", 0644, "a :: Idle;\n"),
                member("componentmap", 0600, "A\nB\n")));
        assertEquals(List.of(), w.errors());
        assertEquals("!<arch>\n"
                + "config          1000000000  1000  100   644     11        `\n"
                + "a :: Idle;\n"
                + "\n"                                 // 11 bytes of data: padded to an even length
                + "componentmap    1000000000  1000  100   600     4         `\n"
                + "A\nB\n", w.text());
    }

    @Test
    void readsWhatItWrites() {
        final List<ClickArchive.Member> in = List.of(
                member("config", 0644, "x :: Idle;\n"),
                member("elementmap.xml", 0600, "<elementmap/>"),
                member("a name with spaces", 0640, "odd"),
                member("a-very-long-member-name", 0600, ""));
        final ClickArchive.Parsed p = ClickArchive.parse(ClickArchive.unparse(in).text());
        assertTrue(p.ok(), p.problems().toString());
        assertEquals(in, p.members());
        assertEquals("x :: Idle;\n", p.find("config").data());
        assertNull(p.find("missing"));
    }

    @Test
    void longAndSpacedNamesAreWrittenTheBsdWay() {
        final String text = ClickArchive.unparse(List.of(member("elementmap.xml", 0600, "xy"))).text();
        // 14 characters fit in the name field; longer ones go in front of the data
        assertTrue(text.startsWith("!<arch>\nelementmap.xml  "), text);
        final String longer = ClickArchive.unparse(List.of(member("a-long-member-name", 0600, "xy"))).text();
        assertEquals("!<arch>\n#1/18           1000000000  1000  100   600     20        `\na-long-member-namexy",
                longer);
    }

    @Test
    void namesWithSlashesAreCutAndReported() {
        final ClickArchive.Written w = ClickArchive.unparse(List.of(member("dir/file", 0600, ""),
                member("#1/x", 0600, "")));
        assertEquals(List.of("archive element name 'dir/file' contains slash",
                "archive element name '#1/x' contains slash"), w.errors());
        assertEquals(List.of("dir", "#1"), ClickArchive.parse(w.text()).members().stream()
                .map(ClickArchive.Member::name).toList());
    }

    @Test
    void deadMembersAreNotWritten() {
        final String text = ClickArchive.unparse(List.of(member("", 0600, "gone"), member("kept", 0600, ""))).text();
        assertEquals(List.of("kept"), ClickArchive.parse(text).members().stream().map(ClickArchive.Member::name).toList());
    }

    @Test
    void readsGnuLongNameTables() {
        final String table = "a-rather-long-name/\nanother-long-name.txt/\n";
        final String text = "!<arch>\n"
                + header("//", table.length()) + table + "\n"      // 43 bytes: padded
                + header("/20", 3) + "abc\n"
                + header("short/", 2) + "de";
        final ClickArchive.Parsed p = ClickArchive.parse(text);
        assertTrue(p.ok(), p.problems().toString());
        assertEquals(List.of("another-long-name.txt", "short"),
                p.members().stream().map(ClickArchive.Member::name).toList());
        assertEquals("abc", p.members().get(0).data());
    }

    private static String header(String name, int size) {
        return String.format("%-16s%-12d%-6d%-6d%-8o%-10d`\n", name, 0, 0, 0, 0644, size);
    }

    @Test
    void notAnArchive() {
        final ClickArchive.Parsed p = ClickArchive.parse("!<arch>");
        assertEquals(List.of(new ClickArchive.Problem(true, "not an archive", 0)), p.problems());
        assertEquals("not an archive (at byte 0)", p.problems().get(0).describe());
        assertTrue(ClickArchive.isArchive("!anything"));
        assertFalse(ClickArchive.isArchive("a :: Idle; // !"));
        assertFalse(ClickArchive.isArchive(""));
    }

    @Test
    void missingHeaderMagicIsReportedWhereItShouldBe() {
        final String good = "!<arch>\n" + header("config", 2) + "ab";
        final String bad = good + header("second", 2).substring(0, 58) + "XX" + "cd";
        final ClickArchive.Parsed p = ClickArchive.parse(bad);
        assertEquals(List.of(new ClickArchive.Problem(true, "bad archive: missing header magic number", 70 + 58)),
                p.problems());
        // what came before the damage is still there
        assertEquals("ab", p.find("config").data());
    }

    @Test
    void truncatedMemberSaysHowManyBytesAreMissing() {
        final String text = "!<arch>\n" + header("config", 10) + "abc";
        final ClickArchive.Parsed p = ClickArchive.parse(text);
        assertEquals(List.of(new ClickArchive.Problem(true, "truncated archive, 7 bytes short", 8)), p.problems());
        assertTrue(p.members().isEmpty());
    }

    @Test
    void trailingBytesAreATruncatedHeader() {
        final String text = "!<arch>\n" + header("config", 2) + "ab" + "garbage";
        final ClickArchive.Parsed p = ClickArchive.parse(text);
        assertEquals(List.of(new ClickArchive.Problem(true, "truncated archive", 70)), p.problems());
        assertEquals(1, p.members().size());
    }

    @Test
    void badNumericFieldsAreWarningsWithTheirOffset() {
        final String h = header("config", 2);
        final String text = "!<arch>\n" + h.substring(0, 16) + "yesterday   " + h.substring(28) + "ab";
        final ClickArchive.Parsed p = ClickArchive.parse(text);
        assertEquals(List.of(new ClickArchive.Problem(false, "bad date in archive", 8 + 16)), p.problems());
        assertTrue(p.ok());
        assertEquals(-1, p.members().get(0).date());
    }

    @Test
    void unreadableSizeStopsReading() {
        final String h = header("config", 2);
        final String text = "!<arch>\n" + h.substring(0, 48) + "??        `\n" + "ab";
        final ClickArchive.Parsed p = ClickArchive.parse(text);
        assertEquals(List.of(new ClickArchive.Problem(false, "bad size in archive", 56),
                new ClickArchive.Problem(true, "truncated archive", 56)), p.problems());
    }

    @Test
    void badLongNames() {
        // a GNU long name with no table: the member is read but has no name
        final ClickArchive.Parsed gnu = ClickArchive.parse("!<arch>\n" + header("/5", 2) + "ab");
        assertEquals(List.of(new ClickArchive.Problem(true, "bad long name in archive", 8)), gnu.problems());
        assertFalse(gnu.members().get(0).live());
        // a BSD long name longer than the member
        final ClickArchive.Parsed bsd = ClickArchive.parse("!<arch>\n" + header("#1/9", 2) + "ab");
        assertEquals(List.of(new ClickArchive.Problem(true, "bad long name in archive", 8)), bsd.problems());
        // two tables
        final ClickArchive.Parsed two = ClickArchive.parse("!<arch>\n" + header("//", 2) + "a/" + header("//", 2) + "b/");
        assertEquals(List.of(new ClickArchive.Problem(true, "two long name sections in archive", 70)), two.problems());
    }

    @Test
    void createdMembersAreStampedNow() {
        final long before = System.currentTimeMillis() / 1000;
        final ClickArchive.Member m = ClickArchive.Member.create("componentmap", 0600, "A\n");
        assertTrue(m.date() >= before && m.date() <= before + 5, Long.toString(m.date()));
        assertEquals(0600, m.mode());
        assertTrue(m.uid() >= 0 && m.gid() >= 0);
    }
}
