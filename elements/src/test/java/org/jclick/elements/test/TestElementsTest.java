package org.jclick.elements.test;

import static org.jclick.elements.queues.QueueTestSupport.runFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jclick.elements.RouterFixture;
import org.jclick.elements.queues.QueueTestSupport;
import org.junit.jupiter.api.Test;

class TestElementsTest
{
    @Test
    void notifierDebugShowsClickSignalNames()
    {
        // 34 notifier queues: 32 bits in word 0 of the empty group, 2 in word 1; the source's own empty notifier
        // comes after them in configuration order but is not on the path (queues stop the search)
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 34; i++)
        {
            sb.append(String.format("q%02d :: NotifierQueue(5);%n", i));
        }
        sb.append("i :: InfiniteSource(LIMIT 3, ACTIVE false) -> q00 -> s :: RoundRobinSched -> n :: NotifierDebug "
            + "-> u :: Unqueue -> c :: Counter -> Discard;\n");
        for (int i = 1; i < 34; i++)
        {
            sb.append(String.format("Idle -> q%02d -> [%d] s;%n", i, i));
        }
        sb.append("p :: NotifierDebug -> Discard;  InfiniteSource(ACTIVE false) -> p;\n");
        sb.append("full :: NotifierDebug;  Idle -> full -> fq :: Queue(4) -> Discard;\n");
        try (RouterFixture f = RouterFixture.simtime(sb.toString()))
        {
            final java.util.List<String> seen = new java.util.ArrayList<>();
            runFor(f, 0.02,
                QueueTestSupport.at(0.01, () ->
                {
                    seen.add(f.read("n.signal"));
                    f.write("i.active", "true");
                }));
            assertEquals("empty.0/ffffffff:0+empty.1/3:0", seen.get(0));
            // the packets went through, and the queue's notifier slept after several empty pulls
            assertEquals("3", f.read("c.count"));
            assertEquals("empty.0/ffffffff:0+empty.1/3:0", f.read("n.signal"));
            // a push path ending in Discard has no notifier: busy
            assertEquals("busy*", f.read("p.signal"));
            // a push path into a Queue: its full notifier (the first of the full group), active (room)
            assertEquals("full.0/1:1*", f.read("full.signal"));
        }
    }

    @Test
    void notifierDebugSeesQueueEmptyAfterDraining()
    {
        try (RouterFixture f = RouterFixture.simtime("""
            i :: InfiniteSource(LIMIT 1, ACTIVE false) -> q :: QuickNoteQueue -> n :: NotifierDebug
              -> u :: Unqueue -> c :: Counter -> Discard;
            """))
        {
            final java.util.List<String> seen = new java.util.ArrayList<>();
            runFor(f, 0.02,
                QueueTestSupport.at(0.01, () ->
                {
                    seen.add(f.read("n.signal"));
                    f.write("i.active", "true");
                }));
            assertEquals("empty.0/2:0", seen.get(0));
            assertEquals("1", f.read("c.count"));
            // QuickNoteQueue sleeps at once when it empties
            assertEquals("empty.0/2:0", f.read("n.signal"));
        }
    }

    @Test
    void queueYankTestPasses()
    {
        try (RouterFixture f = RouterFixture.simtime("Idle -> q :: Queue(6) -> Idle; y :: QueueYankTest(q);"))
        {
            assertEquals("", f.read("y.result"));
            runFor(f, 0.001);
            assertEquals("pass", f.read("y.result"));
            assertEquals("0", f.read("q.length"));
        }
    }

    @Test
    void queueYankTestWantsAQueue()
    {
        final String e = RouterFixture.errorsOf("i :: Idle; QueueYankTest(i);");
        assertTrue(e.contains("QUEUE argument must be a Queue element"), e);
    }

    @Test
    void tokenBucketTestChecksPass()
    {
        assertNull(TokenBucketTest.runChecks());
        try (RouterFixture f = RouterFixture.simtime("TokenBucketTest;"))
        {
            assertEquals("TokenBucketTest", f.read("TokenBucketTest@1.class"));
        }
    }
}
