package org.jclick.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.jclick.lang.ConfigResult;
import org.jclick.lang.Unparser;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "flatten", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Prints a configuration flattened, as click-flatten does: every compound element expanded, "
                + "every parameter substituted, every element named."},
        footer = {"", "Exit status: 0 ok, 1 the configuration has errors (nothing is printed), 2 usage error."})
final class FlattenCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE|NAME=value", arity = "1..*",
            description = "One configuration file (- for standard input), then NAME=value overrides.")
    List<String> args;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of standard output.")
    Path output;

    @Option(names = "--line-directives", description = "Precede each declaration with # LINE \"FILE\" (click-flatten's layout).")
    boolean lineDirectives;

    @Mixin
    LoadOptions load;

    private final Streams io;
    private final Catalogs.ForCommands catalogs;

    FlattenCommand(Streams io, Catalogs.ForCommands catalogs) {
        this.io = io;
        this.catalogs = catalogs;
    }

    @Override
    public Integer call() {
        final ConfigArgs a = ConfigArgs.split(spec, args);
        final String file = a.onlyFile(spec);
        final ConfigResult r = ConfigArgs.load(file, a.defines, catalogs.get(), load.clickpath, io);
        if (!ConfigArgs.report(r, io, !load.noWarnings)) {
            return 1;
        }
        final String text = Unparser.unparse(r.router(), lineDirectives);
        if (output == null || output.toString().equals("-")) {
            io.out().print(text);
            io.out().flush();
            return 0;
        }
        try {
            Files.writeString(output, text, Streams.CHARSET);
        } catch (IOException e) {
            io.err().println("jclick: " + output + ": " + Files2.reason(e));
            return 1;
        }
        return 0;
    }
}
