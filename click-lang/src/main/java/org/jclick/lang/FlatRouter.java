package org.jclick.lang;

import java.util.List;

/**
 * A flattened router: every compound expanded, every parameter substituted, every element named. This is
 * what Click's {@code click-flatten} prints and what the runtime instantiates.
 */
public record FlatRouter(List<Element> elements, List<Connection> connections, List<Requirement> requirements) {

    public FlatRouter {
        elements = List.copyOf(elements);
        connections = List.copyOf(connections);
        requirements = List.copyOf(requirements);
    }

    /**
     * One primitive element. {@code config} is the raw configuration string, variables expanded.
     * {@code configLocation} is where its first character (just inside the parentheses) is in the source, or
     * null when unknown or when expansion changed the text (offsets in {@code config} then map to no column).
     */
    public record Element(int index, String name, String className, String config, SourceLocation location,
            SourceLocation configLocation) {

        public Element(int index, String name, String className, String config, SourceLocation location) {
            this(index, name, className, config, location, null);
        }
    }

    /** {@code from[fromPort] -> [toPort]to}, by element index. */
    public record Connection(int from, int fromPort, int to, int toPort, SourceLocation location) {
    }

    /** A {@code require(type value)} clause, e.g. {@code ("package", "foo")} or {@code ("library", "x.click")}. */
    public record Requirement(String type, String value) {
    }

    /** The element with that name, or {@code null}. */
    public Element element(String name) {
        for (Element e : elements) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        return null;
    }
}
