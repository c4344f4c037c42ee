package org.jclick.elements.standard;

import java.util.SplittableRandom;

import org.jclick.dataplane.runtime.Router;

/** A router-wide random generator with a fixed seed; elements take their own split of it at setup time. */
final class RouterRandom
{
    private static final String KEY = "org.jclick.elements.standard.RouterRandom";
    private static final long SEED = 0x436C69636BL;

    private RouterRandom()
    {
    }

    static SplittableRandom split(final Router router)
    {
        synchronized (router)
        {
            Object r = router.attachment(KEY);
            if (!(r instanceof SplittableRandom))
            {
                r = new SplittableRandom(SEED);
                router.setAttachment(KEY, r);
            }
            return ((SplittableRandom)r).split();
        }
    }
}
