package org.jclick.compiler;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

import org.jclick.compiler.GraphPlan.Node;

/**
 * Loaded sets of generated classes, kept for reuse. The classes of a configuration depend only on the configuration
 * (the router's objects are bound into their static fields by {@code bind}), so a router built again from the same
 * configuration, after the previous one was cleaned up (a benchmark's next run, a restart, a reload), takes the
 * same classes back, already compiled by the JIT, instead of starting again in the interpreter. A set is in use by
 * one router at a time; routers alive at the same time (replicas on several cores) get sets of their own.
 */
final class LoadedClasses
{
    /** Free sets kept per configuration fingerprint, and fingerprints kept (least recently used goes first). */
    private static final int MAX_FREE_PER_GRAPH = 4;
    private static final int MAX_GRAPHS = 32;
    private static final Map<String, List<LoadedClasses>> FREE = new LinkedHashMap<>(16, 0.75f, true);

    /** The classes' bytes, for the fingerprint. */
    private final Map<String, byte[]> bytes;
    /** The bytes' fingerprint; computed when first needed, which a cold start never does (nothing is free yet). */
    private String fingerprint;
    private final Map<String, Class<?>> classes;
    private boolean inUse = true;

    private LoadedClasses(final Map<String, byte[]> bytes, final String fingerprint, final Map<String, Class<?>> classes)
    {
        this.bytes = bytes;
        this.fingerprint = fingerprint;
        this.classes = classes;
    }

    Map<String, Class<?>> classes()
    {
        return classes;
    }

    /** A set of loaded classes for {@code bytes}: a free one made from the same bytes, else newly defined. */
    static LoadedClasses take(final Map<String, byte[]> bytes)
    {
        // hashing every class in the interpreter is a good part of a cold start's compile step, and it can only
        // find something once a router has been cleaned up: it is skipped while no set is free
        String fp = null;
        final boolean anyFree;
        synchronized (FREE)
        {
            anyFree = !FREE.isEmpty();
        }
        if (anyFree)
        {
            fp = fingerprint(bytes);
            synchronized (FREE)
            {
                final List<LoadedClasses> free = FREE.get(fp);
                for (int i = free == null ? -1 : free.size() - 1; i >= 0; i--)
                {
                    final LoadedClasses l = free.get(i);
                    if (sameBytes(l.bytes, bytes))
                    {
                        free.remove(i);
                        l.inUse = true;
                        return l;
                    }
                }
            }
        }
        final GeneratedClassLoader loader = new GeneratedClassLoader(GraphCompiler.class.getClassLoader(), bytes);
        final Map<String, Class<?>> loaded = new HashMap<>();
        try
        {
            for (final String name : bytes.keySet())
            {
                loaded.put(name, Class.forName(name, true, loader));
            }
        }
        catch (final ClassNotFoundException | LinkageError e)
        {
            throw new IllegalStateException("generated classes could not be loaded: " + e, e);
        }
        return new LoadedClasses(bytes, fp, loaded);
    }

    /** Gives the set back (its router was cleaned up): its fields are cleared, and it waits for the next router. */
    void release()
    {
        synchronized (FREE)
        {
            if (!inUse)
            {
                return;
            }
            inUse = false;
        }
        unbind(classes);
        if (fingerprint == null)
        {
            fingerprint = fingerprint(bytes);
        }
        synchronized (FREE)
        {
            final List<LoadedClasses> free = FREE.computeIfAbsent(fingerprint, k -> new ArrayList<>());
            if (free.size() < MAX_FREE_PER_GRAPH)
            {
                free.add(this);
            }
            while (FREE.size() > MAX_GRAPHS)
            {
                FREE.remove(FREE.keySet().iterator().next());
            }
        }
    }

    /** Calls {@code bind(constants)} of every segment class of {@code plan}. */
    static void bind(final Map<String, Class<?>> loaded, final GraphPlan plan, final Object[] constants)
    {
        for (final Node n : plan.nodes())
        {
            if (n.className != null)
            {
                invokeBind(loaded.get(n.className), constants);
            }
        }
    }

    private static void unbind(final Map<String, Class<?>> loaded)
    {
        for (final Class<?> c : loaded.values())
        {
            if (org.jclick.dataplane.element.Element.class.isAssignableFrom(c))
            {
                continue; // the port classes hold nothing
            }
            invokeBind(c, new Object[constantsOf(c)]);
        }
    }

    /** The length of the constant array a segment class was last bound with (an array of nulls that long unbinds it). */
    private static int constantsOf(final Class<?> c)
    {
        return MAX_CONSTANTS.getOrDefault(c, 0);
    }

    private static final Map<Class<?>, Integer> MAX_CONSTANTS = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    private static void invokeBind(final Class<?> c, final Object[] constants)
    {
        try
        {
            final MethodHandle bind = MethodHandles.publicLookup().findStatic(c, "bind",
                MethodType.methodType(void.class, Object[].class));
            bind.invoke(constants);
            MAX_CONSTANTS.merge(c, constants.length, Math::max);
        }
        catch (final Throwable e)
        {
            throw new IllegalStateException("cannot bind " + c.getName() + ": " + e, e);
        }
    }

    /**
     * A cheap fingerprint of the classes (CRC-32 of names and bytes, and their sizes): SHA-256 in the interpreter was a
     * good part of a cold start. Sets with the same fingerprint are compared byte for byte before one is reused.
     */
    private static String fingerprint(final Map<String, byte[]> bytes)
    {
        final CRC32 crc = new CRC32();
        long size = 0;
        for (final Map.Entry<String, byte[]> e : new java.util.TreeMap<>(bytes).entrySet())
        {
            crc.update(e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            crc.update(0);
            crc.update(e.getValue());
            size += e.getValue().length;
        }
        return Long.toHexString(crc.getValue()) + "-" + bytes.size() + "-" + size;
    }

    /** Whether two sets of class bytes are the same classes, byte for byte. */
    private static boolean sameBytes(final Map<String, byte[]> a, final Map<String, byte[]> b)
    {
        if (a == b)
        {
            return true;
        }
        if (a.size() != b.size())
        {
            return false;
        }
        for (final Map.Entry<String, byte[]> e : a.entrySet())
        {
            final byte[] other = b.get(e.getKey());
            if (other == null || !java.util.Arrays.equals(e.getValue(), other))
            {
                return false;
            }
        }
        return true;
    }
}
