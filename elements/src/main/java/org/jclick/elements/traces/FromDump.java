package org.jclick.elements.traces;

import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.jclick.dataplane.args.Args;
import org.jclick.dataplane.args.BoolArg;
import org.jclick.dataplane.args.DoubleArg;
import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.args.StringArg;
import org.jclick.dataplane.args.TimestampArg;
import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.Handler;
import org.jclick.dataplane.packet.AnnotationDescriptor;
import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketAllocator;
import org.jclick.dataplane.packet.PacketBatch;
import org.jclick.dataplane.runtime.FlowHash;
import org.jclick.dataplane.runtime.HandlerCall;
import org.jclick.dataplane.runtime.Notifier;
import org.jclick.dataplane.runtime.Shard;
import org.jclick.dataplane.runtime.Task;
import org.jclick.dataplane.runtime.Timer;
import org.jclick.dataplane.trace.LinkType;
import org.jclick.dataplane.trace.PcapReader;

/** Click's FromDump. */
@ElementDoc(
    synopsis = "FromDump(FILENAME [, KEYWORDS])",
    category = "traces",
    ports = "no inputs, one or two agnostic outputs (the second for non-IP packets with FORCE_IP)",
    description = """
        Reads packets from a pcap file (tcpdump -w, ToDump; microsecond or nanosecond timestamps, either byte
        order) or a pcapng file, and emits them: pushed in bursts of BURST per task run, or one per pull. Sets
        each packet's timestamp annotation, its extra length annotation (bytes on the wire not captured), its MAC
        header annotation when the link type has a link header, and its network header annotation when the packet
        is IPv4. At the end of the file (or at the END time) it stops the driver if STOP is true, calls END_CALL,
        and becomes inactive. A file cut short in a record, or a corrupt record, ends the trace at the last whole
        record with a warning naming the byte offset. FILENAME '-' reads standard input.""",
    keywords = {
        "STOP: boolean. Ask the router to stop at the end of the trace. Default false.",
        "ACTIVE: boolean. Whether to emit packets; write the 'active' handler to start. Default true.",
        "TIMING: boolean. Emit packets at their trace times relative to the first packet. Default false.",
        "END_CALL: handler call. Called at the end of the trace. Default 'NAME.active false'.",
        "SAMPLE: real number between 0 and 1. Emit each packet with this probability. Default 1.",
        "FORCE_IP: boolean. Emit only IPv4 packets, with their IP header annotation set; others go to output 1 "
            + "if present, else are dropped (counted by 'dropped'). Default false.",
        "START, END: absolute times. Emit packets from START; end at the first packet at or after END.",
        "START_AFTER, END_AFTER: times relative to the first packet of the trace.",
        "INTERVAL: time. End at the first packet at least INTERVAL after the first packet emitted.",
        "BURST: integer. Packets per task run when pushing. Default 1.",
        "FILEPOS: integer. Accepted for compatibility; must be 0 (seeking is not supported)."},
    handlers = {
        "count (read): packets emitted",
        "reset_counts (write): resets count",
        "dropped (read): non-IP packets dropped by FORCE_IP, and packets that could not be allocated",
        "shard_skipped (read): packets of other shards left out by this replica (jclick run/bench --threads N; "
            + "sharded by the symmetric flow hash of FlowHash, after START/END and SAMPLE)",
        "active (read/write): whether packets are emitted; writing true restarts the task",
        "encap (read): the file's link type as Click names it (ETHER, IP, ...)",
        "filename, filesize, filepos, packet_filepos (read): the file, its size, the current and last packet's "
            + "byte offsets",
        "sampling_prob (read): the sampling probability actually used",
        "stop (write): ends the trace now and asks the driver to stop",
        "reset_timing (write): restarts TIMING from the next packet"},
    example = "FromDump(trace.pcap, STOP true) -> c :: Counter -> Discard;",
    seeAlso = {"ToDump", "FromIPSummaryDump"})
public final class FromDump extends Element
{
    private static final int SAMPLING_SHIFT = 28;
    private static final long NS_PER_SEC = 1_000_000_000L;
    private static final int MAX_PACKET_BYTES = PacketAllocator.LARGE_BUFFER_BYTES - PacketAllocator.DEFAULT_HEADROOM_BYTES;

    private final Task task = new Task(this);
    private final Timer timer = new Timer(this);
    private final Notifier notifier = new Notifier();

    private String filename = "";
    private boolean stop;
    private boolean active = true;
    private boolean timing;
    private boolean forceIp;
    private HandlerCall endCall;
    private int samplingProb = 1 << SAMPLING_SHIFT;
    private int burst = 1;
    private long start = Long.MIN_VALUE;
    private long startAfter = -1;
    private long end = Long.MAX_VALUE;
    private long endAfter = -1;
    private long interval = -1;

    private PcapReader reader;
    private PacketAllocator allocator;
    private PacketBatch batch;
    private boolean finished;
    private long count;
    private long dropped;
    /** This replica's shard under --threads N, or null (every packet is ours). */
    private Shard shard;
    private long shardSkipped;
    private long packetFilepos = -1;
    private long filesize = -1;
    private boolean haveFirstTs;
    private boolean haveFirstEmitted;
    private long effectiveStart = Long.MIN_VALUE;
    private long effectiveEnd = Long.MAX_VALUE;
    private boolean haveTimingOffset;
    private long timingOffset;
    private Packet held;
    private long random = 0x9E3779B97F4A7C15L;
    private String lastWarning;

    @Override
    public String portCount()
    {
        return "0/1-2";
    }

    @Override
    public String processing()
    {
        return PROCESSING_A_AH;
    }

    @Override
    public Object cast(final String name)
    {
        return Notifier.EMPTY_NOTIFIER.equals(name) ? notifier : null;
    }

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final Args.Value<String> end = new Args.Value<>();
        final Args.Value<Double> sample = new Args.Value<>();
        final Args.Value<Duration> startAbs = new Args.Value<>();
        final Args.Value<Duration> startRel = new Args.Value<>();
        final Args.Value<Duration> endAbs = new Args.Value<>();
        final Args.Value<Duration> endRel = new Args.Value<>();
        final Args.Value<Duration> intervalRel = new Args.Value<>();
        final Args.Value<Long> filepos = new Args.Value<>();
        if (complete(args(conf)
            .readMandatoryPositional("FILENAME", StringArg.STRING, v -> filename = v)
            .readPositional("TIMING", BoolArg.INSTANCE, v -> timing = v)
            .read("STOP", BoolArg.INSTANCE, v -> stop = v)
            .read("ACTIVE", BoolArg.INSTANCE, v -> active = v)
            .read("SAMPLE", DoubleArg.INSTANCE, sample)
            .read("FORCE_IP", BoolArg.INSTANCE, v -> forceIp = v)
            .read("START", TimestampArg.unsigned(), startAbs)
            .read("START_AFTER", TimestampArg.unsigned(), startRel)
            .read("END", TimestampArg.unsigned(), endAbs)
            .read("END_AFTER", TimestampArg.unsigned(), endRel)
            .read("INTERVAL", TimestampArg.unsigned(), intervalRel)
            .read("END_CALL", StringArg.ANY, end)
            .read("FILEPOS", IntArg.int64(), filepos)
            .read("BURST", IntArg.int32(), v -> burst = v)
            .read("MMAP", BoolArg.INSTANCE, v -> { }), errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        if (sample.isPresent())
        {
            final double s = sample.get();
            if (!(s >= 0 && s <= 1))
            {
                return errh.error("SAMPLE must be between 0 and 1");
            }
            samplingProb = (int)Math.round(s * (1 << SAMPLING_SHIFT));
        }
        if (startAbs.isPresent() && startRel.isPresent())
        {
            return errh.error("START and START_AFTER are mutually exclusive");
        }
        if ((endAbs.isPresent() ? 1 : 0) + (endRel.isPresent() ? 1 : 0) + (intervalRel.isPresent() ? 1 : 0) > 1)
        {
            return errh.error("END, END_AFTER, and INTERVAL are mutually exclusive");
        }
        if (burst < 1)
        {
            return errh.error("BURST must be >= 1");
        }
        if (filepos.isPresent() && filepos.get() != 0)
        {
            return errh.error("FILEPOS: seeking is not supported");
        }
        start = startAbs.isPresent() ? startAbs.get().toNanos() : Long.MIN_VALUE;
        startAfter = startRel.isPresent() ? startRel.get().toNanos() : -1;
        this.end = endAbs.isPresent() ? endAbs.get().toNanos() : Long.MAX_VALUE;
        endAfter = endRel.isPresent() ? endRel.get().toNanos() : -1;
        interval = intervalRel.isPresent() ? intervalRel.get().toNanos() : -1;
        endCall = end.isPresent() ? HandlerCall.parseWrite(end.get()) : null;
        return 0;
    }

    @Override
    public int initialize(final ErrorHandler errh)
    {
        if (endCall != null && endCall.resolve(this, errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        try
        {
            final ReadableByteChannel channel;
            if (filename.equals("-"))
            {
                channel = Channels.newChannel(System.in);
            }
            else
            {
                final Path path = Path.of(filename);
                channel = FileChannel.open(path);
                filesize = Files.size(path);
            }
            reader = new PcapReader(channel, filename, this::warn, PcapReader.DEFAULT_BUFFER_BYTES);
        }
        catch (final IOException | RuntimeException e)
        {
            return errh.error(filename + ": " + org.jclick.dataplane.trace.IoErrors.reason(e));
        }
        allocator = router().allocatorFor(this);
        shard = router().shard();
        batch = new PacketBatch(Integer.highestOneBit(Math.min(burst, PacketBatch.MAX_CAPACITY) * 2 - 1));
        effectiveStart = start;
        effectiveEnd = end;
        timer.initialize();
        if (output(0).isPush())
        {
            task.initialize(active);
        }
        notifier.setActive(active, false);
        return 0;
    }

    private void warn(final String message)
    {
        lastWarning = message;
        ErrorHandler.stderr().warning(name() + " :: FromDump: " + message);
    }

    /** The last warning given (truncated or corrupt file), or null; for tests. */
    String lastWarning()
    {
        return lastWarning;
    }

    private int nextRandom()
    {
        long x = random;
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
        random = x;
        return (int)x;
    }

    /**
     * Reads the next packet to emit: applies START/END, sampling and FORCE_IP. Returns null at the end of the
     * trace (after {@link #finish()}) or when a packet could not be allocated.
     */
    private Packet readPacket()
    {
        while (true)
        {
            if (finished)
            {
                return null;
            }
            final PcapReader r = reader;
            try
            {
                if (!r.next())
                {
                    finish();
                    return null;
                }
            }
            catch (final IOException e)
            {
                warn((e.getMessage() == null ? e.toString() : e.getMessage()) +
                    "; stopped at the last whole record");
                finish();
                return null;
            }
            final long ts = r.timestampNs();
            if (!haveFirstTs)
            {
                haveFirstTs = true;
                if (startAfter >= 0)
                {
                    effectiveStart = ts + startAfter;
                }
                if (endAfter >= 0)
                {
                    effectiveEnd = ts + endAfter;
                }
            }
            if (ts < effectiveStart)
            {
                continue;
            }
            if (!haveFirstEmitted)
            {
                haveFirstEmitted = true;
                if (interval >= 0)
                {
                    effectiveEnd = ts + interval;
                }
            }
            if (ts >= effectiveEnd)
            {
                finish();
                return null;
            }
            if (samplingProb < (1 << SAMPLING_SHIFT) &&
                (nextRandom() & ((1 << SAMPLING_SHIFT) - 1)) >= samplingProb)
            {
                continue;
            }
            final int caplen = r.capturedLength();
            final Packet p = allocator.make(Math.min(caplen, MAX_PACKET_BYTES));
            if (p == null)
            {
                dropped++;
                continue;
            }
            final int copied = r.copyData(p);
            p.setTimestampNs(ts);
            p.setAnnoU32(AnnotationDescriptor.EXTRA_LENGTH_ANNO_OFFSET, r.extraLength() + (caplen - copied));
            packetFilepos = r.recordOffset();
            final int linkType = r.linkType();
            if (LinkType.hasLinkHeader(linkType))
            {
                p.setMacHeader(0);
            }
            final int ipOffset = FlowHash.ipv4HeaderOffset(p, linkType);
            if (ipOffset >= 0)
            {
                p.setNetworkHeader(ipOffset, (p.u8(ipOffset) & 0x0F) << 2);
            }
            final Shard sh = shard;
            if (sh != null && !sh.owns(p))
            {
                shardSkipped++;
                p.kill();
                continue;
            }
            if (ipOffset < 0 && forceIp)
            {
                if (noutputs() > 1 && output(1).isPush())
                {
                    output(1).push(p);
                }
                else
                {
                    dropped++;
                    p.kill();
                }
                continue;
            }
            return p;
        }
    }

    /** End of the trace: STOP, END_CALL, inactive. */
    private void finish()
    {
        if (finished)
        {
            return;
        }
        finished = true;
        notifier.sleep();
        if (stop)
        {
            router().pleaseStopDriver();
        }
        if (endCall != null)
        {
            endCall.call(this);
        }
        active = false;
    }

    /** With TIMING: true if {@code p} may go now; else holds it and arms the timer. */
    private boolean due(final Packet p)
    {
        if (!timing)
        {
            return true;
        }
        final long now = router().nowNs();
        if (!haveTimingOffset)
        {
            haveTimingOffset = true;
            timingOffset = now - p.timestampNs();
            return true;
        }
        final long when = p.timestampNs() + timingOffset;
        if (when <= now)
        {
            return true;
        }
        held = p;
        timer.scheduleAt(when);
        return false;
    }

    @Override
    public boolean runTask(final Task t)
    {
        if (!active || finished && held == null)
        {
            return false;
        }
        final PacketBatch b = batch;
        b.clear();
        final int n = Math.min(burst, b.capacity());
        while (b.size() < n)
        {
            Packet p = held;
            if (p != null)
            {
                held = null;
            }
            else
            {
                p = readPacket();
                if (p == null)
                {
                    if (finished)
                    {
                        break;
                    }
                    continue;
                }
            }
            if (!due(p))
            {
                break;
            }
            b.add(p);
        }
        final int got = b.size();
        count += got;
        if (got == 1)
        {
            final Packet p = b.get(0);
            b.clear();
            output(0).push(p);
        }
        else if (got > 1)
        {
            output(0).pushBatch(b);
            b.clear();
        }
        if (active && !finished && held == null)
        {
            t.fastReschedule();
        }
        return got > 0;
    }

    @Override
    public void runTimer(final Timer t)
    {
        if (output(0).isPush())
        {
            if (active)
            {
                task.reschedule();
            }
        }
        else
        {
            notifier.wake();
        }
    }

    @Override
    public Packet pull(final int port)
    {
        if (!active)
        {
            return null;
        }
        Packet p = held;
        if (p != null)
        {
            held = null;
        }
        else
        {
            do
            {
                p = readPacket();
            }
            while (p == null && !finished);
            if (p == null)
            {
                return null;
            }
        }
        if (!due(p))
        {
            notifier.sleep();
            return null;
        }
        count++;
        return p;
    }

    private void setActive(final boolean on)
    {
        active = on;
        if (on && !finished)
        {
            if (output(0).isPush())
            {
                task.reschedule();
            }
            else
            {
                notifier.wake();
            }
        }
        else if (!on && !output(0).isPush())
        {
            notifier.sleep();
        }
    }

    @Override
    public void cleanup(final CleanupStage stage)
    {
        if (held != null)
        {
            held.kill();
            held = null;
        }
        if (reader != null)
        {
            try
            {
                reader.close();
            }
            catch (final IOException e)
            {
                // nothing to do at cleanup
            }
            reader = null;
        }
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("count", () -> Long.toString(count));
        addWriteHandler("reset_counts", (v, errh) ->
        {
            count = 0;
            return 0;
        }, Handler.BUTTON);
        addReadHandler("dropped", () -> Long.toString(dropped));
        addReadHandler("shard_skipped", () -> Long.toString(shardSkipped));
        addReadHandler("active", () -> Boolean.toString(active), Handler.CHECKBOX);
        addWriteHandler("active", (v, errh) ->
        {
            final Boolean b = BoolArg.parseOrNull(v.trim());
            if (b == null)
            {
                return errh.error("active: expected boolean");
            }
            setActive(b);
            return 0;
        }, Handler.CHECKBOX);
        addReadHandler("encap", () -> reader == null ? "" :
            LinkType.clickName(reader.fileLinkType() < 0 ? reader.linkType() : reader.fileLinkType()));
        addReadHandler("filename", () -> filename);
        addReadHandler("filesize", () -> filesize < 0 ? "-" : Long.toString(filesize));
        addReadHandler("filepos", () -> reader == null ? "0" : Long.toString(filepos()));
        addReadHandler("packet_filepos", () -> Long.toString(packetFilepos));
        addReadHandler("sampling_prob", () ->
            Double.toString((double)samplingProb / (1 << SAMPLING_SHIFT)));
        addWriteHandler("stop", (v, errh) ->
        {
            if (held != null)
            {
                held.kill();
                held = null;
            }
            // as Click's 'stop' handler: no END_CALL, and the driver is asked to stop whatever STOP says
            finished = true;
            active = false;
            notifier.sleep();
            router().pleaseStopDriver();
            return 0;
        }, Handler.BUTTON);
        addWriteHandler("reset_timing", (v, errh) ->
        {
            haveTimingOffset = false;
            return 0;
        }, Handler.BUTTON);
        if (output(0).isPush())
        {
            addTaskHandlers(task, "");
        }
    }

    /** Byte offset of the next record: after the last one read, or the start of the first. */
    private long filepos()
    {
        if (reader.recordOffset() < 0)
        {
            return finished && filesize >= 0 ? filesize : 24;
        }
        return finished && filesize >= 0 ? filesize : reader.recordOffset() +
            (reader.format() == PcapReader.Format.PCAPNG ? 0 : 16) + reader.capturedLength();
    }
}
