package org.jclick.elements.standard;

import java.util.List;

import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementProvider;

/** The element classes of package {@code org.jclick.elements.standard}. */
public final class StandardElements implements ElementProvider
{
    @Override
    public List<Class<? extends Element>> elementClasses()
    {
        return List.of(
            Counter.class,
            Discard.class,
            InfiniteSource.class
        );
    }
}
