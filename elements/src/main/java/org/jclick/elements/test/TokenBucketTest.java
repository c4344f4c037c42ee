package org.jclick.elements.test;

import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.elements.standard.TokenBucket;

/** Click's TokenBucketTest. */
@ElementDoc(
    synopsis = "TokenBucketTest",
    category = "test",
    ports = "none",
    description = """
        Checks the token bucket arithmetic that RatedUnqueue, BandwidthRatedUnqueue, RatedSplitter,
        BandwidthRatedSplitter and RatedSource share, when the router initializes: rates and capacities as
        assigned (within rounding), a full bucket giving exactly its capacity, refilling by millisecond ticks,
        capacities raised to hold a tick's worth, huge token counts, the number of ticks until the bucket holds a
        token (never early, and enough), and the idle and unlimited rates. It reports "All tests pass!" as a
        message of its initialization, or fails initialization with the first check that did not hold.""",
    example = "TokenBucketTest;",
    seeAlso = {"RatedUnqueue", "RatedSplitter"})
public final class TokenBucketTest extends Element
{
    @Override
    public String portCount()
    {
        return PORTS_0_0;
    }

    private static String check(final boolean ok, final String what)
    {
        return ok ? null : "test '" + what + "' failed";
    }

    /** Runs the checks; returns null when they all hold, else the first failure. */
    static String runChecks()
    {
        String f;
        final long max = TokenBucket.MAX_TOKENS;

        // 1024 tokens per second, 2048 of capacity: both as asked, within rounding
        final TokenBucket tb = new TokenBucket();
        tb.assign(1024, 2048);
        if ((f = check(tb.rate() >= 1022 && tb.rate() <= 1026, "rate of assign(1024, 2048) is about 1024")) != null
            || (f = check(tb.capacity() >= 2046 && tb.capacity() <= 2050, "capacity is about 2048")) != null)
        {
            return f;
        }
        // full at tick 0: exactly two lots of 1024
        tb.setFull();
        tb.refill(0);
        if ((f = check(tb.removeIf(1024), "a full bucket gives 1024")) != null
            || (f = check(tb.removeIf(1024), "and 1024 more")) != null
            || (f = check(!tb.removeIf(1024), "but not a third 1024")) != null)
        {
            return f;
        }
        // 990 ticks refill less than 1024 tokens; 1000 ticks refill them
        tb.refill(990);
        if ((f = check(!tb.removeIf(1024), "990 ms do not refill 1024 tokens")) != null)
        {
            return f;
        }
        tb.refill(1000);
        if ((f = check(tb.removeIf(1024), "1000 ms refill 1024 tokens")) != null
            || (f = check(!tb.removeIf(1024), "and no more")) != null)
        {
            return f;
        }

        // a capacity below one tick's worth is raised, and the bucket starts full
        final TokenBucket big = new TokenBucket(1024L * 1024 * 1024, 1);
        if ((f = check(big.full(), "a new bucket is full")) != null
            || (f = check(big.capacity() >= 1024L * 1024 * 1024 / 1000, "capacity raised to a tick's worth")) != null
            || (f = check(big.removeIf(1000), "it gives 1000 tokens")) != null)
        {
            return f;
        }
        // a slow bucket with a huge capacity holds huge counts
        final TokenBucket slow = new TokenBucket(1, 1024L * 1024 * 1024);
        if ((f = check(slow.removeIf(2 * (max / TokenBucket.FREQUENCY)), "a huge bucket gives 2^33/1000 tokens")) != null)
        {
            return f;
        }

        // two tokens per second (in fact a little less): the wait until one token is exact
        final TokenBucket two = new TokenBucket(2, 1);
        two.refill(0);
        two.clear();
        two.refill(two.timeUntilContains(1));
        if ((f = check(two.contains(1), "after the announced wait the bucket holds a token")) != null)
        {
            return f;
        }
        two.refill(0);
        two.clear();
        final long doneAt = two.timeUntilContains(1);
        if ((f = check(doneAt == 501, "a one-token, 2/s bucket refills in 501 ticks (" + doneAt + ")")) != null)
        {
            return f;
        }
        for (long now = 0; now < doneAt; now++)
        {
            if ((f = check(now == doneAt - 1 || !two.contains(1), "no token before the announced tick")) != null
                || (f = check(two.timeUntilContains(1) <= doneAt - now, "the wait only shrinks")) != null)
            {
                return f;
            }
            two.refill(now + 1);
        }
        if ((f = check(two.contains(1), "a token at the announced tick")) != null)
        {
            return f;
        }

        // unlimited and idle rates
        two.assign(true);
        if ((f = check(two.rate() == max && two.capacity() == max, "an unlimited rate")) != null)
        {
            return f;
        }
        two.assign(false);
        two.clear();
        two.refill(1_000_000);
        if ((f = check(two.rate() == 0 && two.capacity() == max && two.empty(), "an idle rate never refills")) != null)
        {
            return f;
        }
        two.assign(0, 1024);
        if ((f = check(two.rate() == 0 && two.capacity() == 1024, "rate 0 is idle but keeps its capacity")) != null
            || (f = check(two.timeUntilContains(1) == TokenBucket.NEVER, "an idle bucket never gets a token")) != null)
        {
            return f;
        }

        // the rounding Click's rate elements show: 100 tokens/s in a bucket of one refills in 11 ticks
        final TokenBucket hundred = new TokenBucket(100, 1);
        hundred.refill(0);
        hundred.remove(1);
        if ((f = check(hundred.timeUntilContains(1) == 11 && hundred.timeUntilFull() == 11,
            "a one-token, 100/s bucket refills in 11 ticks")) != null)
        {
            return f;
        }
        return null;
    }

    @Override
    public int initialize(final ErrorHandler errh)
    {
        final String failure = runChecks();
        if (failure != null)
        {
            return errh.error(failure);
        }
        errh.message("All tests pass!");
        return 0;
    }
}
