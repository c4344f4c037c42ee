package org.jclick.elements.rewriter;

import org.jclick.dataplane.args.Args;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.Handler;

/** Click's UDPRewriter: NAPT with one table and UDP-style timeouts, for UDP (and TCP, DCCP) flows. */
@ElementDoc(
    synopsis = "UDPRewriter(INPUTSPEC1, ..., INPUTSPECn [, KEYWORDS])",
    category = "network address translation",
    ports = "one push input per INPUTSPEC, one or more push outputs",
    description = """
        Like IPRewriter, but with a single mapping table for every protocol it handles (UDP, TCP and DCCP; other
        packets are dropped unless their input is a 'pass' input) and without TCP connection tracking: a
        mapping's timeout is TIMEOUT, or STREAMING_TIMEOUT once the flow has carried at least three packets with
        at least one in each direction. See IPRewriter for INPUTSPECs and capacity.""",
    keywords = {
        "TIMEOUT (alias UDP_TIMEOUT): time, flow timeout. Default 5 minutes.",
        "STREAMING_TIMEOUT (alias UDP_STREAMING_TIMEOUT): time, timeout of streaming flows. Default TIMEOUT.",
        "GUARANTEE (alias UDP_GUARANTEE): time, guarantee after each packet. Default 5 seconds.",
        "REAP_INTERVAL, MAPPING_CAPACITY, DST_ANNO, REPLY_ANNO: as for IPRewriter."},
    handlers = {
        "table (read): mappings, one per direction",
        "table_size, mapping_failures, size, capacity, clear, patterns, pattern<i>, load_mappings: as for IPRewriter"},
    example = "rw :: UDPRewriter(pattern 1.0.0.1 1024-65535# - - 0 1, drop);",
    seeAlso = {"IPRewriter", "TCPRewriter"})
public final class UDPRewriter extends TransportRewriter
{
    private FlowMap map;

    @Override
    void setBaseTimeout(final long ms)
    {
        udpTimeout = ms;
    }

    @Override
    void setBaseGuarantee(final long ms)
    {
        udpGuarantee = ms;
    }

    @Override
    void readKeywords(final Args a)
    {
        readAnnoKeywords(a);
        a.read("UDP_TIMEOUT", ms(), v -> udpTimeout = v)
            .read("TIMEOUT", ms(), v -> udpTimeout = v)
            .read("UDP_STREAMING_TIMEOUT", ms(), v -> udpStreaming = v)
            .read("STREAMING_TIMEOUT", ms(), v -> udpStreaming = v)
            .read("UDP_GUARANTEE", ms(), v -> udpGuarantee = v);
    }

    @Override
    void createMaps(final int expected)
    {
        map = new FlowMap(store, expected);
    }

    @Override
    FlowMap[] maps()
    {
        return new FlowMap[] {map};
    }

    @Override
    FlowMap mapFor(final int proto)
    {
        return proto == 6 || proto == 17 || proto == 33 ? map : null;
    }

    @Override
    FlowMap staticMapFor(final int proto)
    {
        return mapFor(proto);
    }

    @Override
    int kindFor(final int proto)
    {
        return KIND_UDP;
    }

    @Override
    int staticKindFor(final int proto)
    {
        return KIND_UDP;
    }


    @Override
    public void addHandlers()
    {
        addReadHandler("table", () -> table(map));
        addReadHandler("mappings", () -> table(map), Handler.DEPRECATED);
        addRewriterHandlers(true);
    }
}
