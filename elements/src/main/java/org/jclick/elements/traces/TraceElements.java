package org.jclick.elements.traces;

import java.util.List;

import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementProvider;

/** The element classes of package {@code org.jclick.elements.traces}. */
public final class TraceElements implements ElementProvider
{
    @Override
    public List<Class<? extends Element>> elementClasses()
    {
        return List.of(
            FromDump.class,
            ToDump.class,
            FromIPSummaryDump.class,
            ToIPSummaryDump.class,
            FromTcpdump.class
        );
    }
}
