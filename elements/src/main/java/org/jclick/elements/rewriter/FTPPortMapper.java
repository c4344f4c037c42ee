package org.jclick.elements.rewriter;

import java.util.List;

import org.jclick.dataplane.args.Args;
import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.packet.Packet;

/** Click's FTPPortMapper: NAT for FTP's PORT command. */
@ElementDoc(
    synopsis = "FTPPortMapper(CONTROL_REWRITER, DATA_REWRITER, DATA_REWRITER_INPUT)",
    category = "network address translation",
    ports = "one input, one output",
    description = """
        Watches FTP control packets (place it before the control connection's rewriter) for PORT commands. For
        'PORT h1,h2,h3,h4,p1,p2' it finds or creates, in DATA_REWRITER by the rule of its input
        DATA_REWRITER_INPUT, the mapping of the data connection the server will open (from the announced
        address and port to the server's port minus one), rewrites the command to announce the mapping's new
        address and port, fixes the IP length and checksums, and, when the length changed, installs a
        sequence-number delta on the control connection's mapping in CONTROL_REWRITER (a TCPRewriter or
        IPRewriter) so later sequence and acknowledgement numbers stay consistent. Other packets pass
        unchanged.""",
    example = "ftp :: TCPRewriter(pattern 1.0.0.1 1024-65535# - - 0 1, drop);\n... -> FTPPortMapper(ftp, ftp, 0) -> [0]ftp;",
    seeAlso = {"TCPRewriter", "IPRewriter"})
public final class FTPPortMapper extends Element
{
    private RewriterBase control;
    private RewriterBase data;
    private int dataInput;
    private final byte[] text = new byte[32];
    private long rewritten;

    @Override
    public String portCount()
    {
        return PORTS_1_1;
    }

    @Override
    public String processing()
    {
        return AGNOSTIC;
    }

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final String[] names = new String[2];
        final Args a = args(conf).readMandatoryPositional("CONTROL_REWRITER", RewriterBase.raw(), v -> names[0] = v.trim())
            .readMandatoryPositional("DATA_REWRITER", RewriterBase.raw(), v -> names[1] = v.trim())
            .readMandatoryPositional("DATA_REWRITER_INPUT", IntArg.int32(), v -> dataInput = v);
        if (complete(a, errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        if (!(router().find(names[0], this) instanceof final RewriterBase c) || c.mapFor(6) == null)
        {
            return errh.error("CONTROL_REWRITER: '" + names[0] + "' is not a TCP rewriter element");
        }
        if (!(router().find(names[1], this) instanceof final RewriterBase d) || d.mapFor(6) == null)
        {
            return errh.error("DATA_REWRITER: '" + names[1] + "' is not a TCP rewriter element");
        }
        control = c;
        data = d;
        if (dataInput < 0 || dataInput >= data.ninputs())
        {
            return errh.error("DATA_REWRITER_INPUT out of range");
        }
        return 0;
    }

    @Override
    public void push(final int port, final Packet p)
    {
        final Packet q = action(p);
        if (q != null)
        {
            output(0).push(q);
        }
    }

    @Override
    public Packet pull(final int port)
    {
        final Packet p = input(0).pull();
        return p == null ? null : action(p);
    }

    private static int upper(final int c)
    {
        return c >= 'a' && c <= 'z' ? c - 32 : c;
    }

    private Packet action(final Packet in)
    {
        if (!in.hasNetworkHeader())
        {
            return in;
        }
        final int ip = in.networkHeaderOffset();
        final int th = in.transportHeaderOffset();
        if (in.u8(ip + 9) != 6 || in.length() - th < 20)
        {
            return in;
        }
        final int dataOff = th + ((in.u8(th + 12) >> 4) << 2);
        final int len = in.length() - dataOff;
        if (len < 5 || upper(in.u8(dataOff)) != 'P' || upper(in.u8(dataOff + 1)) != 'O'
            || upper(in.u8(dataOff + 2)) != 'R' || upper(in.u8(dataOff + 3)) != 'T' || in.u8(dataOff + 4) != ' ')
        {
            return in;
        }
        int pos = 5;
        while (pos < len && in.u8(dataOff + pos) == ' ')
        {
            pos++;
        }
        final int argOff = pos;
        final int[] nums = new int[6];
        int which = 0;
        while (pos < len && which < 6)
        {
            final int c = in.u8(dataOff + pos);
            if (c >= '0' && c <= '9')
            {
                nums[which] = Math.min(nums[which] * 10 + c - '0', 100000);
            }
            else if (c == ',')
            {
                which++;
            }
            else
            {
                break;
            }
            pos++;
        }
        if (which != 5 || pos >= len || (in.u8(dataOff + pos) != '\r' && in.u8(dataOff + pos) != '\n'))
        {
            return in;
        }
        for (final int n : nums)
        {
            if (n >= 256)
            {
                return in;
            }
        }
        final int addr = nums[0] << 24 | nums[1] << 16 | nums[2] << 8 | nums[3];
        final int dport = nums[4] << 8 | nums[5];
        final int e = data.getEntry(6, addr, dport, in.u32(ip + 16), (in.u16(th + 2) - 1) & 0xFFFF, dataInput);
        if (e < 0)
        {
            return in;
        }
        final int[] nf = data.rewrittenIdentity(e);
        final String s = (nf[0] >>> 24) + "," + (nf[0] >>> 16 & 255) + "," + (nf[0] >>> 8 & 255) + ","
            + (nf[0] & 255) + "," + (nf[1] >>> 8) + "," + (nf[1] & 255);
        final int newLen = s.length();
        final int oldLen = pos - argOff;
        Packet p = in.uniqueify();
        if (p == null)
        {
            return null;
        }
        final int tail = len - pos;
        final int from = dataOff + pos;
        final int to = dataOff + argOff + newLen;
        if (newLen > oldLen)
        {
            p = p.put(newLen - oldLen);
            if (p == null)
            {
                return null;
            }
            for (int i = tail - 1; i >= 0; i--)
            {
                p.setU8(to + i, p.u8(from + i));
            }
        }
        else if (newLen < oldLen)
        {
            for (int i = 0; i < tail; i++)
            {
                p.setU8(to + i, p.u8(from + i));
            }
            p.take(oldLen - newLen);
        }
        for (int i = 0; i < newLen; i++)
        {
            p.setU8(dataOff + argOff + i, s.charAt(i));
        }
        final int oldIpLen = p.u16(ip + 2);
        final int newIpLen = p.length() - ip;
        p.setU16(ip + 2, newIpLen);
        p.setU16(ip + 10, Checksums.update16(p.u16(ip + 10), oldIpLen, newIpLen));
        p.setU16(th + 16, 0);
        p.setU16(th + 16, Checksums.transport(p, ip, th, p.length() - th, 16));
        if (newLen != oldLen)
        {
            final int ce = control.getEntry(6, p.u32(ip + 12), p.u16(th), p.u32(ip + 16), p.u16(th + 2), -1);
            if (ce >= 0)
            {
                control.updateSeqnoDelta(ce, p.u32(th + 4) + len, newLen - oldLen);
            }
        }
        rewritten++;
        return p;
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("rewritten", () -> Long.toString(rewritten));
    }
}
