package org.jclick.elements.control;

import org.jclick.dataplane.element.ElementDoc;

/** Click's DriverManager: a Script whose default TYPE is DRIVER. */
@ElementDoc(
    synopsis = "DriverManager(INSTRUCTIONS...)",
    category = "control",
    ports = "none",
    description = """
        A Script (same instructions) that manages driver stop events. Elements that finish (a source with
        STOP true, the global stop handler) ask the driver to stop; with a DriverManager the router instead
        steps its script, and stops only when the script reaches its end or a stop instruction. A pause (or
        wait without time) waits for the next stop event. With no instructions it stops at the first event.""",
    keywords = {"TYPE: DRIVER (default) or another Script type."},
    handlers = {"the handlers of Script: step, goto, run, the arithmetic and string functions, now, get, set, shift"},
    example = "DriverManager(pause, print c.count, wait 0.1s, stop);",
    seeAlso = {"Script"})
public final class DriverManager extends ScriptEngine
{
    @Override
    Type defaultType()
    {
        return Type.DRIVER;
    }
}
