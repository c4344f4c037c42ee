// lb.click -- a layer-4 load balancer for one virtual service, run on a
// pcap trace. New TCP connections to the virtual address 198.18.0.80 (ports
// 80 and 443) are spread round-robin over three backends by rewriting their
// destination address; a connection keeps its backend for its lifetime. The
// backends reply through this box, and the replies get the virtual address
// back as source. Packets to the backends go to $OUT, replies to $RET.
// `./jclick demo` writes a trace made for it: out/demo/lb-in.pcap.
//
// Run: ./jclick run configs/lb.click IN=trace.pcap OUT=to-backends.pcap \
//          RET=to-clients.pcap -h lb.table_size
define($IN   lb-in.pcap,           // trace to read (Ethernet, both directions)
       $OUT  lb-to-backends.pcap,  // client packets, rewritten to a backend
       $RET  lb-to-clients.pcap,   // backend replies, rewritten to the VIP
       $VIP  198.18.0.80,          // the service's public address
       $S1 10.9.0.1, $S2 10.9.0.2, $S3 10.9.0.3);   // the backends

// Ethernet in: IPv4 frames leave output 0 with the Ethernet header stripped
// and the IP header checked (IPRewriter needs the IP header annotation);
// non-IP frames and malformed IP headers leave output 1.
elementclass EtherIPIn {
    input -> eth :: Classifier(12/0800, -);
    eth[0] -> Strip(14) -> chk :: CheckIPHeader -> [0]output;
    eth[1] -> [1]output;
    chk[1] -> [1]output;
}

// IP out: restores the Ethernet header and writes the frame to a pcap file.
elementclass EtherOut {
    $file |
    input -> Unstrip(14) -> ToDump($file, ENCAP ETHER);
}

FromDump($IN, STOP true, TIMING false)
    -> in :: Counter
    -> rx :: EtherIPIn;
rx[1] -> bad :: Counter -> Discard;

// Client packets for the service; backend replies (source port 80 or 443
// from a backend); anything else is not the load balancer's business.
rx[0] -> cls :: IPClassifier(dst host $VIP and (tcp dst port 80 or 443),
                             src net 10.9.0.0/29 and (tcp src port 80 or 443),
                             -);

// Each pattern: SADDR SPORT DADDR DPORT FORWARD-OUTPUT REPLY-OUTPUT; '-'
// keeps the field, so only the destination address changes.
servers :: RoundRobinIPMapper(- - $S1 - 0 1,
                              - - $S2 - 0 1,
                              - - $S3 - 0 1);
// Input 0: client packets (new connections ask the mapper); input 1:
// backend packets, of which only replies of known connections pass.
lb :: IPRewriter(servers, drop);

cls[0] -> clients  :: Counter -> [0]lb;
cls[1] -> backends :: Counter -> [1]lb;
cls[2] -> bypass   :: Counter -> Discard;

lb[0] -> to_backends :: Counter -> EtherOut($OUT);
lb[1] -> to_clients  :: Counter -> EtherOut($RET);
