package org.jclick.dataplane.args;

/**
 * Finds an element by its full (flattened, {@code /}-separated) name. The router supplies the implementation;
 * {@link ElementArg} applies Click's relative-name rule on top (see {@link #findRelative}).
 */
@FunctionalInterface
public interface ElementResolver
{
    /** The element handle named exactly {@code fullName}, or {@code null}. */
    Object find(String fullName);

    /**
     * A resolver that knows no elements. An anonymous class, not a lambda: this interface's initializer runs in
     * every {@code jclick run}, and a lambda here was linked through {@code invokedynamic} at each start (the
     * AOT cache did not keep it), about 1.5 ms in the interpreter.
     */
    ElementResolver NONE = new ElementResolver()
    {
        @Override
        public Object find(final String fullName)
        {
            return null;
        }
    };

    /**
     * Click's {@code Router::find(name, context)}: {@code name} is tried inside the context element's compound
     * prefix, then each enclosing prefix, then at top level. From {@code a/b/c}, {@code x} is tried as
     * {@code a/b/x}, {@code a/x}, then {@code x}.
     *
     * @return the first element found, or {@code null}
     */
    default Object findRelative(final String name, final String contextElement)
    {
        String prefix = contextElement == null ? "" : contextElement;
        int slash = prefix.lastIndexOf('/');
        while (slash >= 0)
        {
            prefix = prefix.substring(0, slash);
            final Object found = find(prefix + "/" + name);
            if (found != null)
            {
                return found;
            }
            slash = prefix.lastIndexOf('/');
        }
        return find(name);
    }
}
