require(package "jclick", library lib.click);
define($DEV eth0, $BURST 8);
provide(Something);
FromDevice($DEV, BURST $BURST, PROMISC true)
    -> cl :: Classifier(12/0800, 12/0806, -);
cl [0] -> CheckIPHeader(14) -> ToDevice($DEV);
cl [1] -> ARPResponder(10.0.0.1 00:01:02:03:04:05) -> ToDevice($DEV);
cl [2] -> Discard;
