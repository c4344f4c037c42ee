package org.jclick.dataplane.runtime;

import java.util.List;
import java.util.Map;

import org.jclick.dataplane.element.ElementRegistry;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.lang.ClickFrontEnd;
import org.jclick.lang.ConfigResult;
import org.jclick.lang.Diagnostic;
import org.jclick.lang.SourceLocation;
import org.jclick.lang.Unparser;

/**
 * From configuration text to an initialized router, reporting as Click's driver does: every front-end diagnostic
 * ({@code file:line: message}), then build and initialization errors. Used by the tools and by tests.
 */
public final class RouterLoader
{
    private RouterLoader()
    {
    }

    /** Reports front-end diagnostics to {@code errh} in Click's format; returns whether there was an error. */
    public static boolean report(final ConfigResult result, final ErrorHandler errh)
    {
        boolean failed = false;
        for (final Diagnostic d : result.diagnostics())
        {
            final SourceLocation loc = d.location();
            final String lm = loc == null || loc == SourceLocation.UNKNOWN ? null : loc.landmark();
            final StringBuilder text = new StringBuilder(d.message());
            for (final String detail : d.details())
            {
                text.append("\n  ").append(detail);
            }
            if (d.isError())
            {
                failed = true;
                errh.lerror(lm, text.toString());
            }
            else
            {
                errh.lwarning(lm, text.toString());
            }
        }
        return failed;
    }

    /**
     * Builds and initializes a router from a front-end result. Returns null after reporting errors (the caller
     * prints "Router could not be initialized!" if it wants Click's wording). On failure, elements already
     * configured are cleaned up.
     */
    public static Router build(final ConfigResult result, final ElementRegistry registry, final Router.Options options,
        final ErrorHandler errh)
    {
        if (report(result, errh))
        {
            return null;
        }
        final Router router = Router.build(result.router(), registry, options, errh);
        if (router == null)
        {
            return null;
        }
        if (router.initialize(errh) < 0)
        {
            router.cleanup();
            router.releaseMemory();
            return null;
        }
        return router;
    }

    /** Parses, flattens, builds and initializes {@code text}; null after reporting errors. */
    public static Router fromText(final String fileName, final String text, final Map<String, String> defines,
        final ElementRegistry registry, final Router.Options options, final ErrorHandler errh)
    {
        final ClickFrontEnd fe = new ClickFrontEnd(registry, List.of()).clickCompatible();
        final ConfigResult result = fe.load(fileName, text, defines);
        final Router.Options opts = new Router.Options(options.clock(), options.threads(), text,
            result.hasErrors() ? "" : Unparser.unparse(result.router()));
        return build(result, registry, opts, errh);
    }
}
