package org.jclick.clicktest;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jclick.lang.ElementCatalog;

/**
 * {@code click-buildtool} for jclick. Of Click's subcommands only {@code provides} is meaningful here: tests use
 * {@code click-buildtool provides REQ...} in {@code %require} to skip themselves when the Click build lacks a
 * driver, a feature or an element class. It exits 0 only if every requirement is provided.
 *
 * <p>What jclick provides, and why:
 * <ul>
 *   <li>{@code userlevel}: jclick is a user-level driver (a process that runs a configuration);</li>
 *   <li>{@code int64}: Java has 64-bit integers everywhere ({@code long}), as Click's {@code HAVE_INT64_TYPES};</li>
 *   <li>{@code umultithread}: the scheduler runs {@code click -j N} threads, with StaticThreadSched placement;</li>
 *   <li>every element class the element registry knows (the {@link ElementCatalog} service providers);</li>
 *   <li>whatever the {@code JCLICK_PROVIDES} environment variable or {@code jclick.provides} system property lists
 *       (space-separated), for features a particular setup adds.</li>
 * </ul>
 * Not provided: the other drivers ({@code linuxmodule}, {@code bsdmodule}, {@code ns}, {@code minios}), kernel or
 * device I/O ({@code dpdk}, {@code netmap}, {@code pcap}, {@code linux}), {@code smpclick}, and FastClick's
 * packet models ({@code batch}, {@code flow}, {@code ctx}, ...). Element classes that only exist as Click test
 * elements ({@code ListTest}, {@code HeapTest}...) are provided only if the registry has them.
 */
public final class BuildTool {

    /** Provided by every jclick build. */
    public static final Set<String> BASE_PROVISIONS = Set.of("userlevel", "int64", "umultithread");

    private static final Pattern ELEMENTMAP_NAME = Pattern.compile("\\sname=[\"']([^\"']*)[\"']");
    private static final Pattern ELEMENTMAP_PROVIDES = Pattern.compile("\\sprovides=[\"']([^\"']*)[\"']");

    private BuildTool() {
    }

    /** {@code click-buildtool ARGS...}; returns the exit status. */
    public static int main2(final String[] args) {
        return run(args, System.in, System.out, System.err);
    }

    static int run(final String[] args, final InputStream in, final PrintStream out, final PrintStream err) {
        if (args.length == 0) {
            return usage(err);
        }
        int index = 0;
        while (index < args.length) {
            final String arg = args[index];
            switch (arg) {
                case "--version" -> {
                    out.println("click-buildtool (jclick)");
                    return 0;
                }
                case "-V", "--verbose" -> index++;
                case "-h", "--help" -> {
                    err.println("""
                        'Click-buildtool' answers questions about the jclick build.

                        Usage: click-buildtool provides [-q] [-l] [-r REQ] [-e EMAP] [REQ...]

                        Only the 'provides' tool is available in jclick.""");
                    return 0;
                }
                case "provides" -> {
                    return provides(Arrays.copyOfRange(args, index + 1, args.length), in, out, err);
                }
                default -> {
                    if (arg.startsWith("-")) {
                        return usage(err);
                    }
                    err.println("jclick: click-buildtool " + arg + " is not implemented");
                    return 1;
                }
            }
        }
        return usage(err);
    }

    private static int usage(final PrintStream err) {
        err.println("Usage: click-buildtool TOOLNAME [ARGUMENTS]");
        err.println("Try 'click-buildtool --help' for more information.");
        return 1;
    }

    private static int providesUsage(final PrintStream err) {
        err.println("Usage: click-buildtool provides [-q] [-l] [-r REQ] [-e EMAP] [REQ...]");
        err.println("Try 'click-buildtool provides --help' for more information.");
        return 1;
    }

    private static int provides(final String[] args, final InputStream in, final PrintStream out, final PrintStream err) {
        final Set<String> provisions = new TreeSet<>(provisions());
        final List<String> requirements = new ArrayList<>();
        boolean query = false;
        boolean print = false;
        boolean readStdin = false;
        for (int i = 0; i < args.length; i++) {
            final String arg = args[i];
            if (arg.equals("-q") || arg.equals("--query")) {
                query = true;
            } else if (arg.equals("-l") || arg.equals("--print")) {
                print = true;
            } else if (arg.equals("-r") || arg.equals("--provide") || arg.equals("-e") || arg.equals("--elementmap")) {
                if (i + 1 >= args.length) {
                    return providesUsage(err);
                }
                final String value = args[++i];
                if (arg.startsWith("-r") || arg.startsWith("--p")) {
                    provisions.addAll(words(value));
                } else if (!addElementMap(Path.of(value), provisions, err)) {
                    return 1;
                }
            } else if (arg.startsWith("-r") && arg.length() > 2) {
                provisions.addAll(words(arg.substring(2)));
            } else if (arg.startsWith("--provide=")) {
                provisions.addAll(words(arg.substring("--provide=".length())));
            } else if (arg.startsWith("-e") && arg.length() > 2) {
                if (!addElementMap(Path.of(arg.substring(2)), provisions, err)) {
                    return 1;
                }
            } else if (arg.equals("-h") || arg.equals("--help")) {
                err.println("""
                    'Click-buildtool provides' exits with status 0 if jclick provides all
                    requirement(s) in REQ arguments, and status 1 otherwise.

                    Usage: click-buildtool provides [OPTIONS] [REQ...]

                    Options:
                      -q, --query              Print provisions to standard output.
                      -r, --provide REQ        Provide requirement(s) in REQ.
                      -e, --elementmap EMAP    Provide requirement(s) from EMAP.
                      -l, --print              Print 0 (REQs not provided) or 1 (REQs provided).
                      -h, --help               Print this message and exit.""");
                return 0;
            } else if (arg.equals("-")) {
                readStdin = true;
            } else if (arg.startsWith("-")) {
                return providesUsage(err);
            } else {
                requirements.addAll(words(arg));
            }
        }
        if (readStdin) {
            try {
                requirements.addAll(words(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (final IOException e) {
                err.println("click-buildtool: " + e.getMessage());
                return 1;
            }
        }
        if (query) {
            provisions.forEach(out::println);
        }
        final int status = provisions.containsAll(requirements) ? 0 : 1;
        if (print) {
            out.println(1 - status);
        }
        return status;
    }

    /** Everything this jclick build provides. */
    public static Set<String> provisions() {
        final Set<String> provisions = new TreeSet<>(BASE_PROVISIONS);
        provisions.addAll(elementClassNames());
        final String fromEnvironment = System.getenv("JCLICK_PROVIDES");
        if (fromEnvironment != null) {
            provisions.addAll(words(fromEnvironment));
        }
        provisions.addAll(words(System.getProperty("jclick.provides", "")));
        return provisions;
    }

    /** The element classes known to the registered {@link ElementCatalog}s; empty when none is registered. */
    static Set<String> elementClassNames() {
        final Set<String> names = new TreeSet<>();
        try {
            names.addAll(org.jclick.dataplane.element.ElementRegistry.loadDefault().classNames());
            for (final ElementCatalog catalog : ServiceLoader.load(ElementCatalog.class)) {
                names.addAll(catalog.classNames());
            }
        } catch (final ServiceConfigurationError e) {
            // a broken provider provides nothing
        }
        return names;
    }

    private static boolean addElementMap(final Path path, final Set<String> provisions, final PrintStream err) {
        try {
            final String text = Files.readString(path, StandardCharsets.UTF_8);
            for (final String line : text.split("\n")) {
                if (!line.startsWith("<entry ") && !line.startsWith("<elementmap ")) {
                    continue;
                }
                final Matcher name = ELEMENTMAP_NAME.matcher(line);
                if (name.find()) {
                    provisions.add(name.group(1));
                }
                final Matcher provided = ELEMENTMAP_PROVIDES.matcher(line);
                if (provided.find()) {
                    provisions.addAll(words(provided.group(1)));
                }
            }
            return true;
        } catch (final IOException e) {
            err.println("click-buildtool: " + path + ": " + TestRunner.describe(e));
            return false;
        }
    }

    private static List<String> words(final String text) {
        final List<String> words = new ArrayList<>();
        for (final String word : text.strip().split("\\s+")) {
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        return words;
    }
}
