package org.jclick.cli;

import java.util.TreeSet;
import java.util.concurrent.Callable;

import org.jclick.lang.ElementCatalog;
import org.jclick.lang.Suggestions;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "elements", mixinStandardHelpOptions = true,
        description = {"Lists the element classes of the element library, one per line, or describes one class."},
        footer = {"", "Exit status: 0 ok, 1 unknown class (or no element library to ask), 2 usage error."})
final class ElementsCommand implements Callable<Integer> {

    static final String NOT_BUILT = "jclick: the element library is not built yet, so no element classes are known; "
            + "the Click language itself defines only the pseudo-elements 'input' and 'output' of compound elements";

    @Parameters(paramLabel = "CLASS", arity = "0..1", description = "An element class to describe.")
    String name;

    private final Streams io;

    ElementsCommand(Streams io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        final ElementCatalog catalog = Catalogs.registry();
        if (catalog == null) {
            io.err().println(NOT_BUILT);
            return name == null ? 0 : 1;
        }
        if (name == null) {
            final StringBuilder sb = new StringBuilder();
            for (String c : new TreeSet<>(catalog.classNames())) {
                sb.append(c).append('\n');
            }
            io.out().print(sb);
            io.out().flush();
            return 0;
        }
        if (!catalog.isElementClass(name)) {
            final String near = Suggestions.closest(name, catalog.classNames());
            io.err().println("jclick: unknown element class '" + name + "'"
                    + (near == null ? "" : " (did you mean '" + near + "'?)"));
            return 1;
        }
        final StringBuilder sb = new StringBuilder();
        sb.append(name).append('\n');
        final String ports = catalog.portCount(name);
        sb.append("  ports: ").append(ports == null ? "unknown" : ports + " (inputs/outputs)").append('\n');
        sb.append("  documentation: not available from the element library yet\n");
        io.out().print(sb);
        io.out().flush();
        return 0;
    }
}
