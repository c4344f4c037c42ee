package org.jclick.lang;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the front end knows about primitive element classes. The language alone does not know which
 * identifiers name element classes; Click's driver and tools differ here, and so does this catalog:
 * <ul>
 *   <li>a <em>permissive</em> catalog (Click's tools, e.g. {@code click-flatten}) treats every identifier
 *       that is used as a class, and is not an element in scope, as a primitive class;</li>
 *   <li>a <em>closed</em> catalog (Click's driver) knows a fixed set of classes and reports the others as
 *       unknown, with a suggestion.</li>
 * </ul>
 */
public interface ElementCatalog {

    /** Whether {@code name} is a primitive element class known to this catalog. */
    boolean isElementClass(String name);

    /** The known primitive classes, for listings and "did you mean" suggestions. */
    Collection<String> classNames();

    /** Whether unknown identifiers used in class position become primitive classes silently. */
    boolean isPermissive();

    /**
     * Click's port count specification for a class ({@code "1/1"}, {@code "-/-"}, {@code "1/1-2"}...), or
     * {@code null} when unknown.
     */
    default String portCount(String className) {
        return null;
    }

    /** A catalog that knows no classes and accepts every identifier as one (Click's tools). */
    static ElementCatalog tools() {
        return new ElementCatalog() {
            @Override
            public boolean isElementClass(String name) {
                return false;
            }

            @Override
            public Collection<String> classNames() {
                return List.of();
            }

            @Override
            public boolean isPermissive() {
                return true;
            }
        };
    }

    /** A closed catalog of the given class names. */
    static ElementCatalog of(Collection<String> names) {
        final Set<String> known = new TreeSet<>(names);
        return new ElementCatalog() {
            @Override
            public boolean isElementClass(String name) {
                return known.contains(name);
            }

            @Override
            public Collection<String> classNames() {
                return known;
            }

            @Override
            public boolean isPermissive() {
                return false;
            }
        };
    }
}
