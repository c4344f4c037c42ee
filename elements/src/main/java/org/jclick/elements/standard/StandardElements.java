package org.jclick.elements.standard;

import java.util.List;

import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementProvider;

/** The element classes of package {@code org.jclick.elements.standard}. */
public final class StandardElements implements ElementProvider
{
    @Override
    public List<Class<? extends Element>> elementClasses()
    {
        return List.of(
            AverageCounter.class,
            BandwidthRatedSplitter.class,
            Bypass.class,
            CheckPaint.class,
            Counter.class,
            Discard.class,
            Hub.class,
            Idle.class,
            InfiniteSource.class,
            InputSwitch.class,
            Null.class,
            Paint.class,
            PaintSwitch.class,
            PaintTee.class,
            PullNull.class,
            PullTee.class,
            PushNull.class,
            RandomSample.class,
            RatedSource.class,
            RatedSplitter.class,
            RoundRobinSwitch.class,
            HashSwitch.class,
            RandomSwitch.class,
            StrideSwitch.class,
            SetPacketType.class,
            StaticSwitch.class,
            Switch.class,
            Tee.class,
            TimedSink.class,
            TimedSource.class
        );
    }
}
