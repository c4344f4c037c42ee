package org.jclick.lang;

import java.util.List;

/**
 * Prints a flattened router in Click syntax, in the layout Click uses: requirements, then one declaration
 * per element in element order, a blank line, then the connections joined into chains
 * ({@code a -> b\n    -> c;}). With line directives ({@code click-flatten}'s style) each declaration is
 * preceded by {@code # LINE "FILE"} naming its source ({@code # 0 "NAME"} for elements a tool made, whose
 * place is a name such as {@code <click-combine>}).
 */
public final class Unparser {

    private Unparser() {
    }

    public static String unparse(FlatRouter router) {
        return unparse(router, false);
    }

    public static String unparse(FlatRouter router, boolean lineDirectives) {
        final StringBuilder sb = new StringBuilder();
        final List<FlatRouter.Requirement> required = new java.util.ArrayList<>();
        final List<FlatRouter.Requirement> provided = new java.util.ArrayList<>();
        for (FlatRouter.Requirement r : router.requirements()) {
            if (r.type().startsWith(PROVIDE)) {
                provided.add(new FlatRouter.Requirement(r.type().substring(PROVIDE.length()), r.value()));
            } else {
                required.add(r);
            }
        }
        appendRequirements(sb, "require", required);
        appendRequirements(sb, "provide", provided);
        for (FlatRouter.Element e : router.elements()) {
            if (lineDirectives && hasLandmark(e.location())) {
                sb.append("# ").append(e.location().line()).append(' ')
                        .append(ConfigStrings.quote(e.location().file())).append('\n');
            }
            sb.append(e.name()).append(" :: ").append(e.className());
            if (!e.config().isEmpty()) {
                sb.append('(').append(e.config()).append(')');
            }
            sb.append(";\n");
        }
        final List<FlatRouter.Connection> conns = router.connections();
        if (conns.isEmpty()) {
            return sb.toString();
        }
        sb.append('\n');
        if (lineDirectives) {
            int lines = 1;
            for (int i = 0; i < sb.length(); i++) {
                if (sb.charAt(i) == '\n') {
                    lines++;
                }
            }
            sb.append("# ").append(lines + 1).append(" \"\"\n");
        }
        appendConnections(sb, router);
        return sb.toString();
    }

    /**
     * Whether a declaration gets a line directive: it does when it has a line, or a named place without
     * one (Click prints {@code # 0 "<click-combine>"} for elements that tools made up).
     */
    private static boolean hasLandmark(SourceLocation loc) {
        return loc != null && (loc.line() > 0 || (loc.line() == 0 && !loc.file().isEmpty()
                && !loc.file().equals(SourceLocation.UNKNOWN.file())));
    }

    /** How {@code provide(...)} clauses are recorded among a router's requirements. */
    private static final String PROVIDE = "provide ";

    private static void appendRequirements(StringBuilder sb, String keyword, List<FlatRouter.Requirement> reqs) {
        if (reqs.isEmpty()) {
            return;
        }
        sb.append(keyword).append('(');
        for (int i = 0; i < reqs.size(); i++) {
            final FlatRouter.Requirement r = reqs.get(i);
            sb.append(i > 0 ? ", " : "").append(r.type());
            if (!r.value().isEmpty()) {
                sb.append(' ').append(ConfigStrings.quote(r.value()));
            }
        }
        sb.append(");\n\n");
    }

    /** Joins connections into chains: a connection into port 0 continues with one out of port 0. */
    private static void appendConnections(StringBuilder sb, FlatRouter router) {
        final List<FlatRouter.Connection> conns = router.connections();
        final int nc = conns.size();
        final int[] next = new int[nc];
        final boolean[] startChain = new boolean[nc];
        final boolean[] used = new boolean[nc];
        java.util.Arrays.fill(next, -1);
        java.util.Arrays.fill(startChain, true);
        for (int c = 0; c < nc; c++) {
            final FlatRouter.Connection cc = conns.get(c);
            if (cc.toPort() != 0) {
                continue;
            }
            int result = -1;
            for (int d = 0; d < nc; d++) {
                final FlatRouter.Connection dd = conns.get(d);
                if (d != c && dd.from() == cc.to() && dd.fromPort() == 0) {
                    result = d;
                    if (dd.toPort() == 0) {
                        break;
                    }
                }
            }
            if (result >= 0) {
                next[c] = result;
                startChain[result] = false;
            }
        }
        boolean done = false;
        while (!done) {
            for (int c = 0; c < nc; c++) {
                if (used[c] || !startChain[c]) {
                    continue;
                }
                final FlatRouter.Connection first = conns.get(c);
                sb.append(name(router, first.from()));
                if (first.fromPort() != 0) {
                    sb.append(" [").append(first.fromPort()).append(']');
                }
                int d = c;
                while (d >= 0 && !used[d]) {
                    sb.append(d == c ? " -> " : "\n    -> ");
                    final FlatRouter.Connection dd = conns.get(d);
                    if (dd.toPort() != 0) {
                        sb.append('[').append(dd.toPort()).append("] ");
                    }
                    sb.append(name(router, dd.to()));
                    used[d] = true;
                    d = next[d];
                }
                sb.append(";\n");
            }
            done = true;
            for (int c = 0; c < nc && done; c++) {
                if (!used[c]) {
                    startChain[c] = true;
                    done = false;
                }
            }
        }
    }

    private static String name(FlatRouter router, int index) {
        return router.elements().get(index).name();
    }
}
