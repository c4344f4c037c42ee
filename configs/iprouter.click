// iprouter.click -- an IPv4 router with two Ethernet interfaces, in the
// classic Click structure: per-interface receive and ARP handling, one
// routing table, and a per-interface output path that does the RFC 1812
// checks (broadcasts, redirects, IP options, TTL, fragmentation) and answers
// problems with ICMP errors.
//
// Parameters:
define($DEV0 eth0,                // device of interface 0
       $DEV1 eth1,                // device of interface 1
       $MTU  1500,                // MTU of both links
       $GATEWAY 192.168.1.254);   // default route, reached through interface 1

// Addresses of the two interfaces: IP address/prefix and Ethernet address.
// "if0" can then be used as an IP address, a network or an Ethernet address.
AddressInfo(
    if0  10.0.0.1/24     00:1b:21:3a:4c:01,
    if1  192.168.1.1/24  00:1b:21:3a:4c:02
);

// One Ethernet interface. Input 0: IP packets to send, with the next hop in
// the destination address annotation. Output 0: IP packets received (Ethernet
// header stripped, IP header checked, painted with $color so that the output
// path can detect packets that leave by the interface they came in on).
elementclass EtherInterface {
    $dev, $addr, $color |

    tx :: Queue(1024) -> ToDevice($dev);
    arpq :: ARPQuerier($addr);

    FromDevice($dev)
        -> cl :: Classifier(12/0806 20/0001,   // ARP request
                            12/0806 20/0002,   // ARP reply
                            12/0800,           // IPv4
                            -);                // anything else

    cl[0] -> ARPResponder($addr) -> tx;
    cl[1] -> [1]arpq;
    cl[2] -> Paint($color)
          -> Strip(14)
          -> CheckIPHeader
          -> output;
    cl[3] -> Discard;

    input -> arpq -> tx;
}

// The forwarding path towards one interface. Output 0: packets to send;
// output 1: ICMP errors, which go back to the routing table.
elementclass OutputPath {
    $addr, $color |

    input -> DropBroadcasts
          -> paint :: CheckPaint($color)
          -> options :: IPGWOptions($addr)
          -> FixIPSrc($addr)
          -> ttl :: DecIPTTL
          -> frag :: IPFragmenter($MTU)
          -> output;

    paint[1]   -> ICMPError($addr, redirect, host) -> [1]output;
    options[1] -> ICMPError($addr, parameterproblem) -> [1]output;
    ttl[1]     -> ICMPError($addr, timeexceeded) -> [1]output;
    frag[1]    -> ICMPError($addr, unreachable, needfrag) -> [1]output;
}

eth0 :: EtherInterface($DEV0, if0, 1);
eth1 :: EtherInterface($DEV1, if1, 2);

// The routing table: output 0 is this router itself, 1 and 2 the interfaces.
rt :: StaticIPLookup(
    if0:ip/32             0,
    if1:ip/32             0,
    if0:bcast/32          0,
    if1:bcast/32          0,
    if0:ipnet             1,
    if1:ipnet             2,
    0.0.0.0/0 $GATEWAY    2
);

eth0 -> dst :: GetIPAddress(16) -> rt;
eth1 -> dst;

// Packets for the router itself: answer pings, drop the rest.
rt[0] -> local :: IPClassifier(icmp type echo, -);
local[0] -> ICMPPingResponder -> rt;
local[1] -> Discard;

rt[1] -> out0 :: OutputPath(if0, 1) -> eth0;
rt[2] -> out1 :: OutputPath(if1, 2) -> eth1;
out0[1] -> rt;
out1[1] -> rt;
