// forwarder.click -- the smallest useful router: a wire between two packet
// traces. Packets are read from a tcpdump (pcap) file, counted, and written
// unchanged to another pcap file. No devices or privileges are needed.
//
// Parameters (override on the command line, e.g. "IN=capture.pcap"):
define($IN  in.pcap,     // trace to read
       $OUT out.pcap,    // trace to write
       $SAMPLE 1);       // fraction of the packets to keep (0 to 1)

// A counted link: every packet that enters leaves again; the counter inside
// keeps the packet count, byte count and rate (handlers count, byte_count,
// rate of element link/count).
elementclass CountedLink {
    input -> count :: Counter -> output;
}

FromDump($IN, STOP true, TIMING false, SAMPLE $SAMPLE)
    -> link :: CountedLink
    -> ToDump($OUT, ENCAP ETHER);
