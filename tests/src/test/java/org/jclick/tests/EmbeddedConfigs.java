package org.jclick.tests;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the Click configurations a {@code .clicktest} runs: the arguments of {@code -e} options, and the
 * {@code %file}s the script passes to Click or one of its tools ({@code click-flatten}, {@code click-align},
 * ...), including {@code %file stdin} when {@code click} reads its standard input.
 *
 * <p>The script is read with {@link ShellScript}; command substitutions and scripts run with
 * {@code sh FILE} are searched too. A file that is not a {@code %file} (one the script creates at run
 * time) and a configuration read from a pipe are not extracted; they are listed in {@link Result#skipped}.
 */
final class EmbeddedConfigs {

    enum Kind {
        /** {@code -e CONFIG} */
        INLINE,
        /** a {@code %file} named on the command line */
        FILE,
        /** a {@code %file} read as standard input */
        STDIN
    }

    /**
     * One configuration. {@code label} names it within its test ({@code CONFIG}, {@code -e@12},
     * {@code stdin}, {@code THING:-e@2}); {@code fileName} is the {@code %file} for FILE and STDIN;
     * {@code line} is where it starts in the test file (or nested script); {@code shellVariables} lists the
     * shell variables the text still contains because their values are unknown here.
     */
    record Config(String label, String tool, Kind kind, String fileName, String text, int line,
                  Map<String, String> defines, List<String> shellVariables) {
    }

    record Result(List<Config> configs, List<String> skipped) {
    }

    /** The values clicktest gives its scripts: {@code $VALGRIND} is normally empty. */
    static final Map<String, String> KNOWN_VARIABLES = Map.of("VALGRIND", "");

    private static final Set<String> RESERVED = Set.of("{", "}", "!", "if", "then", "else", "elif", "do",
            "while", "until", "time");

    /** How one of Click's programs takes its configuration. */
    private record Tool(String shortWithArg, Set<String> longWithArg, String inlineOption, String fileOptions,
                        Set<String> fileLongOptions, boolean firstPositionalIsConfig, boolean definesAllowed,
                        boolean readsStdin) {
    }

    private static final Set<String> COMMON_LONG = Set.of("expression", "file", "output", "clickpath");

    private static final Map<String, Tool> TOOLS = new LinkedHashMap<>();

    static {
        // click (userlevel driver): [OPTIONS] [ROUTERFILE] [NAME=VALUE...]
        TOOLS.put("click", new Tool("Cefhopuxj", Set.of("clickpath", "expression", "file", "handler", "output",
                "socket", "port", "unix-socket", "threads", "exit-handler"), "e", "f", Set.of("file"),
                true, true, true));
        final Tool common = new Tool("efoC", COMMON_LONG, "e", "f", Set.of("file"), true, false, true);
        for (String t : List.of("click-flatten", "click-align", "click-undead", "click-fastclassifier",
                "click-devirtualize", "click-install", "click-uncombine")) {
            TOOLS.put(t, common);
        }
        // click-xform -p PATTERNS: the pattern file is a configuration too
        TOOLS.put("click-xform", new Tool("efoCp", Set.of("expression", "file", "output", "clickpath",
                "patterns"), "e", "fp", Set.of("file", "patterns"), true, false, true));
        // click-combine -n NAME -f FILE ... LINK...: the positional arguments are links
        TOOLS.put("click-combine", new Tool("efoCn", Set.of("expression", "file", "output", "clickpath", "name"),
                "e", "f", Set.of("file"), false, false, false));
        // click-mkmindriver -p PACKAGE -E ELEMENTS [FILE]
        TOOLS.put("click-mkmindriver", new Tool("efoCpEd", Set.of("expression", "file", "output", "clickpath",
                "package", "elements", "directory"), "e", "f", Set.of("file"), true, false, true));
    }

    private final ClickTestFile test;
    private final Map<String, Config> found = new LinkedHashMap<>();
    private final List<String> skipped = new ArrayList<>();
    private final Set<String> overwritten = new java.util.HashSet<>();

    private EmbeddedConfigs(ClickTestFile test) {
        this.test = test;
    }

    static Result extract(ClickTestFile test) {
        final EmbeddedConfigs e = new EmbeddedConfigs(test);
        final List<Located> commands = new ArrayList<>();
        for (ClickTestFile.Script s : test.scripts()) {
            e.collect(s.text(), s.firstLine(), "", 0, commands);
        }
        // a %file the script overwrites ('... > C') is not the configuration the tool reads
        for (Located l : commands) {
            for (ShellScript.Redirect r : l.command().redirects()) {
                if (r.op().startsWith(">") && !r.op().equals(">&")) {
                    e.overwritten.add(r.target().text());
                }
            }
        }
        for (Located l : commands) {
            e.command(l.command(), l.prefix());
        }
        return new Result(List.copyOf(e.found.values()), List.copyOf(e.skipped));
    }

    /** A command and the label prefix of the script it is in ({@code ""}, or {@code "FILE:"} for sh FILE). */
    private record Located(ShellScript.Command command, String prefix) {
    }

    /** Collects the commands of a script, of its command substitutions, and of the files it runs with sh. */
    private void collect(String text, int firstLine, String prefix, int depth, List<Located> out) {
        if (depth > 4) {
            return;
        }
        final ShellScript.Parsed parsed = ShellScript.parse(text, firstLine, KNOWN_VARIABLES);
        for (ShellScript.Command c : parsed.commands()) {
            out.add(new Located(c, prefix));
            final List<ShellScript.Word> words = commandWords(c);
            if (words.size() >= 2 && (baseName(words.get(0).text()).equals("sh")
                    || baseName(words.get(0).text()).equals("bash"))
                    && test.files().containsKey(words.get(1).text())) {
                final String f = words.get(1).text();
                collect(test.files().get(f).text(), 1, prefix + f + ":", depth + 1, out);
            }
        }
        for (ShellScript.Nested n : parsed.nested()) {
            collect(n.text(), n.line(), prefix, depth + 1, out);
        }
    }

    /** The words of a command without reserved words, variable assignments, and prefixes like $SUDO. */
    private static List<ShellScript.Word> commandWords(ShellScript.Command c) {
        final List<ShellScript.Word> words = new ArrayList<>(c.words());
        while (!words.isEmpty()) {
            final ShellScript.Word w = words.getFirst();
            if ((!w.quoted() && RESERVED.contains(w.text()))
                    || (!w.quoted() && w.text().matches("[A-Za-z_][A-Za-z0-9_]*=.*"))
                    || w.onlyVariable()) {
                words.removeFirst();
            } else {
                break;
            }
        }
        return words;
    }

    private void command(ShellScript.Command c, String prefix) {
        final List<ShellScript.Word> words = commandWords(c);
        if (words.isEmpty()) {
            return;
        }
        final String program = baseName(words.getFirst().text());
        final Tool tool = TOOLS.get(program);
        if (tool != null) {
            invocation(program, tool, words.subList(1, words.size()), c, prefix);
        }
    }

    private static String baseName(String path) {
        final int slash = path.lastIndexOf('/');
        return slash >= 0 ? path.substring(slash + 1) : path;
    }

    private void invocation(String program, Tool tool, List<ShellScript.Word> args, ShellScript.Command c,
                            String prefix) {
        final List<Config> configs = new ArrayList<>();
        final Map<String, String> defines = new LinkedHashMap<>();
        boolean haveConfig = false;
        boolean firstPositional = true;
        for (int i = 0; i < args.size(); i++) {
            final ShellScript.Word a = args.get(i);
            final String t = a.text();
            if (t.startsWith("--") && t.length() > 2) {
                final int eq = t.indexOf('=');
                final String name = t.substring(2, eq < 0 ? t.length() : eq);
                ShellScript.Word value = null;
                if (eq >= 0) {
                    value = new ShellScript.Word(t.substring(eq + 1), a.line(), a.quoted(), false, a.unresolved());
                } else if (tool.longWithArg().contains(name) && i + 1 < args.size()) {
                    value = args.get(++i);
                }
                if (value != null && name.equals("expression")) {
                    configs.add(inline(program, value, prefix));
                    haveConfig = true;
                } else if (value != null && tool.fileLongOptions().contains(name)) {
                    haveConfig |= file(program, value, c, prefix, configs);
                }
            } else if (t.startsWith("-") && t.length() > 1) {
                // a bundle of short options; the first one that takes an argument takes the rest, or the next word
                for (int k = 1; k < t.length(); k++) {
                    final char o = t.charAt(k);
                    if (tool.shortWithArg().indexOf(o) < 0) {
                        continue;
                    }
                    ShellScript.Word value = null;
                    if (k + 1 < t.length()) {
                        value = new ShellScript.Word(t.substring(k + 1), a.line(), a.quoted(), false, a.unresolved());
                    } else if (i + 1 < args.size()) {
                        value = args.get(++i);
                    }
                    if (value != null && tool.inlineOption().indexOf(o) >= 0) {
                        configs.add(inline(program, value, prefix));
                        haveConfig = true;
                    } else if (value != null && tool.fileOptions().indexOf(o) >= 0) {
                        final boolean isConfig = file(program, value, c, prefix, configs);
                        haveConfig |= isConfig && o == 'f';
                    }
                    break;
                }
            } else if (tool.definesAllowed() && t.matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
                defines.put(t.substring(0, t.indexOf('=')), t.substring(t.indexOf('=') + 1));
            } else if (tool.firstPositionalIsConfig() && firstPositional) {
                firstPositional = false;
                haveConfig |= file(program, a, c, prefix, configs);
            }
        }
        if (!haveConfig && tool.readsStdin()) {
            stdin(program, c, prefix, configs);
        }
        for (Config cfg : configs) {
            final Config withDefines = defines.isEmpty() ? cfg
                    : new Config(cfg.label() + " " + defines, cfg.tool(), cfg.kind(), cfg.fileName(), cfg.text(),
                            cfg.line(), Map.copyOf(defines), cfg.shellVariables());
            found.putIfAbsent(withDefines.label(), withDefines);
        }
    }

    private Config inline(String program, ShellScript.Word value, String prefix) {
        return new Config(prefix + "-e@" + value.line(), program, Kind.INLINE, null, value.text(), value.line(),
                Map.of(), value.unresolved());
    }

    /** Adds the {@code %file} named by {@code name} (or standard input for {@code -}); true if it names one. */
    private boolean file(String program, ShellScript.Word name, ShellScript.Command c, String prefix,
                         List<Config> configs) {
        if (name.text().equals("-")) {
            stdin(program, c, prefix, configs);
            return true;
        }
        final ClickTestFile.Body body = test.files().get(name.text());
        if (body != null && overwritten.contains(name.text())) {
            skipped.add(prefix + program + " " + name.text() + " (line " + name.line()
                    + "): the script overwrites this %file before using it");
            return true;
        }
        if (body == null) {
            skipped.add(prefix + program + " " + name.text() + " (line " + name.line()
                    + "): not a %file; the script creates it at run time");
            return true;
        }
        configs.add(new Config(prefix + name.text(), program, Kind.FILE, name.text(), body.text(), body.firstLine(),
                Map.of(), List.of()));
        return true;
    }

    private void stdin(String program, ShellScript.Command c, String prefix, List<Config> configs) {
        String from = null;
        for (ShellScript.Redirect r : c.redirects()) {
            if (r.op().equals("<")) {
                from = r.target().text();
            }
        }
        final int line = c.words().isEmpty() ? 0 : c.words().getFirst().line();
        if (from == null && c.stdinFromPipe()) {
            skipped.add(prefix + program + " (line " + line + "): reads its configuration from a pipe");
            return;
        }
        final String name = from == null ? "stdin" : from;
        final ClickTestFile.Body body = test.files().get(name);
        if (body == null) {
            skipped.add(prefix + program + " (line " + line + "): reads its configuration from standard input, "
                    + "which is not a %file");
            return;
        }
        configs.add(new Config(prefix + (from == null ? "stdin" : "<" + from), program, Kind.STDIN, name,
                body.text(), body.firstLine(), Map.of(), List.of()));
    }
}
