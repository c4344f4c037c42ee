package org.jclick.clicktest;

/**
 * One top-level command of a {@code %script} or {@code %require} section.
 *
 * @param text the command's source text, possibly several lines, without the final newline
 * @param file the test file's display name, for {@code FILE:LINE} locations
 * @param line the line of the command's first token
 */
public record ScriptCommand(String text, String file, int line) {

    private static final int MAX_DISPLAY = 40;

    /** {@code FILE:LINE}, as clicktest prints it. */
    public String location() {
        return file + ":" + line;
    }

    /**
     * The command as clicktest shows it in failure messages: trimmed, control characters as {@code ^X},
     * bytes above 126 as octal escapes, cut to 40 characters followed by {@code ...}.
     */
    public String display() {
        final String trimmed = text.strip();
        final StringBuilder out = new StringBuilder(trimmed.length());
        for (int i = 0; i < trimmed.length(); i++) {
            final char c = trimmed.charAt(i);
            if (c < 0x20) {
                out.append('^').append((char) (c + '@'));
            } else if (c >= 0x7f) {
                out.append('\\').append(String.format("%03o", (int) c & 0xff));
            } else {
                out.append(c);
            }
        }
        return out.length() > MAX_DISPLAY ? out.substring(0, MAX_DISPLAY) + "..." : out.toString();
    }
}
