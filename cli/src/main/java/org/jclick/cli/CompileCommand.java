package org.jclick.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.jclick.compiler.AppJar;
import org.jclick.compiler.GraphCompiler;
import org.jclick.dataplane.element.ElementRegistry;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.runtime.Clock;
import org.jclick.dataplane.runtime.Router;
import org.jclick.lang.ConfigResult;
import org.jclick.lang.Unparser;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "compile", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compiles a configuration ahead of time into a self-contained runnable jar: the graph "
                + "compiler's classes for it, and only the library classes it can use (click-mkmindriver). "
                + "Run it with: java -jar APP.jar [NAME=value]... [-h ELEMENT.HANDLER]...",
                "The configuration is configured and initialized to compile it (its files must exist), but "
                        + "not run.",
                "For a long run, give java the option ./jclick gives it: -XX:CompileCommand=quiet "
                        + "-XX:CompileCommand=dontinline,org.jclick.gen.*::push* (each generated segment is then "
                        + "compiled by C2 on its own, with a full inlining budget; docs/PERFORMANCE.md)."},
        footer = {"", "Example: ./jclick compile configs/nfv-chain.click -o nfv.jar && java -jar nfv.jar IN=trace.pcap"})
final class CompileCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "CONFIG|NAME=value", arity = "1..*",
            description = "The configuration file and NAME=value overrides of define($NAME), kept in the jar.")
    List<String> args;

    @Option(names = {"-o", "--output"}, paramLabel = "JAR", required = true, description = "The jar to write.")
    Path output;

    @Option(names = "--dump-classes", paramLabel = "DIR",
            description = "Also write the generated classes, their javap listings and graph.txt to DIR.")
    Path dumpClasses;

    private final Streams io;

    CompileCommand(Streams io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        final ConfigArgs a = ConfigArgs.split(spec, args);
        if (a.files.size() != 1 || a.files.get(0).equals("-")) {
            io.err().println("jclick compile: give exactly one configuration file");
            return 2;
        }
        final ElementRegistry registry = Catalogs.runtime();
        if (registry == null) {
            io.err().println(Catalogs.NO_LIBRARY);
            return 1;
        }
        final String file = a.files.get(0);
        final ConfigResult r = ConfigArgs.load(file, a.defines, registry, null, io);
        if (!ConfigArgs.report(r, io, true)) {
            return 1;
        }
        final ErrorHandler errh = ErrorHandler.positional(io.err(),
                (f, l) -> r.sources() == null ? null : r.sources().line(f, l));
        final Router router = Router.build(r.router(), registry,
                new Router.Options(Clock.wall(), 1, "", Unparser.unparse(r.router())), errh);
        if (router == null || router.initialize(errh) < 0) {
            if (router != null) {
                router.cleanup();
            }
            io.err().println("jclick: router could not be initialized");
            return 1;
        }
        try {
            final String source = Files.readString(Path.of(file));
            final String name = Path.of(file).getFileName().toString();
            final AppJar.Written w = AppJar.write(router, name, source, a.defines, output);
            if (dumpClasses != null) {
                GraphCompiler.dump(router, GraphCompiler.Options.of(name), dumpClasses);
            }
            io.out().printf(Locale.ROOT, "%s: %d generated classes, %d library classes (%d element classes), %,d bytes%n",
                    output, w.generatedClasses(), w.libraryClasses(), w.elementClasses(), w.bytes());
            return 0;
        } catch (IOException | RuntimeException e) {
            io.err().println("jclick compile: " + e.getMessage());
            return 1;
        } finally {
            router.cleanup();
        }
    }
}
