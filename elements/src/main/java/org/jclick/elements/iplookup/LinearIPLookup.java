package org.jclick.elements.iplookup;

import org.jclick.dataplane.element.ElementDoc;

/** Click's LinearIPLookup. */
@ElementDoc(
    synopsis = "LinearIPLookup(ADDR/MASK [GATEWAY] OUTPUT, ...)",
    category = "iproute",
    ports = "one push input; any number of push outputs",
    description = """
        A routing table for small route sets. Each argument is a route 'ADDR/MASK [GATEWAY] OUTPUT'. A packet's destination IP
        annotation selects the route with the longest matching prefix; if that route has a gateway, the annotation
        becomes the gateway, and the packet leaves on the route's output. Packets without a route are dropped
        (the first five with a message on standard error).
        A new route takes the lowest free position in the table listing.""",
    handlers = {
        "table (read): the routes, one per line: PREFIX, gateway or '-', output, separated by tabs",
        "lookup (read with parameter ADDR): 'OUTPUT GATEWAY' or 'OUTPUT' for the best route, or -1",
        "add (write): 'ADDR/MASK [GATEWAY] OUTPUT' adds a route; an existing route for the prefix is an error",
        "set (write): like add, but replaces an existing route for the prefix",
        "remove (write): 'ADDR/MASK [GATEWAY OUTPUT]' removes the route (matching gateway and output if given)",
        "ctrl (write): lines of 'add ...', 'set ...', 'remove ...'; if one fails, the earlier ones are undone",
        "noroute_drops (read): packets dropped for lack of a route"},
    example = "rt :: LinearIPLookup(10.0.0.0/24 0, 0/0 10.0.0.1 1);",
    seeAlso = {"StaticIPLookup", "RadixIPLookup"})
public final class LinearIPLookup extends IPRouteTable
{
    public LinearIPLookup()
    {
        super(true);
    }
}
