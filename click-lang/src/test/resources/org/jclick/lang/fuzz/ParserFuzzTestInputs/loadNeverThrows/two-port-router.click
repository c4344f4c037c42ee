// A two-interface IP router written for the fuzz seeds: compounds with keyword formals, overloads,
// groups, tees, classifiers with many outputs, and a define that the compounds read.
define($IF0 eth0, $IF1 eth1, $ADDR0 10.0.0.1, $ADDR1 10.0.1.1);
define($MAC0 00:11:22:33:44:55, $MAC1 00:11:22:33:44:66);

elementclass Input { $dev, $addr, $mac |
    FromDevice($dev, SNIFFER false, BURST 16)
        -> c :: Classifier(12/0806 20/0001, 12/0806 20/0002, 12/0800, -);
    c [0] -> ARPResponder($addr $mac) -> [1] output;
    c [1] -> [2] output;
    c [2] -> Strip(14) -> CheckIPHeader(INTERFACES $addr/24, VERBOSE true) -> [0] output;
    c [3] -> Discard;
}

elementclass Output { $dev, $addr, $mac, CAPACITY $cap |
    input [0] -> q :: Queue($cap) -> ToDevice($dev);
    input [1] -> arpq :: ARPQuerier($addr, $mac) -> q;
    input [2] -> [1] arpq;
}
elementclass Output { $dev, $addr, $mac | input -> Output($dev, $addr, $mac, CAPACITY 1000) -> output }

elementclass Checks {
    input -> DropBroadcasts
          -> p :: PaintTee(1)
          -> g :: IPGWOptions($ADDR0)
          -> FixIPSrc($ADDR0)
          -> t :: DecIPTTL
          -> f :: IPFragmenter(1500)
          -> output;
    p [1] -> ICMPError($ADDR0, redirect, host) -> [1] output;
    g [1] -> ICMPError($ADDR0, parameterproblem) -> [1] output;
    t [1] -> ICMPError($ADDR0, timeexceeded) -> [1] output;
    f [1] -> ICMPError($ADDR0, unreachable, needfrag) -> [1] output;
}

in0 :: Input($IF0, $ADDR0, $MAC0);
in1 :: Input($IF1, $ADDR1, $MAC1);
out0 :: Output($IF0, $ADDR0, $MAC0);
out1 :: Output($IF1, $ADDR1, $MAC1, CAPACITY 64);

rt :: LookupIPRoute($ADDR0/32 0, $ADDR1/32 0, 10.0.0.0/24 1, 10.0.1.0/24 2, 0.0.0.0/0 10.0.0.254 1);

in0 [0] -> Paint(1) -> [0] rt;
in1 [0] -> Paint(2) -> [0] rt;
in0 [1], in1 [1] -> Discard;
in0 [2] -> [2] out0;
in1 [2] -> [2] out1;

rt [0] -> EtherEncap(0x0800, 1:1:1:1:1:1, 2:2:2:2:2:2) -> ToHost;
rt [1] -> c0 :: Checks -> [1] out0;
rt [2] -> c1 :: Checks -> [1] out1;
c0 [1], c1 [1] -> ( input -> Counter -> output ) -> [0] rt;

Script(wait 1s, print "rt" $(rt.table), write in0/c.reset, loop);
