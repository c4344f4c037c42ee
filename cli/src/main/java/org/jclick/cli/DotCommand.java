package org.jclick.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.jclick.lang.ConfigResult;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "dot", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Draws the flattened configuration as a Graphviz graph: one box per element "
                + "(name :: Class) with its port cells, one arrow per connection from output port to input port.",
                "Without -o, prints the DOT text. With -o FILE.svg, .png or .pdf runs Graphviz's dot; "
                        + "with -o FILE.dot (or .gv) writes the DOT text."},
        footer = {"", "Exit status: 0 ok, 1 configuration error or Graphviz missing/failing, 2 usage error."})
final class DotCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE|NAME=value", arity = "1..*",
            description = "One configuration file (- for standard input), then NAME=value overrides.")
    List<String> args;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "out.svg, out.png, out.pdf, out.dot or out.gv.")
    Path output;

    @Option(names = "--config", description = "Also show each element's configuration (shortened) in its box.")
    boolean showConfig;

    @Option(names = "--no-clusters", description = "Do not group the parts of compound elements in boxes.")
    boolean noClusters;

    @Mixin
    LoadOptions load;

    private final Streams io;
    private final Catalogs.ForCommands catalogs;

    DotCommand(Streams io, Catalogs.ForCommands catalogs) {
        this.io = io;
        this.catalogs = catalogs;
    }

    @Override
    public Integer call() {
        final ConfigArgs a = ConfigArgs.split(spec, args);
        final String file = a.onlyFile(spec);
        final String format = output == null ? "dot" : Graphviz.formatFor(output);
        if (format == null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "cannot tell the output format of '" + output + "': use .svg, .png, .pdf, .dot or .gv");
        }
        if (!format.equals("dot") && Graphviz.find() == null) {
            io.err().println(Graphviz.MISSING);
            return 1;
        }
        final ConfigResult r = ConfigArgs.load(file, a.defines, catalogs.get(), load.clickpath, io);
        if (!ConfigArgs.report(r, io, !load.noWarnings)) {
            return 1;
        }
        final String dot = new DotRenderer(showConfig, !noClusters).render(r.router(), graphName(file));
        return write(dot, format, output, io);
    }

    static String graphName(String file) {
        if (file.equals("-")) {
            return "stdin";
        }
        final Path name = Path.of(file).getFileName();
        return name == null ? file : name.toString();
    }

    /** Writes DOT text (stdout when {@code output} is null) or runs Graphviz. */
    static int write(String dot, String format, Path output, Streams io) {
        try {
            if (output == null || output.toString().equals("-")) {
                io.out().print(dot);
                io.out().flush();
            } else if (format.equals("dot")) {
                Files.writeString(output, dot, Streams.CHARSET);
            } else {
                Graphviz.render(dot, format, output);
            }
            return 0;
        } catch (IOException e) {
            io.err().println("jclick: " + output + ": " + Files2.reason(e));
        } catch (Graphviz.GraphvizException e) {
            io.err().println(e.getMessage());
        }
        return 1;
    }
}
