package org.jclick.elements.ethernet;

import java.util.List;

import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementProvider;

/** The element classes of package {@code org.jclick.elements.ethernet}. */
public final class EthernetElements implements ElementProvider
{
    @Override
    public List<Class<? extends Element>> elementClasses()
    {
        return List.of(
            EtherEncap.class,
            EtherRewrite.class,
            StoreEtherAddress.class,
            HostEtherFilter.class,
            DropBroadcasts.class,
            MarkMACHeader.class,
            EtherMirror.class
        );
    }
}
