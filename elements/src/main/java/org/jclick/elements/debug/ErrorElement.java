package org.jclick.elements.debug;

import java.util.List;

import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;

/** Click's Error (named {@code ErrorElement} in Java to avoid {@link java.lang.Error}). */
@ElementDoc(
    name = "Error",
    synopsis = "Error(...)",
    category = "debugging",
    ports = "any number of inputs, any number of outputs",
    description = """
        Always fails to initialize, without a message of its own. It accepts any configuration and any
        connections, so it can stand in for an element that must stop a router from running without causing
        other errors.""",
    example = "Idle -> Error -> Discard;",
    seeAlso = {"Message"})
public final class ErrorElement extends Element
{
    @Override
    public String portCount()
    {
        return "-/-";
    }

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        return 0;
    }

    @Override
    public int initialize(final ErrorHandler errh)
    {
        return ErrorHandler.FAILURE;
    }
}
