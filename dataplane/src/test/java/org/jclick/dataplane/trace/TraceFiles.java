package org.jclick.dataplane.trace;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Builds small pcap and pcapng files byte by byte for the tests (independently of the writer). */
final class TraceFiles
{
    private TraceFiles()
    {
    }

    static PcapReader reader(final byte[] file, final List<String> warnings) throws java.io.IOException
    {
        return new PcapReader(Channels.newChannel(new java.io.ByteArrayInputStream(file)), "t.pcap",
            warnings::add, PcapReader.DEFAULT_BUFFER_BYTES);
    }

    static PcapReader reader(final byte[] file) throws java.io.IOException
    {
        return reader(file, new ArrayList<>());
    }

    static byte[] data(final int length, final int seed)
    {
        final byte[] b = new byte[length];
        for (int i = 0; i < length; i++)
        {
            b[i] = (byte)(seed * 31 + i);
        }
        return b;
    }

    /** Classic pcap. */
    static final class Classic
    {
        private final ByteOrder order;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Classic(final int magic, final ByteOrder order, final int snaplen, final int linkType)
        {
            this.order = order;
            out.writeBytes(ByteBuffer.allocate(24).order(order).putInt(magic).putShort((short)2).putShort((short)4)
                .putInt(0).putInt(0).putInt(snaplen).putInt(linkType).array());
        }

        Classic record(final int sec, final int frac, final int len, final byte[] data)
        {
            out.writeBytes(ByteBuffer.allocate(16).order(order).putInt(sec).putInt(frac).putInt(data.length)
                .putInt(len).array());
            out.writeBytes(data);
            return this;
        }

        byte[] bytes()
        {
            return out.toByteArray();
        }
    }

    /** pcapng. */
    static final class Ng
    {
        private final ByteOrder order;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Ng(final ByteOrder order)
        {
            this.order = order;
            // SHB with a shb_userappl option
            final byte[] opt = option(4, "jclick".getBytes(StandardCharsets.US_ASCII));
            block(0x0A0D0D0A, ByteBuffer.allocate(16 + opt.length + 4).order(order)
                .putInt(0x1A2B3C4D).putShort((short)1).putShort((short)0).putLong(-1).put(opt).putInt(0).array());
        }

        byte[] option(final int code, final byte[] value)
        {
            final int padded = (value.length + 3) & ~3;
            return ByteBuffer.allocate(4 + padded).order(order).putShort((short)code)
                .putShort((short)value.length).put(value).array();
        }

        Ng block(final int type, final byte[] body)
        {
            final int total = 12 + body.length;
            out.writeBytes(ByteBuffer.allocate(total).order(order).putInt(type).putInt(total).put(body)
                .putInt(total).array());
            return this;
        }

        /** IDB; tsresol < 0: no option. */
        Ng idb(final int linkType, final int snaplen, final int tsresol, final long tsoffset)
        {
            final ByteArrayOutputStream b = new ByteArrayOutputStream();
            b.writeBytes(ByteBuffer.allocate(8).order(order).putShort((short)linkType).putShort((short)0)
                .putInt(snaplen).array());
            if (tsresol >= 0)
            {
                b.writeBytes(option(9, new byte[] {(byte)tsresol}));
            }
            if (tsoffset != 0)
            {
                b.writeBytes(option(14, ByteBuffer.allocate(8).order(order).putLong(tsoffset).array()));
            }
            b.writeBytes(new byte[4]); // opt_endofopt
            return block(1, b.toByteArray());
        }

        Ng epb(final int iface, final long ticks, final int len, final byte[] data)
        {
            final int padded = (data.length + 3) & ~3;
            return block(6, ByteBuffer.allocate(20 + padded).order(order).putInt(iface).putInt((int)(ticks >>> 32))
                .putInt((int)ticks).putInt(data.length).putInt(len).put(data).array());
        }

        Ng spb(final int len, final byte[] data)
        {
            final int padded = (data.length + 3) & ~3;
            return block(3, ByteBuffer.allocate(4 + padded).order(order).putInt(len).put(data).array());
        }

        byte[] bytes()
        {
            return out.toByteArray();
        }
    }
}
