package org.jclick.nic.elements;

import java.util.List;

import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementProvider;

/** The element classes of package {@code org.jclick.nic.elements}: FromDevice and ToDevice over jclick's drivers. */
public final class NicElements implements ElementProvider
{
    @Override
    public List<Class<? extends Element>> elementClasses()
    {
        return List.of(FromDevice.class, ToDevice.class);
    }
}
