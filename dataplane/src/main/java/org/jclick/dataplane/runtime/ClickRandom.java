package org.jclick.dataplane.runtime;

/**
 * Click's process-wide {@code click_random()}: at user level that is the C library's {@code random()}, so this
 * reproduces glibc's default generator (the additive feedback generator of degree 31 seeded by {@code srandom})
 * bit for bit: with seed 1 the first value is 1804289383, as in C. {@link #random(int, int)} is Click's
 * {@code click_random(low, high)} with its rejection sampling, so elements that draw random values (a
 * rewriter's random port choice, for instance) make Click's choices under {@code RandomSeed}. Without a seed
 * the generator starts from the clock.
 */
public final class ClickRandom
{
    public static final int RAND_MAX = 0x7FFFFFFF;

    private static final int[] STATE = new int[34];
    private static int front;
    private static int rear;

    static
    {
        srandom((int)System.nanoTime());
    }

    private ClickRandom()
    {
    }

    /** Click's {@code click_srandom} (C's {@code srandom}). */
    public static synchronized void srandom(final int seed)
    {
        final int[] r = new int[31];
        r[0] = seed == 0 ? 1 : seed;
        for (int i = 1; i < 31; i++)
        {
            // 16807 * r[i-1] % 2147483647 without overflow, as glibc computes it (signed)
            final int hi = r[i - 1] / 127773;
            final int lo = r[i - 1] % 127773;
            int word = 16807 * lo - 2836 * hi;
            if (word < 0)
            {
                word += 2147483647;
            }
            r[i] = word;
        }
        System.arraycopy(r, 0, STATE, 0, 31);
        front = 3;
        rear = 0;
        for (int i = 0; i < 310; i++)
        {
            next();
        }
    }

    private static int next()
    {
        STATE[front] += STATE[rear];
        final int result = STATE[front] >>> 1;
        front = front == 30 ? 0 : front + 1;
        rear = rear == 30 ? 0 : rear + 1;
        return result;
    }

    /** Click's {@code click_random()}: 0 to {@link #RAND_MAX}. */
    public static synchronized int random()
    {
        return next();
    }

    /** Click's {@code click_random(low, high)}: {@code low} to {@code high} inclusive (unsigned), {@code low} if {@code low > high}. */
    public static synchronized long random(final long low, final long high)
    {
        if (low > high)
        {
            return low;
        }
        final long span = high - low;
        if (span > RAND_MAX)
        {
            long r;
            while ((r = ((((long)next() << 17) ^ (next() >>> 14)) & 0xFFFFFFFFL)) > span)
            {
                // try again
            }
            return r + low;
        }
        if (span == 1)
        {
            return low + ((next() >>> 14) & 1);
        }
        final long count = (RAND_MAX + 1L) / (span + 1);
        final long max = count * (span + 1);
        long r;
        while ((r = next()) >= max)
        {
            // try again
        }
        return r / count + low;
    }
}
