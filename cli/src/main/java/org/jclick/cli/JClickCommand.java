package org.jclick.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

@Command(name = "jclick", mixinStandardHelpOptions = true, versionProvider = JClickCommand.Version.class,
        description = {"Click-language network functions on the JVM.", ""},
        synopsisSubcommandLabel = "COMMAND",
        commandListHeading = "%nCommands:%n",
        footerHeading = "%n",
        footer = {"Click-compatible entry points (Click's options, messages and exit codes):",
                "  click [OPTION]... [FILE] [NAME=value]...          Click's driver",
                "  click-flatten [OPTION]... [FILE] [NAME=value]...  Click's flattener",
                "  click-buildtool provides FEATURE...",
                "for example: jclick click -qo- router.click. A link to the jclick launcher named",
                "click, click-flatten or clicktest acts as that Click program.",
                "",
                "Exit status: 0 ok, 1 configuration or input error, 2 usage error.",
                "Run 'jclick COMMAND --help' for a command's options."})
final class JClickCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "Show the Java stack trace of internal errors.")
    boolean debug;

    private final Streams io;

    JClickCommand(Streams io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        io.err().println("jclick: missing command");
        spec.commandLine().usage(io.err());
        return 2;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"jclick " + Main.version() + " (Click " + StaticHandlers.CLICK_VERSION
                    + " language), Java " + Runtime.version()};
        }
    }
}
