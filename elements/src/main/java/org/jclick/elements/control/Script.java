package org.jclick.elements.control;

import org.jclick.dataplane.element.ElementDoc;

/** Click's Script. */
@ElementDoc(
    synopsis = "Script(INSTRUCTIONS...)",
    category = "control",
    ports = "normally none; a PACKET script has any number of inputs and outputs",
    description = """
        Runs a small script that reads and writes handlers, sets variables, waits for time to pass or for
        its step handler, and can stop the router. Each argument is one instruction: set/setq, init/initq,
        export/exportq, print/printq/printn/printnq [>FILE|>>FILE], read/readq, write/writeq, pause [N],
        wait [TIME], label, goto LABEL [COND], loop, end, exit, stop, return/returnq [VALUE], error/errorq [MSG].
        Text is expanded before use: $VAR and ${VAR} give variables, $(HANDLER ARGS) a read handler's value
        (handlers without an element name are this script's own first, e.g. $(add 1 2)). An ACTIVE script
        starts when the router starts; a PASSIVE one runs when its run handler is called ($1.. are the
        arguments and return gives the value); a PACKET script runs for each packet and the returned number
        is the output port (end: 0, exit: drop); a DRIVER script decides when the driver stops
        (see DriverManager); a SIGNAL script (TYPE SIGNAL followed by signal names such as INT, SIGTERM or USR1)
        runs from the start, on the router thread, each time one of its signals arrives, instead of the signal's
        usual effect. Signals that arrive before it gets to run count once. A SIGNAL script that finishes with
        end keeps catching its signals; one that finishes with exit gives them back, so the next such signal has
        its default effect (unless another SIGNAL script still catches it).""",
    keywords = {"TYPE: ACTIVE (default), PASSIVE, PACKET, DRIVER, or SIGNAL with signal names."},
    handlers = {
        "step (write): advance past the current pause or wait (optionally N times)",
        "goto (write): continue at a label",
        "run (read with parameters, write): run the script from the start; the read value is return's value",
        "add, sub, mul, div, idiv, min, max, mod, rem, neg, abs (read with parameters): arithmetic",
        "eq, ne, lt, gt, le, ge, not, and, or, nand, nor, if, in (read with parameters): comparisons and logic",
        "sprintf, first, length, unquote, random, readable, writable, htons, htonl, ntohs, ntohl, cat, catq "
            + "(read with parameters): strings and utilities",
        "kill (read with parameters SIGNAL PID): send a signal to a process ($$ is this one)",
        "now (read): the router clock in seconds",
        "get, shift (read with parameters), set (write): script variables",
        "VAR (read): each exported variable"},
    example = "Script(set x 0, label l, print $x, set x $(add $x 1), goto l $(lt $x 5), stop);",
    seeAlso = {"DriverManager"})
public final class Script extends ScriptEngine
{
    @Override
    Type defaultType()
    {
        return Type.ACTIVE;
    }
}
