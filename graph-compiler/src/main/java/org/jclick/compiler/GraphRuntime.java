package org.jclick.compiler;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands generated classes their constants (element instances, classifier programs, output batches) while they are
 * initialized. A generated class's static initializer calls {@link #constant(String, int)}; the values then live
 * in {@code static final} fields, which the JIT treats as constants, so every call on an element is a call on a
 * known object of a known class.
 *
 * <p>Setup-time only: an entry exists from {@link #register} until the graph's classes are initialized.
 */
public final class GraphRuntime
{
    private static final ConcurrentHashMap<String, Object[]> CONSTANTS = new ConcurrentHashMap<>();
    private static final AtomicLong SERIAL = new AtomicLong();

    private GraphRuntime()
    {
    }

    /** Registers the constants of one compiled graph under a new key, which the generated classes name. */
    public static String register(final String prefix, final Object[] constants)
    {
        final String key = prefix + "#" + SERIAL.incrementAndGet();
        CONSTANTS.put(key, constants);
        return key;
    }

    /** Registers constants under a fixed key (an application jar, whose classes name the key they were built with). */
    public static void registerAs(final String key, final Object[] constants)
    {
        CONSTANTS.put(key, constants);
    }

    /** Called by generated static initializers. */
    public static Object constant(final String key, final int index)
    {
        final Object[] values = CONSTANTS.get(key);
        if (values == null)
        {
            throw new IllegalStateException("no compiled graph registered as " + key);
        }
        return values[index];
    }

    /** Forgets a graph's constants once its classes are initialized. */
    public static void unregister(final String key)
    {
        CONSTANTS.remove(key);
    }
}
