package org.jclick.cli;

import java.util.Iterator;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

import org.jclick.lang.ElementCatalog;

/**
 * Finds the element library's catalog. The element library registers an {@link ElementCatalog} as a
 * service ({@code META-INF/services/org.jclick.lang.ElementCatalog}); until one is on the class path,
 * jclick checks the Click language only, with Click's permissive tools catalog.
 */
final class Catalogs {

    static final String NO_LIBRARY = "jclick: no element library yet; checking the Click language only";

    private static ElementCatalog registry;
    private static boolean looked;

    private Catalogs() {
    }

    /** The registered catalog, or null when no element library is on the class path. */
    static synchronized ElementCatalog registry() {
        if (!looked) {
            looked = true;
            try {
                final Iterator<ElementCatalog> it = ServiceLoader.load(ElementCatalog.class).iterator();
                registry = it.hasNext() ? it.next() : null;
            } catch (ServiceConfigurationError e) {
                registry = null;
            }
        }
        return registry;
    }

    /**
     * The catalog jclick's own commands use: the registry's, or else the permissive tools catalog, saying
     * so once on {@code err}.
     */
    static final class ForCommands {
        private final Streams io;
        private boolean warned;

        ForCommands(Streams io) {
            this.io = io;
        }

        ElementCatalog get() {
            final ElementCatalog r = registry();
            if (r != null) {
                return r;
            }
            if (!warned) {
                warned = true;
                io.err().println(NO_LIBRARY);
            }
            return ElementCatalog.tools();
        }

        boolean hasLibrary() {
            return registry() != null;
        }
    }
}
