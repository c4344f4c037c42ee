package org.jclick.elements.test;

import java.util.List;

import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementProvider;

/**
 * The element classes of package {@code org.jclick.elements.test}: Click's test elements, which check runtime and
 * library features from inside a running router (notifier signals, queue yanking, token-bucket arithmetic).
 */
public final class TestElements implements ElementProvider
{
    @Override
    public List<Class<? extends Element>> elementClasses()
    {
        return List.of(
            NotifierDebug.class,
            QueueYankTest.class,
            TokenBucketTest.class,
            MTDieTest.class,
            BlockThread.class
        );
    }
}
