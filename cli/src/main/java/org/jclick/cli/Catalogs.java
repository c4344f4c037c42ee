package org.jclick.cli;

import java.util.Iterator;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

import org.jclick.dataplane.element.ElementRegistry;
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
                final ElementRegistry r = ElementRegistry.loadDefault();
                if (!r.classNames().isEmpty()) {
                    registry = r;
                } else {
                    final Iterator<ElementCatalog> it = ServiceLoader.load(ElementCatalog.class).iterator();
                    registry = it.hasNext() ? it.next() : null;
                }
            } catch (ServiceConfigurationError e) {
                registry = null;
            }
        }
        return registry;
    }

    /** The element library's classes, lenient: a class it lacks is taken as a primitive class (checking only). */
    static ElementCatalog lenient(ElementCatalog r) {
        return new ElementCatalog() {
            @Override
            public boolean isElementClass(String name) {
                return r.isElementClass(name);
            }

            @Override
            public java.util.Collection<String> classNames() {
                return r.classNames();
            }

            @Override
            public boolean isPermissive() {
                return true;
            }

            @Override
            public String portCount(String className) {
                return r.portCount(className);
            }
        };
    }

    /** The registry when it is the runtime's (it can run routers), else null. */
    static ElementRegistry runtime() {
        return registry() instanceof ElementRegistry r ? r : null;
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
                return lenient(r);
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
