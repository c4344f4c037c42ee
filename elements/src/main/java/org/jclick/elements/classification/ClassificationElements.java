package org.jclick.elements.classification;

import java.util.List;

import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementProvider;

/** The element classes of package {@code org.jclick.elements.classification}. */
public final class ClassificationElements implements ElementProvider
{
    @Override
    public List<Class<? extends Element>> elementClasses()
    {
        return List.of(
            Classifier.class,
            IPClassifier.class,
            IPFilter.class
        );
    }
}
