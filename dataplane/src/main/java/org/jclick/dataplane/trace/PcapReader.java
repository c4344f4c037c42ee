package org.jclick.dataplane.trace;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.function.Consumer;

import org.jclick.dataplane.packet.AnnotationDescriptor;
import org.jclick.dataplane.packet.Packet;

/**
 * Reads packet traces: classic pcap (microsecond magic {@code 0xa1b2c3d4}, nanosecond magic {@code 0xa1b23c4d},
 * Alexey Kuznetsov's modified pcap {@code 0xa1b2cd34} as Click's FromDump does, each in either byte order) and
 * pcapng (sections, interface description, enhanced, simple and obsolete packet blocks; other blocks skipped;
 * per-interface link type, snaplen, {@code if_tsresol} and {@code if_tsoffset}). The format is recognised by the
 * first four bytes, not by the file name.
 *
 * <h2>Reading</h2>
 * {@link #next()} advances to the next packet record; its fields ({@link #timestampNs()},
 * {@link #capturedLength()}, {@link #originalLength()}, {@link #linkType()}, {@link #networkHeaderOffset()}, ...)
 * stay valid until the following call, and {@link #copyData(Packet)} copies its bytes into a packet.
 * {@link #read(Packet)} does both and sets the annotations Click's FromDump sets. Nothing is allocated per record.
 *
 * <h2>I/O</h2>
 * One direct {@link ByteBuffer} (1 MiB by default, allocated by the constructor) is refilled from a
 * {@link ReadableByteChannel} with plain {@code read} calls, and records are copied out of it through a
 * {@link MemorySegment} view made once. Chosen over mapping the file: it works the same for pipes, standard
 * input and decompressing channels (Click's FromDump reads {@code -} and compressed files); a mapping cannot be
 * unmapped deterministically through {@code MappedByteBuffer} and turns a file truncated by another process into
 * a SIGBUS-backed {@code InternalError} instead of a clean end; and a sequential pass over a large trace gains
 * nothing from page-cache mapping that the read-ahead of {@code read} does not give. A record or block must fit
 * the buffer: the largest classic record is {@link #MAX_CAPTURED_BYTES} plus its header.
 *
 * <h2>Bad files</h2>
 * A bad file header, an impossible record length or a corrupt pcapng block throws {@link TraceFormatException}
 * naming the byte offset. A file that ends inside a record or block (a capture cut short) ends the trace cleanly
 * at the last whole record: {@link #next()} returns false and a warning naming the byte offset goes to the
 * warning sink and stays readable as {@link #warning()}, as Click's FromDump stops at a short read.
 *
 * <p>Not thread-safe.
 */
public final class PcapReader implements AutoCloseable
{
    /** Container formats. */
    public enum Format
    {
        /** Classic pcap, microsecond timestamps (magic {@code 0xa1b2c3d4}). */
        PCAP,
        /** Classic pcap, nanosecond timestamps (magic {@code 0xa1b23c4d}). */
        PCAP_NSEC,
        /** Kuznetsov's modified pcap (magic {@code 0xa1b2cd34}): microseconds, 24-byte record headers. */
        PCAP_MODIFIED,
        /** pcapng. */
        PCAPNG
    }

    public static final int MAGIC_USEC = 0xA1B2C3D4;
    public static final int MAGIC_NSEC = 0xA1B23C4D;
    public static final int MAGIC_MODIFIED = 0xA1B2CD34;
    public static final int PCAPNG_SHB = 0x0A0D0D0A;
    public static final int PCAPNG_BYTE_ORDER_MAGIC = 0x1A2B3C4D;

    /** Largest captured length accepted in a record (libpcap's {@code MAXIMUM_SNAPLEN}). */
    public static final int MAX_CAPTURED_BYTES = 262_144;
    /** Default size of the I/O buffer; also the largest pcapng block accepted. */
    public static final int DEFAULT_BUFFER_BYTES = 1 << 20;

    static final int FILE_HEADER_BYTES = 24;
    static final int RECORD_HEADER_BYTES = 16;
    private static final int BLOCK_IDB = 1;
    private static final int BLOCK_OPB = 2;
    private static final int BLOCK_SPB = 3;
    private static final int BLOCK_EPB = 6;
    private static final int OPT_END = 0;
    private static final int OPT_IF_TSRESOL = 9;
    private static final int OPT_IF_TSOFFSET = 14;
    private static final long NS_PER_SEC = 1_000_000_000L;
    private static final long[] POW10 = new long[19];

    static
    {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++)
        {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    private final ReadableByteChannel channel;
    private final String name;
    private final Consumer<String> warnings;
    private final ByteBuffer buf;
    private final MemorySegment bufSegment;

    /** File offset of {@code buf.position()}. */
    private long position;
    private boolean eof;
    private boolean ended;
    private String warning;

    private final Format format;
    private final int versionMajor;
    private final int versionMinor;
    private final int thisZone;
    private final int sigFigs;
    private final int fileSnaplen;
    private final int fileLinkType;
    private final int recordHeaderBytes;

    // pcapng interfaces of the current section
    private int interfaceCount;
    private int[] ifLinkType = new int[4];
    private int[] ifSnaplen = new int[4];
    private int[] ifTsResol = new int[4];
    private long[] ifTsOffsetSec = new long[4];
    private int sectionCount;

    // current record
    private long recordOffset = -1;
    private int dataIndex;
    private int capturedLength;
    private int originalLength;
    private long timestampNs;
    private int interfaceId;
    private int recordLinkType;
    private int rawTsSeconds;
    private int rawTsFraction;
    private long recordCount;
    private long oversizeCount;

    /** Opens {@code path} with the default buffer; warnings go to {@code warnings} (may be null). */
    public static PcapReader open(final Path path, final Consumer<String> warnings) throws IOException
    {
        final FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        try
        {
            return new PcapReader(channel, path.toString(), warnings, DEFAULT_BUFFER_BYTES);
        }
        catch (final IOException | RuntimeException e)
        {
            channel.close();
            throw e;
        }
    }

    /**
     * A reader over {@code channel} (closed by {@link #close()}), named {@code name} in messages, with an I/O
     * buffer of {@code bufferBytes} (at least {@link #MAX_CAPTURED_BYTES} + 64). Reads the file header.
     *
     * @throws TraceFormatException if the file header is bad, too short or of an unknown format.
     */
    public PcapReader(
        final ReadableByteChannel channel, final String name, final Consumer<String> warnings, final int bufferBytes)
        throws IOException
    {
        if (bufferBytes < MAX_CAPTURED_BYTES + 64)
        {
            throw new IllegalArgumentException("bufferBytes < " + (MAX_CAPTURED_BYTES + 64) + ": " + bufferBytes);
        }
        this.channel = channel;
        this.name = name;
        this.warnings = warnings;
        this.buf = ByteBuffer.allocateDirect(bufferBytes);
        this.bufSegment = MemorySegment.ofBuffer(buf);
        buf.limit(0);

        if (!ensure(4))
        {
            throw new TraceFormatException(name, 0, "not a pcap or pcapng file (" + available() + " bytes long)");
        }
        final int magicBe = buf.order(ByteOrder.BIG_ENDIAN).getInt(buf.position());
        if (magicBe == PCAPNG_SHB)
        {
            format = Format.PCAPNG;
            versionMajor = 0;
            versionMinor = 0;
            thisZone = 0;
            sigFigs = 0;
            fileSnaplen = 0;
            fileLinkType = -1;
            recordHeaderBytes = 0;
            if (!ensure(12))
            {
                throw new TraceFormatException(name, 0, "pcapng section header block cut short");
            }
            // the first block must be a section header: parse it now, so the byte order is known
            if (!readBlocks(true))
            {
                throw new TraceFormatException(name, 0, "pcapng section header block cut short");
            }
            return;
        }
        final int magicLe = Integer.reverseBytes(magicBe);
        final Format f;
        if (magicBe == MAGIC_USEC || magicBe == MAGIC_NSEC || magicBe == MAGIC_MODIFIED)
        {
            buf.order(ByteOrder.BIG_ENDIAN);
            f = classicFormat(magicBe);
        }
        else if (magicLe == MAGIC_USEC || magicLe == MAGIC_NSEC || magicLe == MAGIC_MODIFIED)
        {
            buf.order(ByteOrder.LITTLE_ENDIAN);
            f = classicFormat(magicLe);
        }
        else
        {
            throw new TraceFormatException(name, 0, String.format(
                "not a pcap or pcapng file (bad magic number 0x%08x)", magicBe));
        }
        format = f;
        recordHeaderBytes = f == Format.PCAP_MODIFIED ? RECORD_HEADER_BYTES + 8 : RECORD_HEADER_BYTES;
        if (!ensure(FILE_HEADER_BYTES))
        {
            throw new TraceFormatException(name, available(), "pcap file header cut short (" + available() +
                " of " + FILE_HEADER_BYTES + " bytes)");
        }
        final int p = buf.position();
        versionMajor = buf.getShort(p + 4) & 0xFFFF;
        versionMinor = buf.getShort(p + 6) & 0xFFFF;
        thisZone = buf.getInt(p + 8);
        sigFigs = buf.getInt(p + 12);
        fileSnaplen = buf.getInt(p + 16);
        fileLinkType = buf.getInt(p + 20);
        if (versionMajor != 2)
        {
            throw new TraceFormatException(name, 4, "unknown pcap major version " + versionMajor);
        }
        skip(FILE_HEADER_BYTES);
    }

    private static Format classicFormat(final int magic)
    {
        return magic == MAGIC_USEC ? Format.PCAP : magic == MAGIC_NSEC ? Format.PCAP_NSEC : Format.PCAP_MODIFIED;
    }

    // ---------------------------------------------------------------------------------------------- file facts

    public String name()
    {
        return name;
    }

    public Format format()
    {
        return format;
    }

    /** Byte order of the file (of the current section for pcapng). */
    public ByteOrder byteOrder()
    {
        return buf.order();
    }

    /** True for nanosecond classic pcap. */
    public boolean nanosecond()
    {
        return format == Format.PCAP_NSEC;
    }

    /** Classic pcap: major version (2). pcapng: 0. */
    public int versionMajor()
    {
        return versionMajor;
    }

    /** Classic pcap: minor version (4 normally). pcapng: 0. */
    public int versionMinor()
    {
        return versionMinor;
    }

    /** Classic pcap: the {@code thiszone} field. */
    public int thisZone()
    {
        return thisZone;
    }

    /** Classic pcap: the {@code sigfigs} field. */
    public int sigFigs()
    {
        return sigFigs;
    }

    /**
     * Snapshot length (unsigned): classic pcap's header field; pcapng: that of interface 0 (0 = unlimited), or 0
     * before the first interface description.
     */
    public int snaplen()
    {
        return format == Format.PCAPNG ? (interfaceCount > 0 ? ifSnaplen[0] : 0) : fileSnaplen;
    }

    /**
     * Link type of the file as stored: classic pcap's header field; pcapng: that of interface 0, or -1 before the
     * first interface description. Each record has its own: {@link #linkType()}.
     */
    public int fileLinkType()
    {
        return format == Format.PCAPNG ? (interfaceCount > 0 ? ifLinkType[0] : -1) : fileLinkType;
    }

    /** pcapng: interfaces described in the current section so far. Classic pcap: 1. */
    public int interfaceCount()
    {
        return format == Format.PCAPNG ? interfaceCount : 1;
    }

    /** pcapng: link type of interface {@code id} of the current section. */
    public int interfaceLinkType(final int id)
    {
        return format == Format.PCAPNG ? ifLinkType[checkInterface(id)] : fileLinkType;
    }

    /** pcapng: snapshot length of interface {@code id} (0 = unlimited). */
    public int interfaceSnaplen(final int id)
    {
        return format == Format.PCAPNG ? ifSnaplen[checkInterface(id)] : fileSnaplen;
    }

    /** pcapng: the raw {@code if_tsresol} byte of interface {@code id} (6, microseconds, by default). */
    public int interfaceTsResolution(final int id)
    {
        return format == Format.PCAPNG ? ifTsResol[checkInterface(id)] : (nanosecond() ? 9 : 6);
    }

    /** pcapng: section header blocks seen so far. */
    public int sectionCount()
    {
        return sectionCount;
    }

    private int checkInterface(final int id)
    {
        if (id < 0 || id >= interfaceCount)
        {
            throw new IndexOutOfBoundsException("interface " + id + " of " + interfaceCount);
        }
        return id;
    }

    /** The last warning given (e.g. a truncated final record), or null. */
    public String warning()
    {
        return warning;
    }

    /** Records returned by {@link #next()} so far. */
    public long recordCount()
    {
        return recordCount;
    }

    /** Records that {@link #read(Packet)} cut because they did not fit the packet's buffer. */
    public long oversizeCount()
    {
        return oversizeCount;
    }

    // ---------------------------------------------------------------------------------------------- the record

    /** Byte offset in the file of the current record's header (pcapng: of its block). */
    public long recordOffset()
    {
        return recordOffset;
    }

    /** Timestamp in nanoseconds since the epoch (pcapng: with the interface's {@code if_tsoffset} added). */
    public long timestampNs()
    {
        return timestampNs;
    }

    /** Bytes of the packet present in the file ({@code caplen}). */
    public int capturedLength()
    {
        return capturedLength;
    }

    /** Length of the packet on the wire ({@code len}), unsigned; may exceed {@link #capturedLength()}. */
    public int originalLength()
    {
        return originalLength;
    }

    /**
     * Click's "extra length": bytes of the original packet not captured, {@code len - caplen}, or 0 when the
     * record claims fewer bytes on the wire than it holds.
     */
    public int extraLength()
    {
        return Math.max(0, originalLength - capturedLength);
    }

    /** pcapng: the interface the record came from. Classic pcap: 0. */
    public int interfaceId()
    {
        return interfaceId;
    }

    /** Link type of the current record (pcapng: its interface's). */
    public int linkType()
    {
        return recordLinkType;
    }

    /** Offset of the network header in the record's data ({@link LinkType#networkHeaderOffset}), -1 if unknown. */
    public int networkHeaderOffset()
    {
        return LinkType.networkHeaderOffset(recordLinkType);
    }

    /** Classic pcap: the record's {@code ts_sec} field as stored (unsigned). */
    public int rawTimestampSeconds()
    {
        return rawTsSeconds;
    }

    /** Classic pcap: the record's {@code ts_usec} (or nanoseconds) field as stored. */
    public int rawTimestampFraction()
    {
        return rawTsFraction;
    }

    /** The I/O buffer as a segment; the current record's data is at {@link #dataOffsetInBuffer()}. */
    public MemorySegment bufferSegment()
    {
        return bufSegment;
    }

    /** Offset of the current record's data in {@link #bufferSegment()} (valid until the next {@link #next()}). */
    public int dataOffsetInBuffer()
    {
        return dataIndex;
    }

    /**
     * Advances to the next packet record. Returns false at the end of the trace, including a clean stop at a
     * record cut short by the end of the file (with a warning).
     *
     * @throws TraceFormatException on a corrupt record header or pcapng block.
     */
    public boolean next() throws IOException
    {
        if (ended)
        {
            return false;
        }
        final boolean found = format == Format.PCAPNG ? readBlocks(false) : readClassicRecord();
        if (found)
        {
            recordCount++;
        }
        else
        {
            ended = true;
        }
        return found;
    }

    /**
     * Copies the current record's data into {@code packet}, whose length becomes the captured length (or as much
     * as fits its buffer after its headroom: the rest is cut, counted by {@link #oversizeCount()}, and added to
     * the extra length by {@link #read(Packet)}). Returns the number of bytes copied. The packet must not be
     * shared.
     */
    public int copyData(final Packet packet)
    {
        if (packet.shared())
        {
            throw new IllegalArgumentException("packet is shared");
        }
        final int room = packet.length() + packet.tailroom();
        int n = capturedLength;
        if (n > room)
        {
            n = room;
            if (oversizeCount++ == 0)
            {
                warn(recordOffset, "record of " + capturedLength + " bytes cut to " + room +
                    " to fit a packet buffer (further cuts are only counted)");
            }
        }
        final int length = packet.length();
        if (n > length)
        {
            packet.put(n - length);
        }
        else
        {
            packet.take(length - n);
        }
        packet.copyFrom(0, bufSegment, dataIndex, n);
        return n;
    }

    /**
     * Reads the next record into {@code packet} as Click's FromDump does: data (see {@link #copyData}),
     * timestamp annotation, extra length annotation ({@code len - caplen}, plus any bytes cut to fit), and the
     * MAC header annotation at the data when the link type has a link header. The network header annotation is
     * left to the caller ({@link #networkHeaderOffset()}), which knows the IP header length. Returns false at
     * the end of the trace (the packet is then untouched).
     */
    public boolean read(final Packet packet) throws IOException
    {
        if (!next())
        {
            return false;
        }
        final int copied = copyData(packet);
        packet.setTimestampNs(timestampNs);
        packet.setAnnoU32(AnnotationDescriptor.EXTRA_LENGTH_ANNO_OFFSET, extraLength() + (capturedLength - copied));
        if (LinkType.hasLinkHeader(recordLinkType))
        {
            packet.setMacHeader(0);
        }
        return true;
    }

    @Override
    public void close() throws IOException
    {
        channel.close();
    }

    // ---------------------------------------------------------------------------------------------- classic

    private boolean readClassicRecord() throws IOException
    {
        final long offset = position;
        if (!ensure(recordHeaderBytes))
        {
            if (available() > 0)
            {
                warn(offset, "record header cut short (" + available() + " of " + recordHeaderBytes +
                    " bytes); stopped at the last whole record");
            }
            return false;
        }
        final int p = buf.position();
        final int sec = buf.getInt(p);
        final int frac = buf.getInt(p + 4);
        int caplen = buf.getInt(p + 8);
        int len = buf.getInt(p + 12);
        // at or before version 2.3, some writers swapped caplen and len (as libpcap and Click's FromDump fix)
        if (versionMinor < 3 || (versionMinor == 3 && Integer.compareUnsigned(caplen, len) > 0))
        {
            final int t = caplen;
            caplen = len;
            len = t;
        }
        if (Integer.compareUnsigned(caplen, MAX_CAPTURED_BYTES) > 0)
        {
            throw new TraceFormatException(name, offset, "bad record header: captured length " +
                Integer.toUnsignedString(caplen) + " exceeds " + MAX_CAPTURED_BYTES);
        }
        if (!ensure(recordHeaderBytes + caplen))
        {
            warn(offset, "record cut short (" + Math.max(0, available() - recordHeaderBytes) + " of " + caplen +
                " data bytes); stopped at the last whole record");
            return false;
        }
        recordOffset = offset;
        rawTsSeconds = sec;
        rawTsFraction = frac;
        timestampNs = Integer.toUnsignedLong(sec) * NS_PER_SEC +
            Integer.toUnsignedLong(frac) * (format == Format.PCAP_NSEC ? 1 : 1000);
        capturedLength = caplen;
        originalLength = len;
        interfaceId = 0;
        recordLinkType = fileLinkType;
        dataIndex = buf.position() + recordHeaderBytes;
        skip(recordHeaderBytes + caplen);
        return true;
    }

    // ---------------------------------------------------------------------------------------------- pcapng

    /**
     * Reads blocks until a packet block (returns true), the end of the file (false) or, when
     * {@code sectionHeaderOnly}, the first section header block (true).
     */
    private boolean readBlocks(final boolean sectionHeaderOnly) throws IOException
    {
        while (true)
        {
            final long offset = position;
            if (!ensure(12))
            {
                if (available() > 0)
                {
                    warn(offset, "pcapng block header cut short (" + available() +
                        " bytes); stopped at the last whole block");
                }
                return false;
            }
            int p = buf.position();
            final int type = buf.getInt(p);
            if (type == PCAPNG_SHB)
            {
                final int bom = buf.getInt(p + 8);
                if (bom == Integer.reverseBytes(PCAPNG_BYTE_ORDER_MAGIC))
                {
                    buf.order(buf.order() == ByteOrder.BIG_ENDIAN ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
                }
                else if (bom != PCAPNG_BYTE_ORDER_MAGIC)
                {
                    throw new TraceFormatException(name, offset + 8,
                        String.format("pcapng section header: bad byte-order magic 0x%08x", bom));
                }
            }
            else if (sectionHeaderOnly)
            {
                throw new TraceFormatException(name, offset, "pcapng file does not start with a section header");
            }
            final int total = buf.getInt(p + 4);
            if (Integer.compareUnsigned(total, 12) < 0 || (total & 3) != 0)
            {
                throw new TraceFormatException(name, offset, "bad pcapng block length " +
                    Integer.toUnsignedString(total));
            }
            if (Integer.compareUnsigned(total, buf.capacity()) > 0)
            {
                throw new TraceFormatException(name, offset, "pcapng block length " +
                    Integer.toUnsignedString(total) + " exceeds the limit of " + buf.capacity() + " bytes");
            }
            if (!ensure(total))
            {
                warn(offset, "pcapng block cut short (" + available() + " of " + total +
                    " bytes); stopped at the last whole block");
                return false;
            }
            p = buf.position();
            final int trailer = buf.getInt(p + total - 4);
            if (trailer != total)
            {
                throw new TraceFormatException(name, offset, "pcapng block trailer length " +
                    Integer.toUnsignedString(trailer) + " differs from its header length " + total);
            }
            boolean packet = false;
            switch (type)
            {
                case PCAPNG_SHB ->
                {
                    if (total < 28)
                    {
                        throw new TraceFormatException(name, offset, "pcapng section header block too short");
                    }
                    final int major = buf.getShort(p + 12) & 0xFFFF;
                    if (major != 1)
                    {
                        throw new TraceFormatException(name, offset + 12, "unknown pcapng major version " + major);
                    }
                    interfaceCount = 0;
                    sectionCount++;
                    if (sectionHeaderOnly)
                    {
                        skip(total);
                        return true;
                    }
                }
                case BLOCK_IDB -> readInterface(offset, p, total);
                case BLOCK_EPB, BLOCK_OPB ->
                {
                    if (total < 32)
                    {
                        throw new TraceFormatException(name, offset, "pcapng packet block too short");
                    }
                    final int id = type == BLOCK_EPB ? buf.getInt(p + 8) : buf.getShort(p + 8) & 0xFFFF;
                    final int caplen = buf.getInt(p + 20);
                    if (Integer.compareUnsigned(caplen, total - 32) > 0)
                    {
                        throw new TraceFormatException(name, offset, "pcapng packet block: captured length " +
                            Integer.toUnsignedString(caplen) + " exceeds the block");
                    }
                    final long ticks = (Integer.toUnsignedLong(buf.getInt(p + 12)) << 32) |
                        Integer.toUnsignedLong(buf.getInt(p + 16));
                    setPacket(offset, id, ticks, caplen, buf.getInt(p + 24), p + 28);
                    packet = true;
                }
                case BLOCK_SPB ->
                {
                    if (total < 16)
                    {
                        throw new TraceFormatException(name, offset, "pcapng simple packet block too short");
                    }
                    final int len = buf.getInt(p + 8);
                    long caplen = Math.min(Integer.toUnsignedLong(len), total - 16);
                    if (interfaceCount > 0 && ifSnaplen[0] != 0)
                    {
                        caplen = Math.min(caplen, Integer.toUnsignedLong(ifSnaplen[0]));
                    }
                    setPacket(offset, 0, 0, (int)caplen, len, p + 12);
                    timestampNs = 0;
                    packet = true;
                }
                default ->
                {
                    // unknown or uninteresting block (name resolution, statistics, custom, ...): skip
                }
            }
            skip(total);
            if (packet)
            {
                return true;
            }
        }
    }

    private void setPacket(
        final long offset, final int id, final long ticks, final int caplen, final int len, final int data)
        throws TraceFormatException
    {
        if (id < 0 || id >= interfaceCount)
        {
            throw new TraceFormatException(name, offset, "pcapng packet block for interface " +
                Integer.toUnsignedString(id) + ", but the section describes " + interfaceCount);
        }
        if (Integer.compareUnsigned(caplen, MAX_CAPTURED_BYTES) > 0)
        {
            throw new TraceFormatException(name, offset, "pcapng packet block: captured length " +
                Integer.toUnsignedString(caplen) + " exceeds " + MAX_CAPTURED_BYTES);
        }
        recordOffset = offset;
        interfaceId = id;
        recordLinkType = ifLinkType[id];
        capturedLength = caplen;
        originalLength = len;
        dataIndex = data;
        timestampNs = ticksToNs(ticks, ifTsResol[id]) + ifTsOffsetSec[id] * NS_PER_SEC;
        rawTsSeconds = 0;
        rawTsFraction = 0;
    }

    private void readInterface(final long offset, final int p, final int total) throws TraceFormatException
    {
        if (total < 20)
        {
            throw new TraceFormatException(name, offset, "pcapng interface description block too short");
        }
        if (interfaceCount == ifLinkType.length)
        {
            final int n = 2 * interfaceCount;
            ifLinkType = Arrays.copyOf(ifLinkType, n);
            ifSnaplen = Arrays.copyOf(ifSnaplen, n);
            ifTsResol = Arrays.copyOf(ifTsResol, n);
            ifTsOffsetSec = Arrays.copyOf(ifTsOffsetSec, n);
        }
        final int id = interfaceCount;
        ifLinkType[id] = buf.getShort(p + 8) & 0xFFFF;
        ifSnaplen[id] = buf.getInt(p + 12);
        ifTsResol[id] = 6;
        ifTsOffsetSec[id] = 0;
        int o = 16;
        final int end = total - 4;
        while (o + 4 <= end)
        {
            final int code = buf.getShort(p + o) & 0xFFFF;
            final int length = buf.getShort(p + o + 2) & 0xFFFF;
            if (code == OPT_END)
            {
                break;
            }
            if (o + 4 + length > end)
            {
                throw new TraceFormatException(name, offset + o, "pcapng option " + code + " of " + length +
                    " bytes overruns its block");
            }
            if (code == OPT_IF_TSRESOL && length >= 1)
            {
                final int resol = buf.get(p + o + 4) & 0xFF;
                if ((resol & 0x80) == 0 ? resol > 18 : (resol & 0x7F) > 63)
                {
                    throw new TraceFormatException(name, offset + o, "unsupported pcapng if_tsresol " + resol);
                }
                ifTsResol[id] = resol;
            }
            else if (code == OPT_IF_TSOFFSET && length >= 8)
            {
                ifTsOffsetSec[id] = buf.getLong(p + o + 4);
            }
            o += 4 + ((length + 3) & ~3);
        }
        interfaceCount++;
    }

    /** Converts a pcapng timestamp of {@code ticks} units of resolution {@code resol} to nanoseconds. */
    static long ticksToNs(final long ticks, final int resol)
    {
        if ((resol & 0x80) == 0)
        {
            return resol <= 9 ? ticks * POW10[9 - resol] : Long.divideUnsigned(ticks, POW10[resol - 9]);
        }
        final int n = resol & 0x7F;
        if (n == 0)
        {
            return ticks * NS_PER_SEC;
        }
        final long seconds = ticks >>> n;
        final long frac = ticks & ((1L << n) - 1);
        final long lo = frac * NS_PER_SEC;
        final long hi = Math.unsignedMultiplyHigh(frac, NS_PER_SEC);
        final long fracNs = (lo >>> n) | (hi << (64 - n));
        return seconds * NS_PER_SEC + fracNs;
    }

    // ---------------------------------------------------------------------------------------------- buffer

    private int available()
    {
        return buf.remaining();
    }

    private void skip(final int bytes)
    {
        buf.position(buf.position() + bytes);
        position += bytes;
    }

    /** Makes {@code bytes} bytes available from the buffer's position; false if the file ends first. */
    private boolean ensure(final int bytes) throws IOException
    {
        if (buf.remaining() >= bytes)
        {
            return true;
        }
        if (eof)
        {
            return false;
        }
        buf.compact();
        try
        {
            while (buf.position() < bytes && buf.hasRemaining())
            {
                final int n = channel.read(buf);
                if (n < 0)
                {
                    eof = true;
                    break;
                }
            }
        }
        finally
        {
            buf.flip();
        }
        return buf.remaining() >= bytes;
    }

    private void warn(final long offset, final String problem)
    {
        warning = name + ": byte offset " + offset + ": " + problem;
        if (warnings != null)
        {
            warnings.accept(warning);
        }
    }
}
