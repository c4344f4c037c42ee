package org.jclick.dataplane.runtime;

import java.util.HashMap;
import java.util.Map;

import org.jclick.dataplane.args.NameResolver;

/**
 * Click's {@code NameInfo}: names defined by {@code AddressInfo} (and similar elements) for addresses, prefixes
 * and Ethernet addresses. A name defined inside a compound (scope {@code a/b}) is visible to the elements of that
 * compound; lookups search from the innermost scope of the asking element outward.
 */
public final class NameDatabase implements NameResolver
{
    private final Map<String, byte[]> values = new HashMap<>();

    private static String key(final NameType type, final String scope, final String name)
    {
        return type.name() + '\u0000' + scope + '\u0000' + name;
    }

    /** Defines {@code name} in {@code scope} ("" for the top level, else a compound prefix like {@code a/b}). */
    public synchronized void define(final NameType type, final String scope, final String name, final byte[] value)
    {
        values.put(key(type, scope == null ? "" : scope, name), value.clone());
    }

    @Override
    public synchronized byte[] lookup(final NameType type, final String name, final String contextElement)
    {
        String scope = contextElement == null ? "" : contextElement;
        int slash = scope.lastIndexOf('/');
        while (slash >= 0)
        {
            scope = scope.substring(0, slash);
            final byte[] v = values.get(key(type, scope, name));
            if (v != null)
            {
                return v.clone();
            }
            slash = scope.lastIndexOf('/');
        }
        final byte[] v = values.get(key(type, "", name));
        return v == null ? null : v.clone();
    }
}
