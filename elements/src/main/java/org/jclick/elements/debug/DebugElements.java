package org.jclick.elements.debug;

import java.util.List;

import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementProvider;

/** The element classes of package {@code org.jclick.elements.debug}. */
public final class DebugElements implements ElementProvider
{
    @Override
    public List<Class<? extends Element>> elementClasses()
    {
        return List.of(
            Print.class,
            IPPrint.class,
            ARPPrint.class,
            Message.class,
            ErrorElement.class
        );
    }
}
