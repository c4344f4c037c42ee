package org.jclick.elements.iplookup;

import java.util.List;

import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementProvider;

/** The element classes of package {@code org.jclick.elements.iplookup}. */
public final class IPLookupElements implements ElementProvider
{
    @Override
    public List<Class<? extends Element>> elementClasses()
    {
        return List.of(
            StaticIPLookup.class,
            LinearIPLookup.class,
            RadixIPLookup.class,
            DirectIPLookup.class,
            RangeIPLookup.class
        );
    }
}
