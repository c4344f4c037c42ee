package org.jclick.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.jclick.clicktest.ClickTestCommand;
import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/**
 * Runs Click's own tests of the language and of click-flatten through jclick's clicktest runner, the way
 * {@code ./jclick clicktest} does (each test a shell script calling {@code click}/{@code click-flatten},
 * which start jclick's Click-compatible entry points in fresh JVMs).
 *
 * <p>The tests that must pass are named here; every test of these folders that does not pass must be listed
 * in {@code docs/CONFORMANCE.md} with its reason, so the document stays true.
 */
class ClickConformanceTest {

    /** Click's tests that jclick passes now; a regression fails the build. */
    private static final Set<String> MUST_PASS = Set.of(
            "IPRewriter/ICMPPingRewriter-01", "IPRewriter/ICMPPingRewriter-02", "IPRewriter/IPAddrPairRewriter-01",
            "IPRewriter/IPAddrPairRewriter-02", "IPRewriter/IPAddrRewriter-01", "IPRewriter/IPAddrRewriter-02",
            "IPRewriter/IPAddrRewriter-03", "IPRewriter/IPRewriter-01", "IPRewriter/IPRewriter-02",
            "IPRewriter/IPRewriter-03", "IPRewriter/IPRewriter-04", "IPRewriter/IPRewriter-09",
            "IPRewriter/IPRewriter-10", "IPRewriter/IPRewriter-11", "IPRewriter/IPRewriter-12",
            "IPRewriter/IPRewriter-15", "IPRewriter/IPRewriter-16", "IPRewriter/IPRewriter-17",
            "IPRewriter/RoundRobinIPMapper-01", "IPRewriter/TCPRewriter-01", "IPRewriter/TCPRewriter-02",
            "IPRewriter/TCPRewriter-03", "IPRewriter/TCPRewriter-04", "IPRewriter/UDPRewriter-01",
            "IPRewriter/UDPRewriter-02", "IPRewriter/UDPRewriter-03", "IPRewriter/UDPRewriter-04",
            "IPRewriter/UDPRewriter-09", "IPRewriter/UDPRewriter-11", "IPRewriter/UDPRewriter-12",
            "IPRewriter/UDPRewriter-13", "analysis/AdjustTimestamp-01", "analysis/AggregateCounter-01",
            "analysis/AggregateIPFlows-01", "analysis/FromIPSummaryDump-01", "analysis/FromIPSummaryDump-02",
            "analysis/IPSummaryDump-01", "analysis/IPSummaryDump-02", "analysis/TimeFilter-01",
            "analysis/TimeSortedSched-01", "analysis/TimeSortedSched-02", "compound/compact-01", "compound/input-01",
            "compound/overload-01", "compound/variables-01", "ethernet/ARPQuerier-01", "ethernet/ARPQuerier-02",
            "ethernet/ARPQuerier-05", "ethernet/ARPQuerier-06", "ethernet/ARPQuerier-07", "ethernet/ARPQuerier-08",
            "ethernet/ARPResponder-01", "ethernet/EtherEncap-01", "ethernet/EtherVLANEncap-01",
            "ethernet/VLANEncap-01", "ethernet/VLANEncap-02", "handlers/expansion-01", "handlers/handlercall-01",
            "standard/AlignmentInfo-01", "standard/BandwidthRatedSplitter-01",
            "standard/BandwidthRatedUnqueue-01", "standard/Bypass-01", "standard/Bypass-02", "standard/Classifier-01",
            "standard/Classifier-02", "standard/Clipboard-01", "standard/DelayShaper-notifier-01",
            "standard/FrontDropQueue-01", "standard/FullNoteQueue-upstream-notifier-01", "standard/Hub-01",
            "standard/Idle-01", "standard/LinkUnqueue-01", "standard/MixedQueue-01", "standard/MixedQueue-02",
            "standard/Pad-01", "standard/PullSwitch-01", "standard/Queue-notifiers-01", "standard/Queue-yank-01",
            "standard/QuickNoteQueue-01", "standard/RatedSplitter-01", "standard/RatedUnqueue-01",
            "standard/Resize-01", "standard/Script-01", "standard/Script-02", "standard/Script-03",
            "standard/Script-04", "standard/Script-05", "standard/Shaper-01", "standard/StrideSched-01",
            "standard/Tee-01", "standard/Unqueue-01", "standard/landmarks-01", "standard/library-01",
            "standard/notifier-01", "standard/notifier-02", "standard/notifier-04", "standard/notifier-05",
            "standard/tokenbucket-01", "threads/StaticThreadSched-01", "threads/StaticThreadSched-02",
            "tools/clicktest-01", "tools/clicktest-02", "tools/clicktest-03", "tools/combine-01", "tools/lexer-01",
            "tools/lexer-02", "tools/lexer-03", "tools/lexer-04", "tools/lexer-05", "tools/lexer-06",
            "tools/lexer-07", "tools/lexer-08", "tools/lexer-09",
            "ip/AddressInfo-bcast-01", "ip/IPFilter-01", "ip/IPFilter-02", "ip/IPFilter-03", "ip/IPFilter-04",
            "ip/IPFilter-05", "ip/IPFilter-06", "ip/IPFilter-07", "ip/IPFragmenter-01", "ip/IPFragmenter-02",
            "ip/IPPrint-01", "ip/IPReassembler-01", "ip/MarkIPCE-01", "ip/SetIPDSCP-01", "ip/StoreIPAddress-01",
            "ip/iplookups-01", "ip/iplookups-02", "icmp/ICMPError-sourceroute-01", "icmp/ICMPIPEncap-01",
            "icmp/ICMPRewriter-01", "icmp/ICMPRewriter-02", "icmp/ICMPRewriter-03", "tcpudp/UDPIPEncap-01",
            "standard/perf-01", "tools/undead-01");

    /** The folders of Click's tests run here: the language tools and the runtime's element tests. */
    private static final List<String> FOLDERS =
            List.of("tools", "standard", "analysis", "compound", "handlers", "threads", "ethernet", "IPRewriter", "ip",
                "icmp", "tcpudp");

    @Test
    void clicksTestsPassThroughTheRunner() throws Exception {
        final Path tests = SharedCorpus.clickTests();
        final List<String> args = new ArrayList<>();
        args.add("-j");
        args.add("2");
        for (String folder : FOLDERS) {
            args.add(tests.resolve(folder).toString());
        }
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine cl = new CommandLine(new ClickTestCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.execute(args.toArray(String[]::new));
        final String output = out.toString();
        System.out.println("[clicktest runner on " + String.join(", ", FOLDERS) + "]\n" + output);

        // names are relative to the common root of the arguments: make them folder/test
        final TreeMap<String, String> outcome = new TreeMap<>();
        for (String line : output.split("\n")) {
            final String[] w = line.split("[ :]", 3);
            if (w.length >= 2 && (w[0].equals("PASS") || w[0].equals("FAIL") || w[0].equals("SKIP"))) {
                String name = w[1];
                outcome.put(name, w[0]);
            }
        }
        assertTrue(outcome.size() >= MUST_PASS.size(), "the runner reported too few tests:\n" + output + err);
        final Set<String> notPassing = new TreeSet<>();
        for (String must : MUST_PASS) {
            assertEquals("PASS", outcome.get(must), must + " must pass; runner output:\n" + output);
        }
        outcome.forEach((name, status) -> {
            if (!status.equals("PASS")) {
                notPassing.add(name);
            }
        });
        final Path conformance = Path.of(System.getProperty("jclick.root", "..")).resolve("docs/CONFORMANCE.md");
        final String doc = Files.readString(conformance, StandardCharsets.UTF_8);
        for (String name : notPassing) {
            assertTrue(doc.contains("`" + name + "`"), name + " does not pass and is not listed in docs/CONFORMANCE.md");
        }
    }
}
