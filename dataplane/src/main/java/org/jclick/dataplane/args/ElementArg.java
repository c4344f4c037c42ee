package org.jclick.dataplane.args;

/**
 * Click's {@code ElementArg} and {@code ElementCastArg}: an element named relative to the configured element
 * ({@link ElementResolver#findRelative}: from {@code a/b/c}, {@code x} is {@code a/b/x}, {@code a/x}, then
 * {@code x}). Errors: {@code does not name an element}; for {@link #of(Class, String)}
 * {@code element type mismatch, expected TYPE}.
 */
public final class ElementArg
{
    private ElementArg()
    {
    }

    /** Any element; the value is the resolver's handle. */
    public static final ArgParser<Object> ANY = (text, context) ->
    {
        final Object e = context.elements().findRelative(text, context.elementName());
        if (e == null)
        {
            throw new ArgException("does not name an element");
        }
        return e;
    };

    /** An element whose handle is a {@code type}; {@code typeName} is shown in the error. */
    public static <E> ArgParser<E> of(final Class<E> type, final String typeName)
    {
        return (text, context) ->
        {
            final Object e = ANY.parse(text, context);
            if (!type.isInstance(e))
            {
                throw new ArgException("element type mismatch, expected " + typeName);
            }
            return type.cast(e);
        };
    }
}
