package org.jclick.dataplane.trace;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.jclick.dataplane.packet.AnnotationDescriptor;
import org.jclick.dataplane.packet.Packet;

/**
 * Writes classic pcap files as Click's ToDump does.
 *
 * <p>File header (24 bytes, host byte order as Click's {@code fwrite} of a struct): magic {@code 0xa1b2c3d4}, or
 * {@code 0xa1b23c4d} with NANO; version 2.4; thiszone 0; sigfigs 0; snaplen (default 2000; 0 means unlimited and
 * is written as {@code 0xffffffff}); link type (default Ethernet, 1). Record: seconds, microseconds (nanoseconds
 * with NANO), {@code caplen = min(length, snaplen)}, {@code len = length + EXTRA_LENGTH_ANNO} (without the
 * annotation when EXTRA_LENGTH is false), then the {@code caplen} first bytes of the packet. A packet with a zero
 * timestamp is written with the current time. Click's NANO default is true when Click keeps nanosecond
 * timestamps (as jclick always does), so {@link Header#click(int, int)} defaults to nanoseconds.
 *
 * <p>Records go through one direct buffer (allocated by the constructor) and a {@link WritableByteChannel};
 * nothing is allocated per record. Not thread-safe.
 */
public final class PcapWriter implements AutoCloseable
{
    /** ToDump's default SNAPLEN. */
    public static final int CLICK_DEFAULT_SNAPLEN = 2000;
    /** Default buffer size. */
    public static final int DEFAULT_BUFFER_BYTES = 1 << 16;

    /**
     * Everything the file header says. {@code snaplen} is unsigned (0 is written as is: use {@link #click} for
     * Click's "0 means 0xffffffff"); {@code versionMajor}/{@code versionMinor}, {@code thisZone} and
     * {@code sigFigs} are written as given, so a copy of a read file's header reproduces it exactly.
     */
    public record Header(
        boolean nanosecond, ByteOrder byteOrder, int versionMajor, int versionMinor, int thisZone, int sigFigs,
        int snaplen, int linkType)
    {
        /**
         * ToDump's header: Click's {@code ToDump(FILE, SNAPLEN snaplen, ENCAP linkType, NANO nanosecond)} on this
         * host (native byte order), with snaplen 0 meaning unlimited ({@code 0xffffffff}).
         */
        public static Header click(final int snaplen, final int linkType, final boolean nanosecond)
        {
            return new Header(nanosecond, ByteOrder.nativeOrder(), 2, 4, 0, 0, snaplen == 0 ? -1 : snaplen,
                linkType);
        }

        /** ToDump's defaults: nanosecond, snaplen 2000, Ethernet. */
        public static Header click(final int snaplen, final int linkType)
        {
            return click(snaplen, linkType, true);
        }

        /** The header of a classic pcap file being read, to write a copy of it. */
        public static Header of(final PcapReader reader)
        {
            if (reader.format() == PcapReader.Format.PCAPNG)
            {
                return new Header(true, reader.byteOrder(), 2, 4, 0, 0, reader.snaplen(), reader.fileLinkType());
            }
            return new Header(reader.nanosecond(), reader.byteOrder(), reader.versionMajor(), reader.versionMinor(),
                reader.thisZone(), reader.sigFigs(), reader.snaplen(), reader.fileLinkType());
        }
    }

    private final WritableByteChannel channel;
    private final String name;
    private final Header header;
    private final boolean extraLength;
    private final ByteBuffer buf;
    private final MemorySegment bufSegment;
    private long count;
    private boolean closed;

    /** Creates (or truncates) {@code path} and writes the header; EXTRA_LENGTH true as in Click. */
    public static PcapWriter open(final Path path, final Header header) throws IOException
    {
        final FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING);
        try
        {
            return new PcapWriter(channel, path.toString(), header, true, DEFAULT_BUFFER_BYTES);
        }
        catch (final RuntimeException e)
        {
            channel.close();
            throw e;
        }
    }

    /**
     * A writer to {@code channel} (closed by {@link #close()}); writes the file header into its buffer.
     * {@code extraLength}: Click's EXTRA_LENGTH (add the packet's extra length annotation to {@code len}).
     */
    public PcapWriter(
        final WritableByteChannel channel, final String name, final Header header, final boolean extraLength,
        final int bufferBytes)
    {
        if (bufferBytes < 64)
        {
            throw new IllegalArgumentException("bufferBytes < 64: " + bufferBytes);
        }
        this.channel = channel;
        this.name = name;
        this.header = header;
        this.extraLength = extraLength;
        this.buf = ByteBuffer.allocateDirect(bufferBytes).order(header.byteOrder());
        this.bufSegment = MemorySegment.ofBuffer(buf);
        buf.putInt(header.nanosecond() ? PcapReader.MAGIC_NSEC : PcapReader.MAGIC_USEC)
            .putShort((short)header.versionMajor())
            .putShort((short)header.versionMinor())
            .putInt(header.thisZone())
            .putInt(header.sigFigs())
            .putInt(header.snaplen())
            .putInt(header.linkType());
    }

    public Header header()
    {
        return header;
    }

    public String name()
    {
        return name;
    }

    /** Records written (Click's {@code count} handler). */
    public long count()
    {
        return count;
    }

    /** Click's {@code reset_counts}. */
    public void resetCount()
    {
        count = 0;
    }

    /**
     * Writes {@code packet} as ToDump's {@code write_packet} does: its timestamp annotation (the current time if
     * zero), {@code len = length + EXTRA_LENGTH_ANNO} (when EXTRA_LENGTH), and at most snaplen bytes of data.
     */
    public void write(final Packet packet) throws IOException
    {
        write(packet, packet.timestampNs() == 0 ? System.currentTimeMillis() * 1_000_000L : 0);
    }

    /**
     * As {@link #write(Packet)}, with {@code nowNs} (the router's clock, so that simulated time gives the same file
     * every run) as the timestamp of a packet that has none.
     */
    public void write(final Packet packet, final long nowNs) throws IOException
    {
        long ts = packet.timestampNs();
        if (ts == 0)
        {
            ts = nowNs;
        }
        final int length = packet.length();
        final int len = length + (extraLength ? packet.annoU32(AnnotationDescriptor.EXTRA_LENGTH_ANNO_OFFSET) : 0);
        writeRecord(ts, packet.buffer(), packet.dataOffset(), length, len);
    }

    /**
     * Writes one record of {@code lengthBytes} from {@code src} at {@code srcOffset} (cut to the snaplen, which
     * then sets {@code caplen}), with {@code originalLength} as {@code len} and the timestamp in nanoseconds.
     */
    public void writeRecord(
        final long timestampNs, final MemorySegment src, final long srcOffset, final int lengthBytes,
        final int originalLength) throws IOException
    {
        if (closed)
        {
            throw new IOException(name + ": writer closed");
        }
        final int caplen = Integer.compareUnsigned(lengthBytes, header.snaplen()) > 0 && header.snaplen() != 0 ?
            header.snaplen() : lengthBytes;
        final long seconds = Math.floorDiv(timestampNs, 1_000_000_000L);
        final long nanos = Math.floorMod(timestampNs, 1_000_000_000L);
        if (buf.remaining() < PcapReader.RECORD_HEADER_BYTES)
        {
            flushBuffer();
        }
        buf.putInt((int)seconds)
            .putInt((int)(header.nanosecond() ? nanos : nanos / 1000))
            .putInt(caplen)
            .putInt(originalLength);
        int done = 0;
        while (done < caplen)
        {
            if (!buf.hasRemaining())
            {
                flushBuffer();
            }
            final int n = Math.min(caplen - done, buf.remaining());
            MemorySegment.copy(src, srcOffset + done, bufSegment, buf.position(), n);
            buf.position(buf.position() + n);
            done += n;
        }
        count++;
    }

    /** Writes out everything buffered (ToDump's UNBUFFERED calls this after every packet). */
    public void flush() throws IOException
    {
        flushBuffer();
    }

    private void flushBuffer() throws IOException
    {
        buf.flip();
        while (buf.hasRemaining())
        {
            channel.write(buf);
        }
        buf.clear();
    }

    @Override
    public void close() throws IOException
    {
        if (closed)
        {
            return;
        }
        closed = true;
        try
        {
            flushBuffer();
        }
        finally
        {
            channel.close();
        }
    }
}
