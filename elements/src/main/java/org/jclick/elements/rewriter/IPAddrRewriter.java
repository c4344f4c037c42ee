package org.jclick.elements.rewriter;

import org.jclick.dataplane.element.ElementDoc;

/** Click's IPAddrRewriter: basic NAT by source address. */
@ElementDoc(
    synopsis = "IPAddrRewriter(INPUTSPEC1, ..., INPUTSPECn [, KEYWORDS])",
    category = "network address translation",
    ports = "one push input per INPUTSPEC, one or more push outputs",
    description = """
        Basic NAT: rewrites source addresses of packets of any protocol. A mapping is keyed by the source address
        alone: forward packets from that address get the new source address; reply packets, recognised by their
        destination being a new address handed out, get the original address back as destination. INPUTSPECs
        are IPRewriter's; patterns usually have the form 'SADDR -' with SADDR a fixed address, a range A-B or a
        prefix A/len (with '#' for sequential allocation). The IP checksum and the TCP and UDP checksums are
        updated incrementally (a UDP checksum of 0 stays 0). Mappings expire after TIMEOUT (default one hour).""",
    keywords = {"TIMEOUT, GUARANTEE, REAP_INTERVAL, MAPPING_CAPACITY, DST_ANNO, REPLY_ANNO: as for IPRewriter."},
    handlers = {"table (read): mappings",
        "table_size, mapping_failures, size, capacity, clear, patterns, pattern<i>, load_mappings: as for IPRewriter"},
    example = "IPAddrRewriter(pattern 203.0.113.0/24# - 0 1)",
    seeAlso = {"IPAddrPairRewriter", "IPRewriter"})
public final class IPAddrRewriter extends AddressRewriterBase
{
    @Override
    boolean pairs()
    {
        return false;
    }
}
