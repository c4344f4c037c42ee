package org.jclick.elements.iplookup;

import org.jclick.dataplane.element.ElementDoc;

/** Click's StaticIPLookup. */
@ElementDoc(
    synopsis = "StaticIPLookup(ADDR/MASK [GATEWAY] OUTPUT, ...)",
    category = "iproute",
    ports = "one push input; any number of push outputs",
    description = """
        A routing table that cannot change while the router runs. Each argument is a route 'ADDR/MASK [GATEWAY] OUTPUT'. A packet's destination IP
        annotation selects the route with the longest matching prefix; if that route has a gateway, the annotation
        becomes the gateway, and the packet leaves on the route's output. Packets without a route are dropped
        (the first five with a message on standard error).""",
    handlers = {
        "table (read): the routes, one per line: PREFIX, gateway or '-', output, separated by tabs",
        "lookup (read with parameter ADDR): 'OUTPUT GATEWAY' or 'OUTPUT' for the best route, or -1",
        "add, set, remove, ctrl (write): always fail; the table is fixed",
        "noroute_drops (read): packets dropped for lack of a route"},
    example = "rt :: StaticIPLookup(10.0.0.1/32 0, 10.0.0.0/24 1, 0.0.0.0/0 10.0.0.254 1);",
    seeAlso = {"LinearIPLookup", "RadixIPLookup"})
public final class StaticIPLookup extends IPRouteTable
{
    public StaticIPLookup()
    {
        super(true);
    }

    @Override
    boolean mutable()
    {
        return false;
    }
}
