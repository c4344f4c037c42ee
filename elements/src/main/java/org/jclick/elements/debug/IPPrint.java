package org.jclick.elements.debug;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.jclick.dataplane.args.Args;
import org.jclick.dataplane.args.BoolArg;
import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.args.StringArg;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.Handler;
import org.jclick.dataplane.element.SimpleElement;
import org.jclick.dataplane.packet.Packet;

/** Click's IPPrint. */
@ElementDoc(
    synopsis = "IPPrint([LABEL, KEYWORDS])",
    category = "debugging",
    ports = "one agnostic input, one agnostic output",
    description = """
        Prints a tcpdump-like line for each packet with a network header annotation, to standard error (or
        OUTFILE), and passes the packet on unchanged. The line is LABEL and a colon (when LABEL is not empty),
        the timestamp, optional aggregate and paint annotations and IP fields, then by protocol:

          TCP:   SRC.SPORT > DST.DPORT: FLAGS SEQ:SEQ+LEN(LEN,PACKETLEN,IPLEN) ack ACK win WIN
          UDP:   SRC.SPORT > DST.DPORT: udp ULEN
          echo:  SRC > DST: icmp echo (ID, SEQ)   (or icmp echo-reply (ID, SEQ))
          unreachable:  SRC > DST: icmp DST unreachable CODE [PROTOCOL[/PORT] or (mtu MTU)]
          ICMP:  SRC > DST: icmp TYPENAME [CODENAME]   (or icmp type N code N)
          other: SRC > DST: ip-proto-N

        with ' (frag ID:LEN@OFFSET[+])' for fragments and 'truncated-ip', 'truncated-tcp' (and so on) for short
        headers, exactly as Click prints them. With CONTENTS or PAYLOAD, the packet's (or its payload's) bytes
        follow on further lines, indented by two spaces, 24 bytes a line in hexadecimal or 48 as text.""",
    keywords = {
        "LABEL: string. Printed first. Default empty.",
        "CONTENTS: HEX, ASCII or NONE (or a boolean: true is HEX). Print the packet data. Default NONE.",
        "PAYLOAD: HEX, ASCII, or a boolean (true is HEX). Print the transport payload instead. Default false.",
        "MAXLENGTH: integer. Most data bytes printed; negative prints all. Default 1500. (NBYTES is the old name.)",
        "ID, TTL, TOS, LENGTH: boolean. Print the IP ID, TTL, TOS or total length. Default false.",
        "TIMESTAMP: boolean. Print the timestamp annotation. Default true.",
        "AGGREGATE: boolean. Print the aggregate annotation ('#AGG'). Default false.",
        "PAINT: boolean. Print the paint annotation ('paint P', or '#AGG.P' with AGGREGATE). Default false.",
        "SWAP: boolean. Print ICMP echo identifier and sequence in network byte order; false prints them "
            + "byte-swapped, as Click does on a little-endian host. Default true.",
        "ACTIVE: boolean. Print at all. Default true.",
        "OUTFILE: filename. Write the lines to this file instead of standard error.",
        "CHANNEL: word. Accepted for Click compatibility; jclick prints to standard error."},
    handlers = {"active (read/write): the ACTIVE setting"},
    example = "FromDump(f.pcap, FORCE_IP true) -> IPPrint(in, TTL true) -> Discard;",
    seeAlso = {"Print", "ARPPrint", "CheckIPHeader"})
public final class IPPrint extends SimpleElement
{
    static final int CONTENTS_NONE = 0;
    static final int CONTENTS_HEX = 1;
    static final int CONTENTS_ASCII = 2;

    private static final int TCP = 6;
    private static final int UDP = 17;
    private static final int ICMP = 1;

    private byte[] label = new byte[0];
    private int contents;
    private boolean payload;
    private int maxLength = 1500;
    private boolean printId;
    private boolean printTimestamp = true;
    private boolean printPaint;
    private boolean printTos;
    private boolean printTtl;
    private boolean printLength;
    private boolean printAggregate;
    private boolean swap = true;
    private volatile boolean active = true;
    private String outfileName;
    private OutputStream outfile;
    private boolean writeFailed;
    private final TextLine line = new TextLine();

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final Args.Value<String> lab = new Args.Value<>("");
        final Args.Value<String> cont = new Args.Value<>("no");
        final Args.Value<String> pay = new Args.Value<>("no");
        final int[] bytes = {1500};
        // ID, TIMESTAMP, PAINT, TOS, TTL, SWAP, LENGTH, AGGREGATE, ACTIVE
        final boolean[] f = {false, true, false, false, false, true, false, false, true};
        final Args.Value<String> file = new Args.Value<>();
        final Args.Value<String> channel = new Args.Value<>();
        if (complete(args(conf)
            .readPositional("LABEL", StringArg.STRING, lab)
            .read("CONTENTS", StringArg.WORD, cont)
            .read("PAYLOAD", StringArg.WORD, pay)
            .read("MAXLENGTH", IntArg.int32(), v -> bytes[0] = v)
            .read("NBYTES", IntArg.int32(), v -> bytes[0] = v)
            .read("ID", BoolArg.INSTANCE, v -> f[0] = v)
            .read("TIMESTAMP", BoolArg.INSTANCE, v -> f[1] = v)
            .read("PAINT", BoolArg.INSTANCE, v -> f[2] = v)
            .read("TOS", BoolArg.INSTANCE, v -> f[3] = v)
            .read("TTL", BoolArg.INSTANCE, v -> f[4] = v)
            .read("SWAP", BoolArg.INSTANCE, v -> f[5] = v)
            .read("LENGTH", BoolArg.INSTANCE, v -> f[6] = v)
            .read("AGGREGATE", BoolArg.INSTANCE, v -> f[7] = v)
            .read("ACTIVE", BoolArg.INSTANCE, v -> f[8] = v)
            .read("OUTFILE", StringArg.STRING, file)
            .read("CHANNEL", StringArg.WORD, channel), errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        int c;
        final Boolean bc = BoolArg.parseOrNull(cont.get());
        final String contentsUpper = cont.get().toUpperCase(Locale.ROOT);
        if (bc != null)
        {
            c = bc ? CONTENTS_HEX : CONTENTS_NONE;
        }
        else if (contentsUpper.equals("NONE"))
        {
            c = CONTENTS_NONE;
        }
        else if (contentsUpper.equals("HEX"))
        {
            c = CONTENTS_HEX;
        }
        else if (contentsUpper.equals("ASCII"))
        {
            c = CONTENTS_ASCII;
        }
        else
        {
            return errh.error("bad contents value '" + contentsUpper + "'; should be 'NONE', 'HEX', or 'ASCII'");
        }
        final int p = switch (pay.get().toUpperCase(Locale.ROOT))
        {
            case "NO", "FALSE" -> CONTENTS_NONE;
            case "YES", "TRUE", "HEX" -> CONTENTS_HEX;
            case "ASCII" -> CONTENTS_ASCII;
            default -> -1;
        };
        if (p < 0)
        {
            // Click's message names the CONTENTS value here (its ipprint.cc passes 'contents')
            return errh.error("bad payload value '" + (bc != null ? cont.get() : contentsUpper)
                + "'; should be 'false', 'hex', or 'ascii'");
        }
        if (p > 0 && c > 0)
        {
            return errh.error("specify at most one of PAYLOAD and CONTENTS");
        }
        label = lab.get().getBytes(StandardCharsets.ISO_8859_1);
        contents = p > 0 ? p : c;
        payload = p > 0;
        maxLength = bytes[0];
        printId = f[0];
        printTimestamp = f[1];
        printPaint = f[2];
        printTos = f[3];
        printTtl = f[4];
        swap = f[5];
        printLength = f[6];
        printAggregate = f[7];
        active = f[8];
        outfileName = file.isPresent() && !file.get().isEmpty() ? file.get() : null;
        return 0;
    }

    @Override
    public int initialize(final ErrorHandler errh)
    {
        if (outfileName != null)
        {
            try
            {
                outfile = new BufferedOutputStream(Files.newOutputStream(Path.of(outfileName)), 1 << 16);
            }
            catch (final IOException | RuntimeException e)
            {
                return errh.error(outfileName + ": " + e.getMessage());
            }
        }
        return 0;
    }

    @Override
    public void cleanup(final CleanupStage stage)
    {
        if (outfile != null)
        {
            try
            {
                outfile.close();
            }
            catch (final IOException e)
            {
                // nothing more to do at cleanup
            }
            outfile = null;
        }
    }

    @Override
    public Packet simpleAction(final Packet p)
    {
        if (!active || !p.hasNetworkHeader())
        {
            return p;
        }
        final TextLine sa = line;
        sa.reset();
        if (label.length > 0)
        {
            sa.put(label).put(": ");
        }
        if (printTimestamp)
        {
            sa.putTimestamp(p.timestampNs()).put(": ");
        }
        if (printAggregate)
        {
            sa.put('#').putU32(p.aggregateAnno());
        }
        if (printPaint)
        {
            sa.put(printAggregate ? "." : "paint ").put(p.paintAnno());
        }
        if (printAggregate || printPaint)
        {
            sa.put(": ");
        }
        final int len = p.length();
        final int nh = p.networkHeaderOffset();
        if (len - nh < 20)
        {
            sa.put("truncated-ip");
        }
        else
        {
            describeIp(sa, p, nh, len);
        }
        emit(sa);
        return p;
    }

    private void describeIp(final TextLine sa, final Packet p, final int nh, final int len)
    {
        final int ipLen = p.u16(nh + 2);
        final int hl = (p.u8(nh) & 15) << 2;
        final int payloadLen = ipLen - hl;
        final int th = p.hasTransportHeader() ? p.transportHeaderOffset() : nh + hl;
        final int tl = Math.min(len - th, payloadLen);
        final int proto = p.u8(nh + 9);
        final int ipOff = p.u16(nh + 6);
        final boolean first = (ipOff & 0x1FFF) == 0;

        if (printId)
        {
            sa.put("id ").put(p.u16(nh + 4)).put(' ');
        }
        if (printTtl)
        {
            sa.put("ttl ").put(p.u8(nh + 8)).put(' ');
        }
        if (printTos)
        {
            sa.put("tos ").put(p.u8(nh + 1)).put(' ');
        }
        if (printLength)
        {
            sa.put("length ").put(ipLen).put(' ');
        }

        if (proto == TCP)
        {
            tcpLine(sa, p, nh, th, tl, hl, ipLen, first);
        }
        else if (proto == UDP)
        {
            udpLine(sa, p, nh, th, tl, first);
        }
        else if (proto == ICMP)
        {
            icmpLine(sa, p, nh, th, tl, first);
        }
        else
        {
            addressPair(sa, p, nh).put(": ip-proto-").put(proto);
        }

        if ((ipOff & 0x3FFF) != 0)
        {
            sa.put(" (frag ").put(p.u16(nh + 4)).put(':').put(payloadLen).put('@').put((ipOff & 0x1FFF) << 3)
                .put((ipOff & 0x2000) != 0 ? "+" : "").put(')');
        }

        if (contents > 0)
        {
            int data = 0;
            boolean none = false;
            if (payload)
            {
                if (first && proto == TCP)
                {
                    if (th + 13 > len)
                    {
                        none = true;
                    }
                    else
                    {
                        data = th + ((p.u8(th + 12) >>> 4) << 2);
                    }
                }
                else if (first && proto == UDP)
                {
                    data = th + 8;
                }
                else
                {
                    data = th;
                }
            }
            int bytes = maxLength;
            if (none || data >= len)
            {
                bytes = 0;
            }
            else if (bytes < 0 || len - data < bytes)
            {
                bytes = len - data;
            }
            sa.reserve(3 * bytes + bytes / 4 + 3 * (bytes / 24 + 1) + 1);
            if (contents == CONTENTS_HEX)
            {
                for (int i = 0; i < bytes; i++)
                {
                    if (i % 24 == 0)
                    {
                        sa.put("\n  ");
                    }
                    else if (i % 4 == 0)
                    {
                        sa.put(' ');
                    }
                    sa.putHex(p.u8(data + i));
                }
            }
            else
            {
                for (int i = 0; i < bytes; i++)
                {
                    if (i % 48 == 0)
                    {
                        sa.put("\n  ");
                    }
                    else if (i % 8 == 0)
                    {
                        sa.put(' ');
                    }
                    final int c = p.u8(data + i);
                    sa.put(c < 32 || c > 126 ? '.' : (char)c);
                }
            }
        }
    }

    private static TextLine addressPair(final TextLine sa, final Packet p, final int nh)
    {
        return sa.putIp(p.u32(nh + 12)).put(" > ").putIp(p.u32(nh + 16));
    }

    private static void tcpLine(final TextLine sa, final Packet p, final int nh, final int th, final int tl,
        final int hl, final int ipLen, final boolean first)
    {
        if (tl < 4 || !first)
        {
            addressPair(sa, p, nh).put(first ? ": truncated-tcp" : ": tcp");
            return;
        }
        sa.putIp(p.u32(nh + 12)).put('.').put(p.u16(th)).put(" > ")
            .putIp(p.u32(nh + 16)).put('.').put(p.u16(th + 2)).put(": ");
        if (tl < 14)
        {
            sa.put("truncated-tcp");
            return;
        }
        int seqlen = ipLen - hl - ((p.u8(th + 12) >>> 4) << 2);
        final int flags = p.u8(th + 13);
        if ((flags & 0x02) != 0)
        {
            sa.put('S');
            seqlen++;
        }
        if ((flags & 0x01) != 0)
        {
            sa.put('F');
            seqlen++;
        }
        if ((flags & 0x04) != 0)
        {
            sa.put('R');
        }
        if ((flags & 0x08) != 0)
        {
            sa.put('P');
        }
        if ((flags & 0x0F) == 0)
        {
            sa.put('.');
        }
        final long seq = p.u32(th + 4) & 0xFFFFFFFFL;
        sa.put(' ').put(seq).put(':').putU32(seq + seqlen)
            .put('(').put(seqlen).put(',').put(p.length()).put(',').put(ipLen).put(')');
        if ((flags & 0x10) != 0)
        {
            sa.put(" ack ").putU32(p.u32(th + 8));
        }
        if (tl < 16)
        {
            sa.put("truncated-tcp");
            return;
        }
        sa.put(" win ").put(p.u16(th + 14));
    }

    private static void udpLine(final TextLine sa, final Packet p, final int nh, final int th, final int tl,
        final boolean first)
    {
        if (tl < 4 || !first)
        {
            addressPair(sa, p, nh).put(first ? ": truncated-udp" : ": udp");
            return;
        }
        sa.putIp(p.u32(nh + 12)).put('.').put(p.u16(th)).put(" > ")
            .putIp(p.u32(nh + 16)).put('.').put(p.u16(th + 2)).put(": ");
        if (tl < 8)
        {
            sa.put("truncated-udp");
            return;
        }
        sa.put("udp ").put(p.u16(th + 4));
    }

    /** An ICMP echo identifier or sequence number: network order with SWAP, else as a little-endian host reads it. */
    private int echoField(final Packet p, final int off)
    {
        final int v = p.u16(off);
        return swap ? v : ((v & 0xFF) << 8) | (v >>> 8);
    }

    private void icmpLine(final TextLine sa, final Packet p, final int nh, final int th, final int tl,
        final boolean first)
    {
        addressPair(sa, p, nh).put(": ");
        if (!first)
        {
            sa.put("icmp");
            return;
        }
        if (tl < 2)
        {
            sa.put("truncated-icmp");
            return;
        }
        final int type = p.u8(th);
        final int code = p.u8(th + 1);
        switch (type)
        {
            case IcmpNames.ECHO_REPLY, IcmpNames.ECHO ->
            {
                sa.put(type == IcmpNames.ECHO ? "icmp echo " : "icmp echo-reply ");
                if (tl < 8)
                {
                    sa.put("truncated-icmp");
                    return;
                }
                sa.put('(').put(echoField(p, th + 4)).put(", ").put(echoField(p, th + 6)).put(')');
            }
            case IcmpNames.UNREACH ->
            {
                final int eiph = th + 8;
                final int eiphLen = tl - 8;
                if (eiphLen < 20)
                {
                    sa.put("icmp unreachable ");
                    putCode(sa, type, code);
                    sa.put(' ').put("truncated-icmp");
                    return;
                }
                final int ehl = (p.u8(eiph) & 15) << 2;
                final int eudphLen = eiphLen - ehl;
                sa.put("icmp ").putIp(p.u32(eiph + 16)).put(" unreachable ");
                putCode(sa, type, code);
                if (code == 2)
                {
                    sa.put(' ');
                    putProtocol(sa, p.u8(eiph + 9), false);
                }
                else if (code == 3)
                {
                    sa.put(' ');
                    putProtocol(sa, p.u8(eiph + 9), true);
                    if (eudphLen < 4)
                    {
                        sa.put("truncated-icmp");
                        return;
                    }
                    sa.put('/').put(p.u16(eiph + ehl + 2));
                }
                else if (code == 4)
                {
                    final int mtu = p.u16(th + 6);
                    if (mtu != 0)
                    {
                        sa.put(" (mtu ").put(mtu).put(')');
                    }
                }
            }
            default ->
            {
                sa.put("icmp ");
                final String t = IcmpNames.typeName(type);
                if (t != null)
                {
                    sa.put(t);
                }
                else
                {
                    sa.put("type ").put(type);
                }
                final String c = IcmpNames.codeName(type, code);
                if (c != null)
                {
                    sa.put(' ').put(c);
                }
                else if (code != 0)
                {
                    sa.put(" code ").put(code);
                }
            }
        }
    }

    private static void putCode(final TextLine sa, final int type, final int code)
    {
        final String c = IcmpNames.codeName(type, code);
        if (c != null)
        {
            sa.put(c);
        }
        else
        {
            sa.put("code ").put(code);
        }
    }

    private static void putProtocol(final TextLine sa, final int proto, final boolean prepend)
    {
        final String name = IcmpNames.protocolName(proto);
        if (name != null)
        {
            sa.put(name);
        }
        else
        {
            sa.put(prepend ? "protocol " : "").put(proto);
        }
    }

    private void emit(final TextLine sa)
    {
        sa.put('\n');
        try
        {
            if (outfile != null)
            {
                sa.writeTo(outfile);
            }
            else
            {
                sa.writeTo(System.err);
                System.err.flush();
            }
        }
        catch (final IOException e)
        {
            if (!writeFailed)
            {
                writeFailed = true;
                ErrorHandler.stderr().warning(name() + " :: IPPrint: " + outfileName + ": " + e.getMessage());
            }
        }
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("active", () -> Boolean.toString(active), Handler.CHECKBOX | Handler.CALM);
        addWriteHandler("active", (v, errh) ->
        {
            final Boolean b = BoolArg.parseOrNull(v.trim());
            if (b == null)
            {
                return errh.error("expected boolean");
            }
            active = b;
            return 0;
        });
    }
}
