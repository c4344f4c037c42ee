package org.jclick.elements.rewriter;

import org.jclick.dataplane.args.Args;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.Handler;

/** Click's TCPRewriter: NAPT for TCP, with sequence-number deltas. */
@ElementDoc(
    synopsis = "TCPRewriter(INPUTSPEC1, ..., INPUTSPECn [, KEYWORDS])",
    category = "network address translation",
    ports = "one push input per INPUTSPEC, one or more push outputs",
    description = """
        Like IPRewriter, but for TCP only (other packets are dropped unless their input is a 'pass' input), and
        each mapping can also shift sequence numbers: from a trigger sequence number on, a delta is added to the
        sequence numbers of one direction, and the acknowledgement numbers (and SACK blocks) of the other
        direction are shifted back, checksums updated. Deltas start at zero; elements that change payload
        lengths (an FTP PORT rewriter, for instance) install them through the Java API updateSeqDelta. See
        IPRewriter for INPUTSPECs, timeouts and capacity.""",
    keywords = {
        "TCP_TIMEOUT (alias TIMEOUT): time, timeout of flows that carried data both ways. Default 24 hours.",
        "TCP_DONE_TIMEOUT: time, timeout after FIN both ways or RST. Default 4 minutes.",
        "TCP_NODATA_TIMEOUT: time, timeout of other flows. Default 5 minutes.",
        "TCP_GUARANTEE (alias GUARANTEE): time, guarantee after each packet. Default 5 seconds.",
        "REAP_INTERVAL, MAPPING_CAPACITY, DST_ANNO, REPLY_ANNO: as for IPRewriter."},
    handlers = {
        "table (read): mappings, one per direction, with ' seq +N' where a delta applies",
        "lookup (read with 'SADDR SPORT DADDR DPORT'): the rewritten identity, or nothing",
        "table_size, mapping_failures, size, capacity, clear, patterns, pattern<i>, load_mappings: as for IPRewriter"},
    example = "rw :: TCPRewriter(pattern 1.0.0.1 1024-65535# - - 0 1, drop);",
    seeAlso = {"IPRewriter", "UDPRewriter"})
public final class TCPRewriter extends TransportRewriter
{
    private FlowMap map;

    @Override
    void setBaseTimeout(final long ms)
    {
        tcpNodata = ms;
    }

    @Override
    void setBaseGuarantee(final long ms)
    {
        tcpGuarantee = ms;
    }

    @Override
    void readKeywords(final Args a)
    {
        readTcpKeywords(a);
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
        return proto == 6 ? map : null;
    }

    @Override
    FlowMap staticMapFor(final int proto)
    {
        return mapFor(proto);
    }

    @Override
    int kindFor(final int proto)
    {
        return KIND_TCP;
    }


    /**
     * Installs a sequence-number delta on the mapping whose entry key is {@code (sa, sp, da, dp)} (either
     * direction): from {@code trigger} on, that direction's sequence numbers gain {@code delta} (cumulative with
     * earlier deltas). Returns false if there is no such mapping or the trigger goes backwards.
     */
    public boolean updateSeqDelta(final int sa, final int sp, final int da, final int dp, final int trigger,
        final int delta)
    {
        final int e = map.find(sa, da, sp << 16 | dp);
        return e >= 0 && updateSeqnoDelta(e, trigger, delta);
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("table", () -> table(map));
        addReadHandler("mappings", () -> table(map), Handler.DEPRECATED);
        addParamReadHandler("lookup", (param, errh) -> lookup(map, param, errh), 0);
        addRewriterHandlers(true);
    }
}
