package org.jclick.elements.traces;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;

import org.jclick.dataplane.args.Args;
import org.jclick.dataplane.args.BoolArg;
import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.args.StringArg;
import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.Handler;
import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.runtime.NotifierSignal;
import org.jclick.dataplane.runtime.Shard;
import org.jclick.dataplane.runtime.Task;
import org.jclick.dataplane.trace.PcapWriter;

/** Click's ToDump. */
@ElementDoc(
    synopsis = "ToDump(FILENAME [, SNAPLEN, ENCAP, KEYWORDS])",
    category = "traces",
    ports = "one agnostic input, zero or one agnostic output",
    description = """
        Writes packets to FILENAME in pcap format (tcpdump -w), with nanosecond timestamps (magic 0xa1b23c4d)
        unless NANO is false, in this host's byte order. Each record holds at most SNAPLEN bytes of the packet;
        its original length is the packet length plus the extra length annotation. A packet with no timestamp
        is written with the current time. With an output, packets are passed on after being written; without
        one, pushed packets are freed, and a pull input is drained by a task. FILENAME '-' writes to standard
        output. The file is flushed and closed at cleanup. In replica k of jclick's --threads N (N > 1) it writes
        FILENAME.replica-k instead, which jclick merges into FILENAME by timestamp after the run.""",
    keywords = {
        "SNAPLEN: integer. Most bytes written per packet; 0 means all. Default 2000.",
        "ENCAP: link type stored in the file header: ETHER, IP, SLL (LINUX_SLL), NULL, FDDI, ATM, 802_11, "
            + "PPP, PPP_HDLC, HDLC, SUNATM, PRISM, AIRONET, or a number. Default ETHER.",
        "USE_ENCAP_FROM: space-separated element names whose 'encap' handlers give the link type.",
        "EXTRA_LENGTH: boolean. Add the extra length annotation to each record's length. Default true.",
        "NANO: boolean. Nanosecond timestamps. Default true.",
        "UNBUFFERED: boolean. Write each packet out at once. Default false."},
    handlers = {
        "count (read): packets written",
        "reset_counts (write): resets count",
        "filename (read): the file name"},
    example = "FromDump(in.pcap, STOP true) -> ToDump(out.pcap, SNAPLEN 0);",
    seeAlso = {"FromDump", "ToIPSummaryDump"})
public final class ToDump extends Element
{
    private final Task task = new Task(this);
    private NotifierSignal signal = NotifierSignal.busy();
    private String filename = "";
    private int snaplen = PcapWriter.CLICK_DEFAULT_SNAPLEN;
    private int linkType = 1;
    private boolean encapGiven;
    private String useEncapFrom;
    private boolean extraLength = true;
    private boolean nano = true;
    private boolean unbuffered;
    private PcapWriter writer;
    private long errors;

    @Override
    public String portCount()
    {
        return "1/0-1";
    }

    @Override
    public int configurePhase()
    {
        return CONFIGURE_PHASE_DEFAULT + 100;
    }

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final Args.Value<String> encap = new Args.Value<>();
        final Args.Value<String> from = new Args.Value<>();
        if (complete(args(conf)
            .readMandatoryPositional("FILENAME", StringArg.STRING, v -> filename = v)
            .readPositional("SNAPLEN", IntArg.uint32(), v -> snaplen = (int)(long)v)
            .readPositional("ENCAP", StringArg.WORD, encap)
            .read("USE_ENCAP_FROM", StringArg.ANY, from)
            .read("EXTRA_LENGTH", BoolArg.INSTANCE, v -> extraLength = v)
            .read("NANO", BoolArg.INSTANCE, v -> nano = v)
            .read("UNBUFFERED", BoolArg.INSTANCE, v -> unbuffered = v), errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        if (encap.isPresent() && from.isPresent())
        {
            return errh.error("ENCAP and USE_ENCAP_FROM are mutually exclusive");
        }
        if (encap.isPresent())
        {
            final int lt = parseEncap(encap.get());
            if (lt < 0)
            {
                return errh.error("bad encapsulation type '" + encap.get() + "'");
            }
            linkType = lt;
            encapGiven = true;
        }
        useEncapFrom = from.isPresent() ? from.get() : null;
        return 0;
    }

    /** Click's encapsulation names ({@code fake_pcap_parse_dlt}) to link types; -1 if unknown. */
    static int parseEncap(final String s)
    {
        return switch (s.toUpperCase(Locale.ROOT))
        {
            case "ETHER", "ETHERNET" -> 1;
            case "IP" -> 101;
            case "NULL" -> 0;
            case "FDDI" -> 10;
            case "PPP" -> 9;
            case "PPP_HDLC" -> 50;
            case "ATM" -> 100;
            case "HDLC" -> 104;
            case "802_11" -> 105;
            case "SLL", "LINUX_SLL" -> 113;
            case "PRISM" -> 119;
            case "AIRONET" -> 120;
            case "SUNATM" -> 123;
            default ->
            {
                try
                {
                    final int v = Integer.parseInt(s);
                    yield v >= 0 ? v : -1;
                }
                catch (final NumberFormatException e)
                {
                    yield -1;
                }
            }
        };
    }

    /** The file replica {@code k} of {@code --threads N} writes for FILENAME {@code filename} (N > 1). */
    public static String replicaFile(final String filename, final int k)
    {
        return filename + ".replica-" + k;
    }

    @Override
    public int initialize(final ErrorHandler errh)
    {
        if (useEncapFrom != null)
        {
            int found = -1;
            for (final String name : useEncapFrom.trim().split("\\s+"))
            {
                final var h = router().handler(name + ".encap", this, errh);
                if (h == null)
                {
                    return ErrorHandler.FAILURE;
                }
                final String v = h.callRead("", errh);
                final int lt = v == null ? -1 : parseEncap(v.trim());
                if (lt < 0)
                {
                    return errh.error("USE_ENCAP_FROM: '" + name + "' has bad encapsulation '" + v + "'");
                }
                if (found >= 0 && found != lt)
                {
                    return errh.error("USE_ENCAP_FROM: encapsulation types disagree");
                }
                found = lt;
            }
            if (found >= 0)
            {
                linkType = found;
            }
        }
        try
        {
            final WritableByteChannel channel;
            if (filename.equals("-"))
            {
                channel = new StdoutChannel();
            }
            else
            {
                final Shard shard = router().shard();
                final String file = shard == null ? filename : replicaFile(filename, shard.index());
                channel = FileChannel.open(Path.of(file), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            }
            writer = new PcapWriter(channel, filename, PcapWriter.Header.click(snaplen, linkType, nano), extraLength,
                PcapWriter.DEFAULT_BUFFER_BYTES);
            if (unbuffered)
            {
                writer.flush();
            }
        }
        catch (final IOException | RuntimeException e)
        {
            return errh.error(filename + ": " + e.getMessage());
        }
        if (ninputs() > 0 && inputIsPull(0) && noutputs() == 0)
        {
            task.initialize(true);
            signal = NotifierSignal.upstreamEmpty(this, 0, task);
        }
        return 0;
    }

    private void write(final Packet p)
    {
        try
        {
            writer.write(p, p.timestampNs() == 0 ? router().nowNs() : 0);
            if (unbuffered)
            {
                writer.flush();
            }
        }
        catch (final IOException e)
        {
            if (errors++ == 0)
            {
                ErrorHandler.stderr().warning(name() + " :: ToDump: " + filename + ": " + e.getMessage());
            }
        }
    }

    @Override
    public void push(final int port, final Packet p)
    {
        write(p);
        checkedOutputPush(0, p);
    }

    @Override
    public Packet pull(final int port)
    {
        final Packet p = input(0).pull();
        if (p != null)
        {
            write(p);
        }
        return p;
    }

    @Override
    public boolean runTask(final Task t)
    {
        int n = 0;
        for (; n < 32; n++)
        {
            final Packet p = input(0).pull();
            if (p == null)
            {
                break;
            }
            write(p);
            p.kill();
        }
        if (n > 0 || signal.active())
        {
            t.fastReschedule();
        }
        return n > 0;
    }

    @Override
    public void cleanup(final CleanupStage stage)
    {
        if (writer != null)
        {
            try
            {
                writer.close();
            }
            catch (final IOException e)
            {
                ErrorHandler.stderr().warning(name() + " :: ToDump: " + filename + ": " + e.getMessage());
            }
            writer = null;
        }
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("count", () -> writer == null ? "0" : Long.toString(writer.count()));
        addWriteHandler("reset_counts", (v, errh) ->
        {
            if (writer != null)
            {
                writer.resetCount();
            }
            return 0;
        }, Handler.BUTTON);
        addReadHandler("filename", () -> filename);
        if (ninputs() > 0 && inputIsPull(0) && noutputs() == 0)
        {
            addTaskHandlers(task, "");
        }
    }

    /** Standard output as a channel that flushes but does not close {@link System#out}. */
    static final class StdoutChannel implements WritableByteChannel
    {
        private final WritableByteChannel out = Channels.newChannel(System.out);
        private boolean open = true;

        @Override
        public int write(final ByteBuffer src) throws IOException
        {
            final int n = out.write(src);
            System.out.flush();
            return n;
        }

        @Override
        public boolean isOpen()
        {
            return open;
        }

        @Override
        public void close()
        {
            open = false;
            System.out.flush();
        }
    }
}
