package org.jclick.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code click-combine} and {@code click-uncombine}, run in-process on small routers. */
class CombineToolsTest {

    @TempDir
    Path dir;

    private String gw;
    private String host;

    /** A gateway that forwards eth0 to eth1, and a host that receives on eth0 and sends on eth0. */
    @BeforeEach
    void routers() throws IOException {
        gw = write("gw.click", "in :: FromDevice(eth0) -> cnt :: Counter -> out :: ToDevice(eth1);\n");
        host = write("host.click", """
                nic :: FromDevice(eth0) -> sink :: Discard;
                gen :: InfiniteSource -> ToDevice(eth0);
                """);
    }

    private String write(String name, String text) throws IOException {
        final Path p = dir.resolve(name);
        Files.writeString(p, text, Streams.CHARSET);
        return p.toString();
    }

    private static String withoutDirectives(String config) {
        return config.replaceAll("(?m)^#.*\n", "");
    }

    /** Runs a tool that must succeed without messages. */
    private static String ok(String... args) {
        final Run r = Run.of(args);
        assertEquals("", r.err());
        assertEquals(0, r.status());
        return r.out();
    }

    private static ClickArchive.Parsed archive(String text) {
        final ClickArchive.Parsed p = ClickArchive.parse(text);
        assertTrue(p.ok(), p.problems().toString());
        return p;
    }

    private static List<String> names(ClickArchive.Parsed p) {
        return p.members().stream().map(ClickArchive.Member::name).toList();
    }

    // ------------------------------------------------------------------------------------------------
    // click-combine

    private static final String DUPLEX = """
            gw/cnt :: Counter;
            link2 :: RouterLink(host ToDevice@4 ToDevice, eth0, gw in FromDevice, eth0);
            host/sink :: Discard;
            host/gen :: InfiniteSource;
            link1 :: RouterLink(gw out ToDevice, eth1, host nic FromDevice, eth0);

            host/gen -> link2
                -> gw/cnt
                -> link1
                -> host/sink;
            """;

    @Test
    void duplexLinkReusesFreedSlotsInClicksOrder() {
        // link1 goes last; link2 takes the slot that host/nic left, so it comes second
        final String out = ok("click-combine", "--config", "-n", "gw", "-f", gw, "-n", "host", "-f", host,
                "gw.eth1=host.eth0", "host.eth0=gw.eth0");
        assertEquals(DUPLEX, withoutDirectives(out));
        assertTrue(out.startsWith("# 1 \"" + gw + "\"\ngw/cnt :: Counter;\n# 0 \"<click-combine>\"\nlink2 :: "), out);
    }

    @Test
    void componentsCanBeNamedInSeveralWays() {
        final String byEquals = ok("click-combine", "-c", "gw=" + gw, "host=" + host, "gw.eth1=host.eth0",
                "host.eth0=gw.eth0");
        final String byColon = ok("click-combine", "-c", "gw:" + gw, "host:" + host, "-l", "gw.eth1=host.eth0",
                "--link=host.eth0=gw.eth0");
        assertEquals(DUPLEX, withoutDirectives(byEquals));
        assertEquals(DUPLEX, withoutDirectives(byColon));
        // unnamed components are numbered by position
        final Run numbered = Run.of("click-combine", "-c", "-e", "a :: Idle", "-e", "b :: Idle");
        assertEquals(0, numbered.status());
        assertEquals("warning: no links between routers\n", numbered.err());
        assertEquals("1/a :: Idle;\n2/b :: Idle;\n", withoutDirectives(numbered.out()));
    }

    @Test
    void theArchiveHoldsConfigElementMapAndComponentMap() {
        final String out = ok("click-combine", "gw=" + gw, "host=" + host, "gw.eth1=host.eth0", "host.eth0=gw.eth0");
        final ClickArchive.Parsed p = archive(out);
        assertEquals(List.of("config", "elementmap.xml", "componentmap"), names(p));
        assertEquals(DUPLEX, withoutDirectives(p.find("config").data()));
        assertEquals(0644, p.members().get(0).mode());
        assertEquals(0600, p.members().get(1).mode());
        assertEquals("""
                <?xml version="1.0" standalone="yes"?>
                <elementmap xmlns="http://www.lcdf.org/click/xml/">
                  <entry name="RouterLink" processing="l/h" flowcode="x/x" flags="S3" />
                </elementmap>
                """, p.find("elementmap.xml").data());
        assertEquals("gw\nhost\n", p.find("componentmap").data());
    }

    @Test
    void linksSharingAnEndBecomeOneRouterLink() {
        final String a = "-e";
        final String out = ok("click-combine", "-c", "-n", "A", a, "Idle -> t :: ToDevice(eth0)",
                "-n", "B", a, "f :: FromDevice(eth1) -> Discard", "-n", "C", a, "g :: FromDevice(eth2) -> Discard",
                "A.eth0=B.eth1", "A.t=C.g");
        assertEquals("""
                A/Idle@1 :: Idle;
                B/Discard@2 :: Discard;
                C/Discard@2 :: Discard;
                link1 :: RouterLink(A t ToDevice, eth0, B f FromDevice, eth1, C g FromDevice, eth2);

                A/Idle@1 -> link1
                    -> B/Discard@2;
                link1 [1] -> C/Discard@2;
                """, withoutDirectives(out));
    }

    @Test
    void pollDevicesAndElementNamesWork() {
        final String out = ok("click-combine", "-c", "-n", "A", "-e", "Idle -> ToDevice(eth0)",
                "-n", "B", "-e", "p :: PollDevice(eth3, PROMISC true) -> Discard", "A.eth0=B.eth3");
        assertTrue(out.contains("link1 :: RouterLink(A ToDevice@2 ToDevice, eth0, B p PollDevice, eth3, PROMISC true);"),
                out);
    }

    @Test
    void outputFile() throws IOException {
        final Path out = dir.resolve("net.click");
        final Run r = Run.of("click-combine", "-o", out.toString(), "gw=" + gw, "host=" + host, "gw.eth1=host.eth0");
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.out());
        assertEquals(List.of("config", "elementmap.xml", "componentmap"),
                names(archive(Files.readString(out, Streams.CHARSET))));
    }

    @Test
    void combinedRoutersNest() throws IOException {
        final String net = write("net.ar", ok("click-combine", "gw=" + gw, "host=" + host, "gw.eth1=host.eth0"));
        final String isp = write("isp.click", "up :: FromDevice(wan) -> Discard;\n");
        final ClickArchive.Parsed p = archive(ok("click-combine", "net=" + net, "isp=" + isp, "net.eth0=isp.wan"));
        assertEquals("net\nnet/gw\nnet/host\nisp\n", p.find("componentmap").data());
        // the inner link's ends now name their routers from the top; the elementmaps add up
        final String config = withoutDirectives(p.find("config").data());
        assertTrue(config.contains("net/link1 :: RouterLink(net/gw out ToDevice, eth1, net/host nic FromDevice, eth0);\n"),
                config);
        assertTrue(config.contains("link1 :: RouterLink(net host/ToDevice@4 ToDevice, eth0, isp up FromDevice, wan);\n"),
                config);
        assertEquals(2, p.find("elementmap.xml").data().split("<entry ", -1).length - 1);
    }

    @Test
    void componentElementMapsArePassedOn() throws IOException {
        final String map = """
                <?xml version="1.0"?>
                <!ENTITY home "/opt/x">
                <elementmap xmlns="http://www.lcdf.org/click/xml/" package="x">
                <!-- a comment with <entry name="Ignored"/> inside -->
                <entry name="Foo" cxxclass="Foo" headerfile="&home;/foo.hh" processing="a/a" flowcode="x/x" portcount="1/1" />
                <entry name="Q&amp;A" requirements="linuxmodule" />
                </elementmap>
                """;
        final String ar = ClickArchive.unparse(List.of(
                new ClickArchive.Member("config", 0, 0, 0, 0644, "f :: Foo -> ToDevice(eth0);\n"),
                new ClickArchive.Member("elementmap.xml", 0, 0, 0, 0600, map))).text();
        final String foo = write("foo.ar", ar);
        final ClickArchive.Parsed p = archive(ok("click-combine", "F=" + foo, "H=" + host, "F.eth0=H.eth0"));
        assertEquals("""
                <?xml version="1.0" standalone="yes"?>
                <elementmap xmlns="http://www.lcdf.org/click/xml/">
                  <entry name="RouterLink" processing="l/h" flowcode="x/x" flags="S3" />
                  <entry name="Foo" cxxclass="Foo" headerfile="/opt/x/foo.hh" processing="a/a" flowcode="x/x" />
                  <entry name="Q&amp;A" processing="" flowcode="" requires="linuxmodule" />
                </elementmap>
                """, p.find("elementmap.xml").data());
        // the component's elementmap.xml is replaced in its place by the merged one
        assertEquals(List.of("config", "elementmap.xml", "componentmap"), names(p));
    }

    @Test
    void textElementMapsAreRead() {
        final ClickCombineTool.ElementMap m = new ClickCombineTool.ElementMap();
        m.parse("""
                # comment
                $data name cxxclass processing flags
                Bar BarElement h/h "S0 A"
                $data provides
                somefeature
                """);
        assertEquals("""
                <?xml version="1.0" standalone="yes"?>
                <elementmap xmlns="http://www.lcdf.org/click/xml/">
                  <entry name="Bar" cxxclass="BarElement" processing="h/h" flowcode="" flags="S0 A" />
                </elementmap>
                """, m.unparse());
        assertEquals(2, m.entries().size());
    }

    // ------------------------------------------------------------------------------------------------
    // click-uncombine

    private String combined() throws IOException {
        return write("net.ar", ok("click-combine", "gw=" + gw, "host=" + host, "gw.eth1=host.eth0",
                "host.eth0=gw.eth0"));
    }

    @Test
    void uncombineGivesBackTheGateway() throws IOException {
        final ClickArchive.Parsed p = archive(ok("click-uncombine", combined(), "gw"));
        // the componentmap has no sub-components left, so it goes; the element map stays
        assertEquals(List.of("config", "elementmap.xml"), names(p));
        assertEquals("""
                cnt :: Counter;
                out :: ToDevice(eth1);
                in :: FromDevice(eth0);

                in -> cnt
                    -> out;
                """, withoutDirectives(p.find("config").data()));
        assertTrue(p.find("config").data().contains("# 0 \"<click-uncombine>\"\nout :: ToDevice(eth1);\n"));
    }

    @Test
    void uncombineGivesBackTheHost() throws IOException {
        final String c = combined();
        final String viaOptions = ok("click-uncombine", "-f", c, "-n", "host");
        final String viaStdin = Run.withInput(Files.readString(Path.of(c), Streams.CHARSET), "click-uncombine",
                "--name=host").out();
        final String expected = """
                nic :: FromDevice(eth0);
                sink :: Discard;
                gen :: InfiniteSource;
                ToDevice@4 :: ToDevice(eth0);

                gen -> ToDevice@4;
                nic -> sink;
                """;
        assertEquals(expected, withoutDirectives(archive(viaOptions).find("config").data()));
        assertEquals(expected, withoutDirectives(archive(viaStdin).find("config").data()));
        // click-flatten --config takes the configuration out of the archive (reading it, jclick's front end
        // orders connections by their source element)
        final Run flat = Run.withInput(viaOptions, "click-flatten", "--config");
        assertEquals(expected.replace("gen -> ToDevice@4;\nnic -> sink;\n", "nic -> sink;\ngen -> ToDevice@4;\n"),
                withoutDirectives(flat.out()));
        // and without --config keeps the archive
        final Run kept = Run.withInput(viaOptions, "click-flatten");
        assertEquals(List.of("config", "elementmap.xml"), names(archive(kept.out())));
    }

    @Test
    void uncombineOneOfSeveralEndsOfALink() {
        final String net = ok("click-combine", "-n", "A", "-e", "Idle -> t :: ToDevice(eth0)",
                "-n", "B", "-e", "f :: FromDevice(eth1) -> Discard", "-n", "C", "-e", "g :: FromDevice(eth2) -> Discard",
                "A.eth0=B.eth1", "A.t=C.g");
        final Run c = Run.withInput(net, "click-uncombine", "-", "C");
        assertEquals(0, c.status(), c.err());
        assertEquals("Discard@2 :: Discard;\ng :: FromDevice(eth2);\n\ng -> Discard@2;\n",
                withoutDirectives(archive(c.out()).find("config").data()));
    }

    @Test
    void uncombineNestedComponents() throws IOException {
        final String net = write("net.ar", ok("click-combine", "gw=" + gw, "host=" + host, "gw.eth1=host.eth0"));
        final String isp = write("isp.click", "up :: FromDevice(wan) -> Discard;\n");
        final String all = write("all.ar", ok("click-combine", "net=" + net, "isp=" + isp, "net.eth0=isp.wan"));

        final ClickArchive.Parsed netBack = archive(ok("click-uncombine", all, "net"));
        assertEquals("gw\nhost\n", netBack.find("componentmap").data());
        assertTrue(netBack.find("config").data().contains(
                "link1 :: RouterLink(gw out ToDevice, eth1, host nic FromDevice, eth0);"));

        final ClickArchive.Parsed hostBack = archive(ok("click-uncombine", all, "net/host"));
        assertNull(hostBack.find("componentmap"));
        assertEquals("""
                sink :: Discard;
                gen :: InfiniteSource;
                ToDevice@4 :: ToDevice(eth0);
                nic :: FromDevice(eth0);

                gen -> ToDevice@4;
                nic -> sink;
                """, withoutDirectives(hostBack.find("config").data()));
    }

    @Test
    void writesToAnOutputFile() throws IOException {
        final Path out = dir.resolve("gw.out");
        final Run r = Run.of("click-uncombine", "-o", out.toString(), combined(), "gw");
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.out());
        assertTrue(Files.readString(out, Streams.CHARSET).startsWith("!<arch>\n"));
    }

    // ------------------------------------------------------------------------------------------------
    // errors: Click's wording and exit status, never a stack trace

    private static void fails(String expectedErr, String... args) {
        final Run r = Run.of(args);
        assertEquals(expectedErr, r.err());
        assertEquals(1, r.status());
        assertFalse(r.hasStackTrace());
    }

    private static final String USAGE = "Usage: click-combine [OPTION]... [ROUTERFILE]\n"
            + "Try 'click-combine --help' for more information.\n";

    @Test
    void combineCommandLineErrors() {
        fails("click-combine: no routers specified\n", "click-combine");
        fails("click-combine: unrecognized option '-Z'\n" + USAGE, "click-combine", "-Z");
        fails("click-combine: output file specified twice\n" + USAGE, "click-combine", "-o", "a", "-o", "b");
        fails("click-combine: two routers named 'A'\n", "click-combine", "A=" + "/dev/null", "-n", "A", "-e", "");
        fails("router name 'no good' is not a legal Click identifier\n",
                "click-combine", "-n", "no good", "-e", "Idle", "-n", "B", "-e", "Idle");
        fails("router name 'a//b' is not a legal Click identifier\n", "click-combine", "-n", "a//b", "-e", "Idle");
    }

    @Test
    void combineLinkErrors() throws IOException {
        fails("click-combine: bad link definition 'gw.eth1=host'\n", "click-combine", "gw=" + gw, "host=" + host,
                "-l", "gw.eth1=host");
        fails("click-combine: no router named 'x'\nclick-combine: no router named 'y'\n",
                "click-combine", "gw=" + gw, "host=" + host, "x.eth1=y.eth0");
        fails("click-combine: router 'gw' has no element or device named 'eth7'\n",
                "click-combine", "gw=" + gw, "host=" + host, "gw.eth7=host.eth0");
        // the destination end must be a FromDevice or PollDevice: gw has none on eth1
        fails("click-combine: router 'gw' has no element or device named 'eth1'\n",
                "click-combine", "gw=" + gw, "host=" + host, "host.eth0=gw.eth1");
        final String twice = write("twice.click", "Idle -> ToDevice(eth0); Idle -> ToDevice(eth0);\n");
        fails("click-combine: more than one 'ToDevice(eth0)' element in router 'T'\n"
                        + "click-combine: router 'T' has no element or device named 'eth0'\n",
                "click-combine", "T=" + twice, "host=" + host, "T.eth0=host.eth0");
        final String twiceIn = write("twicein.click", "FromDevice(eth0) -> Discard; PollDevice(eth0) -> Discard;\n");
        fails("click-combine: more than one 'FromDevice(eth0)' or 'PollDevice(eth0)' element in router 'T'\n"
                        + "click-combine: router 'T' has no element or device named 'eth0'\n",
                "click-combine", "host=" + host, "T=" + twiceIn, "host.eth0=T.eth0");
        // gw's out is the source of the first link and the destination of the second; like Click, the
        // message names the second link's source
        fails("click-combine: warning: router 'gw' element 'out' has unexpected class\n"
                        + "  expected FromDevice or PollDevice, got ToDevice\n"
                        + "click-combine: router 'host' element 'ToDevice@4' used as both source and destination\n",
                "click-combine", "gw=" + gw, "host=" + host, "gw.out=host.eth0", "host.eth0=gw.out");
        fails("click-combine: warning: router 'gw' element 'cnt' has unexpected class\n"
                        + "  expected ToDevice, got Counter\n"
                        + "click-combine: warning: router 'gw' element 'cnt' has unexpected class\n"
                        + "  expected FromDevice or PollDevice, got Counter\n"
                        + "click-combine: router 'gw' element 'cnt' used as both source and destination\n",
                "click-combine", "gw=" + gw, "gw.cnt=gw.cnt");
    }

    @Test
    void combineWarnsAboutOddLinks() {
        final Run r = Run.of("click-combine", "-c", "-n", "A", "-e", "x :: Idle -> Discard", "-n", "B",
                "-e", "y :: Counter -> Discard", "A.x=B.y");
        assertEquals(0, r.status(), r.err());
        assertEquals("click-combine: warning: router 'A' element 'x' has unexpected class\n"
                + "  expected ToDevice, got Idle\n"
                + "click-combine: warning: router 'B' element 'y' has unexpected class\n"
                + "  expected FromDevice or PollDevice, got Counter\n", r.err());
        // a name given with the file does not replace one given before it
        final Run names = Run.of("click-combine", "-n", "A", "B=/dev/null");
        assertEquals(0, names.status());
        assertEquals("warning: router name specified twice ('A' and 'B')\n"
                + "warning: no links between routers\n", names.err());
        assertEquals("A\n", archive(names.out()).find("componentmap").data());
    }

    @Test
    void combineReportsConfigurationErrors() throws IOException {
        final Run r = Run.of("click-combine", "A=" + dir.resolve("missing.click"), "-e", "a :: Idle; a -> ;");
        assertEquals(1, r.status());
        assertTrue(r.err().startsWith(dir.resolve("missing.click") + ": "), r.err());
        assertTrue(r.err().contains("No such file or directory"), r.err());
        assertTrue(r.err().contains("config:1: "), r.err());
        assertEquals("", r.out());
        assertFalse(r.hasStackTrace());
        fails(dir.resolve("none/out") + ": No such file or directory\n",
                "click-combine", "-o", dir.resolve("none/out").toString(), "-e", "Idle", "-e", "Idle");
    }

    private static final String UNCOMBINE_USAGE = "Usage: click-uncombine [OPTION]... [ROUTERFILE]\n"
            + "Try 'click-uncombine --help' for more information.\n";

    @Test
    void uncombineErrors() throws IOException {
        final String c = combined();
        fails("click-uncombine: no component specified\n", "click-uncombine", c);
        fails(c + ": no 'isp' component\n", "click-uncombine", c, "isp");
        fails(c + ": no 'gw/sub' component\n", "click-uncombine", c, "gw/sub");
        fails(gw + ": not created by 'click-combine' (no 'componentmap')\n", "click-uncombine", gw, "gw");
        fails("click-uncombine: component name specified twice\n" + UNCOMBINE_USAGE, "click-uncombine", c, "gw", "x");
        fails("click-uncombine: component name specified twice\n" + UNCOMBINE_USAGE,
                "click-uncombine", "-n", "gw", "--name", "x");
        fails("click-uncombine: combined router specified twice\n" + UNCOMBINE_USAGE,
                "click-uncombine", "-f", c, "-f", c);
        fails("click-uncombine: output file specified twice\n" + UNCOMBINE_USAGE,
                "click-uncombine", "-o", "a", "-o", "b");
        final Run stdin = Run.withInput("", "click-uncombine", "-n", "gw");
        assertEquals("<stdin>: not created by 'click-combine' (no 'componentmap')\n", stdin.err());
    }

    @Test
    void uncombineReportsDamagedArchivesWithOffsets() throws IOException {
        final String whole = Files.readString(Path.of(combined()), Streams.CHARSET);
        final String cut = write("cut.ar", whole.substring(0, 100));
        final int configSize = archive(whole).find("config").data().length();
        fails(cut + ": truncated archive, " + (configSize - 32) + " bytes short (at byte 8)\n"
                + cut + ": archive has no 'config' section\n", "click-uncombine", cut, "gw");
        final String notAr = write("not.ar", "!this is no archive\n");
        fails(notAr + ": not an archive (at byte 0)\n" + notAr + ": archive has no 'config' section\n",
                "click-uncombine", notAr, "gw");
    }

    @Test
    void strangeRouterLinksAreErrors() {
        final String ar = ClickArchive.unparse(List.of(
                new ClickArchive.Member("config", 0, 0, 0, 0644,
                        "a :: Idle -> l :: RouterLink(A a Idle, , B) -> b :: Discard;\n"
                        + "c :: Idle -> m :: RouterLink(A c, x, B d Discard, y) -> d :: Discard;\n"),
                new ClickArchive.Member("componentmap", 0, 0, 0, 0600, "A\nB\n"))).text();
        final Run r = Run.withInput(ar, "click-uncombine", "-", "A");
        assertEquals("RouterLink 'l' has strange configuration\nRouterLink 'm' has strange configuration\n", r.err());
        assertEquals(1, r.status());
    }

    @Test
    void helpAndVersion() {
        for (String tool : List.of("click-combine", "click-uncombine")) {
            final Run help = Run.of(tool, "--help");
            assertEquals(0, help.status());
            assertTrue(help.out().contains("Usage: " + tool + " [OPTION]..."), help.out());
            final Run version = Run.of(tool, "--version");
            assertEquals(0, version.status());
            assertTrue(version.out().startsWith(tool + " (Click) "), version.out());
        }
    }

    @Test
    void damagedInputNeverCrashes() throws IOException {
        final String whole = Files.readString(Path.of(combined()), Streams.CHARSET);
        final java.util.Random random = new java.util.Random(42);
        final String alphabet = "!<>`/ \n\t0123456789#(),.:=\"'AZaz\u00ff";
        for (int round = 0; round < 300; round++) {
            final StringBuilder b = new StringBuilder(whole);
            final int edits = 1 + random.nextInt(4);
            for (int k = 0; k < edits && !b.isEmpty(); k++) {
                final int at = random.nextInt(b.length());
                switch (random.nextInt(3)) {
                    case 0 -> b.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    case 1 -> b.deleteCharAt(at);
                    default -> b.setLength(at);
                }
            }
            final String text = b.toString();
            for (String[] args : List.of(new String[] {"click-uncombine", "-", "gw"},
                    new String[] {"click-uncombine", "-", "host/x"}, new String[] {"click-flatten"})) {
                final Run r = Run.withInput(text, args);
                assertTrue(r.status() == 0 || r.status() == 1, r.err());
                assertFalse(r.err().contains("internal error") || r.hasStackTrace(), text + "\n" + r.err());
            }
            final Path f = dir.resolve("fuzz.ar");
            Files.writeString(f, text, Streams.CHARSET);
            final Run c = Run.of("click-combine", "-c", "F=" + f, "G=" + gw, "F.eth0=G.eth0", "G.out=F.link1");
            assertFalse(c.err().contains("internal error") || c.hasStackTrace(), text + "\n" + c.err());
        }
    }
}
