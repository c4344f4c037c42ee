package org.jclick.elements.arp;

import java.util.List;

import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementProvider;

/** The element classes of package {@code org.jclick.elements.arp}. */
public final class ArpElements implements ElementProvider
{
    @Override
    public List<Class<? extends Element>> elementClasses()
    {
        return List.of(
            ARPTable.class,
            ARPQuerier.class,
            ARPResponder.class
        );
    }
}
