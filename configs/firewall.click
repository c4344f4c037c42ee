// firewall.click -- a stateless edge firewall (an access-control list) run
// on a pcap trace. Clients on 10.1.0.0/16 may reach the web service
// 198.18.0.80 (TCP 80, 443) and DNS (UDP 53); replies from the web backends
// and DNS answers come back in; the quarantined subnet 10.1.66.0/24,
// fragments and everything else are refused. Allowed frames are written
// unchanged to $OUT, refused ones to $DENIED; malformed frames are dropped
// and counted (bad.count, and the drops handler of rx/chk).
// `./jclick demo` writes a trace that fits: out/demo/nfv-in.pcap.
//
// Run: ./jclick run configs/firewall.click IN=trace.pcap OUT=allowed.pcap \
//          DENIED=denied.pcap -h allow.count -h deny.count
define($IN     fw-in.pcap,        // trace to read (Ethernet)
       $OUT    fw-allowed.pcap,   // frames the firewall lets through
       $DENIED fw-denied.pcap,    // frames it refuses
       $VIP    198.18.0.80);      // the public web service

// Ethernet in: IPv4 frames leave output 0 with the Ethernet header stripped
// and the IP header checked (IPFilter needs the IP header annotation);
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

// The rule list: the first rule that matches decides (0 allow, 1 deny).
// Deny rules for known-bad sources come first, then what is allowed, then
// a final catch-all deny, as in any ACL.
rx[0] -> fw :: IPFilter(
    1     src net 10.1.66.0/24,                            // quarantined clients
    1     ip frag,                                         // fragments hide ports
    allow src net 10.1.0.0/16 && dst host $VIP && (tcp dst port 80 or 443),
    allow src net 10.1.0.0/16 && udp dst port 53,          // DNS queries
    allow src net 10.9.0.0/29 && (tcp src port 80 or 443), // web backend replies
    allow udp src port 53 && dst net 203.0.113.0/24,       // DNS answers
    1     -);                                              // everything else

fw[0] -> allow :: Counter -> EtherOut($OUT);
fw[1] -> deny  :: Counter -> EtherOut($DENIED);
