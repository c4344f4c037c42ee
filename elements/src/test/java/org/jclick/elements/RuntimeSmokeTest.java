package org.jclick.elements;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RuntimeSmokeTest
{
    @Test
    void sourceCounterDiscardStopsAtLimit()
    {
        try (RouterFixture f = RouterFixture.simtime("InfiniteSource(LIMIT 5, STOP true) -> c :: Counter -> d :: Discard;"))
        {
            f.run();
            assertEquals("5", f.read("c.count"));
            assertEquals("5", f.read("d.count"));
            assertEquals(Integer.toString(5 * 69), f.read("c.byte_count"));
        }
    }

    @Test
    void burstsAreCountedAsBatches()
    {
        try (RouterFixture f = RouterFixture.simtime(
            "InfiniteSource(LIMIT 1000, BURST 32, STOP true) -> c :: Counter -> d :: Discard;"))
        {
            f.run();
            assertEquals("1000", f.read("c.count"));
        }
    }

    @Test
    void portReuseIsReportedAsClickDoes()
    {
        final String errors = RouterFixture.errorsOf("i::InfiniteSource -> c::Counter -> d::Discard;\ni -> Counter -> d;");
        assertTrue(errors.contains("config:1: illegal reuse of 'i :: InfiniteSource' push output 0"), errors);
    }

    @Test
    void globalHandlers()
    {
        try (RouterFixture f = RouterFixture.simtime("a :: InfiniteSource(LIMIT 1, STOP true) -> Discard;"))
        {
            assertEquals("2\na\nDiscard@2\n", f.read("list"));
            assertEquals("InfiniteSource", f.read("a.class"));
            assertEquals("LIMIT 1, STOP true", f.read("a.config"));
        }
    }

    @Test
    void aQueueCanHoldMoreClonesThanOnePoolHasPacketObjects()
    {
        try (RouterFixture f = RouterFixture.simtime(
            "InfiniteSource(LIMIT 50000, BURST 64, STOP true) -> q :: Queue(100000) -> Unqueue(ACTIVE false) -> Discard;"))
        {
            f.run();
            assertEquals("50000", f.read("q.length").strip());
        }
    }
}
