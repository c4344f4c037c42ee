package org.jclick.elements.queues;

import java.util.List;

import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementProvider;

/** The element classes of package {@code org.jclick.elements.queues}. */
public final class QueueElements implements ElementProvider
{
    @Override
    public List<Class<? extends Element>> elementClasses()
    {
        return List.of(
            SimpleQueue.class,
            NotifierQueue.class,
            FullNoteQueue.class,
            Queue.class,
            MixedQueue.class,
            FrontDropQueue.class,
            ThreadSafeQueue.class,
            Unqueue.class,
            RatedUnqueue.class,
            BandwidthRatedUnqueue.class,
            PrioSched.class,
            RoundRobinSched.class,
            StrideSched.class,
            PullSwitch.class,
            SimplePullSwitch.class,
            DelayUnqueue.class,
            DelayShaper.class,
            Shaper.class,
            BandwidthShaper.class,
            TimedUnqueue.class,
            TimeSortedSched.class,
            LinkUnqueue.class,
            QuickNoteQueue.class
        );
    }
}
