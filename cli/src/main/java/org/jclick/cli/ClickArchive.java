package org.jclick.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Click's archives: the Unix {@code ar} format that Click uses to keep several files in one configuration.
 * A configuration file whose first byte is {@code !} is an archive; its member {@code config} holds the
 * configuration text, and other members travel with it (for example {@code elementmap.xml} and
 * {@code componentmap}, written by {@code click-combine}).
 *
 * <p>The layout is the classic one: the magic {@code "!<arch>\n"}, then per member a 60-byte header
 * (name 16, modification time 12, uid 6, gid 6, octal mode 8, size 10, then {@code "`\n"}) followed by the
 * data, padded with a newline to an even length. Names longer than 14 characters, or with spaces, are
 * written the BSD way ({@code #1/LEN} in the name field, the name in front of the data); GNU long-name
 * tables ({@code //} member, {@code /OFFSET} names) are understood when reading.
 *
 * <p>Texts are byte strings held in ISO-8859-1 {@code String}s (see {@link Streams#CHARSET}), so offsets
 * are byte offsets.
 */
final class ClickArchive {

    static final String MAGIC = "!<arch>\n";
    static final int HEADER_SIZE = 60;

    private ClickArchive() {
    }

    /** One archive member. A member with an empty name is dead: it is skipped when written. */
    record Member(String name, long date, long uid, long gid, int mode, String data) {

        Member {
            name = name == null ? "" : name;
            data = data == null ? "" : data;
        }

        boolean live() {
            return !name.isEmpty();
        }

        /** A member stamped now, owned by this process's user and group (Click's {@code init_archive_element}). */
        static Member create(String name, int mode, String data) {
            return new Member(name, System.currentTimeMillis() / 1000, processUid(), processGid(), mode, data);
        }

        Member withData(String newData) {
            return new Member(name, date, uid, gid, mode, newData);
        }
    }

    /** A problem found while reading: {@code offset} is the byte offset of the header or field concerned. */
    record Problem(boolean error, String message, int offset) {

        /** The message followed by where it was found. */
        String describe() {
            return message + " (at byte " + offset + ")";
        }
    }

    /** What {@link #parse} found: every member read before any fatal problem, and the problems. */
    record Parsed(List<Member> members, List<Problem> problems) {

        Parsed {
            members = List.copyOf(members);
            problems = List.copyOf(problems);
        }

        boolean ok() {
            return problems.stream().noneMatch(Problem::error);
        }

        /** The first live member with that name, or null. */
        Member find(String name) {
            for (Member m : members) {
                if (m.live() && m.name().equals(name)) {
                    return m;
                }
            }
            return null;
        }
    }

    /** Whether Click reads {@code text} as an archive: it does when the first byte is {@code !}. */
    static boolean isArchive(String text) {
        return !text.isEmpty() && text.charAt(0) == '!';
    }

    /**
     * Splits an archive into its members. Never throws: a malformed archive yields the members read before
     * the damage and an error naming the byte offset; doubtful header fields yield warnings.
     */
    static Parsed parse(String s) {
        final List<Member> members = new ArrayList<>();
        final List<Problem> problems = new ArrayList<>();
        final int len = s.length();
        if (len <= MAGIC.length() || !s.startsWith(MAGIC)) {
            problems.add(new Problem(true, "not an archive", 0));
            return new Parsed(members, problems);
        }
        String longNames = null;
        int p = MAGIC.length();
        while (p + HEADER_SIZE <= len) {
            if (s.charAt(p + 58) != '`' || s.charAt(p + 59) != '\n') {
                problems.add(new Problem(true, "bad archive: missing header magic number", p + 58));
                return new Parsed(members, problems);
            }
            final int dataStart = p + HEADER_SIZE;
            final int size;
            if (s.charAt(p) == '/' && s.charAt(p + 1) == '/' && isSpace(s.charAt(p + 2))) {
                // a GNU table of long names
                if (longNames != null) {
                    problems.add(new Problem(true, "two long name sections in archive", p));
                }
                size = field(s, p + 48, 10, 10, "size", problems);
                if (size < 0 || (long) dataStart + size > len) {
                    problems.add(new Problem(true, "truncated archive", p + 48));
                    return new Parsed(members, problems);
                }
                longNames = s.substring(dataStart, dataStart + size);
            } else {
                String name = "";
                int bsdNameLength = 0;
                if (s.charAt(p) == '/' && isDigit(s.charAt(p + 1))) {
                    final int offset = field(s, p + 1, 15, 10, "long name", problems);
                    if (longNames == null || offset < 0 || offset >= longNames.length()) {
                        problems.add(new Problem(true, "bad long name in archive", p));
                    } else {
                        int end = offset;
                        while (end < longNames.length() && longNames.charAt(end) != '/'
                                && !isSpace(longNames.charAt(end))) {
                            end++;
                        }
                        name = longNames.substring(offset, end);
                    }
                } else if (s.startsWith("#1/", p) && isDigit(s.charAt(p + 3))) {
                    bsdNameLength = field(s, p + 3, 13, 10, "long name", problems);
                } else {
                    int end = p;
                    while (end < p + 16 && s.charAt(end) != '/' && !isSpace(s.charAt(end))) {
                        end++;
                    }
                    name = s.substring(p, end);
                }
                final int date = field(s, p + 16, 12, 10, "date", problems);
                final int uid = field(s, p + 28, 6, 10, "uid", problems);
                final int gid = field(s, p + 34, 6, 10, "gid", problems);
                final int mode = field(s, p + 40, 8, 8, "mode", problems);
                size = field(s, p + 48, 10, 10, "size", problems);
                if (size < 0) {
                    problems.add(new Problem(true, "truncated archive", p + 48));
                    return new Parsed(members, problems);
                }
                final long dataEnd = (long) dataStart + size;
                if (dataEnd > len) {
                    problems.add(new Problem(true, "truncated archive, " + (dataEnd - len) + " bytes short", p));
                    return new Parsed(members, problems);
                }
                String data = s.substring(dataStart, (int) dataEnd);
                if (bsdNameLength > 0) {
                    if (size < bsdNameLength) {
                        problems.add(new Problem(true, "bad long name in archive", p));
                        return new Parsed(members, problems);
                    }
                    name = data.substring(0, bsdNameLength);
                    data = data.substring(bsdNameLength);
                }
                members.add(new Member(name, date, uid, gid, mode, data));
            }
            p = dataStart + size;
            if (size % 2 == 1) {
                p++;    // members start at even offsets
            }
        }
        if (p != len) {
            problems.add(new Problem(true, "truncated archive", Math.min(p, len)));
        }
        return new Parsed(members, problems);
    }

    /**
     * Reads a left-justified number of at most {@code width} characters, as Click does: the digits must
     * start the field and be followed by a space or the end of the field; otherwise the value is -1 and a
     * warning says which field is bad. Values beyond {@code int} are clamped.
     */
    private static int field(String s, int at, int width, int radix, String what, List<Problem> problems) {
        int i = at;
        final int end = at + width;
        long value = 0;
        while (i < end && Character.digit(s.charAt(i), radix) >= 0 && s.charAt(i) < 128) {
            value = Math.min(value * radix + Character.digit(s.charAt(i), radix), Integer.MAX_VALUE);
            i++;
        }
        if (i == at || (i < end && !isSpace(s.charAt(i)))) {
            problems.add(new Problem(false, "bad " + what + " in archive", at));
            return -1;
        }
        return (int) value;
    }

    /** What {@link #unparse} produced, and its complaints (member names with slashes). */
    record Written(String text, List<String> errors) {
    }

    /** Writes the live members as an archive, in order. */
    static Written unparse(List<Member> members) {
        final StringBuilder sb = new StringBuilder(MAGIC);
        final List<String> errors = new ArrayList<>();
        for (Member m : members) {
            if (!m.live()) {
                continue;
            }
            String name = m.name();
            final int slash = name.indexOf('/');
            if (slash >= 0) {
                errors.add("archive element name '" + name + "' contains slash");
                name = name.substring(0, slash);
            }
            boolean bsdName = name.length() > 14 || name.startsWith("#1/");
            for (int i = 0; i < name.length() && !bsdName; i++) {
                bsdName = isSpace(name.charAt(i));
            }
            sb.append(pad(bsdName ? "#1/" + name.length() : name, 16));
            final int size = m.data().length() + (bsdName ? name.length() : 0);
            sb.append(pad(fit(Long.toString(m.date()), 12), 12))
                    .append(pad(fit(Long.toString(m.uid()), 6), 6))
                    .append(pad(fit(Long.toString(m.gid()), 6), 6))
                    .append(pad(fit(Integer.toOctalString(m.mode()), 8), 8))
                    .append(pad(Integer.toString(size), 10))
                    .append("`\n");
            if (bsdName) {
                sb.append(name);
            }
            sb.append(m.data());
            if (size % 2 == 1) {
                sb.append('\n');
            }
        }
        return new Written(sb.toString(), errors);
    }

    /** A number too wide for its field would break the header; such values are written as 0. */
    private static String fit(String number, int width) {
        return number.length() <= width && !number.startsWith("-") ? number : "0";
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static long processUid() {
        return unixId(true);
    }

    private static long processGid() {
        return unixId(false);
    }

    /** The process's user or group id where the platform tells it, else 0. */
    private static long unixId(boolean user) {
        try {
            final com.sun.security.auth.module.UnixSystem unix = new com.sun.security.auth.module.UnixSystem();
            return user ? unix.getUid() : unix.getGid();
        } catch (LinkageError | RuntimeException e) {
            return 0;
        }
    }
}
