package org.jclick.elements.modify;

import java.util.List;

import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementProvider;

/** The element classes of package {@code org.jclick.elements.modify}. */
public final class ModifyElements implements ElementProvider
{
    @Override
    public List<Class<? extends Element>> elementClasses()
    {
        return List.of(
            Strip.class,
            Unstrip.class,
            Truncate.class,
            Pad.class,
            Resize.class,
            SetTimestamp.class,
            AdjustTimestamp.class,
            TimeFilter.class,
            SetVLANAnno.class,
            VLANEncap.class,
            VLANDecap.class,
            EtherVLANEncap.class,
            StripEtherVLANHeader.class,
            Clipboard.class,
            StripToNetworkHeader.class,
            SetTimestampDelta.class,
            Align.class,
            AlignmentInfo.class
        );
    }
}
