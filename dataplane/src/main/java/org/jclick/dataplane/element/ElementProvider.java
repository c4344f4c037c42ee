package org.jclick.dataplane.element;

import java.util.List;

/**
 * A library of element classes, found with {@link java.util.ServiceLoader}. The {@code elements} module provides
 * the standard library; drivers and extensions provide more.
 */
public interface ElementProvider
{
    /** The element classes, each public, concrete, with a public no-argument constructor. */
    List<Class<? extends Element>> elementClasses();
}
