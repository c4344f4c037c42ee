package org.jclick.elements.rewriter;

import org.jclick.dataplane.element.ElementDoc;

/** Click's IPAddrPairRewriter: basic NAT keyed by address pair. */
@ElementDoc(
    synopsis = "IPAddrPairRewriter(INPUTSPEC1, ..., INPUTSPECn [, KEYWORDS])",
    category = "network address translation",
    ports = "one push input per INPUTSPEC, one or more push outputs",
    description = """
        Like IPAddrRewriter, but a mapping is keyed by the (source, destination) address pair, so one host talking
        to two peers can get two different new addresses, and replies are recognised by their address pair.""",
    keywords = {"TIMEOUT, GUARANTEE, REAP_INTERVAL, MAPPING_CAPACITY, DST_ANNO, REPLY_ANNO: as for IPRewriter."},
    handlers = {"table (read): mappings",
        "table_size, mapping_failures, size, capacity, clear, patterns, pattern<i>, load_mappings: as for IPRewriter"},
    example = "IPAddrPairRewriter(pattern 3.0.0.1-3.0.0.255# - 0 0)",
    seeAlso = {"IPAddrRewriter", "IPRewriter"})
public final class IPAddrPairRewriter extends AddressRewriterBase
{
    @Override
    boolean pairs()
    {
        return true;
    }
}
