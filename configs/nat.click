// nat.click -- a NAPT gateway: hosts on a private network share one public
// address. Outgoing TCP and UDP flows get a new source address and port;
// replies are mapped back. ICMP errors about mapped flows are rewritten too.
//
// Parameters:
define($PRIV_DEV eth0,
       $PUB_DEV  eth1,
       $PORTS    1024-65535,       // public source ports to allocate
       $UPSTREAM 203.0.113.1);     // the ISP's router

AddressInfo(
    priv  10.0.0.1/8         00:1b:21:3a:4c:11,
    pub   203.0.113.7/24     00:1b:21:3a:4c:12
);

// An Ethernet side of the gateway. Input 0: IP packets to send (next hop in
// the destination annotation); output 0: received IP packets, header checked.
elementclass Side {
    $dev, $addr |
    tx :: Queue(1024) -> ToDevice($dev);
    arpq :: ARPQuerier($addr);
    FromDevice($dev)
        -> cl :: Classifier(12/0806 20/0001, 12/0806 20/0002, 12/0800, -);
    cl[0] -> ARPResponder($addr) -> tx;
    cl[1] -> [1]arpq;
    cl[2] -> Strip(14) -> CheckIPHeader -> output;
    cl[3] -> Discard;
    input -> arpq -> tx;
}

private :: Side($PRIV_DEV, priv);
public  :: Side($PUB_DEV, pub);

// Input 0: flows started inside get a public source address and port;
// output 0 leads out, output 1 back in. Input 1: packets from outside pass
// only if they belong to a mapped flow (the table is consulted before the
// input's rule, so "drop" only drops unsolicited packets).
rw :: IPRewriter(pattern pub $PORTS# - - 0 1,
                 drop,
                 TCP_TIMEOUT 7200, UDP_TIMEOUT 300);
icmprw :: ICMPRewriter(rw);

private -> fromInside :: IPClassifier(tcp or udp, -);
fromInside[0] -> [0]rw;
fromInside[1] -> Discard;          // no other protocols leave

public -> fromOutside :: IPClassifier(tcp or udp,
                                      icmp type unreachable or timeexceeded,
                                      -);
fromOutside[0] -> [1]rw;
fromOutside[1] -> icmprw;
fromOutside[2] -> Discard;

// Outgoing packets go to the ISP's router; incoming ones to their host.
rw[0] -> SetIPAddress($UPSTREAM) -> DecIPTTL -> public;
rw[1] -> GetIPAddress(16) -> DecIPTTL -> private;
icmprw -> GetIPAddress(16) -> private;
