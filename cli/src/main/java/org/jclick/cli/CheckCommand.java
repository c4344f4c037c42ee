package org.jclick.cli;

import java.util.List;
import java.util.concurrent.Callable;

import org.jclick.lang.ConfigResult;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Checks Click configurations: syntax, compound elements, connections and element classes.",
                "Prints nothing when every file is fine; otherwise every error, with its line and a caret."},
        footer = {"", "Exit status: 0 all files are fine, 1 some file has errors, 2 usage error."})
final class CheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE|NAME=value", arity = "1..*",
            description = "Configuration files (- for standard input), and NAME=value overrides of "
                    + "define($NAME ...) that apply to every file.")
    List<String> args;

    @Mixin
    LoadOptions load;

    private final Streams io;
    private final Catalogs.ForCommands catalogs;

    CheckCommand(Streams io, Catalogs.ForCommands catalogs) {
        this.io = io;
        this.catalogs = catalogs;
    }

    @Override
    public Integer call() {
        final ConfigArgs a = ConfigArgs.split(spec, args);
        boolean ok = true;
        for (String file : a.files) {
            final ConfigResult r = ConfigArgs.load(file, a.defines, catalogs.get(), load.clickpath, io);
            ok &= ConfigArgs.report(r, io, !load.noWarnings);
        }
        return ok ? 0 : 1;
    }
}
