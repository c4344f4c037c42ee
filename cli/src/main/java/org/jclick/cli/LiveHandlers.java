package org.jclick.cli;

import java.util.ArrayList;
import java.util.List;

import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.Handler;
import org.jclick.dataplane.runtime.Router;
import org.jclick.lang.ElementCatalog;
import org.jclick.lang.FlatRouter;

/**
 * Click's {@code -h} and {@code -x} against a running (or stopped) router's handlers. Against the replicas of
 * {@code --threads N} (after they stopped), a handler whose value is an integer in every replica reads as the sum
 * (counters, table sizes); any other value is replica 0's, with a note on standard error when the replicas differ.
 */
final class LiveHandlers {

    private final Router router;
    private final List<Router> replicas;
    private final StaticHandlers names;

    LiveHandlers(Router router, FlatRouter flat, String configText, ElementCatalog catalog) {
        this(List.of(router), flat, configText, catalog);
    }

    LiveHandlers(List<Router> replicas, FlatRouter flat, String configText, ElementCatalog catalog) {
        this.router = replicas.get(0);
        this.replicas = replicas;
        this.names = new StaticHandlers(flat, configText, catalog);
    }

    private String read(Element e, String handler, Streams io) {
        final String v0 = readOne(router, e, handler, io);
        if (v0 == null || replicas.size() == 1) {
            return v0;
        }
        final List<String> values = new ArrayList<>();
        values.add(v0);
        for (int k = 1; k < replicas.size(); k++) {
            final Router rk = replicas.get(k);
            final String v = readOne(rk, e == null ? null : rk.element(e.eindex()), handler, io);
            values.add(v == null ? "" : v);
        }
        final String sum = sumOfIntegers(values);
        if (sum != null) {
            return sum;
        }
        if (values.stream().distinct().count() > 1) {
            io.err().println("jclick: " + (e == null ? handler : e.name() + "." + handler) + ": not an integer in "
                    + "every replica; printing replica 0's value of " + replicas.size());
        }
        return v0;
    }

    /** The sum, if every value is an integer (surrounding blanks allowed), else null. */
    static String sumOfIntegers(List<String> values) {
        long sum = 0;
        for (String v : values) {
            final String t = v.strip();
            if (!t.matches("[+-]?\\d{1,18}")) {
                return null;
            }
            sum += Long.parseLong(t);
        }
        return Long.toString(sum);
    }

    private static String readOne(Router router, Element e, String handler, Streams io) {
        final Handler h = router.handlers().find(e, handler);
        if (h == null || !h.readable()) {
            return null;
        }
        final ErrorHandler errh = ErrorHandler.printing(io.err());
        final String v = h.callRead("", errh);
        return v == null ? "" : v;
    }

    /** Click's {@code call_read_handlers}: prints each value; with several, each under its name. */
    boolean callReadHandlers(List<String> specs, Streams io) {
        final boolean printNames = specs.size() > 1;
        boolean ok = true;
        for (String full : specs) {
            final int dot = full.lastIndexOf('.');
            if (dot < 0) {
                ok &= print(null, full, printNames, io);
                continue;
            }
            final List<String> errors = new ArrayList<>();
            final List<FlatRouter.Element> elements = names.expand(full.substring(0, dot), errors);
            if (elements == null) {
                errors.forEach(io.err()::println);
                ok = false;
                continue;
            }
            final String handler = full.substring(dot + 1);
            final boolean exact = elements.size() == 1 && elements.get(0).name().equals(full.substring(0, dot));
            for (FlatRouter.Element fe : elements) {
                final Element e = router.element(fe.index());
                if (exact || router.handlers().find(e, handler) != null) {
                    ok &= print(e, handler, printNames || !exact, io);
                }
            }
        }
        return ok;
    }

    private boolean print(Element e, String handler, boolean printName, Streams io) {
        final String fullName = e == null ? handler : e.name() + "." + handler;
        String value = read(e, handler, io);
        if (value == null) {
            io.err().println("no '" + fullName + "' handler");
            return false;
        }
        if (printName) {
            io.out().print(fullName + ":\n");
        }
        if (!value.isEmpty() && !value.endsWith("\n")) {
            value += "\n";
        }
        io.out().print(value);
        if (printName) {
            io.out().print("\n");
        }
        return true;
    }

    /** Click's exit-handler rule: an integer, or a boolean (true = 0), else an error (255). */
    int exitHandler(String call, Streams io) {
        final int dot = call.lastIndexOf('.');
        String value = null;
        if (dot < 0) {
            value = read(null, call, io);
        } else {
            final List<String> errors = new ArrayList<>();
            final List<FlatRouter.Element> elements = names.expand(call.substring(0, dot), errors);
            if (elements != null && elements.size() == 1) {
                value = read(router.element(elements.get(0).index()), call.substring(dot + 1), io);
            }
        }
        if (value == null) {
            io.err().println("no '" + call + "' handler");
            return 255;
        }
        final String v = ClickDriverTool.uncomment(value).strip();
        if (v.matches("[+-]?\\d{1,18}")) {
            return (int) (Long.parseLong(v) & 0xFF);
        }
        switch (v) {
            case "true", "yes", "1", "t", "y", "on" -> {
                return 0;
            }
            case "false", "no", "0", "f", "n", "off" -> {
                return 1;
            }
            default -> {
                io.err().println("exit handler value should be integer");
                return 255;
            }
        }
    }
}
