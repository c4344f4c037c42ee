package org.jclick.nic.bench;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketBatch;
import org.jclick.dataplane.packet.PacketPool;
import org.jclick.nic.sys.MemfdDmaMemory;
import org.jclick.nic.testpmd.Testpmd;
import org.jclick.nic.vhost.VhostUserTransport;
import org.jclick.nic.virtio.VirtioNet;

/**
 * Throughput of the Java driver and of DPDK's own virtio-user frontend against the same testpmd vhost-user
 * backend, 64-byte packets, ring 256, measured in the same run, alternating (see docs/PERFORMANCE.md). The
 * backend runs on core 0, the frontend on core 1 (the Java frontend is this JVM's main thread: start it under
 * {@code taskset -c 1}). Rates are read from the backend's {@code show port stats} (Rx-pps/Tx-pps of the vhost
 * port), so both frontends are measured by the same instrument; the figure is the median of the samples.
 *
 * <p>Arguments: {@code [ROUNDS [SAMPLES]]} (default 2 rounds of 5 one-second samples per scenario and frontend).
 * Also prints the round-trip latency (p50/p99) of single frames through a macswap backend. Besides the rate, each
 * scenario reports packets per CPU-second of the frontend and of the backend (testpmd's threads, from /proc): the
 * backend figure says what a frontend makes the backend pay per packet, whatever share of its core it got.
 *
 * <p>{@code -Dpacked=true}: both frontends use packed virtqueues (the Java driver with
 * {@code Config.withPackedRing(true)}, DPDK's with {@code packed_vq=1}). {@code -DcompareRings=true}: instead of
 * Java against DPDK, the Java driver with split rings against itself with packed rings, alternating per round.
 */
public final class VhostUserBench
{
    private static final int BURST = 32;
    /** Ethernet (14) + IPv4 (20) + UDP (8): what testpmd's txonly writes into each frame. */
    private static final int TXONLY_HEADER_BYTES = 42;
    /** {@code -DidlePauses=N}: Thread.onSpinWait() calls after an empty receive poll in the loop scenario. */
    private static final int IDLE_PAUSES = Integer.getInteger("idlePauses", 0);

    enum Scenario
    {
        LOOP("loop: backend [null -> vhost, io] <-> frontend macswap", "io", true, "macswap"),
        RX_ONLY("backend txonly -> frontend rxonly", "txonly", false, "rxonly"),
        TX_ONLY("frontend txonly -> backend rxonly", "rxonly", false, "txonly");

        final String title;
        final String backendMode;
        final boolean nullPort;
        final String frontendMode;

        Scenario(final String title, final String backendMode, final boolean nullPort, final String frontendMode)
        {
            this.title = title;
            this.backendMode = backendMode;
            this.nullPort = nullPort;
            this.frontendMode = frontendMode;
        }
    }

    private static volatile boolean running;
    private static final java.lang.management.ThreadMXBean THREADS =
        java.lang.management.ManagementFactory.getThreadMXBean();

    public static void main(final String[] args) throws Exception
    {
        Testpmd.requireTestpmdOrExit();
        final String only = System.getProperty("scenario", "");
        final boolean javaOnly = Boolean.getBoolean("javaOnly");
        final boolean compareRings = Boolean.getBoolean("compareRings");
        final boolean packed = Boolean.getBoolean("packed");
        final int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        final int samples = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        final Path dir = Files.createTempDirectory("jclick-bench");
        final Path socket = dir.resolve("bench.sock");
        final List<String> rows = new ArrayList<>();
        try
        {
            for (final Scenario scenario : Scenario.values())
            {
                if (!only.isEmpty() && !scenario.name().equals(only))
                {
                    continue;
                }
                final List<Double> java = new ArrayList<>();
                final List<Double> dpdk = new ArrayList<>();
                final List<Double> javaCpu = new ArrayList<>();
                final List<Double> dpdkCpu = new ArrayList<>();
                final List<Double> javaBackend = new ArrayList<>();
                final List<Double> dpdkBackend = new ArrayList<>();
                for (int round = 0; round < rounds; round++)
                {
                    final double[] jr = measure(scenario, socket, false, compareRings ? false : packed, samples);
                    java.add(jr[0]);
                    javaCpu.add(jr[1]);
                    javaBackend.add(jr[2]);
                    final double[] dr = compareRings ? measure(scenario, socket, false, true, samples) :
                        javaOnly ? new double[] {1, 1, 1} : measure(scenario, socket, true, packed, samples);
                    dpdk.add(dr[0]);
                    dpdkCpu.add(dr[1]);
                    dpdkBackend.add(dr[2]);
                }
                final double j = median(java);
                final double d = median(dpdk);
                final double jc = median(javaCpu);
                final double dc = median(dpdkCpu);
                final double jb = median(javaBackend);
                final double db = median(dpdkBackend);
                final String row = String.format(Locale.ROOT,
                    "| %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %s | %s |",
                    scenario.title, j, d, j / d, jc, dc, jc / dc, jb, db, jb / db, fmt(java), fmt(dpdk));
                System.out.println(row);
                rows.add(row);
                // the ratio of each round's pair (measured a few seconds apart, so under similar load)
                final List<Double> pairs = new ArrayList<>();
                for (int i = 0; i < java.size(); i++)
                {
                    pairs.add(java.get(i) / dpdk.get(i));
                }
                final String pairRow = String.format(Locale.ROOT, "%s: median of the per-round ratios %.2f (%s)",
                    scenario.name(), median(pairs), fmt(pairs));
                System.out.println(pairRow);
                rows.add(pairRow);
            }
            final double[] latency = latency(socket, 20_000);
            final String row = String.format(Locale.ROOT,
                "round trip through testpmd macswap, 1 frame in flight: p50 %.1f us, p99 %.1f us, p99.9 %.1f us",
                latency[0], latency[1], latency[2]);
            System.out.println(row);
            rows.add(row);
        }
        finally
        {
            Files.deleteIfExists(socket);
            Files.deleteIfExists(dir);
        }
        System.out.println();
        if (compareRings)
        {
            System.out.println("| scenario | jclick split Mpps | jclick packed Mpps | ratio | split Mpps per frontend " +
                "CPU-s | packed Mpps per frontend CPU-s | ratio | split Mpps per backend CPU-s | packed Mpps per " +
                "backend CPU-s | ratio | split rounds | packed rounds |");
        }
        else
        {
            System.out.println("| scenario | jclick Mpps | DPDK virtio-user Mpps | ratio | jclick Mpps per frontend " +
                "CPU-s | DPDK Mpps per frontend CPU-s | ratio | jclick Mpps per backend CPU-s | DPDK Mpps per " +
                "backend CPU-s | ratio | jclick rounds | DPDK rounds |" + (packed ? " (packed rings)" : ""));
        }
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    private static String fmt(final List<Double> values)
    {
        final StringBuilder s = new StringBuilder();
        for (final double v : values)
        {
            s.append(s.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.2f", v));
        }
        return s.toString();
    }

    private static double median(final List<Double> values)
    {
        final double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2] :
            (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    /** One measurement: backend up, frontend connected and warmed up 2 s, then {@code samples} one-second samples. */
    private static double[] measure(final Scenario scenario, final Path socket, final boolean dpdkFrontend,
        final boolean packed,
        final int samples) throws Exception
    {
        final List<String> vdevs = new ArrayList<>();
        if (scenario.nullPort)
        {
            vdevs.add("net_null0,size=64");
        }
        vdevs.add("net_vhost0,iface=" + socket + ",queues=1");
        final int vhostPort = scenario.nullPort ? 1 : 0;
        try (Testpmd backend = new Testpmd("bench-be", 0, vdevs,
            List.of("-i", "--forward-mode=" + scenario.backendMode, "--txpkts=64", "--burst=" + BURST,
                "--total-num-mbufs=16384", "--rxd=256", "--txd=256"), List.of(socket)))
        {
            backend.commandAndWait("start", 5000);
            Testpmd frontend = null;
            Thread javaLoop = null;
            final VirtioNet[] javaNet = new VirtioNet[1];
            final MemfdDmaMemory memory = MemfdDmaMemory.create("bench",
                VirtioNet.requiredBytes(VirtioNet.Config.defaults()));
            try
            {
                if (dpdkFrontend)
                {
                    frontend = new Testpmd("bench-fe", 1, List.of("net_virtio_user0,path=" + socket + ",queues=1,queue_size=256" +
                        (packed ? ",packed_vq=1" : "") + ",in_order=" + (IN_ORDER ? 1 : 0)),
                        List.of("-i", "--forward-mode=" + scenario.frontendMode, "--txpkts=64", "--burst=" + BURST,
                            "--total-num-mbufs=16384", "--rxd=256", "--txd=256"), List.of());
                    frontend.commandAndWait("start", 5000);
                }
                else
                {
                    final VirtioNet net = new VirtioNet(new VhostUserTransport(socket.toString(), memory), memory,
                        driverConfig().withPackedRing(packed));
                    net.start();
                    if (net.packedRing() != packed)
                    {
                        throw new IllegalStateException("packed rings asked " + packed + ", in use " + net.packedRing());
                    }
                    javaNet[0] = net;
                    running = true;
                    javaLoop = new Thread(() -> javaFrontend(net, scenario), "java-frontend");
                    javaLoop.start();
                }
                Thread.sleep(2000);
                // starts the "since last show" window
                final String before = backend.commandAndWait("show port stats " + vhostPort, 20_000);
                final long cpuBeforeNs = dpdkFrontend ? frontend.cpuTimeNs() : THREADS.getThreadCpuTime(javaLoop.threadId());
                final long backendCpuBeforeNs = backend.cpuTimeNs();
                final double[] rates = new double[samples];
                for (int i = 0; i < samples; i++)
                {
                    Thread.sleep(1000);
                    final String stats = backend.commandAndWait("show port stats " + vhostPort, 20_000);
                    rates[i] = pps(stats, scenario == Scenario.RX_ONLY ? "Tx-pps" : "Rx-pps") / 1e6;
                }
                if (Boolean.getBoolean("verbose"))
                {
                    System.err.println(backend.commandAndWait("show port stats all", 5000));
                    System.err.println("  samples " + Arrays.toString(rates));
                }
                final long cpuNs = (dpdkFrontend ? frontend.cpuTimeNs() : THREADS.getThreadCpuTime(javaLoop.threadId())) -
                    cpuBeforeNs;
                final long backendCpuNs = backend.cpuTimeNs() - backendCpuBeforeNs;
                final String after = backend.commandAndWait("show port stats " + vhostPort, 20_000);
                final String counter = scenario == Scenario.RX_ONLY ? "TX-packets" : "RX-packets";
                final double packets = pps(after, counter) - pps(before, counter);
                Arrays.sort(rates);
                return new double[] {rates[samples / 2], packets / (cpuNs / 1e9) / 1e6,
                    packets / (backendCpuNs / 1e9) / 1e6};
            }
            finally
            {
                running = false;
                if (javaLoop != null)
                {
                    javaLoop.join(5000);
                    final VirtioNet n = javaNet[0];
                    System.err.printf(Locale.ROOT, "  java %s %s%s: rx %d tx %d ring-full %d rx-no-buffer %d errors %d%n",
                        scenario, n.packedRing() ? "packed" : "split", n.inOrder() ? " in-order" : "", n.rxPackets(), n.txPackets(), n.ringFullEvents(), n.rxNoBufferEvents(),
                        n.protocolErrors());
                    javaNet[0].close();
                }
                if (frontend != null)
                {
                    frontend.close();
                }
                memory.close();
            }
        }
    }

    /**
     * {@code -DinOrder=false}: neither frontend negotiates VIRTIO_F_IN_ORDER (DPDK's virtio-user gets
     * {@code in_order=0}; by default it is given {@code in_order=1}, its own default, and the Java driver negotiates
     * it too).
     */
    private static final boolean IN_ORDER = Boolean.parseBoolean(System.getProperty("inOrder", "true"));

    /** The driver's settings: the defaults, less EVENT_IDX with {@code -DeventIdx=false}, less IN_ORDER likewise. */
    private static VirtioNet.Config driverConfig()
    {
        final VirtioNet.Config defaults = VirtioNet.Config.defaults();
        long mask = defaults.featureMask();
        if (!Boolean.parseBoolean(System.getProperty("eventIdx", "true")))
        {
            mask &= ~org.jclick.nic.virtio.VirtioFeatures.bit(org.jclick.nic.virtio.VirtioFeatures.F_RING_EVENT_IDX);
        }
        if (!IN_ORDER)
        {
            mask &= ~org.jclick.nic.virtio.VirtioFeatures.bit(org.jclick.nic.virtio.VirtioFeatures.F_IN_ORDER);
        }
        return defaults.withFeatureMask(mask);
    }

    private static double pps(final String stats, final String field)
    {
        final Matcher m = Pattern.compile(field + ":\\s+(\\d+)").matcher(stats);
        if (!m.find())
        {
            throw new IllegalStateException("no " + field + " in " + stats);
        }
        return Double.parseDouble(m.group(1));
    }

    /**
     * The Java frontend's poll loop (run on the thread pinned by the caller's taskset). Each scenario has its own
     * method, so that the JIT's profile of one scenario's loop does not shape the code of the next one run in the
     * same JVM (a DPDK frontend is a fresh process per measurement).
     */
    private static void javaFrontend(final VirtioNet net, final Scenario scenario)
    {
        switch (scenario)
        {
            case LOOP -> loopFrontend(net);
            case RX_ONLY -> rxOnlyFrontend(net);
            case TX_ONLY -> txOnlyFrontend(net);
        }
    }

    private static void loopFrontend(final VirtioNet net)
    {
        final PacketBatch batch = new PacketBatch(BURST);
        while (running)
        {
            if (net.rxBurst(0, batch, BURST) == 0)
            {
                for (int i = 0; i < IDLE_PAUSES; i++)
                {
                    Thread.onSpinWait(); // a PAUSE: polls the used index less often
                }
            }
            else
            {
                for (int i = 0, n = batch.size(); i < n; i++)
                {
                    final Packet p = batch.get(i);
                    final long dst = p.u32(0) & 0xFFFF_FFFFL;
                    final int dstLow = p.u16(4);
                    p.setU32(0, p.u32(6));
                    p.setU16(4, p.u16(10));
                    p.setU32(6, (int)dst);
                    p.setU16(10, dstLow);
                }
                net.txBurst(0, batch);
                batch.killAll(); // ring full: drop the rest, as testpmd's io/macswap without retry
            }
        }
    }

    private static void rxOnlyFrontend(final VirtioNet net)
    {
        final PacketBatch batch = new PacketBatch(BURST);
        while (running)
        {
            if (net.rxBurst(0, batch, BURST) > 0)
            {
                batch.killAll();
            }
        }
    }

    private static void txOnlyFrontend(final VirtioNet net)
    {
        final PacketBatch batch = new PacketBatch(BURST);
        final PacketPool pool = net.pool();
        // testpmd's txonly (the DPDK frontend's producer) per burst: a bulk allocation from its mempool, then per
        // packet the mbuf fields and a copy of its 42-byte Ethernet + IPv4 + UDP header template; the rest of the
        // 64-byte frame is not written. This loop does the same: pool.makeInto (bulk), a 42-byte template copy.
        final MemorySegment header = Arena.ofAuto().allocate(TXONLY_HEADER_BYTES, 8);
        header.set(ValueLayout.JAVA_BYTE, 0, (byte)0x02);
        header.set(ValueLayout.JAVA_BYTE, 6, (byte)0x02);
        header.set(ValueLayout.JAVA_BYTE, 12, (byte)0x08);
        header.set(ValueLayout.JAVA_BYTE, 14, (byte)0x45);
        header.set(ValueLayout.JAVA_BYTE, 17, (byte)50);
        header.set(ValueLayout.JAVA_BYTE, 22, (byte)64);
        header.set(ValueLayout.JAVA_BYTE, 23, (byte)17);
        header.set(ValueLayout.JAVA_BYTE, 39, (byte)30);
        while (running)
        {
            final int made = pool.makeInto(batch, BURST, 64);
            for (int i = 0; i < made; i++)
            {
                batch.get(i).copyFrom(0, header, 0, TXONLY_HEADER_BYTES);
            }
            net.txBurst(0, batch);
            batch.killAll(); // ring full: freed, as txonly's rte_pktmbuf_free_bulk of the unsent
        }
    }

    /** Round trips of one frame at a time through a macswap backend: {p50, p99, p99.9} in microseconds. */
    private static double[] latency(final Path socket, final int count) throws Exception
    {
        try (Testpmd backend = new Testpmd("bench-lat", 0, List.of("net_vhost0,iface=" + socket + ",queues=1"),
            List.of("-i", "--forward-mode=macswap", "--total-num-mbufs=16384"), List.of(socket)))
        {
            backend.commandAndWait("start", 5000);
            final MemfdDmaMemory memory = MemfdDmaMemory.create("lat",
                VirtioNet.requiredBytes(VirtioNet.Config.defaults()));
            final VirtioNet net = new VirtioNet(new VhostUserTransport(socket.toString(), memory), memory,
                VirtioNet.Config.defaults());
            try
            {
                net.start();
                final PacketBatch batch = new PacketBatch(BURST);
                final long[] rttNs = new long[count];
                final byte[] frame = new byte[64];
                frame[12] = 0x08;
                for (int i = -2000; i < count; i++)
                {
                    batch.add(net.pool().make(frame, 0, 64));
                    final long startNs = System.nanoTime();
                    net.txBurst(0, batch);
                    batch.killAll();
                    final long deadlineNs = startNs + 1_000_000_000L;
                    while (net.rxBurst(0, batch, BURST) == 0 && System.nanoTime() < deadlineNs)
                    {
                        Thread.onSpinWait();
                    }
                    final long endNs = System.nanoTime();
                    batch.killAll();
                    if (i >= 0)
                    {
                        rttNs[i] = endNs - startNs;
                    }
                }
                Arrays.sort(rttNs);
                return new double[] {rttNs[count / 2] / 1e3, rttNs[(int)(count * 0.99)] / 1e3,
                    rttNs[(int)(count * 0.999)] / 1e3};
            }
            finally
            {
                net.close();
                memory.close();
            }
        }
    }

    private VhostUserBench()
    {
    }
}
