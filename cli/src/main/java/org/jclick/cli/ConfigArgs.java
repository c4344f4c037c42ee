package org.jclick.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jclick.lang.ClickFrontEnd;
import org.jclick.lang.ConfigResult;
import org.jclick.lang.Diagnostic;
import org.jclick.lang.DiagnosticFormatter;
import org.jclick.lang.ElementCatalog;

import picocli.CommandLine;

/**
 * The positional arguments of jclick's configuration commands: files ({@code -} = standard input) mixed
 * with {@code NAME=value} definitions, which apply to every file (Click's rule: a word of letters, digits
 * and underscores, then {@code =}).
 */
final class ConfigArgs {

    final List<String> files = new ArrayList<>();
    final Map<String, String> defines = new LinkedHashMap<>();

    /** The one configuration file a command like {@code flatten} or {@code dot} takes (a usage error otherwise). */
    String onlyFile(picocli.CommandLine.Model.CommandSpec spec) {
        if (files.size() != 1) {
            throw usageError(spec, spec.name()
                    + " takes one configuration file, not " + files.size() + ": " + String.join(" ", files));
        }
        return files.get(0);
    }

    static ConfigArgs split(CommandLine.Model.CommandSpec spec, List<String> args) {
        final ConfigArgs c = new ConfigArgs();
        for (String a : args) {
            if (Clp.isDefine(a)) {
                final int eq = a.indexOf('=');
                final String name = a.substring(0, eq);
                if (c.defines.containsKey(name)) {
                    throw usageError(spec, "parameter '" + name + "' is defined twice");
                }
                c.defines.put(name, a.substring(eq + 1));
            } else {
                c.files.add(a);
            }
        }
        if (c.files.isEmpty()) {
            throw usageError(spec, "Missing required parameter: FILE (use - for standard input)");
        }
        return c;
    }

    /**
     * picocli's usage error, made in another class and typed as a {@link RuntimeException} here: when this class
     * throws a {@code ParameterException} itself, the AOT cache records that the verifier must check it is a
     * {@code Throwable}, and the JVM then opens picocli's jar and loads two of its classes (Java 5 class files, never
     * archived) during every start, about 10 ms before {@code main}.
     */
    static RuntimeException usageError(CommandLine.Model.CommandSpec spec, String message) {
        return UsageError.of(spec, message);
    }

    /** Loads one configuration with jclick's strict front end. */
    static ConfigResult load(String file, Map<String, String> defines, ElementCatalog catalog, String clickpath,
                             Streams io) {
        final ClickFrontEnd fe = new ClickFrontEnd(catalog, ConfigInput.libraryPath(clickpath));
        return ConfigInput.file(file).load(fe, defines, io.in());
    }

    /** Prints every diagnostic in the rich format; returns whether there were no errors. */
    static boolean report(ConfigResult r, Streams io, boolean warnings) {
        final StringBuilder sb = new StringBuilder();
        for (Diagnostic d : r.diagnostics()) {
            if (d.isError() || warnings) {
                sb.append(DiagnosticFormatter.rich(d, r.sources()));
            }
        }
        io.err().print(sb);
        io.err().flush();
        return !r.hasErrors();
    }
}
