package org.jclick.dataplane.args;

import java.util.Objects;

/**
 * What a parser may need besides the text: the configured element's full name (for relative element and
 * address names) and the router's resolvers. Click's {@code ArgContext}.
 *
 * @param elementName the configured element's full name, or {@code null} outside a router (tests, tools)
 * @param names name databases ({@code AddressInfo})
 * @param elements the router's elements
 */
public record ArgContext(String elementName, NameResolver names, ElementResolver elements)
{
    /** No element, no names, no elements. */
    public static final ArgContext EMPTY = new ArgContext(null, NameResolver.NONE, ElementResolver.NONE);

    public ArgContext
    {
        Objects.requireNonNull(names, "names");
        Objects.requireNonNull(elements, "elements");
    }

    public ArgContext withNames(final NameResolver resolver)
    {
        return new ArgContext(elementName, resolver, elements);
    }

    public ArgContext withElements(final String element, final ElementResolver resolver)
    {
        return new ArgContext(element, names, resolver);
    }
}
