package org.jclick.cli;

import java.util.List;
import java.util.concurrent.Callable;

import org.jclick.dataplane.element.ElementRegistry;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.runtime.Router;
import org.jclick.lang.ConfigResult;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Checks Click configurations: syntax, compound elements, connections, element classes, and the "
                + "rules of IPFilter, IPClassifier and Classifier.",
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
            final boolean loaded = ConfigArgs.report(r, io, !load.noWarnings);
            ok &= loaded && configurations(r);
        }
        return ok ? 0 : 1;
    }

    /**
     * Configures the elements that can be checked without running (e.g. classifier rules) and prints their errors
     * in jclick's form, {@code file:line:col: ...} with the source line and a caret. True when there is none.
     * When the router cannot be built here (a class the catalog knows but this build does not implement, such
     * as FromDevice), nothing more is checked: that is not an error of the configuration.
     */
    private boolean configurations(ConfigResult r) {
        final ElementRegistry registry = Catalogs.runtime();
        if (registry == null || r.router() == null) {
            return true;
        }
        final ErrorHandler errh = ErrorHandler.positional(io.err(),
                (f, l) -> r.sources() == null ? null : r.sources().line(f, l), !load.noWarnings);
        final Router router = Router.build(r.router(), registry, Router.Options.defaults(), ErrorHandler.silent());
        return router == null || router.checkConfigurations(errh) >= 0;
    }
}
