// routes.click -- the graph of the route-lookup measurement in docs/PERFORMANCE.md ("Route lookups"):
// CheckIPHeader, GetIPAddress, then a RadixIPLookup with five routes to four outputs, each counted.
// Only the Processing compound: CpuTimeEngine / EngineBenchmark feed it batches made from the trace.
define($NAME routes)
elementclass Processing {
  input -> Strip(14) -> CheckIPHeader -> GetIPAddress(16)
    -> rt :: RadixIPLookup(192.168.0.0/18 0, 192.168.64.0/18 192.168.0.1 1, 192.168.128.0/17 2,
                           192.168.200.0/24 10.0.0.1 3, 0.0.0.0/0 3);
  rt[0] -> c0 :: Counter -> Discard;
  rt[1] -> c1 :: Counter -> Discard;
  rt[2] -> c2 :: Counter -> Discard;
  rt[3] -> c3 :: Counter -> Discard;
  counters :: Script(TYPE PASSIVE, return "r0=$(c0.count) r1=$(c1.count) r2=$(c2.count) r3=$(c3.count) noroute=$(rt.noroute_drops)");
}
