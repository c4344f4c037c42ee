package org.jclick.cli;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jclick.lang.ClickFrontEnd;
import org.jclick.lang.ConfigStrings;
import org.jclick.lang.Diagnostic;
import org.jclick.lang.ElementCatalog;
import org.jclick.lang.SourceLocation;

/**
 * {@code click-combine}: Click's tool that joins several router configurations into one configuration of
 * the whole network ({@code tools/click-combine/click-combine.cc}).
 *
 * <p>Each component router is read, flattened and named (by {@code -n NAME}, {@code NAME=FILE},
 * {@code NAME:FILE}, or its position: 1, 2, ...). Its elements are copied into the combined router with the
 * prefix {@code NAME/}. A link {@code A.e1=B.e2} says that packets leaving router A through element (or
 * {@code ToDevice} device) {@code e1} arrive at router B through element (or {@code FromDevice}/
 * {@code PollDevice} device) {@code e2}. Links that share an end are merged; each merged link replaces its
 * end elements with one {@code RouterLink} element, named {@code link1}, {@code link2}, ..., whose
 * configuration records the replaced elements, two arguments per end:
 * {@code "ROUTER NAME CLASS", CONFIG}, sources first.
 *
 * <p>Unless {@code --config} is given, the output is an archive that also holds a {@code componentmap} (the
 * component names, one a line, nested components as {@code A/B}) and an {@code elementmap.xml} that
 * describes {@code RouterLink}.
 */
final class ClickCombineTool {

    private static final int HELP = 300;
    private static final int VERSION = 301;
    private static final int FILE = 302;
    private static final int OUTPUT = 303;
    private static final int NAME = 304;
    private static final int LINK = 305;
    private static final int EXPRESSION = 306;
    private static final int CONFIG = 307;

    static final List<Clp.Option> OPTIONS = List.of(
            Clp.Option.flag("config", 'c', CONFIG),
            Clp.Option.value("expression", 'e', EXPRESSION, Clp.ValType.STRING),
            Clp.Option.value("file", 'f', FILE, Clp.ValType.STRING),
            Clp.Option.flag("help", '\0', HELP),
            Clp.Option.value("link", 'l', LINK, Clp.ValType.STRING),
            Clp.Option.value("name", 'n', NAME, Clp.ValType.STRING),
            Clp.Option.value("output", 'o', OUTPUT, Clp.ValType.STRING),
            Clp.Option.flag("version", 'v', VERSION));

    static final String LINK_CLASS = "RouterLink";
    static final String LANDMARK = "<click-combine>";

    /** One end of a link: an element of component router {@code router}. */
    private record End(int router, ToolRouter.Element element) {
    }

    private final String program;
    private final Streams io;
    private final ToolErrors errh;
    private final List<String> routerNames = new ArrayList<>();
    private final List<ToolRouter> routers = new ArrayList<>();
    private final List<End> linksFrom = new ArrayList<>();
    private final List<End> linksTo = new ArrayList<>();
    private String nextName;
    private int nextNumber = 1;
    private int linkNumber;

    private ClickCombineTool(String program, Streams io) {
        this.program = program;
        this.io = io;
        this.errh = new ToolErrors(io, program);
    }

    static int run(String program, String[] args, Streams io) {
        final ClickCombineTool tool = new ClickCombineTool(program, io);
        try {
            return tool.run(args);
        } catch (ToolErrors.Fatal f) {
            return 1;
        } finally {
            io.err().flush();
        }
    }

    private int run(String[] args) {
        final Clp clp = new Clp(program, OPTIONS, args, true);
        String output = null;
        boolean configOnly = false;
        final List<String> linkTexts = new ArrayList<>();
        for (Clp.Item item = clp.next(); item != null; item = clp.next()) {
            switch (item) {
                case Clp.Bad bad -> {
                    io.err().println(bad.message());
                    ClickDriverTool.shortUsage(program, io);
                    return 1;
                }
                case Clp.Arg arg -> {
                    final String a = arg.value();
                    final int colon = a.indexOf(':');
                    final int eq = a.indexOf('=');
                    final int dot = a.indexOf('.');
                    if (colon >= 0) {
                        readRouter(a.substring(0, colon), a.substring(colon + 1), false);
                    } else if (eq >= 0 && (dot < 0 || dot > eq)) {
                        readRouter(a.substring(0, eq), a.substring(eq + 1), false);
                    } else if (eq >= 0) {
                        linkTexts.add(a);
                    } else {
                        readRouter(null, a, false);
                    }
                }
                case Clp.Opt opt -> {
                    switch (opt.id()) {
                        case HELP -> {
                            usage();
                            return 0;
                        }
                        case VERSION -> {
                            io.out().print(program + " (Click) " + StaticHandlers.CLICK_VERSION + " (jclick "
                                    + Main.version() + ")\n");
                            io.out().flush();
                            return 0;
                        }
                        case FILE -> readRouter(null, opt.value(), false);
                        case EXPRESSION -> readRouter(null, opt.value(), true);
                        case OUTPUT -> {
                            if (output != null) {
                                errh.programError("output file specified twice");
                                ClickDriverTool.shortUsage(program, io);
                                return 1;
                            }
                            output = opt.value();
                        }
                        case NAME -> {
                            if (nextName != null) {
                                errh.programWarning("router name specified twice");
                            }
                            nextName = emptyToNull(opt.value());
                        }
                        case LINK -> linkTexts.add(opt.value());
                        case CONFIG -> configOnly = true;
                        default -> throw new IllegalStateException("option id " + opt.id());
                    }
                }
            }
        }

        if (routers.isEmpty()) {
            throw errh.programFatal("no routers specified");
        }
        final Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < routers.size(); i++) {
            if (seen.putIfAbsent(routerNames.get(i), i) != null) {
                throw errh.programFatal("two routers named '" + routerNames.get(i) + "'");
            }
        }
        for (String text : linkTexts) {
            parseLink(text);
        }
        if (errh.errors() != 0) {
            return 1;
        }

        // like Click, open (and so create) the output file before combining
        OutputStream out = null;
        if (output != null && !output.equals("-")) {
            try {
                out = new FileOutputStream(output);
            } catch (IOException e) {
                throw errh.fatal(output + ": " + Files2.reason(e));
            }
        }
        try {
            final String text = combine(configOnly);
            if (text == null) {
                return 1;
            }
            if (out == null) {
                io.out().print(text);
                io.out().flush();
            } else {
                out.write(text.getBytes(Streams.CHARSET));
            }
            return errh.errors() != 0 ? 1 : 0;
        } catch (IOException e) {
            throw errh.fatal(output + ": " + Files2.reason(e));
        } finally {
            if (out != null) {
                try {
                    out.close();
                } catch (IOException e) {
                    errh.error(output + ": " + Files2.reason(e));
                }
            }
        }
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /**
     * Reads one component router. {@code name} is the name given with it ({@code NAME=FILE}), if any; else
     * the name from a preceding {@code -n}, else the component's position.
     */
    private void readRouter(String name, String source, boolean isExpression) {
        name = emptyToNull(name);
        if (name != null && nextName != null) {
            errh.warning("router name specified twice ('" + nextName + "' and '" + name + "')");
        } else if (name != null) {
            nextName = name;
        }

        final ConfigInput input = isExpression ? ConfigInput.expression(source) : ConfigInput.file(source);
        final ClickFrontEnd frontEnd = new ClickFrontEnd(ElementCatalog.tools(), ConfigInput.libraryPath(null))
                .clickCompatible();
        final ConfigInput.Loaded loaded = input.loadArchive(frontEnd, Map.of(), io.in());
        for (Diagnostic d : loaded.result().diagnostics()) {
            errh.report(d);
        }
        if (!loaded.unreadable()) {
            if (nextName != null) {
                if (!legalComponentName(nextName)) {
                    errh.error("router name '" + nextName + "' is not a legal Click identifier");
                }
                routerNames.add(nextName);
            } else {
                routerNames.add(Integer.toString(nextNumber));
            }
            routers.add(ToolRouter.of(loaded.result().router(), loaded.archive()));
        }
        nextName = null;
        nextNumber++;
    }

    /** Letters, digits, {@code _}, {@code @} and single inner slashes. */
    static boolean legalComponentName(String name) {
        for (int i = 0; i < name.length(); i++) {
            final char c = name.charAt(i);
            final boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '/' || c == '@';
            if (!ok) {
                return false;
            }
        }
        return !name.isEmpty() && !name.contains("//") && !name.startsWith("/") && !name.endsWith("/");
    }

    /** Parses {@code A.e1=B.e2} and records the link; problems are reported and the link dropped. */
    private void parseLink(String text) {
        final StringBuilder spaced = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (c == '.' || c == '=') {
                spaced.append(' ').append(c).append(' ');
            } else {
                spaced.append(c);
            }
        }
        final List<String> w = ConfigStrings.spacevec(spaced.toString());
        if (w.size() != 7 || !w.get(1).equals(".") || !w.get(3).equals("=") || !w.get(5).equals(".")) {
            errh.programError("bad link definition '" + text + "'");
            return;
        }
        final int r1 = routerNames.lastIndexOf(w.get(0));
        final int r2 = routerNames.lastIndexOf(w.get(4));
        if (r1 < 0 || r2 < 0) {
            if (r1 < 0) {
                errh.programError("no router named '" + w.get(0) + "'");
            }
            if (r2 < 0) {
                errh.programError("no router named '" + w.get(4) + "'");
            }
            return;
        }
        ToolRouter.Element e1 = routers.get(r1).element(w.get(2));
        if (e1 == null) {
            e1 = findDevice(w.get(2), r1, "ToDevice", null);
        }
        ToolRouter.Element e2 = routers.get(r2).element(w.get(6));
        if (e2 == null) {
            e2 = findDevice(w.get(6), r2, "FromDevice", "PollDevice");
        }
        if (e1 == null || e2 == null) {
            if (e1 == null) {
                errh.programError("router '" + w.get(0) + "' has no element or device named '" + w.get(2) + "'");
            }
            if (e2 == null) {
                errh.programError("router '" + w.get(4) + "' has no element or device named '" + w.get(6) + "'");
            }
            return;
        }
        if (!e1.className().equals("ToDevice")) {
            errh.programWarning("router '" + w.get(0) + "' element '" + w.get(2) + "' has unexpected class");
            errh.message("  expected ToDevice, got " + e1.className());
        }
        if (!e2.className().equals("FromDevice") && !e2.className().equals("PollDevice")) {
            errh.programWarning("router '" + w.get(4) + "' element '" + w.get(6) + "' has unexpected class");
            errh.message("  expected FromDevice or PollDevice, got " + e2.className());
        }
        linksFrom.add(new End(r1, e1));
        linksTo.add(new End(r2, e2));
    }

    /**
     * The one element of class {@code class1} (or {@code class2}) in router {@code rn} whose first
     * configuration argument is the device name; null, with an error if there are several.
     */
    private ToolRouter.Element findDevice(String device, int rn, String class1, String class2) {
        final List<String> devWords = ConfigStrings.argvec(device);
        final String devname = devWords.isEmpty() ? "" : devWords.get(0);
        ToolRouter.Element found = null;
        for (ToolRouter.Element e : routers.get(rn).liveElements()) {
            if (!e.className().equals(class1) && !e.className().equals(class2)) {
                continue;
            }
            final List<String> words = ConfigStrings.argvec(e.config());
            if (!words.isEmpty() && words.get(0).equals(devname)) {
                if (found == null) {
                    found = e;
                } else {
                    final String router = routerNames.get(rn);
                    if (class2 != null) {
                        errh.programError("more than one '" + class1 + "(" + devname + ")' or '" + class2 + "("
                                + devname + ")' element in router '" + router + "'");
                    } else {
                        errh.programError("more than one '" + class1 + "(" + devname + ")' element in router '"
                                + router + "'");
                    }
                    return null;
                }
            }
        }
        return found;
    }

    /** Builds the combined router and returns the text to write, or null after errors. */
    private String combine(boolean configOnly) {
        final ToolRouter combined = new ToolRouter();
        for (int i = 0; i < routers.size(); i++) {
            routers.get(i).expandInto(combined, routerNames.get(i) + "/", errh);
        }
        if (errh.errors() != 0) {
            return null;
        }

        // RouterLinks of combined components now belong to a larger component: qualify their ends
        for (ToolRouter.Element e : combined.elementsOfClass(LINK_CLASS)) {
            final String prefix = e.name().substring(0, e.name().indexOf('/') + 1);
            final List<String> words = new ArrayList<>(ConfigStrings.argvec(e.config()));
            for (int i = 0; i < words.size(); i += 2) {
                words.set(i, prefix + words.get(i));
            }
            e.setConfig(String.join(", ", words));
        }

        if (linksFrom.isEmpty()) {
            errh.warning("no links between routers");
        }
        final int[] group = groupLinks();
        if (group == null) {
            return null;
        }
        addLinks(combined, group);
        combined.removeTunnels();

        if (!configOnly) {
            final ElementMap map = new ElementMap();
            if (!linksFrom.isEmpty()) {
                final Map<String, String> traits = new LinkedHashMap<>();
                traits.put("name", LINK_CLASS);
                traits.put("processing", "l/h");
                traits.put("flowcode", "x/x");
                traits.put("flags", "S3");
                map.add(traits);
            }
            for (ToolRouter r : routers) {
                final ClickArchive.Member m = r.archiveMember("elementmap.xml");
                if (m != null) {
                    map.parse(m.data());
                }
            }
            if (!map.isEmpty()) {
                combined.addArchive(ClickArchive.Member.create("elementmap.xml", 0600, map.unparse()));
            }

            final StringBuilder components = new StringBuilder();
            for (int i = 0; i < routers.size(); i++) {
                components.append(routerNames.get(i)).append('\n');
                final ClickArchive.Member m = routers.get(i).archiveMember("componentmap");
                if (m != null) {
                    for (String sub : ConfigStrings.spacevec(m.data())) {
                        components.append(routerNames.get(i)).append('/').append(sub).append('\n');
                    }
                }
            }
            combined.addArchive(ClickArchive.Member.create("componentmap", 0600, components.toString()));
        }
        return combined.fileText(errh);
    }

    /**
     * Merges links that share a source or a destination: returns each link's group (the number of the
     * group's first link), or null after reporting an element used as both source and destination.
     */
    private int[] groupLinks() {
        final int n = linksFrom.size();
        boolean bad = false;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                // (Click compares only different links; a link from an element to itself is refused too)
                if (linksFrom.get(i).equals(linksTo.get(j)) || linksFrom.get(j).equals(linksTo.get(i))) {
                    final End h = linksFrom.get(i);
                    errh.programError("router '" + routerNames.get(h.router()) + "' element '" + h.element().name()
                            + "' used as both source and destination");
                    bad = true;
                }
            }
        }
        if (bad) {
            return null;
        }
        final int[] group = new int[n];
        for (int i = 0; i < n; i++) {
            group[i] = i;
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    final boolean related = linksFrom.get(i).equals(linksFrom.get(j))
                            || linksTo.get(i).equals(linksTo.get(j));
                    if (related && group[j] < group[i]) {
                        group[i] = group[j];
                        changed = true;
                    }
                }
            }
        }
        return group;
    }

    /** Replaces the ends of each group of links with one RouterLink, groups in order of their first link. */
    private void addLinks(ToolRouter combined, int[] group) {
        final boolean[] done = new boolean[group.length];
        for (int i = 0; i < group.length; i++) {
            if (done[group[i]]) {
                continue;
            }
            final List<End> from = new ArrayList<>();
            final List<End> to = new ArrayList<>();
            for (int j = 0; j < group.length; j++) {
                if (group[j] == group[i]) {
                    if (!from.contains(linksFrom.get(j))) {
                        from.add(linksFrom.get(j));
                    }
                    if (!to.contains(linksTo.get(j))) {
                        to.add(linksTo.get(j));
                    }
                }
            }
            makeLink(combined, from, to);
            done[group[i]] = true;
        }
    }

    private void makeLink(ToolRouter combined, List<End> from, List<End> to) {
        final List<End> all = new ArrayList<>(from);
        all.addAll(to);
        final List<ToolRouter.Element> ends = new ArrayList<>();
        final List<String> words = new ArrayList<>();
        for (End end : all) {
            final String router = routerNames.get(end.router());
            final ToolRouter.Element copy = combined.element(router + "/" + end.element().name());
            if (copy == null || !copy.live()) {
                // cannot happen once names are unique; reported rather than failing
                errh.programError("router '" + router + "' element '" + end.element().name() + "' is gone");
                return;
            }
            ends.add(copy);
            words.add(router + " " + end.element().name() + " " + end.element().className());
            words.add(end.element().config());
        }
        final ToolRouter.Element link = combined.getElement("link" + (++linkNumber), LINK_CLASS,
                String.join(", ", words), new SourceLocation(LANDMARK, 0, 0));
        for (int i = 0; i < from.size(); i++) {
            combined.insertBefore(link, i, ends.get(i), 0);
            combined.freeElement(ends.get(i));
        }
        for (int j = from.size(); j < ends.size(); j++) {
            combined.insertAfter(link, j - from.size(), ends.get(j), 0);
            combined.freeElement(ends.get(j));
        }
    }

    private void usage() {
        io.out().print("""
                '%1$s' joins Click router configurations into one configuration for the
                whole network. Each link specification names an output device of one router
                and the input device of another that it feeds; in the result the two device
                elements become one RouterLink element. 'click-uncombine' takes a component
                back out.

                Usage: %1$s [OPTION]... [ROUTERFILE | NAME=ROUTERFILE | LINK]...

                Options:
                  -n, --name NAME        Call the next router component NAME.
                  -f, --file FILE        Read a router component from FILE.
                  -e, --expression EXPR  Use EXPR as a router component.
                  -l, --link LINK        Add a link 'NAME1.OUT=NAME2.IN' from component NAME1 to
                                         component NAME2. OUT and IN are element names, or
                                         device names of ToDevice (OUT) and FromDevice or
                                         PollDevice (IN) elements.
                  -c, --config           Write the configuration alone, not an archive with the
                                         component map and element map.
                  -o, --output FILE      Write the combined configuration to FILE.
                      --help             Print this message and exit.
                  -v, --version          Print version number and exit.
                """.formatted(program));
        io.out().flush();
    }

    /**
     * The subset of Click's element maps that {@code click-combine} passes on: entries read from the
     * components' {@code elementmap.xml} members (XML, or Click's older tab-separated text), written back as
     * XML in order. Malformed maps are read as far as they go, silently, as Click does here.
     */
    static final class ElementMap {

        /** Attribute names and their aliases, mapped to the names written. */
        private static final Map<String, String> COMPONENTS = Map.ofEntries(
                Map.entry("name", "name"), Map.entry("class", "name"),
                Map.entry("cxxclass", "cxxclass"), Map.entry("cxx_class", "cxxclass"),
                Map.entry("headerfile", "headerfile"), Map.entry("header_file", "headerfile"),
                Map.entry("sourcefile", "sourcefile"), Map.entry("source_file", "sourcefile"),
                Map.entry("portcount", "portcount"), Map.entry("processing", "processing"),
                Map.entry("flowcode", "flowcode"), Map.entry("methods", "methods"),
                Map.entry("requires", "requires"), Map.entry("requirements", "requires"),
                Map.entry("provides", "provides"), Map.entry("provisions", "provides"),
                Map.entry("libs", "libs"), Map.entry("docname", "docname"), Map.entry("doc_name", "docname"),
                Map.entry("flags", "flags"), Map.entry("noexport", "noexport"));

        /** The columns of the text format when no {@code $data} line says otherwise. */
        private static final List<String> DEFAULT_COLUMNS = List.of(
                "name", "cxxclass", "headerfile", "processing", "flowcode", "flags", "requires", "provides");

        private final List<Map<String, String>> entries = new ArrayList<>();

        boolean isEmpty() {
            return entries.isEmpty();
        }

        List<Map<String, String>> entries() {
            return List.copyOf(entries);
        }

        void add(Map<String, String> traits) {
            entries.add(new LinkedHashMap<>(traits));
        }

        private void addIfNamed(Map<String, String> traits) {
            if (!traits.getOrDefault("name", "").isEmpty() || !traits.getOrDefault("provides", "").isEmpty()) {
                add(traits);
            }
        }

        void parse(String text) {
            if (text.startsWith("<")) {
                parseXml(text);
            } else {
                parseText(text);
            }
        }

        private void parseText(String text) {
            List<String> columns = DEFAULT_COLUMNS;
            for (String line : text.split("\n", -1)) {
                final List<String> words = ConfigStrings.spacevec(line);
                if (words.isEmpty() || words.get(0).startsWith("#")) {
                    continue;
                }
                if (words.get(0).equals("$data")) {
                    final List<String> c = new ArrayList<>();
                    for (String w : words.subList(1, words.size())) {
                        c.add(COMPONENTS.get(ConfigStrings.unquote(w)));
                    }
                    columns = c;
                } else if (!words.get(0).startsWith("$")) {
                    final Map<String, String> traits = new LinkedHashMap<>();
                    for (int i = 0; i < columns.size() && i < words.size(); i++) {
                        if (columns.get(i) != null) {
                            traits.put(columns.get(i), ConfigStrings.unquote(words.get(i)));
                        }
                    }
                    addIfNamed(traits);
                }
            }
        }

        private void parseXml(String s) {
            final Map<String, String> entities = new HashMap<>(Map.of(
                    "lt", "<", "amp", "&", "gt", ">", "quot", "\"", "apos", "'"));
            final int n = s.length();
            int i = 0;
            boolean inMap = false;
            while (i < n) {
                while (i < n && s.charAt(i) != '<') {
                    i++;
                }
                i = skipSpace(s, i + 1);
                boolean closing = false;
                if (i < n && s.charAt(i) == '/') {
                    closing = true;
                    i = skipSpace(s, i + 1);
                }
                if (tagAt(s, i, "elementmap")) {
                    if (!closing) {
                        final boolean[] selfClosed = {false};
                        i = parseAttributes(s, i + 10, new HashMap<>(), selfClosed, entities);
                        inMap = !selfClosed[0];
                    } else {
                        inMap = false;
                    }
                } else if (tagAt(s, i, "entry") && !closing && inMap) {
                    final Map<String, String> attrs = new LinkedHashMap<>();
                    i = parseAttributes(s, i + 5, attrs, new boolean[1], entities);
                    final Map<String, String> traits = new LinkedHashMap<>();
                    attrs.forEach((k, v) -> {
                        final String key = COMPONENTS.get(k);
                        if (key != null) {
                            traits.put(key, v);
                        }
                    });
                    addIfNamed(traits);
                } else if (tagAt(s, i, "!ENTITY")) {
                    i = skipSpace(s, i + 7);
                    if (i >= n || s.charAt(i) == '%') {
                        return;     // parameter entities: Click stops reading here
                    }
                    final int start = i;
                    while (i < n && !Character.isWhitespace(s.charAt(i))) {
                        i++;
                    }
                    final String name = s.substring(start, i);
                    final StringBuilder value = new StringBuilder();
                    i = parseValue(s, i, value, entities);
                    entities.put(name, value.toString());
                } else if (s.startsWith("![CDATA[", i)) {
                    final int end = s.indexOf("]]>", i + 8);
                    i = end < 0 ? n : end;
                } else if (s.startsWith("!--", i)) {
                    final int end = s.indexOf("-->", i + 3);
                    i = end < 0 ? n : end;
                }
                while (i < n && s.charAt(i) != '>') {
                    i++;
                }
            }
        }

        private static boolean tagAt(String s, int i, String tag) {
            final int after = i + tag.length();
            if (!s.startsWith(tag, i) || after >= s.length()) {
                return false;
            }
            final char c = s.charAt(after);
            return Character.isWhitespace(c) || c == '>' || c == '/';
        }

        private static int skipSpace(String s, int i) {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            return i;
        }

        private static int parseAttributes(String s, int i, Map<String, String> attrs, boolean[] selfClosed,
                                           Map<String, String> entities) {
            final int n = s.length();
            while (i < n) {
                i = skipSpace(s, i);
                if (i >= n || s.charAt(i) == '>') {
                    return i;
                }
                if (s.charAt(i) == '/') {
                    selfClosed[0] = true;
                    return i;
                }
                final int start = i;
                while (i < n && !Character.isWhitespace(s.charAt(i)) && s.charAt(i) != '=') {
                    i++;
                }
                final String name = s.substring(start, i);
                i = skipSpace(s, i);
                if (i >= n || s.charAt(i) != '=') {
                    return i;
                }
                final StringBuilder value = new StringBuilder();
                i = parseValue(s, i + 1, value, entities);
                if (value.isEmpty() && (i >= n || (s.charAt(i - 1) != '"' && s.charAt(i - 1) != '\''))) {
                    return i;
                }
                attrs.put(name, value.toString());
            }
            return i;
        }

        /** Reads a quoted value with entity and character references; returns the index past it. */
        private static int parseValue(String s, int i, StringBuilder out, Map<String, String> entities) {
            final int n = s.length();
            i = skipSpace(s, i);
            if (i >= n || (s.charAt(i) != '"' && s.charAt(i) != '\'')) {
                return i;
            }
            final char quote = s.charAt(i);
            for (i++; i < n && s.charAt(i) != quote; i++) {
                final char c = s.charAt(i);
                if (c != '&') {
                    out.append(c);
                    continue;
                }
                final int semi = s.indexOf(';', i);
                final int close = s.indexOf(quote, i);
                if (semi < 0 || (close >= 0 && close < semi)) {
                    return close < 0 ? n : close + 1;     // bad reference: stop at the value's end
                }
                final String ref = s.substring(i + 1, semi);
                try {
                    if (ref.startsWith("#x") || ref.startsWith("#X")) {
                        out.append((char) (Integer.parseInt(ref.substring(2), 16) & 0xFF));
                    } else if (ref.startsWith("#")) {
                        out.append((char) (Integer.parseInt(ref.substring(1)) & 0xFF));
                    } else {
                        out.append(entities.getOrDefault(ref, ""));
                    }
                } catch (NumberFormatException e) {
                    // a malformed character reference contributes nothing
                }
                i = semi;
            }
            return i < n ? i + 1 : n;
        }

        /** The map in Click's XML layout. */
        String unparse() {
            final StringBuilder sb = new StringBuilder();
            sb.append("<?xml version=\"1.0\" standalone=\"yes\"?>\n");
            sb.append("<elementmap xmlns=\"http://www.lcdf.org/click/xml/\">\n");
            for (Map<String, String> e : entries) {
                final String name = e.getOrDefault("name", "");
                final String cxx = e.getOrDefault("cxxclass", "");
                if (name.isEmpty() && cxx.isEmpty()) {
                    continue;
                }
                sb.append("  <entry");
                attribute(sb, "name", name, false);
                attribute(sb, "cxxclass", cxx, false);
                attribute(sb, "docname", e.getOrDefault("docname", ""), false);
                attribute(sb, "headerfile", e.getOrDefault("headerfile", ""), false);
                attribute(sb, "sourcefile", e.getOrDefault("sourcefile", ""), false);
                attribute(sb, "processing", e.getOrDefault("processing", ""), true);
                attribute(sb, "flowcode", e.getOrDefault("flowcode", ""), true);
                attribute(sb, "flags", e.getOrDefault("flags", ""), false);
                attribute(sb, "requires", e.getOrDefault("requires", ""), false);
                attribute(sb, "provides", e.getOrDefault("provides", ""), false);
                sb.append(" />\n");
            }
            sb.append("</elementmap>\n");
            return sb.toString();
        }

        private static void attribute(StringBuilder sb, String name, String value, boolean always) {
            if (always || !value.isEmpty()) {
                sb.append(' ').append(name).append("=\"").append(xmlQuote(value)).append('"');
            }
        }

        private static String xmlQuote(String s) {
            return s.replace("&", "&amp;").replace("<", "&lt;").replace("\"", "&quot;");
        }
    }
}
