package org.jclick.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.MethodModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jclick.compiler.GraphPlan.Kind;
import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementRegistry;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketBatch;
import org.jclick.dataplane.runtime.Clock;
import org.jclick.dataplane.runtime.Router;
import org.jclick.dataplane.runtime.RouterLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the graph compiler makes of small configurations: kinds, dead code, class files, stack traces. */
class GraphCompilerTest {

    /** A test element whose push throws, to see a stack trace through compiled code. */
    public static final class Boom extends Element {
        @Override
        public String portCount() {
            return PORTS_1_0;
        }

        @Override
        public String processing() {
            return PUSH;
        }

        @Override
        public void push(int port, Packet p) {
            p.kill();
            throw new IllegalStateException("boom");
        }

        @Override
        public void pushBatch(int port, PacketBatch batch) {
            batch.killAll();
            throw new IllegalStateException("boom");
        }
    }

    static Router router(String text) {
        final ElementRegistry registry = new ElementRegistry(List.of());
        for (String name : ElementRegistry.loadDefault().classNames()) {
            registry.register(ElementRegistry.loadDefault().elementClass(name));
        }
        registry.register(Boom.class);
        final Router r = RouterLoader.fromText("t.click", text, Map.of(), registry,
                new Router.Options(Clock.simulated(1_000_000_000L), 1, "", ""), ErrorHandler.silent());
        assertNotNull(r, "the configuration initializes");
        return r;
    }

    static void push(Router r, String source, int packets) {
        final Element src = r.find(source);
        final PacketBatch b = new PacketBatch(32);
        for (int i = 0; i < packets; i++) {
            b.add(tcpFrame(r, 1000 + i, i % 2 == 0 ? 80 : 22));
        }
        src.output(0).pushBatch(b);
    }

    /** A 60-byte Ethernet/IPv4/TCP frame, zero but for the type, version, length, TTL, protocol and ports. */
    static Packet tcpFrame(Router r, int srcPort, int dstPort) {
        final Packet p = r.allocator(0).make(60);
        for (int k = 0; k < 60; k++) {
            p.setU8(k, 0);
        }
        p.setU16(12, 0x0800);
        p.setU8(14, 0x45);
        p.setU16(16, 46);
        p.setU8(22, 64);
        p.setU8(23, 6);
        p.setU16(34, srcPort);
        p.setU16(36, dstPort);
        return p;
    }

    @Test
    void elementsGetTheirKindsAndDeadCodeIsLeftOut() {
        final Router r = router("""
                src :: InfiniteSource(ACTIVE false)
                  -> c :: Counter
                  -> Strip(14)
                  -> cls :: IPClassifier(tcp dst port 80, tcp dst port 22, -)
                  -> web :: Counter -> Discard;
                cls[1] -> ssh :: Counter -> Discard;
                cls[2] -> other :: Counter -> Discard;
                Idle -> never :: Counter -> Discard;
                """);
        final CompiledGraph g = GraphCompiler.install(r, GraphCompiler.Options.of("t.click").withVerify(true), System.err);
        final Map<String, Kind> kinds = new java.util.HashMap<>();
        for (GraphPlan.Node n : g.plan().nodes()) {
            kinds.put(n.element().name(), n.kind());
        }
        assertEquals(Kind.SOURCE, kinds.get("src"));
        assertEquals(Kind.ACTION, kinds.get("c"));
        assertEquals(Kind.CLASSIFIER, kinds.get("cls"));
        assertEquals(Kind.DEAD, kinds.get("never"), g.summary());
        assertTrue(g.fallbacks().isEmpty(), g.fallbacks().toString());
        assertTrue(g.classes().containsKey("org.jclick.gen.t.cls"), g.classes().keySet().toString());
        push(r, "src", 10);
        assertEquals("10", r.find("c").router().handler("c.count", null, ErrorHandler.silent()).callRead("", ErrorHandler.silent()));
        assertEquals("5", r.handler("web.count", null, ErrorHandler.silent()).callRead("", ErrorHandler.silent()));
        assertEquals("5", r.handler("ssh.count", null, ErrorHandler.silent()).callRead("", ErrorHandler.silent()));
        assertEquals("0", r.handler("other.count", null, ErrorHandler.silent()).callRead("", ErrorHandler.silent()));
        r.cleanup();
    }

    @Test
    void classFilesNameTheConfigurationAndItsLines() {
        final Router r = router("src :: InfiniteSource(ACTIVE false)\n -> c :: Counter\n -> d :: Discard;\n");
        final CompiledGraph g = GraphCompiler.install(r, GraphCompiler.Options.of("t.click").withVerify(true), null);
        final ClassModel m = ClassFile.of().parse(g.classes().get("org.jclick.gen.t.c"));
        assertEquals("t.click", m.findAttribute(Attributes.sourceFile()).orElseThrow().sourceFile().stringValue());
        final List<Integer> lines = new ArrayList<>();
        for (MethodModel method : m.methods()) {
            if (method.methodName().stringValue().equals("push0")) {
                method.code().orElseThrow().findAttribute(Attributes.lineNumberTable()).orElseThrow()
                        .lineNumbers().forEach(l -> lines.add(l.lineNumber()));
            }
        }
        // c's work, then d's (the Discard runs in the same loop: a sink tail), then c's line again after the loop
        assertEquals(List.of(2, 3, 2), lines, "push0 points at c's line and at d's");
        final ClassFile verifier = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(
                java.lang.classfile.ClassHierarchyResolver.ofClassLoading(GraphCompilerTest.class.getClassLoader())));
        for (Map.Entry<String, byte[]> c : g.classes().entrySet()) {
            assertEquals(List.of(), verifier.verify(c.getValue()), c.getKey());
        }
        r.cleanup();
    }

    @Test
    void aStackTraceThroughCompiledCodeReadsTheClickFile() {
        final Router r = router("src :: InfiniteSource(ACTIVE false)\n -> c :: Counter\n -> b :: Boom;\n");
        GraphCompiler.install(r, GraphCompiler.Options.of("t.click"), null);
        final IllegalStateException e = assertThrows(IllegalStateException.class, () -> push(r, "src", 3));
        boolean found = false;
        for (StackTraceElement f : e.getStackTrace()) {
            if ("org.jclick.gen.t.c".equals(f.getClassName())) {
                assertEquals("t.click", f.getFileName());
                assertEquals(2, f.getLineNumber());
                found = true;
            }
        }
        assertTrue(found, "a frame of c's class: " + java.util.Arrays.toString(e.getStackTrace()));
        r.cleanup();
    }

    @Test
    void aClassifierOnALoopKeepsItsOwnBatchCode() {
        final Router r = router("""
                src :: InfiniteSource(ACTIVE false) -> cls :: Classifier(12/0800, -);
                cls[0] -> Strip(14) -> Unstrip(14) -> p :: Paint(1) -> cls;
                cls[1] -> Discard;
                """);
        final CompiledGraph g = GraphCompiler.install(r, GraphCompiler.Options.of("t.click"), null);
        for (GraphPlan.Node n : g.plan().nodes()) {
            if (n.element().name().equals("cls")) {
                assertEquals(Kind.LINKED, n.kind());
                assertTrue(n.reason().contains("loop"), n.reason());
            }
        }
        r.cleanup();
    }

    static String read(Router r, String spec) {
        return r.handler(spec, null, ErrorHandler.silent()).callRead("", ErrorHandler.silent());
    }

    @Test
    void routeTablesAreSplitAndRouteThroughCompiledCode() {
        for (String cls : new String[] {"StaticIPLookup", "LinearIPLookup", "RadixIPLookup", "DirectIPLookup",
                "RangeIPLookup"}) {
            final Router r = router("src :: InfiniteSource(ACTIVE false) -> rt :: " + cls
                    + "(10.0.0.0/8 0, 192.168.0.0/16 192.168.0.1 1);"
                    + " rt[0] -> c0 :: Counter -> Discard; rt[1] -> c1 :: Counter -> d1 :: Discard;");
            final CompiledGraph g = GraphCompiler.install(r, GraphCompiler.Options.of("t.click").withVerify(true), null);
            for (GraphPlan.Node n : g.plan().nodes()) {
                if (n.element().name().equals("rt")) {
                    assertEquals(Kind.SPLIT, n.kind(), cls + ": " + g.summary());
                }
            }
            assertTrue(g.fallbacks().isEmpty(), g.fallbacks().toString());
            final PacketBatch b = new PacketBatch(32);
            final int[] dsts = {0x0a000001, 0xc0a80505, 0x08080808, 0x0a0a0a0a, 0xc0a80001, 0x0a000002};
            for (int dst : dsts) {
                final Packet p = r.allocator(0).make(60);
                p.setDstIpAnno(dst);
                b.add(p);
            }
            r.find("src").output(0).pushBatch(b);
            assertEquals("3", read(r, "c0.count"), cls);
            assertEquals("2", read(r, "c1.count"), cls);
            assertEquals("1", read(r, "rt.noroute_drops"), cls);
            r.cleanup();
        }
    }

    @Test
    void aRouteTableOnALoopKeepsItsOwnBatchCode() {
        // Click's router shape: ICMP errors for packets without a route are routed again
        final Router r = router("""
                src :: InfiniteSource(ACTIVE false) -> rt :: RadixIPLookup(10.0.0.0/8 0, 0/0 1);
                rt[0] -> c0 :: Counter -> Discard;
                rt[1] -> SetIPAddress(10.0.0.9) -> c1 :: Counter -> rt;
                """);
        final CompiledGraph g = GraphCompiler.install(r, GraphCompiler.Options.of("t.click"), null);
        for (GraphPlan.Node n : g.plan().nodes()) {
            if (n.element().name().equals("rt")) {
                assertEquals(Kind.LINKED, n.kind());
                assertTrue(n.reason().contains("loop"), n.reason());
            }
        }
        final PacketBatch b = new PacketBatch(32);
        for (int i = 0; i < 10; i++) {
            final Packet p = r.allocator(0).make(60);
            p.setDstIpAnno(i % 2 == 0 ? 0x0a000001 : 0x08080808);
            b.add(p);
        }
        r.find("src").output(0).pushBatch(b);
        assertEquals("5", read(r, "c1.count"), "the packets without a 10/8 destination looped once");
        assertEquals("10", read(r, "c0.count"), "then every packet left by output 0");
        r.cleanup();
    }

    @Test
    void theSameConfigurationReusesItsLoadedClasses() {
        final String text = "src :: InfiniteSource(ACTIVE false) -> c :: Counter -> d :: Discard;";
        final Router a = router(text);
        GraphCompiler.install(a, GraphCompiler.Options.of("reuse.click"), null);
        final Element portA = a.find("src").output(0).peer();
        a.cleanup();
        final Router b = router(text);
        GraphCompiler.install(b, GraphCompiler.Options.of("reuse.click"), null);
        final Element portB = b.find("src").output(0).peer();
        assertEquals(portA.getClass(), portB.getClass(), "the second router got the first one's classes back");
        final Router c = router(text);
        GraphCompiler.install(c, GraphCompiler.Options.of("reuse.click"), null);
        assertTrue(portB.getClass() != c.find("src").output(0).peer().getClass(), "a router alive at the same time gets its own");
        push(b, "src", 4);
        push(c, "src", 2);
        assertEquals("4", b.handler("c.count", null, ErrorHandler.silent()).callRead("", ErrorHandler.silent()));
        assertEquals("2", c.handler("c.count", null, ErrorHandler.silent()).callRead("", ErrorHandler.silent()));
        b.cleanup();
        c.cleanup();
    }

    @Test
    void dumpWritesClassesListingsAndTheGraph(@TempDir Path dir) throws Exception {
        final Router r = router("src :: InfiniteSource(ACTIVE false) -> c :: Counter -> d :: Discard;");
        GraphCompiler.install(r, GraphCompiler.Options.of("t.click").withDumpDirectory(dir), null);
        assertTrue(Files.isRegularFile(dir.resolve("org/jclick/gen/t/c.class")));
        assertTrue(Files.readString(dir.resolve("org/jclick/gen/t/graph.txt")).contains("c "));
        // the JDK that runs the tests has javap (jdk.jdeps), so the listing must be there
        final Path listing = dir.resolve("org/jclick/gen/t/c.txt");
        assertTrue(Files.isRegularFile(listing), "javap listing written");
        final String text = Files.readString(listing);
        assertTrue(text.contains("push0") && text.contains("invokestatic"), text);
        r.cleanup();
    }
}
