package org.jclick.elements.test;

import java.util.List;

import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementProvider;

/**
 * The element classes of package {@code org.jclick.elements.test}: jclick's versions of Click's test elements
 * ({@code elements/test} in Click), which Click's own test suite uses to exercise the runtime. Being in the
 * registry, they are what {@code click-buildtool provides} reports, so tests that {@code %require} them run.
 */
public final class TestElements implements ElementProvider
{
    @Override
    public List<Class<? extends Element>> elementClasses()
    {
        return List.of(
            MTDieTest.class
        );
    }
}
