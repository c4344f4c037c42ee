// nat.click -- a NAPT gateway (source NAT with port translation) run on a
// pcap trace: hosts on the private network 10.0.0.0/8 share the public
// address 203.0.113.10. Outgoing TCP and UDP flows get that source address
// and the next free port of 20000-29999 (allocated sequentially, so a run is
// deterministic); packets from outside pass only if they are replies of a
// mapped flow, and get the private address and port back.
// Outgoing packets are written to $OUT, translated replies to $RET.
// `./jclick demo` writes a trace made for it: out/demo/nat-in.pcap.
//
// Run: ./jclick run configs/nat.click IN=trace.pcap OUT=out.pcap RET=ret.pcap \
//          -h nat.table_size -h nat.drops
define($IN     nat-in.pcap,       // trace to read (Ethernet, both directions)
       $OUT    nat-out.pcap,      // translated packets leaving
       $RET    nat-ret.pcap,      // translated replies entering
       $PUBLIC 203.0.113.10,      // the public address
       $PORTS  20000-29999#);     // public ports ('#': sequential)

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

// Which side a packet comes from: packets for the public address are
// candidate replies (input 1); TCP/UDP from private hosts go out through
// input 0; anything else (other protocols, transit traffic) is not the
// gateway's.
rx[0] -> side :: IPClassifier(dst host $PUBLIC,
                              src net 10.0.0.0/8 and (tcp or udp),
                              -);

// Input 0: new flows get a mapping; output 0 leads out, output 1 back in.
// Input 1 ('drop'): only packets of mapped flows pass, the rest is dropped
// and counted in nat.drops.
nat :: IPRewriter(pattern $PUBLIC $PORTS - - 0 1, drop,
                  TCP_TIMEOUT 7200, UDP_TIMEOUT 300);

side[0] -> inbound  :: Counter -> [1]nat;
side[1] -> outbound :: Counter -> [0]nat;
side[2] -> other    :: Counter -> Discard;

nat[0] -> sent     :: Counter -> EtherOut($OUT);
nat[1] -> returned :: Counter -> EtherOut($RET);
