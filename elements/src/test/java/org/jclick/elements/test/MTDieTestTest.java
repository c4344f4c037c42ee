package org.jclick.elements.test;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jclick.elements.RouterFixture;
import org.junit.jupiter.api.Test;

class MTDieTestTest
{
    private static String waits(final int n)
    {
        return "wait, ".repeat(n);
    }

    @Test
    void oneStopRequestPerThreadReachesTheDriverManager()
    {
        // Click's threads/MTDieTest-01 in small: each thread's task asks once; every wait must see its request,
        // also when several requests arrive while the driver is being stepped
        for (int round = 0; round < 25; round++)
        {
            try (RouterFixture f = RouterFixture.wall("t :: MTDieTest; c :: Counter; Idle -> c -> Discard;"
                + " DriverManager(" + waits(4) + "write c.count 42, stop);", 4))
            {
                f.run();
                assertEquals("42", f.read("c.count"), "round " + round);
            }
        }
    }

    @Test
    void nthreadsLimitsTheTasks()
    {
        try (RouterFixture f = RouterFixture.wall("t :: MTDieTest(NTHREADS 2); c :: Counter; Idle -> c -> Discard;"
            + " DriverManager(" + waits(2) + "write c.count 7, stop);", 4))
        {
            assertEquals(2, ((MTDieTest)f.router().find("t")).taskCount());
            f.run();
            assertEquals("7", f.read("c.count"));
        }
    }
}
