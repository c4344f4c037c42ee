// firewall.click -- a transparent (bridging) firewall between an outside
// and an inside Ethernet segment. Frames are forwarded unchanged. Traffic
// from outside must pass an IPFilter rule set; traffic from inside is let
// through. ARP passes both ways; other non-IP frames are dropped.
//
// Parameters:
define($OUTSIDE eth0,             // device facing the Internet
       $INSIDE  eth1,             // device facing the protected network
       $WEB     10.0.0.10,        // public web server
       $MAIL    10.0.0.25,        // public mail server
       $ADMIN   198.51.100.0/24); // network allowed to log in with ssh

// One side of the bridge: frames received come out of output 0; frames
// pushed into input 0 are queued and sent.
elementclass BridgePort {
    $dev |
    FromDevice($dev, PROMISC true) -> output;
    input -> Queue(2048) -> ToDevice($dev);
}

// Splits frames into IPv4 (output 0, with the IP header annotation set),
// ARP (output 1) and everything else (dropped).
elementclass EtherSplit {
    input -> c :: Classifier(12/0800, 12/0806, -);
    c[0] -> CheckIPHeader(OFFSET 14) -> [0]output;
    c[1] -> [1]output;
    c[2] -> Discard;
}

outside :: BridgePort($OUTSIDE);
inside  :: BridgePort($INSIDE);

// Inbound: first matching rule wins; "allow" means output 0, "1" output 1.
filter :: IPFilter(
    allow src net $ADMIN && dst tcp port ssh,
    allow dst host $WEB && dst tcp port www or https,
    allow dst host $MAIL && dst tcp port smtp,
    allow tcp && not tcp opt syn,           // replies on inside connections
    allow udp src port dns,                 // DNS answers
    allow icmp type echo-reply or unreachable or timeexceeded,
    1 dst tcp port telnet or 2323,          // log telnet scans, then drop
    deny all
);

outside -> in :: EtherSplit;
in[0] -> inCount :: Counter -> filter;
in[1] -> inside;
filter[0] -> inside;
filter[1] -> Print("telnet probe", MAXLENGTH 64) -> Discard;

// Outbound: everything the inside sends may leave.
inside -> out :: EtherSplit;
out[0] -> outCount :: Counter -> outside;
out[1] -> outside;
