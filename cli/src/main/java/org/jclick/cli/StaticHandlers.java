package org.jclick.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import org.jclick.lang.ElementCatalog;
import org.jclick.lang.FlatRouter;

/**
 * The read handlers whose values follow from the flattened configuration alone, so {@code click -q -h}
 * can answer them without running the router: the router's {@code list}, {@code flatconfig},
 * {@code config}, {@code classes}, {@code requirements} and {@code version}, and every element's
 * {@code name}, {@code class} and {@code config}. Every other handler belongs to an element
 * implementation.
 */
final class StaticHandlers {

    /** The Click version whose language and driver jclick follows. */
    static final String CLICK_VERSION = "2.1";

    private final FlatRouter router;
    private final String configText;
    private final ElementCatalog catalog;

    StaticHandlers(FlatRouter router, String configText, ElementCatalog catalog) {
        this.router = router;
        this.configText = configText;
        this.catalog = catalog;
    }

    /** A handler's value, or null if there is no such handler here. */
    String read(FlatRouter.Element element, String handler) {
        if (element == null) {
            return switch (handler) {
                case "version" -> CLICK_VERSION + "\n";
                case "list" -> list();
                case "flatconfig" -> org.jclick.lang.Unparser.unparse(router);
                case "config" -> configuration(router, configText);
                case "classes" -> classes();
                case "requirements" -> requirements();
                default -> null;
            };
        }
        return switch (handler) {
            case "name" -> element.name();
            case "class" -> element.className();
            case "config" -> element.config();
            default -> null;
        };
    }

    /**
     * The router's {@code config} handler, as Click's {@code Router::configuration_string}: the text it was
     * read from, unless the configuration says {@code require(compact_config)}, which makes Click drop that text
     * and answer with the unparsed (flattened) router instead.
     */
    static String configuration(FlatRouter router, String text) {
        for (FlatRouter.Requirement r : router.requirements()) {
            if (r.type().equals("compact_config")) {
                return org.jclick.lang.Unparser.unparse(router);
            }
        }
        return text == null ? "" : text;
    }

    private String list() {
        final StringBuilder sb = new StringBuilder();
        sb.append(router.elements().size()).append('\n');
        for (FlatRouter.Element e : router.elements()) {
            sb.append(e.name()).append('\n');
        }
        return sb.toString();
    }

    private String classes() {
        final StringBuilder sb = new StringBuilder();
        for (String c : new TreeSet<>(catalog.classNames())) {
            sb.append(c).append('\n');
        }
        return sb.toString();
    }

    private String requirements() {
        final StringBuilder sb = new StringBuilder();
        for (FlatRouter.Requirement r : router.requirements()) {
            sb.append(r.value().isEmpty() ? r.type() : r.value()).append('\n');
        }
        return sb.toString();
    }

    /**
     * Click's {@code expand_handler_elements}: an element name; else a glob pattern over element names;
     * else a class name. Returns null (and adds to {@code errors}) when nothing matches.
     */
    List<FlatRouter.Element> expand(String pattern, List<String> errors) {
        final FlatRouter.Element exact = router.element(pattern);
        if (exact != null) {
            return List.of(exact);
        }
        final boolean isPattern = pattern.indexOf('?') >= 0 || pattern.indexOf('*') >= 0
                || pattern.indexOf('[') >= 0;
        final List<FlatRouter.Element> result = new ArrayList<>();
        for (FlatRouter.Element e : router.elements()) {
            if (isPattern ? globMatch(e.name(), pattern) : e.className().equals(pattern)) {
                result.add(e);
            }
        }
        if (result.isEmpty()) {
            errors.add(isPattern ? "no element matching '" + pattern + "'" : "no element '" + pattern + "'");
            return null;
        }
        return result;
    }

    /** Shell-style glob: {@code *}, {@code ?}, {@code [abc]}, {@code [a-z]}, {@code [!x]} / {@code [^x]}. */
    static boolean globMatch(String s, String pattern) {
        return glob(s, 0, pattern, 0);
    }

    private static boolean glob(String s, int si, String p, int pi) {
        while (pi < p.length()) {
            final char c = p.charAt(pi);
            if (c == '*') {
                for (int k = s.length(); k >= si; k--) {
                    if (glob(s, k, p, pi + 1)) {
                        return true;
                    }
                }
                return false;
            }
            if (si >= s.length()) {
                return false;
            }
            if (c == '?') {
                si++;
                pi++;
            } else if (c == '[') {
                final int close = p.indexOf(']', pi + 2);
                if (close < 0) {
                    if (s.charAt(si) != '[') {
                        return false;
                    }
                    si++;
                    pi++;
                    continue;
                }
                int q = pi + 1;
                boolean negate = false;
                if (p.charAt(q) == '!' || p.charAt(q) == '^') {
                    negate = true;
                    q++;
                }
                boolean match = false;
                final char x = s.charAt(si);
                while (q < close) {
                    if (q + 2 < close && p.charAt(q + 1) == '-') {
                        match |= x >= p.charAt(q) && x <= p.charAt(q + 2);
                        q += 3;
                    } else {
                        match |= x == p.charAt(q);
                        q++;
                    }
                }
                if (match == negate) {
                    return false;
                }
                si++;
                pi = close + 1;
            } else {
                if (s.charAt(si) != c) {
                    return false;
                }
                si++;
                pi++;
            }
        }
        return si == s.length();
    }
}
