// router.click -- an IPv4 router with two Ethernet interfaces, in the shape
// of Click's fake-iprouter.click, run on two pcap traces (one per interface)
// instead of devices. Run it with --simtime: ARP query rate limits and ARP
// table ages follow the clock, and simulated time makes runs repeatable.
//   eth0  10.0.0.1/24     02:00:0a:00:00:01
//   eth1  192.168.1.1/24  02:00:c0:a8:01:01
// Each interface answers ARP queries for its address, learns neighbours
// from ARP replies and asks for the Ethernet address of next hops. Routed
// packets go through the RFC 1812 output checks; problems are answered
// with ICMP errors that are routed like any other packet.
//
// Run: ./jclick run --simtime configs/router.click IN0=eth0.pcap IN1=eth1.pcap \
//          OUT0=out0.pcap OUT1=out1.pcap -h eth0/in.count -h eth1/in.count
define($IN0  router-in0.pcap,    // frames received on eth0
       $IN1  router-in1.pcap,    // frames received on eth1
       $OUT0 router-out0.pcap,   // frames sent on eth0
       $OUT1 router-out1.pcap,   // frames sent on eth1
       $IP0  10.0.0.1,           // eth0's address (10.0.0.0/24)
       $ETH0 02:00:0a:00:00:01,
       $IP1  192.168.1.1,        // eth1's address (192.168.1.0/24)
       $ETH1 02:00:c0:a8:01:01,
       $MTU  1500);              // MTU of both links

// The two traces are merged in timestamp order and told apart again by
// their paint: 0 came from eth0, 1 from eth1.
fd0 :: FromDump($IN0, STOP false, TIMING false);
fd1 :: FromDump($IN1, STOP false, TIMING false);
tss :: TimeSortedSched(STOP true);
fd0 -> Paint(0) -> [0]tss;
fd1 -> Paint(1) -> [1]tss;
tss -> Unqueue -> ps :: PaintSwitch;

// One Ethernet interface. Input 0: frames received. Input 1: IP packets to
// send, with the next hop in the destination address annotation. Output 0:
// IP packets received (Ethernet header stripped, painted with $color so the
// output path can spot packets leaving by the interface they came in on).
// Output 1: frames to send.
elementclass EtherInterface {
    $ip, $eth, $color |
    input[0] -> in :: Counter
             -> cl :: Classifier(12/0806 20/0001,   // ARP query
                                 12/0806 20/0002,   // ARP reply
                                 12/0800,           // IPv4
                                 -);                // anything else
    arpq :: ARPQuerier($ip, $eth);
    cl[0] -> ARPResponder($ip $eth) -> [1]output;   // "10.0.0.1 is at ..."
    cl[1] -> [1]arpq;                               // learn a neighbour
    cl[2] -> Paint($color) -> Strip(14) -> [0]output;
    cl[3] -> other :: Counter -> Discard;
    input[1] -> arpq -> [1]output;                  // query, or encapsulate
}

// The forwarding path towards one interface (RFC 1812): no link broadcasts,
// ICMP redirect if the packet leaves where it came in, IP options, source
// address of locally made packets, TTL, fragmentation. Output 0: packets
// to send; output 1: ICMP errors, to be routed.
elementclass OutputPath {
    $addr, $color, $mtu |
    input -> DropBroadcasts
          -> cp :: PaintTee($color)
          -> gio :: IPGWOptions($addr)
          -> FixIPSrc($addr)
          -> ttl :: DecIPTTL
          -> frag :: IPFragmenter($mtu)
          -> [0]output;
    cp[1]   -> ICMPError($addr, redirect, host) -> [1]output;
    gio[1]  -> ICMPError($addr, parameterproblem) -> [1]output;
    ttl[1]  -> ICMPError($addr, timeexceeded) -> [1]output;
    frag[1] -> ICMPError($addr, unreachable, needfrag) -> [1]output;
}

eth0 :: EtherInterface($IP0, $ETH0, 1);
eth1 :: EtherInterface($IP1, $ETH1, 2);
ps[0] -> [0]eth0;
ps[1] -> [0]eth1;
eth0[1] -> ToDump($OUT0);
eth1[1] -> ToDump($OUT1);

// The routing table. Output 0: the router itself (its addresses and the
// subnets' broadcast addresses); 1: eth0; 2: eth1 (with a gateway for
// 172.16/12); 3: no route, answered with ICMP net unreachable.
rt :: StaticIPLookup($IP0/32 0, 10.0.0.255/32 0, 10.0.0.0/32 0,
                     $IP1/32 0, 192.168.1.255/32 0, 192.168.1.0/32 0,
                     10.0.0.0/24 1,
                     192.168.1.0/24 2,
                     172.16.0.0/12 192.168.1.254 2,
                     0.0.0.0/0 3);

// Received IP packets: header checked (packets whose source is one of our
// subnets' broadcast addresses are refused), next hop = destination until
// the table says otherwise.
eth0 -> ip :: CheckIPHeader(INTERFACES $IP0/24 $IP1/24)
           -> GetIPAddress(16) -> rt;
eth1 -> ip;
ip[1] -> badip :: Counter -> Discard;

// Local delivery: answer pings, drop the rest.
rt[0] -> local :: IPClassifier(icmp type echo, -);
local[0] -> ICMPPingResponder -> rt;
local[1] -> Discard;
rt[3] -> ICMPError($IP0, unreachable, net) -> rt;

rt[1] -> out0 :: OutputPath($IP0, 1, $MTU) -> [1]eth0;
rt[2] -> out1 :: OutputPath($IP1, 2, $MTU) -> [1]eth1;
out0[1] -> rt;
out1[1] -> rt;
