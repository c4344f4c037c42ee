package org.jclick.elements.analysis;

import java.util.List;

import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementProvider;

/** The element classes of package {@code org.jclick.elements.analysis}: trace analysis (Click's elements/analysis). */
public final class AnalysisElements implements ElementProvider
{
    @Override
    public List<Class<? extends Element>> elementClasses()
    {
        return List.of(
            AggregateCounter.class,
            AggregateIPFlows.class
        );
    }
}
