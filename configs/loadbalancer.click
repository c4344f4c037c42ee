// loadbalancer.click -- a layer-4 load balancer for one virtual service.
// New connections to the virtual IP address and port are spread round-robin
// over three servers by rewriting their destination; each connection keeps
// its server for its lifetime. The servers reply through this box (it is
// their default gateway), and the replies get the virtual address back.
//
// Parameters:
define($VIP  192.0.2.80,          // public address of the service
       $PORT 80,                  // TCP port of the service
       $S1 10.1.0.11, $S2 10.1.0.12, $S3 10.1.0.13,
       $FRONT eth0, $BACK eth1,
       $ROUTER 192.0.2.254);      // router of the front network (towards the clients)

AddressInfo(
    front  192.0.2.1/24   00:1b:21:3a:4c:21,
    back   10.1.0.1/24    00:1b:21:3a:4c:22
);

// An Ethernet side. The remaining arguments are ARPResponder's: the front
// side also answers ARP queries for the virtual IP address.
elementclass Side {
    $dev, $addr, __REST__ $arp |
    tx :: Queue(1024) -> ToDevice($dev);
    arpq :: ARPQuerier($addr);
    FromDevice($dev)
        -> cl :: Classifier(12/0806 20/0001, 12/0806 20/0002, 12/0800, -);
    cl[0] -> ARPResponder($arp) -> tx;
    cl[1] -> [1]arpq;
    cl[2] -> Strip(14) -> CheckIPHeader -> output;
    cl[3] -> Discard;
    input -> arpq -> tx;
}

front :: Side($FRONT, front, front:ip front:eth, $VIP front:eth);
back  :: Side($BACK, back, back);

// Each pattern: SADDR SPORT DADDR DPORT FORWARD-OUTPUT REPLY-OUTPUT.
servers :: RoundRobinIPMapper(
    - - $S1 $PORT 0 1,
    - - $S2 $PORT 0 1,
    - - $S3 $PORT 0 1
);

// Input 0: client packets for the service (new flows ask the mapper).
// Input 1: server packets (only replies of known connections pass).
// Output 0 leads to the servers, output 1 back to the clients.
lb :: IPRewriter(servers, drop, TCP_TIMEOUT 3600);

front -> vip :: IPClassifier(dst host $VIP and dst tcp port $PORT, -);
vip[0] -> clients :: Counter -> [0]lb;
vip[1] -> Discard;

back -> [1]lb;

lb[0] -> GetIPAddress(16) -> back;
lb[1] -> SetIPAddress($ROUTER) -> front;
