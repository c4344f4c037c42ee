// nfv-chain.click -- a service chain of three network functions on one box:
// firewall -> source NAT -> layer-4 load balancer, run on a pcap trace.
//
// Address plan (the demo's bundled trace follows it):
//   clients          10.1.0.0/16 (10.1.66.0/24 is quarantined)
//   public address   203.0.113.10 (the NAT's; ports 20000-29999, sequential)
//   web service      198.18.0.80, TCP 80 and 443 (the load balancer's VIP)
//   web backends     10.9.0.1, 10.9.0.2, 10.9.0.3
//   DNS              UDP 53 to any resolver outside
// Both directions are in one trace: client packets, backend replies and DNS
// answers from outside. Packets leaving towards the outside/backends go to
// $OUT, packets delivered back to the clients to $RET, and everything the
// firewall refuses to $DENIED (unchanged, for inspection). `./jclick demo`
// makes the trace (out/demo/nfv-in.pcap), runs this file on it and draws it
// with the packet counts on its connections.
//
// Run: ./jclick run configs/nfv-chain.click IN=trace.pcap OUT=out.pcap \
//          RET=ret.pcap DENIED=denied.pcap -h c_out_web.count -h nat.drops
define($IN      nfv-in.pcap,       // trace to read (Ethernet)
       $OUT     nfv-out.pcap,      // packets sent out (NATed, load-balanced)
       $RET     nfv-ret.pcap,      // replies delivered to the clients
       $DENIED  nfv-denied.pcap,   // packets the firewall refused
       $PUBLIC  203.0.113.10,      // the NAT's public address
       $VIP     198.18.0.80);      // the web service's virtual address

// Ethernet in: IPv4 frames leave output 0 with the Ethernet header stripped
// and the IP header checked (the IP header annotation is set, which IPFilter
// and IPRewriter need); other EtherTypes leave output 1, frames whose IP
// header is malformed (bad version, length or checksum, truncated) output 2.
elementclass EtherIPIn {
    input -> eth :: Classifier(12/0800, -);
    eth[0] -> Strip(14) -> chk :: CheckIPHeader -> [0]output;
    eth[1] -> [1]output;
    chk[1] -> [2]output;
}

// IP out: puts the Ethernet header back (it is still in the buffer, in front
// of the IP header) and writes the frame to a pcap file.
elementclass EtherOut {
    $file |
    input -> Unstrip(14) -> ToDump($file, ENCAP ETHER);
}

FromDump($IN, STOP true, TIMING false)
    -> in :: Counter
    -> rx :: EtherIPIn;

rx[1] -> c_nonip :: Counter -> Discard;        // ARP and the like: not ours
rx[2] -> c_bad :: Counter -> Discard;          // malformed: dropped AND counted

// 1. Firewall. The first matching rule wins; the number says which output.
//    0 web flows from clients to the VIP      -> NAT input 0
//    2 DNS queries from clients               -> NAT input 1
//    3 backend replies to the public address  -> load balancer input 1
//    4 DNS answers to the public address      -> NAT input 2 (replies only)
//    1 everything else is denied              -> $DENIED
rx[0] -> fw :: IPFilter(
    1    src net 10.1.66.0/24,                                  // quarantined clients
    1    ip frag,                                               // no fragments
    0    src net 10.1.0.0/16 && dst host $VIP && tcp dst port 80,
    0    src net 10.1.0.0/16 && dst host $VIP && tcp dst port 443,
    2    src net 10.1.0.0/16 && udp dst port 53,
    3    src net 10.9.0.0/29 && dst host $PUBLIC && (tcp src port 80 || tcp src port 443),
    4    dst host $PUBLIC && udp src port 53,
    1    -);

// 2. NAT. New flows get source $PUBLIC and the next free port of 20000-29999
//    (the named pattern is shared, so web and DNS flows draw from one pool).
//    Input 0 web flows (out 0, their replies out 1); input 1 DNS flows (out 2,
//    replies out 3); input 2 packets from outside: only replies of mapped
//    flows pass ("drop"), unsolicited ones are dropped and counted (drops).
IPRewriterPatterns(SNAT $PUBLIC 20000-29999# - -);
nat :: IPRewriter(pattern SNAT 0 1,
                  pattern SNAT 2 3,
                  drop);

// 3. Load balancer. New web flows (already NATed) get one of three backends
//    as destination, in round-robin order; a connection keeps its backend.
//    Input 1: backend replies, which get the VIP back as source (out 1).
rr :: RoundRobinIPMapper(- - 10.9.0.1 - 0 1,
                         - - 10.9.0.2 - 0 1,
                         - - 10.9.0.3 - 0 1);
lb :: IPRewriter(rr, drop);

toOut    :: EtherOut($OUT);
toClient :: EtherOut($RET);

fw[1] -> c_deny   :: Counter -> EtherOut($DENIED);
fw[0] -> c_web    :: Counter -> [0]nat;
fw[2] -> c_dns    :: Counter -> [1]nat;
fw[3] -> c_back   :: Counter -> [1]lb;
fw[4] -> c_dnsrep :: Counter -> [2]nat;

nat[0] -> [0]lb;                                   // web: NAT, then balance
lb[0]  -> c_out_web :: Counter -> toOut;           // to a backend
nat[2] -> c_out_dns :: Counter -> toOut;           // to the resolver
lb[1]  -> [2]nat;                                  // backend reply: VIP back, then un-NAT
nat[1] -> c_ret_web :: Counter -> toClient;        // web reply to the client
nat[3] -> c_ret_dns :: Counter -> toClient;        // DNS answer to the client
