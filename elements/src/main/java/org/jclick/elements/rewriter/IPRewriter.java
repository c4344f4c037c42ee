package org.jclick.elements.rewriter;

import org.jclick.dataplane.args.Args;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.Handler;

/** Click's IPRewriter: NAPT for TCP and UDP flows. */
@ElementDoc(
    synopsis = "IPRewriter(INPUTSPEC1, ..., INPUTSPECn [, KEYWORDS])",
    category = "network address translation",
    ports = "one push input per INPUTSPEC, one or more push outputs",
    description = """
        Rewrites the addresses and ports of TCP and UDP flows: a network address and port translator. Every packet
        (which must carry the IP header annotation) is first looked up in the mapping table by its flow identity
        (source and destination address and port; TCP and UDP have separate tables). A packet with a mapping is
        rewritten as the mapping says, its IP and transport checksums updated incrementally, and sent to the
        mapping's output. A packet without one is handled by the INPUTSPEC of the input it arrived on:
        'drop' (or 'discard') drops it; 'pass [OUT]' (or 'passthrough', 'nochange') sends it unchanged to OUT
        (default 0); 'keep FOUT ROUT' installs an identity mapping; 'pattern SADDR SPORT DADDR DPORT FOUT ROUT'
        installs a mapping built from the pattern, where '-' keeps a field, SADDR may be a range A-B or a prefix
        A/len, SPORT a range L-H; a range ends in '#' to allocate sequentially and in '?' to allocate at random
        without first trying the flow's own value; 'pattern NAME FOUT ROUT' uses a pattern of an
        IPRewriterPatterns element; and the name of an IPMapper element (RoundRobinIPMapper, SourceIPHashMapper,
        MaglevMapper) lets that element choose. A new mapping for flow (SA, SP, DA, DP) rewritten to
        (SA', SP', DA', DP') sends the flow to FOUT, and installs the reply mapping (DA', DP', SA', SP') =>
        (DA, DP, SA, SP) to ROUT. A chosen port or address is one whose reply identity is still free; if none is,
        the packet is dropped and counted in mapping_failures.

        Packets other than TCP and UDP, and fragments after the first, are dropped, unless their input is a
        'pass' input. Each mapping lives at least the guarantee period after each packet and then, as a
        best-effort mapping, for the timeout of its state; when the table is at its capacity a new flow evicts
        the best-effort mapping that expires first, or, if every mapping is still guaranteed, is itself dropped
        (counted in mapping_failures). Expired mappings are reaped every REAP_INTERVAL.""",
    keywords = {
        "TCP_TIMEOUT (alias TIMEOUT): time, timeout of TCP flows that carried data both ways. Default 24 hours.",
        "TCP_DONE_TIMEOUT: time, timeout of TCP flows after FIN in both directions or RST. Default 4 minutes.",
        "TCP_NODATA_TIMEOUT: time, timeout of other TCP flows. Default 5 minutes.",
        "TCP_GUARANTEE (alias GUARANTEE): time, guarantee of TCP flows after each packet. Default 5 seconds.",
        "UDP_TIMEOUT: time, timeout of UDP flows. Default 5 minutes.",
        "UDP_STREAMING_TIMEOUT: time, timeout of UDP flows with 3 or more packets, some in each direction. Default UDP_TIMEOUT.",
        "UDP_GUARANTEE: time, guarantee of UDP flows. Default 5 seconds.",
        "REAP_INTERVAL: time between reaping passes. Default 15 minutes.",
        "MAPPING_CAPACITY (alias CAPACITY): maximum number of flows, or the name of another rewriter whose table capacity (and flows' room) this one shares. Default unlimited.",
        "DST_ANNO: boolean; set the destination address annotation to the rewritten destination. Default true.",
        "REPLY_ANNO: one-byte annotation; reply packets get the value it had on the flow's first packet."},
    handlers = {
        "table_size (read): number of flows", "mapping_failures (read): flows that could not be mapped",
        "size (read), capacity (read/write): table occupancy and capacity", "clear (write): removes all flows",
        "patterns (read): one input spec per line, with its flow count in brackets",
        "pattern<i> (read/write): input spec i; writing replaces it and removes its flows",
        "tcp_table, udp_table (read): mappings, one per direction",
        "tcp_lookup (read with 'SADDR SPORT DADDR DPORT'): the rewritten identity, or nothing",
        "load_mappings (write): static mappings, one per line 'tcp|udp SA SP DA DP => SA' SP' DA' DP' [FOUT ROUT]'",
        "bad_packets (read): packets dropped for lacking an IP header annotation",
        "drops (read): packets dropped because they could not be mapped (or were of another protocol)"},
    example = "nat :: IPRewriter(pattern 203.0.113.1 1024-65535# - - 0 1, drop);",
    seeAlso = {"TCPRewriter", "UDPRewriter", "IPAddrRewriter", "IPRewriterPatterns", "RoundRobinIPMapper", "ICMPRewriter"})
public final class IPRewriter extends TransportRewriter
{
    private FlowMap tcpMap;
    private FlowMap udpMap;

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
        a.read("UDP_TIMEOUT", ms(), v -> udpTimeout = v)
            .read("UDP_STREAMING_TIMEOUT", ms(), v -> udpStreaming = v)
            .read("UDP_GUARANTEE", ms(), v -> udpGuarantee = v);
        readTcpKeywords(a);
    }

    @Override
    void createMaps(final int expected)
    {
        tcpMap = new FlowMap(store, expected);
        udpMap = new FlowMap(store, expected);
    }

    @Override
    FlowMap[] maps()
    {
        return new FlowMap[] {tcpMap, udpMap};
    }

    @Override
    FlowMap mapFor(final int proto)
    {
        return proto == 6 ? tcpMap : proto == 17 ? udpMap : null;
    }

    @Override
    FlowMap staticMapFor(final int proto)
    {
        return mapFor(proto);
    }

    @Override
    int kindFor(final int proto)
    {
        return proto == 6 ? KIND_TCP : KIND_UDP;
    }


    /** TCP sequence-number delta, as in {@link TCPRewriter#updateSeqDelta}. */
    public boolean updateSeqDelta(final int sa, final int sp, final int da, final int dp, final int trigger,
        final int delta)
    {
        final int e = tcpMap.find(sa, da, sp << 16 | dp);
        return e >= 0 && updateSeqnoDelta(e, trigger, delta);
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("tcp_table", () -> table(tcpMap));
        addReadHandler("udp_table", () -> table(udpMap));
        addReadHandler("tcp_mappings", () -> table(tcpMap), Handler.DEPRECATED);
        addReadHandler("udp_mappings", () -> table(udpMap), Handler.DEPRECATED);
        addParamReadHandler("tcp_lookup", (param, errh) -> lookup(tcpMap, param, errh), 0);
        addRewriterHandlers(true);
    }
}
