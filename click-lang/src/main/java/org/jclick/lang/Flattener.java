package org.jclick.lang;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.jclick.lang.ast.Ast;

/**
 * The semantic pass: walks the AST in source order exactly as Click's parser walks its tokens (so that the
 * answer to "is this identifier a class or an element?" depends on what was declared before it), builds
 * the element graph of every compound class, then expands compounds and element groups into one flat
 * router, with Click's element naming ({@code outer/inner}, {@code Class@N}) and Click's error messages.
 */
final class Flattener {

    /** How deep compounds and groups may nest, lexically or by expansion. */
    static final int MAX_DEPTH = 256;

    // ---------------------------------------------------------------------------------------------
    // element types

    sealed interface EType permits Prim, Comp, Tunnel {
    }

    /** A primitive class. {@code error} marks classes that were unknown (Click's ErrorElement). */
    record Prim(String name, boolean error) implements EType {
    }

    enum Tunnel implements EType {
        INSTANCE
    }

    /** Click's lexical variable environment. */
    static final class Scope {
        final Scope parent;
        final int depth;
        final List<String> names = new ArrayList<>();
        final List<String> values = new ArrayList<>();

        Scope(Scope parent) {
            this.parent = parent;
            this.depth = parent == null ? 0 : parent.depth + 1;
        }

        /** Returns false if already defined (then overrides only when {@code override}). */
        boolean define(String name, String value, boolean override) {
            final int i = names.indexOf(name);
            if (i >= 0) {
                if (override) {
                    values.set(i, value);
                }
                return false;
            }
            names.add(name);
            values.add(value);
            return true;
        }

        String lookup(String name) {
            for (Scope s = this; s != null; s = s.parent) {
                final int i = s.names.indexOf(name);
                if (i >= 0) {
                    return s.values.get(i);
                }
            }
            return null;
        }

        Scope parentOf(int d) {
            Scope s = this;
            while (s != null && s.depth >= d) {
                s = s.parent;
            }
            return s;
        }
    }

    static final int ROLE_NONE = 0;
    static final int ROLE_PLACEHOLDER = 1;
    static final int ROLE_INPUT = 2;
    static final int ROLE_OUTPUT = 3;

    static final class El {
        String name;
        EType type;
        String config;
        final SourceLocation loc;
        /** Where {@code config} starts in the source, while it is the text as written (else null). */
        SourceLocation configLoc;
        int nin;
        int nout;
        int tunnelRole;
        int tunnelBase = -1;
        /** For tunnels: the indices of the placeholder X, X/input and X/output. */
        int[] tunnel;

        El(String name, EType type, String config, SourceLocation loc) {
            this.name = name;
            this.type = type;
            this.config = config;
            this.loc = loc;
        }
    }

    record Conn(int from, int fromPort, int to, int toPort, SourceLocation loc) {
        // written out: a record's generated equals/hashCode are bootstrapped through invokedynamic on first use,
        // which spins a class at start-up (measurable in a cold `jclick run`)
        @Override
        public boolean equals(Object o) {
            return o instanceof Conn c && c.from == from && c.fromPort == fromPort && c.to == to
                    && c.toPort == toPort && java.util.Objects.equals(c.loc, loc);
        }

        @Override
        public int hashCode() {
            return (((from * 31 + fromPort) * 31 + to) * 31 + toPort) * 31 + java.util.Objects.hashCode(loc);
        }
    }

    /** A compound class alternative, or the file's top-level router. */
    static final class Comp implements EType {
        final String name;
        final SourceLocation loc;
        final Scope scope;
        int nformals;
        final List<String> formalTypes = new ArrayList<>();
        boolean scopeOrderError;
        final List<El> elements = new ArrayList<>();
        final List<Conn> conns = new ArrayList<>();
        final Map<String, Integer> elementMap = new HashMap<>();
        int anonOffset;
        int ninputs;
        int noutputs;
        EType overload;

        Comp(String name, SourceLocation loc, Scope parentScope) {
            this.name = name;
            this.loc = loc;
            this.scope = new Scope(parentScope);
        }

        int depth() {
            return scope.depth;
        }

        String printableName() {
            return name.isEmpty() ? "<anonymous>" : name;
        }

        void connect(int from, int fromPort, int to, int toPort, SourceLocation at) {
            final int fp = Math.max(fromPort, 0);
            final int tp = Math.max(toPort, 0);
            conns.add(new Conn(from, fp, to, tp, at));
            final El t = elements.get(to);
            if (t.nin <= tp) {
                t.nin = tp + 1;
            }
            final El f = elements.get(from);
            if (f.nout <= fp) {
                f.nout = fp + 1;
            }
        }

        String signature() {
            return Flattener.signature(name, formalTypes, -1, ninputs, noutputs);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // parse state (Click's ParseState)

    private static final int T_FILE = 0;
    private static final int T_COMPOUND = 1;
    private static final int T_GROUP = 2;

    private static final class PState {
        final int type;
        final PState parent;
        final int depth;
        boolean lastConnectionEndsOutput = true;

        PState(int type, PState parent) {
            this.type = type;
            this.parent = parent;
            this.depth = parent == null ? 0 : parent.depth + 1;
        }
    }

    /** One element of an element list, with its port lists; -1 ends an expandable list. */
    private record EP(int eidx, int[] in, int[] out) {
    }

    // ---------------------------------------------------------------------------------------------
    // state

    private final ElementCatalog catalog;
    private final List<Diagnostic> diags;
    private final Function<String, LibraryFile> libraryLoader;
    private final boolean strict;

    private Map<String, EType> types = new HashMap<>();
    private final Map<String, Prim> globalPrims = new HashMap<>();
    private final Set<String> beingDefined = new HashSet<>();
    private final Comp top;
    private Comp c;
    private PState ps;
    private final List<FlatRouter.Requirement> requirements = new ArrayList<>();
    private final Set<String> librariesRead = new HashSet<>();
    private final Set<String> undefinedReported = new HashSet<>();
    /** Configuration strings as written (by identity) to where they start in the source. */
    private final Map<String, SourceLocation> configLocations = new java.util.IdentityHashMap<>();
    private String currentFile;

    /** A library file found by {@code require(library ...)}: its canonical name and parsed program. */
    record LibraryFile(String canonicalName, Ast.Program program) {
    }

    /**
     * @param libraryLoader resolves {@code require(library NAME)} relative to the including file; returns
     *                      null when not found
     * @param strict        jclick's own checks on top of Click's (undefined variables, recursive classes)
     */
    Flattener(ElementCatalog catalog, List<Diagnostic> diags, Function<String, LibraryFile> libraryLoader,
            boolean strict) {
        this.catalog = catalog;
        this.diags = diags;
        this.libraryLoader = libraryLoader;
        this.strict = strict;
        this.top = new Comp("", SourceLocation.UNKNOWN, null);
        this.c = top;
        this.ps = new PState(T_FILE, null);
    }

    private void error(SourceLocation at, String message) {
        diags.add(Diagnostic.error(at, message));
    }

    private void error(SourceLocation at, String message, List<String> details) {
        diags.add(new Diagnostic(Severity.ERROR, at, message, details));
    }

    private void warning(SourceLocation at, String message) {
        diags.add(Diagnostic.warning(at, message));
    }

    // ---------------------------------------------------------------------------------------------
    // types

    private EType lookupType(String name) {
        final EType t = types.get(name);
        if (t != null) {
            return t;
        }
        final Prim g = globalPrims.get(name);
        if (g != null) {
            return g;
        }
        if (catalog.isElementClass(name)) {
            final Prim p = new Prim(name, false);
            globalPrims.put(name, p);
            return p;
        }
        return null;
    }

    /** Click's force_element_type: the class of that name, created (as unknown) if needed. */
    private EType forceType(String name, boolean report, SourceLocation at) {
        final EType t = lookupType(name);
        if (t != null) {
            return t;
        }
        if (strict && beingDefined.contains(name)) {
            // 'x :: A' inside A's own definition, with no earlier class A
            if (report) {
                unknownClass(name, at);
            }
            return new Prim(name, true);
        }
        if (catalog.isPermissive()) {
            final Prim p = new Prim(name, false);
            globalPrims.put(name, p);
            return p;
        }
        if (report) {
            unknownClass(name, at);
        }
        final Prim p = new Prim(name, true);
        types.put(name, p);
        return p;
    }

    private void unknownClass(String name, SourceLocation at) {
        if (strict && beingDefined.contains(name)) {
            error(at, "recursive element class '" + name + "': a compound cannot contain itself");
            return;
        }
        final String suggestion = Suggestions.closest(name, knownClassNames());
        error(at, "unknown element class '" + name + "'" + (suggestion == null ? "" : "; did you mean '"
                + suggestion + "'?"));
    }

    private List<String> knownClassNames() {
        final List<String> names = new ArrayList<>(catalog.classNames());
        for (Map.Entry<String, EType> e : types.entrySet()) {
            if (!(e.getValue() instanceof Prim p && p.error())) {
                names.add(e.getKey());
            }
        }
        return names;
    }

    // ---------------------------------------------------------------------------------------------
    // elements

    private String anonName(String className) {
        return ";" + className + "@" + (c.elements.size() - c.anonOffset + 1);
    }

    private int getElement(String name, EType type, String config, SourceLocation loc) {
        final Integer existing = c.elementMap.get(name);
        if (existing != null) {
            return existing;
        }
        final int eid = c.elements.size();
        c.elementMap.put(name, eid);
        // each '/'-separated component must have a non-digit
        int i = 0;
        while (i < name.length()) {
            boolean ok = false;
            for (; i < name.length() && name.charAt(i) != '/'; i++) {
                if (!Character.isDigit(name.charAt(i))) {
                    ok = true;
                }
            }
            if (!ok) {
                error(loc, "element name '" + name + "' has all-digit component");
                break;
            }
            i++;
        }
        final El created = new El(name, type, config, loc);
        created.configLoc = config == null ? null : configLocations.get(config);
        c.elements.add(created);
        return eid;
    }

    private int[] addTunnels(String name, SourceLocation loc) {
        final String[] names = {name, name + "/input", name + "/output"};
        final int[] idx = new int[3];
        for (int k = 0; k < 3; k++) {
            idx[k] = getElement(names[k], Tunnel.INSTANCE, "", loc);
            final El e = c.elements.get(idx[k]);
            if (e.type != Tunnel.INSTANCE) {
                error(loc, "redeclaration of element '" + names[k] + "'");
                error(e.loc, "'" + names[k] + "' previously declared here");
            } else {
                e.tunnelRole = k + 1;
                e.tunnelBase = idx[0];
                e.tunnel = idx;
            }
        }
        return idx;
    }

    private String deanonymize(Comp comp, int eidx) {
        final El e = comp.elements.get(eidx);
        String name = e.name.substring(1);
        if (comp.elementMap.containsKey(name)) {
            final int at = name.lastIndexOf('@');
            final String prefix = name.substring(0, at + 1);
            int j = at + 1;
            while (j < name.length() && Character.isDigit(name.charAt(j))) {
                j++;
            }
            long n = 0;
            try {
                n = j > at + 1 ? Long.parseLong(name.substring(at + 1, j)) : 0;
            } catch (NumberFormatException ex) {
                n = 0;
            }
            do {
                n++;
                name = prefix + n;
            } while (comp.elementMap.containsKey(name));
        }
        comp.elementMap.put(name, eidx);
        e.name = name;
        return name;
    }

    // ---------------------------------------------------------------------------------------------
    // statements

    void program(Ast.Program program) {
        final String saved = currentFile;
        currentFile = program.file();
        statements(program.statements());
        currentFile = saved;
    }

    private void statements(List<Ast.Statement> statements) {
        for (Ast.Statement s : statements) {
            statement(s);
        }
    }

    private void statement(Ast.Statement s) {
        // instanceof chains rather than pattern switches in this class: each pattern switch is bootstrapped through
        // invokedynamic on first use (SwitchBootstraps spins a class), which a cold `jclick run` pays
        if (s instanceof Ast.Connection conn) {
            connection(conn);
        } else if (s instanceof Ast.ElementClassDecl d) {
            beingDefined.add(d.name());
            final EType t = compound(d.name(), d.body());
            beingDefined.remove(d.name());
            if (t != null) {
                types.put(d.name(), t);
            }
        } else if (s instanceof Ast.SynonymDecl d) {
            final EType t = forceType(d.target(), true, d.targetLocation());
            types.put(d.name(), t);
        } else if (s instanceof Ast.Require r) {
            require(r);
        } else if (s instanceof Ast.Define d) {
            define(d);
        } else if (!(s instanceof Ast.Empty)) {
            throw new IllegalArgumentException("not a statement: " + s);
        }
    }

    private void define(Ast.Define d) {
        for (String arg : ConfigStrings.argvec(d.config().text())) {
            if (arg.isEmpty()) {
                continue;
            }
            final String[] split = ConfigStrings.shiftSpacevec(arg);
            final String var = split[0];
            boolean ok = var.length() >= 2 && var.charAt(0) == '$';
            for (int i = 1; ok && i < var.length(); i++) {
                final char ch = var.charAt(i);
                ok = Character.isLetterOrDigit(ch) && ch < 128 || ch == '_';
            }
            if (!ok) {
                error(d.config().location(), "bad 'define' declaration: not a variable");
            } else if (!c.scope.define(var.substring(1), split[1], false)) {
                error(d.config().location(), "parameter '" + var + "' multiply defined");
            }
        }
    }

    private void require(Ast.Require r) {
        for (String arg : ConfigStrings.argvec(r.config().text())) {
            final List<String> words = ConfigStrings.spacevec(arg);
            if (words.isEmpty()) {
                continue;
            }
            String type = ConfigStrings.unquote(words.get(0));
            if (!ConfigStrings.isWord(type)) {
                // Click reads the type as a word: a requirement like ("") or ("a b") has none
                error(r.location(), "syntax error at requirement");
                continue;
            }
            final List<String> w = new ArrayList<>(words);
            if (!type.equals("compact_config") && !type.equals("package") && !type.equals("library")
                    && w.size() == 1) {
                w.add(words.get(0));
                type = "package";
            }
            final String value;
            if (type.equals("compact_config") && w.size() == 1) {
                value = "";
            } else if (type.equals("package") && w.size() == 2) {
                value = ConfigStrings.unquote(w.get(1));
            } else if (type.equals("library") && w.size() == 2 && !r.provide()) {
                requireLibrary(ConfigStrings.unquote(w.get(1)), r);
                continue;
            } else {
                error(r.location(), "syntax error at requirement");
                continue;
            }
            requirements.add(new FlatRouter.Requirement(r.provide() ? "provide " + type : type, value));
        }
    }

    private void requireLibrary(String name, Ast.Require r) {
        if (c.depth() > 0) {
            // as in Click: inside a compound class; an element group at file scope is fine
            error(r.location(), "'require library' must be used at file scope");
            return;
        }
        final LibraryFile lib = libraryLoader == null ? null : libraryLoader.apply(name + "\u0000" + currentFile);
        if (lib == null) {
            error(r.location(), "library '" + name + "' not found in CLICKPATH/conf");
            return;
        }
        if (!librariesRead.add(lib.canonicalName())) {
            return;
        }
        final PState saved = ps;
        ps = new PState(T_FILE, null);
        program(lib.program());
        ps = saved;
    }

    // ---------------------------------------------------------------------------------------------
    // compounds

    /** Click's ycompound: builds a compound class with its overloads; returns the first alternative. */
    private EType compound(String name, Ast.ClassBody body) {
        final Map<String, EType> savedTypes = new HashMap<>(types);
        final Comp saved = c;
        Comp first = null;
        Comp last = null;
        for (Ast.CompoundDef alt : body.alternatives()) {
            final Comp comp = new Comp(name, alt.location(), saved.scope);
            final Comp outer = c;
            final PState outerPs = ps;
            c = comp;
            ps = new PState(T_COMPOUND, outerPs);
            getElement("input", Tunnel.INSTANCE, "", alt.location());
            getElement("output", Tunnel.INSTANCE, "", alt.location());
            comp.anonOffset = 2;
            formals(comp, alt.formals());
            if (ps.depth >= MAX_DEPTH || comp.depth() >= MAX_DEPTH) {
                error(alt.location(), "maximum compound element nesting depth exceeded");
            } else {
                statements(alt.body());
            }
            c = outer;
            ps = outerPs;
            types = new HashMap<>(savedTypes);
            finish(comp);
            if (last != null) {
                last.overload = comp;
            } else {
                first = comp;
            }
            last = comp;
        }
        EType extension = null;
        if (body.extension() != null) {
            if (first == null) {
                error(body.extension(), "'...' should occur last, after one or more compounds");
                return null;
            }
            extension = name.isEmpty() ? null : lookupType(name);
            if (name.isEmpty()) {
                error(body.extension(), "cannot extend anonymous compound element class");
                extension = new Prim("Error", true);
            } else if (extension == null && catalog.isPermissive()) {
                // Click's tools create the class being extended, as they create any class they meet
                extension = forceType(name, false, body.extension());
            } else if (extension == null) {
                error(body.extension(), "cannot extend unknown element class '" + name + "'");
                extension = new Prim(name, true);
            }
        }
        if (last != null) {
            last.overload = extension;
        }
        return first;
    }

    private void formals(Comp comp, List<Ast.Formal> formals) {
        for (Ast.Formal f : formals) {
            final String type = f.keyword() == null ? "" : f.keyword();
            if (!comp.scope.define(f.name(), type, false)) {
                error(f.location(), "parameter '$" + f.name() + "' multiply defined");
                continue;
            }
            comp.nformals = comp.scope.names.size();
            comp.formalTypes.add(type);
            if (!type.isEmpty()) {
                for (int i = 0; i < comp.formalTypes.size() - 1; i++) {
                    if (comp.formalTypes.get(i).equals(type)) {
                        error(f.location(), "repeated keyword parameter '" + type + "' in compound element");
                        break;
                    }
                }
            }
            final int n = comp.formalTypes.size();
            if (!comp.scopeOrderError && n > 1) {
                final String prev = comp.formalTypes.get(n - 2);
                if ((type.isEmpty() && !prev.isEmpty()) || prev.equals("__REST__")) {
                    error(f.location(), "compound element parameters out of order",
                            List.of("(The correct order is '[positional], [keywords], [__REST__]'.)"));
                    comp.scopeOrderError = true;
                }
            }
        }
    }

    /** Counts the ports that 'input'/'output' use and checks them (Click's check_pseudoelement). */
    private int checkPseudo(Comp comp, int which, boolean isOutput, String name, SourceLocation at) {
        final El e = comp.elements.get(which);
        // 'input' is used through its outputs, 'output' through its inputs
        final int n = isOutput ? e.nin : e.nout;
        final boolean[] used = new boolean[n];
        for (Conn k : comp.conns) {
            if (!isOutput && k.from() == which) {
                used[k.fromPort()] = true;
            } else if (isOutput && k.to() == which) {
                used[k.toPort()] = true;
            }
        }
        final String self = isOutput ? "output" : "input";
        final String other = isOutput ? "input" : "output";
        if ((isOutput ? e.nout : e.nin) > 0) {
            error(at, "'" + name + "' pseudoelement '" + self + "' may only be used as " + other);
        }
        for (int i = 0; i < n; i++) {
            if (!used[i]) {
                error(at, "'" + name + "' " + self + " " + i + " missing");
            }
        }
        return n;
    }

    private void finish(Comp comp) {
        comp.ninputs = checkPseudo(comp, 0, false, comp.printableName(), comp.loc);
        comp.noutputs = checkPseudo(comp, 1, true, comp.printableName(), comp.loc);
        for (int i = 0; i < comp.elements.size(); i++) {
            if (comp.elements.get(i).name.startsWith(";")) {
                deanonymize(comp, i);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // connections

    /** One element being parsed in a list, before it is created (Click's ElementState). */
    private static final class EState {
        String name;
        EType fixedType;
        EType declType;
        boolean bare;
        String config;
        SourceLocation loc;
        boolean isGroup;
        boolean implicit;
        /** A declaration without a type ({@code a :: ;}), already reported by the parser. */
        boolean missingType;
        int eidx = -1;
        int[] in = new int[0];
        int[] out = new int[0];
    }

    private boolean nested() {
        return c.depth() > 0 || ps.parent != null;
    }

    private void connection(Ast.Connection conn) {
        List<EP> last = null;
        final int nlists = conn.lists().size();
        for (int i = 0; i < nlists; i++) {
            final Ast.ElementList list = conn.lists().get(i);
            final Ast.Connector before = i > 0 ? conn.connectors().get(i - 1) : null;
            final boolean followedByConnector = i < conn.connectors().size();
            final List<EP> cur = elementList(list, i == 0, i == nlists - 1, followedByConnector, before,
                    i < conn.connectors().size() ? conn.connectors().get(i) : null);
            if (cur == null) {
                // a syntax error ends the statement, as Click's parser does
                last = null;
                break;
            }
            if (last == null) {
                checkUseless(cur, false, list == null ? conn.location() : list.location());
            } else {
                connectAll(last, cur, before);
            }
            last = cur;
        }
        if (last != null) {
            checkUseless(last, true, conn.location());
            ps.lastConnectionEndsOutput = last.size() == 1 && c.elementMap.containsKey("output")
                    && last.get(0).eidx() == c.elementMap.get("output");
        } else {
            ps.lastConnectionEndsOutput = false;
        }
    }

    private void checkUseless(List<EP> list, boolean isOutput, SourceLocation at) {
        for (EP ep : list) {
            if ((isOutput ? ep.out() : ep.in()).length > 0) {
                error(at, isOutput ? "output ports ignored at end of chain" : "input ports ignored at start of chain");
                return;
            }
        }
    }

    private int[] ports(Ast.Ports p) {
        if (p == null) {
            return new int[0];
        }
        final List<Integer> out = new ArrayList<>();
        for (Ast.Port port : p.ports()) {
            int v;
            try {
                v = Integer.parseInt(port.text());
                if (v < 0) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                error(port.location(), "syntax error: port number should be integer");
                v = 0;
            }
            out.add(v);
        }
        if (p.expandable()) {
            if (out.isEmpty()) {
                out.add(0);
            }
            out.add(-1);
        }
        final int[] a = new int[out.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = out.get(i);
        }
        return a;
    }

    /**
     * Parses one element list into created elements. {@code first}: the chain's first list; {@code lastList}:
     * its last. Returns null after a syntax error.
     */
    private List<EP> elementList(Ast.ElementList list, boolean first, boolean lastList, boolean followedByConnector,
            Ast.Connector before, Ast.Connector after) {
        final List<EState> states = new ArrayList<>();
        boolean anyImplicit = false;
        boolean anyPorts = false;
        if (list == null) {
            // a missing list: an implicit 'input' at the start of a chain or 'output' at its end
            final Ast.Connector at = first ? after : before;
            if (!nested() || (!first && !lastList)) {
                error(at.location(), "syntax error near '" + at.kind().text + "'");
                return null;
            }
            final EState e = implicitState(first, null, at.location());
            if (e == null) {
                return null;
            }
            if (first && !ps.lastConnectionEndsOutput) {
                warning(at.location(), "suggest 'input " + at.kind().text + "' or '[0] " + at.kind().text
                        + "' to start connection");
            }
            states.add(e);
            anyImplicit = true;
        } else {
            final List<Ast.ElementNode> nodes = list.elements();
            for (int k = 0; k < nodes.size(); k++) {
                final Ast.ElementNode node = nodes.get(k);
                final EState e;
                if (node.body() == null) {
                    // a port list alone is an implicit 'input'/'output' only inside compounds and groups, and
                    // not when a connector follows it in the middle of a chain (Click's rule)
                    final boolean arrowFollows = k == nodes.size() - 1 && followedByConnector;
                    if (!nested() || (arrowFollows && !first)) {
                        error(node.location(), "stranded port ignored");
                        if (k > 0) {
                            continue;               // the rest of the list goes on without it
                        }
                        if (arrowFollows) {
                            error(after.location(), "syntax error near '" + after.kind().text + "'");
                        }
                        return null;
                    }
                    e = implicitState(first, node.inPorts(), node.location());
                    if (e == null) {
                        return null;
                    }
                    anyImplicit = true;
                } else {
                    e = elementState(node);
                    if (e == null) {
                        return null;
                    }
                }
                if (e.in.length > 0 || e.out.length > 0) {
                    anyPorts = true;
                }
                states.add(e);
            }
        }
        if (anyImplicit && !first && followedByConnector) {
            error(list == null ? before.location() : list.location(), "implicit ports used in the middle of a chain");
        }

        // 'a, b, c :: Class' declares them all
        if (states.size() > 1 && first && !followedByConnector && !anyPorts && !anyImplicit) {
            int k = 0;
            while (k < states.size() - 1 && states.get(k).bare) {
                k++;
            }
            final EState lastState = states.get(k);
            if (k == states.size() - 1 && (lastState.declType != null || lastState.config != null)) {
                for (int j = 0; j < k; j++) {
                    states.get(j).declType = lastState.declType;
                    states.get(j).config = lastState.config;
                }
            }
        }

        final List<EP> result = new ArrayList<>(states.size());
        for (EState e : states) {
            result.add(new EP(create(e), e.in, e.out));
        }
        return result;
    }

    private EState implicitState(boolean first, Ast.Ports ports, SourceLocation at) {
        final EState e = new EState();
        e.implicit = true;
        e.loc = at;
        e.name = first ? "input" : "output";
        final Integer idx = c.elementMap.get(e.name);
        if (idx == null) {
            error(at, "syntax error: '" + e.name + "' is only defined inside compounds and groups");
            return null;
        }
        e.eidx = idx;
        if (first) {
            e.out = ports(ports);
        } else {
            e.in = ports(ports);
        }
        return e;
    }

    private EState elementState(Ast.ElementNode node) {
        final EState e = new EState();
        e.loc = node.body().location();
        e.in = ports(node.inPorts());
        final Ast.ElementBody body = node.body();
        if (body instanceof Ast.Named n) {
            e.name = n.name();
            e.bare = n.declaredClass() == null && n.config() == null;
            if (n.declaredClass() instanceof Ast.ClassName cn) {
                if (cn.name().isEmpty()) {
                    // 'a :: ;' (reported by the parser): Click makes the name its own class
                    e.missingType = true;
                    e.declType = forceType(n.name(), false, cn.location());
                } else {
                    e.declType = forceType(cn.name(), true, cn.location());
                }
            } else if (n.declaredClass() instanceof Ast.ClassBody classBody) {
                e.declType = compound("", classBody);
            } else if (n.declaredClass() != null) {
                throw new IllegalArgumentException("not a class reference: " + n.declaredClass());
            }
            if (n.config() != null) {
                if (c.elementMap.containsKey(n.name())) {
                    error(n.config().location(), "configuration string ignored on element reference");
                }
                e.config = n.config().text();
                configLocations.put(e.config, n.config().location());
            }
        } else if (body instanceof Ast.AnonymousClass a) {
            e.fixedType = compound("", a.body());
            e.name = "";
            if (a.config() != null) {
                e.config = a.config().text();
                configLocations.put(e.config, a.config().location());
            }
            if (e.fixedType == null) {
                return null;
            }
        } else if (body instanceof Ast.Group g) {
            if (!group(g, e)) {
                return null;
            }
        } else {
            throw new IllegalArgumentException("not an element body: " + body);
        }
        if (node.outPorts() != null) {
            e.out = ports(node.outPorts());
        }
        return e;
    }

    /** Click's ygroup/ygroup_end. */
    private boolean group(Ast.Group g, EState e) {
        final String name = anonName("");
        final int[] t = addTunnels(name, g.location());
        final Integer savedIn = c.elementMap.get("input");
        final Integer savedOut = c.elementMap.get("output");
        c.elementMap.put("input", t[1]);
        c.elementMap.put("output", t[2]);
        final PState outer = ps;
        ps = new PState(T_GROUP, outer);
        if (ps.depth >= MAX_DEPTH) {
            error(g.location(), "maximum element group nesting depth exceeded");
        } else {
            statements(g.statements());
        }
        ps = outer;
        final int nin = checkPseudo(c, t[1], false, "<anonymous group>", g.end());
        final int nout = checkPseudo(c, t[2], true, "<anonymous group>", g.end());
        restore("input", savedIn);
        restore("output", savedOut);
        e.isGroup = true;
        e.name = name;
        e.eidx = t[0];
        if (e.in.length == 0) {
            e.in = range(nin);
        }
        e.out = range(nout);
        return true;
    }

    private void restore(String key, Integer value) {
        if (value == null) {
            c.elementMap.remove(key);
        } else {
            c.elementMap.put(key, value);
        }
    }

    private static int[] range(int n) {
        final int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    /** Creates or finds the element of one element state (Click's yelement_next). */
    private int create(EState e) {
        if (e.implicit || e.isGroup) {
            return e.eidx;
        }
        final Integer existing = e.name.isEmpty() ? null : c.elementMap.get(e.name);
        EType type = e.fixedType != null ? e.fixedType
                : e.name.isEmpty() || e.missingType ? null : lookupType(e.name);
        if (type != null || existing == null) {
            if (e.declType != null && type != null) {
                error(e.loc, "class '" + e.name + "' used as element name");
            } else if (e.declType == null && type == null) {
                if (catalog.isPermissive() && !(strict && beingDefined.contains(e.name))) {
                    type = forceType(e.name, false, e.loc);
                } else if (strict && beingDefined.contains(e.name)) {
                    error(e.loc, "recursive element class '" + e.name + "': a compound cannot contain itself");
                    type = new Prim(e.name, true);
                } else {
                    final String suggestion = Suggestions.closest(e.name, knownClassNames());
                    error(e.loc, "undeclared element '" + e.name + "'"
                            + (suggestion == null ? "" : " (or unknown element class; did you mean '" + suggestion
                            + "'?)"));
                    type = forceType(e.name, false, e.loc);
                }
            }
            String name = e.name;
            if (type != null) {
                name = anonName(e.name);
            }
            return getElement(name, type != null ? type : e.declType, e.config == null ? "" : e.config, e.loc);
        } else if (e.declType != null) {
            error(e.loc, "redeclaration of element '" + e.name + "'");
            final El old = c.elements.get(existing);
            if (old.type != Tunnel.INSTANCE) {
                error(old.loc, "element '" + e.name + "' previously declared here");
            }
        }
        return existing;
    }

    /** Click's yconnection_connect_all: connects every output in {@code outputs} to the inputs. */
    private void connectAll(List<EP> outputs, List<EP> inputs, Ast.Connector connector) {
        final int[] minp = new int[2];
        final int[] expandable = new int[2];
        analyze(outputs, true, minp, expandable, 1);
        analyze(inputs, false, minp, expandable, 0);
        final SourceLocation at = connector.location();
        final boolean manyToMany = connector.kind() == Ast.ConnectorKind.DOUBLE_ARROW;

        if (expandable[0] + expandable[1] > 1) {
            error(at, "at most one expandable port allowed per connection");
            expandable[minp[0] < minp[1] ? 1 : 0] = 0;
        }
        if (manyToMany) {
            // '=>' interprets a missing port list on a single element as expandable
            if (minp[0] == 1 && minp[1] > 1 && inputs.get(0).in().length == 0) {
                expandable[0] = 1;
            }
            if (minp[1] == 1 && minp[0] > 1 && outputs.get(0).out().length == 0) {
                expandable[1] = 1;
            }
        }
        final boolean[] step = new boolean[2];
        final int[] nexpandable = new int[2];
        for (int k = 0; k < 2; k++) {
            step[k] = minp[k] > 1 || expandable[k] != 0;
            nexpandable[k] = expandable[k] != 0 ? minp[1 - k] - minp[k] : 0;
        }
        if (step[0] && step[1]) {
            if (!manyToMany) {
                error(at, "syntax error: many-to-many connections require '=>'");
            }
            if (expandable[0] == 0 && expandable[1] == 0 && minp[0] != minp[1]) {
                error(at, "connection mismatch: " + minp[1] + " outputs connected to " + minp[0] + " inputs");
            } else if (expandable[0] == 0 && minp[0] < minp[1]) {
                error(at, "connection mismatch: " + minp[1] + " or more outputs connected to " + minp[0] + " inputs");
            } else if (expandable[1] == 0 && minp[1] < minp[0]) {
                error(at, "connection mismatch: " + minp[1] + " outputs connected to " + minp[0] + " or more inputs");
            }
        } else if (!step[0] && !step[1]) {
            step[0] = true;
        }

        final List<List<EP>> vec = List.of(inputs, outputs);
        final int[] it = {0, 0};
        final int[] ppos = {0, 0};
        final int[] port = {-1, -1};
        while (it[0] < inputs.size() && it[1] < outputs.size()) {
            for (int k = 0; k < 2; k++) {
                if (port[k] < 0) {
                    final int[] pv = side(vec.get(k).get(it[k]), k);
                    port[k] = pv.length > 0 ? pv[0] : 0;
                }
            }
            c.connect(outputs.get(it[1]).eidx(), port[1], inputs.get(it[0]).eidx(), port[0], at);
            for (int k = 0; k < 2; k++) {
                if (!step[k]) {
                    continue;
                }
                final int[] pv = side(vec.get(k).get(it[k]), k);
                final int np = pv.length;
                ++ppos[k];
                if (ppos[k] < np && pv[ppos[k]] >= 0) {
                    port[k] = pv[ppos[k]];
                } else if (np > 0 && pv[np - 1] == -1 && nexpandable[k] > 0) {
                    port[k] = pv[np - 2] + ppos[k] - (np - 2);
                    --nexpandable[k];
                } else if (np == 0 && minp[k] == 1 && nexpandable[k] > 0) {
                    port[k] = ppos[k];
                    --nexpandable[k];
                } else {
                    port[k] = -1;
                    ppos[k] = 0;
                    it[k]++;
                }
            }
        }
    }

    /** Side k of an element's ports: k = 0 its input ports, k = 1 its output ports. */
    private static int[] side(EP ep, int k) {
        return k == 0 ? ep.in() : ep.out();
    }

    private static void analyze(List<EP> list, boolean isOutput, int[] minp, int[] expandable, int k) {
        int min = 0;
        int exp = 0;
        for (EP ep : list) {
            final int[] pv = isOutput ? ep.out() : ep.in();
            final int n = pv.length;
            if (n <= 1) {
                min += 1;
            } else if (pv[n - 1] == -1) {
                min += n - 1;
                exp++;
            } else {
                min += n;
            }
        }
        minp[k] = min;
        expandable[k] = exp;
    }

    // ---------------------------------------------------------------------------------------------
    // expansion (Click's create_router)

    /** Expands every compound and element group; returns the flat router. */
    FlatRouter expand(Map<String, String> globalDefines) {
        c = top;
        for (Map.Entry<String, String> d : globalDefines.entrySet()) {
            top.scope.define(d.getKey(), d.getValue(), true);
        }
        final int initial = top.elements.size();
        for (int i = 0; i < initial; i++) {
            expandElement(i, top.scope, 0);
        }
        return resolveTunnels();
    }

    private String expandConfig(String config, Scope ve, El e) {
        return ConfigStrings.expand(config, ve::lookup, strict ? name -> undefinedVariable(name, e) : null);
    }

    private void undefinedVariable(String name, El e) {
        if (name.isEmpty() || !(e.type instanceof Prim p) || RUNTIME_VARIABLE_CLASSES.contains(p.name())) {
            return;
        }
        if (undefinedReported.add(e.loc + "$" + name)) {
            warning(e.loc, "undefined variable '$" + name + "' in the configuration of '" + e.name + " :: "
                    + p.name() + "' is left as written");
        }
    }

    /** Classes whose configurations hold run-time variables of their own ($x in Script instructions). */
    private static final Set<String> RUNTIME_VARIABLE_CLASSES = Set.of("Script", "DriverManager");

    private void expandElement(int which, Scope ve, int depth) {
        final El e = top.elements.get(which);
        if (e.name.startsWith(";")) {
            deanonymize(top, which);
        }
        if (e.type == Tunnel.INSTANCE) {
            return;
        }
        final String written = e.config;
        e.config = expandConfig(e.config, ve, e);
        if (e.config == null || !e.config.equals(written)) {
            e.configLoc = null;
        }
        if (!(e.type instanceof Comp comp)) {
            return;
        }
        if (depth >= MAX_DEPTH) {
            error(e.loc, "compound expansion too deep (more than " + MAX_DEPTH + " levels)");
            e.type = new Prim("Error", true);
            return;
        }
        final List<String> args = ConfigStrings.argvec(e.config);
        final Object[] found = resolve(comp, e.nin, e.nout, args, e.loc);
        if (found == null) {
            e.type = new Prim(comp.printableName(), true);
        } else if (found[0] instanceof Prim p) {
            e.type = p;
        } else {
            final Comp fc = (Comp) found[0];
            @SuppressWarnings("unchecked")
            final List<String> values = (List<String>) found[1];
            final Scope newVe = new Scope(ve.parentOf(fc.depth()));
            for (int i = 0; i < fc.nformals; i++) {
                newVe.define(fc.scope.names.get(i), values.get(i), true);
            }
            for (int i = fc.nformals; i < fc.scope.names.size(); i++) {
                newVe.define(fc.scope.names.get(i), ConfigStrings.expand(fc.scope.values.get(i), newVe::lookup, null),
                        true);
            }
            expandInto(which, fc, newVe, depth);
        }
    }

    /** Picks the overload of {@code comp} that fits; returns {@code [type, values]} or null. */
    private Object[] resolve(Comp comp, int nin, int nout, List<String> args, SourceLocation at) {
        Comp ct = comp;
        Object[] closest = null;
        int nct = 0;
        while (ct != null) {
            nct++;
            final List<String> values = assignArguments(args, ct.formalTypes);
            if (ct.ninputs == nin && ct.noutputs == nout && values != null) {
                return new Object[] {ct, values};
            } else if (values != null) {
                closest = new Object[] {ct, values};
            }
            if (ct.overload instanceof Comp next) {
                ct = next;
            } else if (ct.overload != null) {
                return new Object[] {ct.overload, List.of()};
            } else {
                break;
            }
        }
        if (nct != 1 || closest == null) {
            final List<String> details = new ArrayList<>();
            details.add("candidates are:");
            for (Comp k = comp; k != null; k = k.overload instanceof Comp n ? n : null) {
                details.add("  " + k.signature() + " (" + k.loc.landmark() + ")");
            }
            error(at, "no match for '" + signature(comp.name, null, args.size(), nin, nout) + "'", details);
        }
        return closest;
    }

    static String signature(String name, List<String> formalTypes, int nargs, int nin, int nout) {
        final StringBuilder sb = new StringBuilder(name.isEmpty() ? "<anonymous>" : name);
        if (formalTypes != null && !formalTypes.isEmpty()) {
            sb.append('(');
            for (int i = 0; i < formalTypes.size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                final String t = formalTypes.get(i);
                sb.append(t.isEmpty() ? "<arg>" : t.equals("__REST__") ? "..." : t);
            }
            sb.append(')');
        }
        sb.append('[');
        if (formalTypes == null && nargs > 0) {
            sb.append(nargs).append(nargs == 1 ? " argument, " : " arguments, ");
        }
        sb.append(nin).append(nin == 1 ? " input, " : " inputs, ");
        sb.append(nout).append(nout == 1 ? " output" : " outputs");
        return sb.append(']').toString();
    }

    /**
     * Click's cp_assign_arguments for compound formals: positional formals take the first arguments,
     * keyword formals (all mandatory) take {@code KEYWORD value} arguments, {@code __REST__} takes what is
     * left, joined with ", ". Returns null when the arguments do not fit.
     */
    static List<String> assignArguments(List<String> args, List<String> formalTypes) {
        if (formalTypes.isEmpty() || formalTypes.get(formalTypes.size() - 1).isEmpty()) {
            // only positional formals (Click's common case)
            boolean allPositional = true;
            for (String t : formalTypes) {
                allPositional &= t.isEmpty();
            }
            if (allPositional) {
                return args.size() == formalTypes.size() ? new ArrayList<>(args) : null;
            }
        }
        final boolean rest = !formalTypes.isEmpty() && formalTypes.get(formalTypes.size() - 1).equals("__REST__");
        final int nvalues = rest ? formalTypes.size() - 1 : formalTypes.size();
        int npositional = 0;
        while (npositional < nvalues && formalTypes.get(npositional).isEmpty()) {
            npositional++;
        }
        if (args.size() < npositional) {
            return null;
        }
        final String[] values = new String[formalTypes.size()];
        for (int i = 0; i < npositional; i++) {
            values[i] = args.get(i);
        }
        final List<String> leftover = new ArrayList<>();
        for (int i = npositional; i < args.size(); i++) {
            final String arg = args.get(i);
            final String kw = ConfigStrings.keywordOf(arg);
            int slot = -1;
            if (kw != null) {
                for (int j = npositional; j < nvalues; j++) {
                    if (formalTypes.get(j).equals(kw)) {
                        slot = j;
                        break;
                    }
                }
            }
            if (slot >= 0) {
                values[slot] = ConfigStrings.skipCommentSpace(arg, kw.length()) >= arg.length()
                        ? "" : arg.substring(ConfigStrings.skipCommentSpace(arg, kw.length()));
            } else if (rest) {
                leftover.add(arg);
            } else {
                return null;
            }
        }
        for (int j = npositional; j < nvalues; j++) {
            if (values[j] == null) {
                return null;
            }
        }
        if (rest) {
            values[nvalues] = String.join(", ", leftover);
        }
        return new ArrayList<>(List.of(values));
    }

    private void expandInto(int which, Comp comp, Scope ve, int depth) {
        final El placeholder = top.elements.get(which);
        final String ename = placeholder.name;
        placeholder.type = Tunnel.INSTANCE;
        final int[] t = addTunnels(ename, placeholder.loc);
        final List<Integer> map = new ArrayList<>();
        map.add(t[1]);
        map.add(t[2]);
        final String prefix = ename + "/";
        for (int i = 2; i < comp.elements.size(); i++) {
            final El ce = comp.elements.get(i);
            final String cname = prefix + ce.name;
            final Integer existing = top.elementMap.get(cname);
            if (existing != null) {
                error(placeholder.loc, "redeclaration of element '" + cname + "'");
                error(top.elements.get(existing).loc, "'" + cname + "' previously declared here");
                map.add(-1);
                continue;
            }
            if (lookupType(cname) != null) {
                error(placeholder.loc, "'" + cname + "' is an element class");
            }
            if (ce.type == Tunnel.INSTANCE) {
                final int[] g = addTunnels(cname, ce.loc);
                map.add(g[0]);
                map.add(g[1]);
                map.add(g[2]);
                i += 2;
            } else {
                final int eidx = getElement(cname, ce.type, ce.config, ce.loc);
                final El created = top.elements.get(eidx);
                // expanded as the new element, so a warning names it as the flat router does
                created.config = expandConfig(ce.config, ve, created);
                created.configLoc = created.config != null && created.config.equals(ce.config) ? ce.configLoc : null;
                map.add(eidx);
            }
        }
        for (Conn k : comp.conns) {
            final int f = map.get(k.from());
            final int to = map.get(k.to());
            if (f >= 0 && to >= 0) {
                top.connect(f, k.fromPort(), to, k.toPort(), k.loc());
            }
        }
        for (int i = 2; i < map.size(); i++) {
            if (map.get(i) >= 0) {
                expandElement(map.get(i), ve, depth + 1);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // tunnels

    private List<List<Conn>> outgoing;
    private List<List<Conn>> incoming;
    private final Map<Long, List<long[]>> memo = new HashMap<>();
    private final Set<Long> inProgress = new HashSet<>();
    private final Set<String> tunnelErrors = new HashSet<>();

    private static long key(int e, int port, boolean sources) {
        return ((long) e << 32) | ((long) port << 1) | (sources ? 1 : 0);
    }

    private FlatRouter resolveTunnels() {
        final int n = top.elements.size();
        outgoing = new ArrayList<>(n);
        incoming = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            outgoing.add(new ArrayList<>());
            incoming.add(new ArrayList<>());
        }
        for (Conn k : top.conns) {
            outgoing.get(k.from()).add(k);
            incoming.get(k.to()).add(k);
        }
        final LinkedHashSet<Conn> flat = new LinkedHashSet<>();
        final Map<String, SourceLocation> seen = new HashMap<>();
        for (Conn k : top.conns) {
            final boolean ft = top.elements.get(k.from()).type == Tunnel.INSTANCE;
            final boolean tt = top.elements.get(k.to()).type == Tunnel.INSTANCE;
            if (!ft && !tt) {
                addFlat(flat, seen, k.from(), k.fromPort(), k.to(), k.toPort(), k.loc());
                continue;
            }
            final List<long[]> srcs = ft ? sources(k.from(), k.fromPort()) : List.of(new long[] {k.from(), k.fromPort()});
            final List<long[]> dsts = tt ? sinks(k.to(), k.toPort()) : List.of(new long[] {k.to(), k.toPort()});
            for (long[] s : srcs) {
                for (long[] d : dsts) {
                    addFlat(flat, seen, (int) s[0], (int) s[1], (int) d[0], (int) d[1], k.loc());
                }
            }
        }
        // number the real elements
        final int[] newIndex = new int[n];
        final List<FlatRouter.Element> elements = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            final El e = top.elements.get(i);
            if (e.type == Tunnel.INSTANCE) {
                newIndex[i] = -1;
                continue;
            }
            newIndex[i] = elements.size();
            final String cls = e.type instanceof Prim p ? p.name()
                    : e.type instanceof Comp cp ? cp.printableName() : "Error";
            elements.add(new FlatRouter.Element(elements.size(), e.name, cls, e.config == null ? "" : e.config, e.loc,
                    e.configLoc));
        }
        final List<FlatRouter.Connection> conns = new ArrayList<>();
        for (Conn k : flat) {
            conns.add(new FlatRouter.Connection(newIndex[k.from()], k.fromPort(), newIndex[k.to()], k.toPort(), k.loc()));
        }
        conns.sort((a, b) -> {
            int r = Integer.compare(a.from(), b.from());
            if (r == 0) {
                r = Integer.compare(a.fromPort(), b.fromPort());
            }
            if (r == 0) {
                r = Integer.compare(a.to(), b.to());
            }
            if (r == 0) {
                r = Integer.compare(a.toPort(), b.toPort());
            }
            return r;
        });
        return new FlatRouter(elements, conns, requirements);
    }

    private static void addFlat(Set<Conn> flat, Map<String, SourceLocation> seen, int f, int fp, int t, int tp,
            SourceLocation loc) {
        final String k = f + ":" + fp + ">" + t + ":" + tp;
        if (seen.putIfAbsent(k, loc) == null) {
            flat.add(new Conn(f, fp, t, tp, loc));
        }
    }

    private void tunnelError(SourceLocation at, String message) {
        if (tunnelErrors.add(message)) {
            error(at, message);
        }
    }

    /** The real (element, port) pairs that feed output {@code port} of tunnel {@code e}. */
    private List<long[]> sources(int e, int port) {
        return through(e, port, true);
    }

    /** The real (element, port) pairs that input {@code port} of tunnel {@code e} delivers to. */
    private List<long[]> sinks(int e, int port) {
        return through(e, port, false);
    }

    /**
     * Follows tunnels to real ports. Upstream ({@code sources}): X/input's outputs carry what enters X, and
     * X's outputs carry what enters X/output. Downstream ({@code sinks}): what enters X leaves X/input, and
     * what enters X/output leaves X. A tunnel port with nothing on its other side is reported once, in
     * Click's words.
     */
    private List<long[]> through(int e, int port, boolean upstream) {
        final El el = top.elements.get(e);
        if (el.type != Tunnel.INSTANCE) {
            return List.of(new long[] {e, port});
        }
        final long key = key(e, port, upstream);
        final List<long[]> cached = memo.get(key);
        if (cached != null) {
            return cached;
        }
        if (!inProgress.add(key)) {
            return List.of();
        }
        final List<long[]> out = new ArrayList<>();
        final int base = el.tunnelBase;
        final String baseName = base >= 0 ? top.elements.get(base).name : el.name;
        final SourceLocation at = base >= 0 ? top.elements.get(base).loc : el.loc;
        // the roles this direction can pass through: (X/input or X) upstream, (X or X/output) downstream
        final int firstRole = upstream ? ROLE_INPUT : ROLE_PLACEHOLDER;
        final int secondRole = upstream ? ROLE_PLACEHOLDER : ROLE_OUTPUT;
        if (el.tunnel != null && (el.tunnelRole == firstRole || el.tunnelRole == secondRole)) {
            final int other = upstream
                    ? (el.tunnelRole == ROLE_INPUT ? el.tunnel[0] : el.tunnel[2])
                    : (el.tunnelRole == ROLE_PLACEHOLDER ? el.tunnel[1] : el.tunnel[0]);
            boolean any = false;
            for (Conn k : (upstream ? incoming : outgoing).get(other)) {
                if ((upstream ? k.toPort() : k.fromPort()) == port) {
                    any = true;
                    out.addAll(upstream ? through(k.from(), k.fromPort(), true) : through(k.to(), k.toPort(), false));
                }
            }
            if (!any) {
                final String message = el.tunnelRole == firstRole
                        ? (upstream ? "' input " + port + " unused" : "' has no input " + port)
                        : (upstream ? "' has no output " + port : "' output " + port + " unused");
                tunnelError(at, "'" + baseName + message);
            }
        } else {
            tunnelError(el.loc, "'" + el.name + "' used as " + (upstream ? "output" : "input"));
        }
        inProgress.remove(key);
        memo.put(key, out);
        return out;
    }
}
