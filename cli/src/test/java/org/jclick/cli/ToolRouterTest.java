package org.jclick.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;

import org.jclick.lang.ClickFrontEnd;
import org.jclick.lang.ConfigResult;
import org.jclick.lang.ElementCatalog;
import org.jclick.lang.Unparser;
import org.junit.jupiter.api.Test;

/** The editing rules of the tools' router that decide the order of what click-combine and click-uncombine print. */
class ToolRouterTest {

    private static ToolRouter read(String config) {
        final ConfigResult r = new ClickFrontEnd(ElementCatalog.tools(), List.of()).clickCompatible()
                .load("t", config, Map.of());
        assertEquals(List.of(), r.diagnostics());
        return ToolRouter.of(r.router(), List.of());
    }

    private static String print(ToolRouter r) {
        return Unparser.unparse(r.toFlat());
    }

    @Test
    void freedSlotsAreReusedLastFreedFirst() {
        final ToolRouter r = read("a, b, c, d :: Idle;");
        r.freeElement(r.element("b"));
        r.freeElement(r.element("c"));
        r.getElement("x", "X", "", null);     // takes c's slot
        r.getElement("y", "Y", "", null);     // takes b's slot
        r.getElement("z", "Z", "", null);     // appended
        assertEquals("a :: Idle;\ny :: Y;\nx :: X;\nd :: Idle;\nz :: Z;\n", print(r));
        // an existing name is not added again
        assertSame(r.element("x"), r.getElement("x", "Other", "cfg", null));
    }

    @Test
    void killedElementsStayUntilFreedAndCompacted() {
        final ToolRouter r = read("a, b, c :: Idle; a -> b -> c;");
        r.kill(r.element("b"));
        assertEquals("a :: Idle;\nc :: Idle;\n", print(r));
        r.freeDeadElements();
        assertNull(r.element("b"));
        r.getElement("n", "N", "", null);
        assertEquals("a :: Idle;\nn :: N;\nc :: Idle;\n", print(r));
        r.kill(r.element("n"));
        r.compact();
        r.getElement("m", "M", "", null);
        assertEquals("a :: Idle;\nc :: Idle;\nm :: M;\n", print(r));
    }

    @Test
    void insertingKeepsConnectionOrder() {
        final ToolRouter r = read("s1, s2 :: Src; t :: Dev; u1, u2 :: Sink; s1 -> t; s2 -> t; t -> u1; t -> u2;");
        final ToolRouter.Element link = r.getElement("l", "RouterLink", "", null);
        r.insertBefore(link, 0, r.element("t"), 0);
        r.freeElement(r.element("t"));
        assertEquals("s1 :: Src;\ns2 :: Src;\nu1 :: Sink;\nu2 :: Sink;\nl :: RouterLink;\n\n"
                + "s1 -> l;\ns2 -> l;\n", print(r));
        final ToolRouter r2 = read("t :: Dev; u1, u2 :: Sink; t -> u1; t -> u2;");
        final ToolRouter.Element l2 = r2.getElement("l", "RouterLink", "", null);
        r2.insertAfter(l2, 1, r2.element("t"), 0);
        r2.freeElement(r2.element("t"));
        assertEquals("l [1] -> u1;\nl [1] -> u2;\n", print(r2).substring(print(r2).indexOf("\n\n") + 2));
        assertEquals(2, r2.noutputs(l2));
        assertEquals(0, r2.ninputs(l2));
    }

    @Test
    void duplicatesMadeByRedirectionAreRemovedOnFlatten() {
        final ToolRouter r = read("a, b, c :: Idle; a -> b; a -> c;");
        // redirect both connections into one input: they become equal
        r.insertBefore(r.element("c"), 0, r.element("b"), 0);
        assertEquals(3, r.connections().size());
        r.flatten();
        assertEquals("a :: Idle;\nb :: Idle;\nc :: Idle;\n\na -> c\n    -> b;\n", print(r));
    }

    @Test
    void renamingForgetsTheOldName() {
        final ToolRouter r = read("A/x :: Idle;");
        final ToolRouter.Element e = r.element("A/x");
        r.changeName(e, "x");
        assertNull(r.element("A/x"));
        assertSame(e, r.element("x"));
    }

    @Test
    void writesAnArchiveOnlyWithMembers() {
        final ToolRouter r = read("a :: Idle;");
        final Streams io = Streams.of(new java.io.ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(),
                new ByteArrayOutputStream());
        final ToolErrors errh = new ToolErrors(io, "t");
        assertEquals("# 1 \"t\"\na :: Idle;\n", r.fileText(errh));
        r.addArchive(new ClickArchive.Member("componentmap", 5, 6, 7, 0600, "A\n"));
        r.addArchive(new ClickArchive.Member("other", 5, 6, 7, 0600, "1"));
        r.addArchive(new ClickArchive.Member("componentmap", 5, 6, 7, 0600, "B\n"));   // replaced in place
        final ClickArchive.Parsed p = ClickArchive.parse(r.fileText(errh));
        assertEquals(List.of("config", "componentmap", "other"),
                p.members().stream().map(ClickArchive.Member::name).toList());
        assertEquals("B\n", p.find("componentmap").data());
        assertEquals("# 1 \"t\"\na :: Idle;\n", p.find("config").data());
        assertEquals(0, errh.errors());
    }
}
