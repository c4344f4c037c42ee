package org.jclick.elements.queues;

import static org.jclick.elements.queues.QueueTestSupport.runFor;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jclick.elements.RouterFixture;
import org.junit.jupiter.api.Test;

/** PullSwitch's notifier, as in Click's PullSwitch-01: pullers sleep when the selected source is done. */
class PullSwitchNotifierTest
{
    @Test
    void pullerSleepsWhenSelectedSourceIsDoneAndWakesOnSwitch()
    {
        try (RouterFixture f = RouterFixture.simtime("""
            i1 :: InfiniteSource(LIMIT 4); i2 :: InfiniteSource(LIMIT 3); i3 :: Idle;
            ps :: PullSwitch(-1);
            i1 -> [0] ps; i2 -> [1] ps; i3 -> [2] ps; ps -> c :: Counter -> d :: Discard;
            """))
        {
            final java.util.List<String> seen = new java.util.ArrayList<>();
            final Runnable look = () -> seen.add(f.read("c.count") + "/" + f.read("d.scheduled"));
            runFor(f, 0.5,
                QueueTestSupport.at(0.1, () ->
                {
                    look.run();
                    f.write("ps.switch", "2");
                    look.run();
                    f.write("ps.switch", "0");
                    look.run();
                }),
                QueueTestSupport.at(0.2, () ->
                {
                    look.run();
                    f.write("ps.switch", "1");
                }),
                QueueTestSupport.at(0.3, () ->
                {
                    look.run();
                    // the source becomes active again: its notifier wakes the puller directly (CONTINUE_WAKE)
                    f.write("i2.reset", "");
                    look.run();
                }),
                QueueTestSupport.at(0.4, look));
            assertEquals(java.util.List.of("0/false", "0/false", "0/true", "4/false", "7/false", "7/true", "10/false"),
                seen);
        }
    }

    @Test
    void timeSortedSchedAsksToStopAgainAfterNewPackets()
    {
        try (RouterFixture f = RouterFixture.simtime("""
            a :: InfiniteSource(LIMIT 2); b :: InfiniteSource(LIMIT 2, ACTIVE false);
            tss :: TimeSortedSched(STOP true);
            a -> [0] tss; b -> [1] tss; tss -> c :: Counter -> Discard;
            DriverManager(wait, write b.active true, wait);
            """))
        {
            f.run();
            assertEquals("4", f.read("c.count"));
        }
    }
}
