package org.jclick.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.jclick.lang.ConfigResult;
import org.jclick.lang.Unparser;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Checks, flattens and draws every bundled example configuration (configs/*.click), "
                + "writing FLAT.click, DOT and (with Graphviz) SVG files, and prints a summary per configuration."},
        footer = {"", "Exit status: 0 every configuration is fine, 1 some configuration has errors, 2 usage error."})
final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--configs", paramLabel = "DIR", description = "Where the configurations are (default: the bundled configs/).")
    Path configs;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "Where to write the results (default: out/demo/ in the jclick directory).")
    Path out;

    private final Streams io;
    private final Catalogs.ForCommands catalogs;

    DemoCommand(Streams io, Catalogs.ForCommands catalogs) {
        this.io = io;
        this.catalogs = catalogs;
    }

    @Override
    public Integer call() throws IOException {
        final Path home = Main.home();
        final Path dir = configs != null ? configs : home.resolve("configs");
        final Path outDir = out != null ? out : home.resolve("out").resolve("demo");
        if (!Files.isDirectory(dir)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "no configuration directory " + shown(dir));
        }
        final List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.click")) {
            ds.forEach(files::add);
        }
        files.sort(null);
        if (files.isEmpty()) {
            io.err().println("jclick: no *.click files in " + shown(dir));
            return 1;
        }
        Files.createDirectories(outDir);
        final boolean graphviz = Graphviz.find() != null;
        int width = 0;
        for (Path f : files) {
            width = Math.max(width, f.getFileName().toString().length());
        }

        io.out().println("jclick demo: " + files.size() + " configurations in " + shown(dir) + " -> " + shown(outDir));
        int failed = 0;
        for (Path f : files) {
            final String file = f.getFileName().toString();
            final String base = file.substring(0, file.length() - ".click".length());
            final ConfigResult r = ConfigArgs.load(f.toString(), Map.of(), catalogs.get(), null, io);
            io.out().flush();
            if (!ConfigArgs.report(r, io, true)) {
                failed++;
                io.out().printf("  %-" + width + "s  ERRORS (see above)%n", file);
                continue;
            }
            final int elements = r.router().elements().size();
            final int connections = r.router().connections().size();
            Files.writeString(outDir.resolve(base + ".flat.click"), Unparser.unparse(r.router()), Streams.CHARSET);
            final String dot = new DotRenderer(false, true).render(r.router(), file);
            final Path dotFile = outDir.resolve(base + ".dot");
            Files.writeString(dotFile, dot, Streams.CHARSET);
            Path picture = dotFile;
            if (graphviz) {
                final Path svg = outDir.resolve(base + ".svg");
                try {
                    Graphviz.render(dot, "svg", svg);
                    picture = svg;
                } catch (Graphviz.GraphvizException e) {
                    io.err().println("jclick: " + file + ": " + e.getMessage());
                }
            }
            io.out().printf("  %-" + width + "s  %3d elements, %3d connections  -> %s%n", file, elements, connections,
                    shown(picture));
        }
        if (!graphviz) {
            io.out().println("  (" + Graphviz.MISSING + " to get SVG drawings; the DOT files are written)");
        }
        io.out().println(failed == 0
                ? "All " + files.size() + " configurations check, flatten and draw. Running traffic through them "
                        + "needs the element library, which is not built yet."
                : failed + " of " + files.size() + " configurations have errors.");
        io.out().flush();
        return failed == 0 ? 0 : 1;
    }

    /** A path as the user would type it from the current directory. */
    static String shown(Path p) {
        try {
            final Path cwd = Path.of("").toAbsolutePath();
            final Path abs = p.toAbsolutePath().normalize();
            if (abs.startsWith(cwd)) {
                final String rel = cwd.relativize(abs).toString();
                return rel.isEmpty() ? "." : rel;
            }
            return abs.toString();
        } catch (RuntimeException e) {
            return p.toString();
        }
    }
}
