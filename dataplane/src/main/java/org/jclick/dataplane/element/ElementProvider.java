package org.jclick.dataplane.element;

import java.util.List;

/**
 * A library of element classes, found with {@link java.util.ServiceLoader}. The {@code elements} module provides
 * the standard library; drivers and extensions provide more. A module that writes an {@link ElementIndex} at build
 * time (as {@code elements} and {@code nic-drivers} do) lets the default registry skip instantiating its providers
 * and load each class only when it is used; without one, its classes are loaded and reflected on at start.
 */
public interface ElementProvider
{
    /** The element classes, each public, concrete, with a public no-argument constructor. */
    List<Class<? extends Element>> elementClasses();
}
