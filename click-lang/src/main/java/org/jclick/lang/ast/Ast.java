package org.jclick.lang.ast;

import java.util.List;

import org.jclick.lang.SourceLocation;

/**
 * The abstract syntax of a Click configuration: immutable records, each with the location of its first
 * token. Identifiers are kept as written: whether a bare identifier names an element class or an element is
 * decided by the semantic pass, in source order, as Click does.
 */
public final class Ast {

    private Ast() {
    }

    /** A whole file (or an included library file). */
    public record Program(String file, List<Statement> statements) {
        public Program {
            statements = List.copyOf(statements);
        }
    }

    /** Top-level and compound-body statements. */
    public sealed interface Statement permits Connection, ElementClassDecl, SynonymDecl, Require, Define, Empty {
        SourceLocation location();
    }

    /** {@code elementclass Name { ... }}. */
    public record ElementClassDecl(SourceLocation location, String name, ClassBody body) implements Statement {
    }

    /** {@code elementclass Name Other;} makes Name a synonym of the class Other. */
    public record SynonymDecl(SourceLocation location, String name, String target, SourceLocation targetLocation)
            implements Statement {
    }

    /**
     * {@code require(...)} (or {@code provide(...)} when {@code provide} is set). {@code config} is the raw
     * text between the parentheses.
     */
    public record Require(SourceLocation location, Config config, boolean provide) implements Statement {
    }

    /** {@code define($NAME value, ...)}. */
    public record Define(SourceLocation location, Config config) implements Statement {
    }

    /** A lone {@code ;}. */
    public record Empty(SourceLocation location) implements Statement {
    }

    /**
     * A chain {@code list connector list connector ...}. {@code lists.size() == connectors.size() + 1}; an
     * entry of {@code lists} is {@code null} where the chain starts or ends with a connector (implicit
     * {@code input}/{@code output}).
     */
    public record Connection(SourceLocation location, List<ElementList> lists, List<Connector> connectors)
            implements Statement {
        public Connection {
            lists = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(lists));
            connectors = List.copyOf(connectors);
        }
    }

    public enum ConnectorKind {
        /** {@code ->} */
        ARROW("->"),
        /** {@code =>}, many-to-many */
        DOUBLE_ARROW("=>"),
        /** FastClick's {@code ~>}, accepted as {@code ->} */
        TILDE_ARROW("~>");

        public final String text;

        ConnectorKind(String text) {
            this.text = text;
        }
    }

    public record Connector(SourceLocation location, ConnectorKind kind) {
    }

    /** {@code a, b, [1]c} : elements separated by commas. */
    public record ElementList(SourceLocation location, List<ElementNode> elements) {
        public ElementList {
            elements = List.copyOf(elements);
        }
    }

    /**
     * {@code [in] body [out]}. {@code body} is {@code null} for a port-only element, which stands for the
     * implicit {@code input} or {@code output} of a compound or group.
     */
    public record ElementNode(SourceLocation location, Ports inPorts, ElementBody body, Ports outPorts) {
    }

    /** What an element position holds. */
    public sealed interface ElementBody permits Named, AnonymousClass, Group {
        SourceLocation location();
    }

    /**
     * An identifier, optionally declared with a class ({@code name :: Class}) and configured
     * ({@code (config)}). Without {@code ::}, the identifier may be a class (anonymous element) or an
     * element reference.
     */
    public record Named(SourceLocation location, String name, ClassRef declaredClass, Config config)
            implements ElementBody {
    }

    /** An anonymous compound class used in element position: {@code { ... } (config)}. */
    public record AnonymousClass(SourceLocation location, ClassBody body, Config config) implements ElementBody {
    }

    /** An element group {@code ( statements )}. */
    public record Group(SourceLocation location, List<Statement> statements, SourceLocation end)
            implements ElementBody {
        public Group {
            statements = List.copyOf(statements);
        }
    }

    /** A class named after {@code ::}: an identifier or an anonymous compound. */
    public sealed interface ClassRef permits ClassName, ClassBody {
        SourceLocation location();
    }

    /**
     * A class named by an identifier. An empty {@code name} records a declaration whose type is missing
     * ({@code a :: ;}): as in Click, the element's own name then serves as its class.
     */
    public record ClassName(SourceLocation location, String name) implements ClassRef {
    }

    /**
     * {@code { alt || alt || ... }}: a compound class with its overloads, in source order. {@code extension}
     * is set when the body ends with {@code || ...}, which extends the previous class of the same name.
     */
    public record ClassBody(SourceLocation location, List<CompoundDef> alternatives, SourceLocation extension,
            SourceLocation end) implements ClassRef {
        public ClassBody {
            alternatives = List.copyOf(alternatives);
        }
    }

    /** One alternative of a compound class: formals and body. */
    public record CompoundDef(SourceLocation location, List<Formal> formals, List<Statement> body) {
        public CompoundDef {
            formals = List.copyOf(formals);
            body = List.copyOf(body);
        }
    }

    /** {@code $name}, {@code KEYWORD $name} or {@code __REST__ $name}. {@code keyword} is null when positional. */
    public record Formal(SourceLocation location, String keyword, String name) {
    }

    /**
     * A port list {@code [0]}, {@code [0,1]}, {@code []}, {@code [1,]}. {@code ports} holds the raw words
     * (they must be integers); {@code expandable} is set for {@code []} and for a trailing comma.
     */
    public record Ports(SourceLocation location, List<Port> ports, boolean expandable) {
        public Ports {
            ports = List.copyOf(ports);
        }
    }

    public record Port(SourceLocation location, String text) {
    }

    /** A raw configuration string with the location of its first character. */
    public record Config(SourceLocation location, String text) {
    }
}
