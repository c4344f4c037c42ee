package org.jclick.elements.classification;

import java.util.Arrays;

import org.jclick.dataplane.packet.Packet;

/**
 * A compiled classification program: Click's word-wise decision tree, kept as parallel arrays (one entry per
 * step). Step {@code i} reads the 32-bit big-endian word at {@link #offset(int)}, masks it with {@link #mask(int)}
 * and compares it with {@link #value(int)} ({@link #EQ}: equal; {@link #GT}: unsigned greater than). The outcome
 * selects {@link #yes(int)} or {@link #no(int)}. A packet too short to hold the bytes the mask selects takes the
 * {@link #shortYes(int) short branch} instead, without reading them.
 *
 * <p>Targets: a value {@code >= 0} is the index of a later step (every jump goes forward, so the program always
 * ends); a negative value {@code t} is an output, {@code ~t}; {@link #DROP} discards the packet. A program with no
 * steps sends every packet to {@link #outputEverything()}.
 *
 * <p>Offsets are interpreted according to the {@link Layout}: for {@link Layout#DATA} (Classifier) they count from
 * the first data byte; for {@link Layout#IP} (IPFilter, IPClassifier) offsets below {@link #IP_BASE} address the MAC
 * header (offset 2 is its first byte, so that a 14-byte Ethernet header ends on a word boundary), offsets from
 * {@link #IP_BASE} address the IP header, and offsets from {@link #TRANSPORT_BASE} address the transport header.
 * The headers are found through the packet's annotations; a packet without a MAC header annotation fails every
 * MAC test, one without a network header annotation is taken to start with its IP header, and one without a
 * transport header annotation has its transport header after the IP header's IHL words.
 *
 * <p>Instances are immutable and safe to share; {@link #match} allocates nothing. A later compiler (bytecode) can
 * read the arrays through the accessors.
 */
public final class ClassifierProgram
{
    /** How offsets are resolved against a packet. */
    public enum Layout
    {
        /** Offsets from the packet data (Classifier). */
        DATA,
        /** Three regions: MAC header, IP header, transport header (IPFilter). */
        IP
    }

    /** Comparison: masked word equals value. */
    public static final byte EQ = 0;
    /** Comparison: masked word is greater than value, unsigned. */
    public static final byte GT = 1;

    /** Target meaning "discard the packet" (printed {@code [X]}; as an output number, 2147483647). */
    public static final int DROP = Integer.MIN_VALUE;

    /** First IP-header offset in the {@link Layout#IP} layout. */
    public static final int IP_BASE = 256;
    /** First transport-header offset in the {@link Layout#IP} layout. */
    public static final int TRANSPORT_BASE = 512;
    /** MAC-region offset of the first MAC header byte. */
    public static final int MAC_SHIFT = 2;

    private final Layout layout;
    private final int[] offset;
    private final int[] mask;
    private final int[] value;
    private final byte[] op;
    private final boolean[] shortYes;
    private final int[] yes;
    private final int[] no;
    private final int outputEverything;
    /** Per step: region (0 data or MAC, 1 IP, 2 transport), offset within the region, bytes the mask needs. */
    private final byte[] region;
    private final int[] regionOffset;
    private final int[] needBytes;
    private final int[] firstByte;
    private final int safeLength;

    /**
     * @param outputEverything target used when there are no steps (an output as {@code ~port}, or {@link #DROP})
     */
    public ClassifierProgram(final Layout layout, final int[] offset, final int[] mask, final int[] value,
        final byte[] op, final boolean[] shortYes, final int[] yes, final int[] no, final int outputEverything)
    {
        final int n = offset.length;
        if (mask.length != n || value.length != n || op.length != n || shortYes.length != n || yes.length != n
            || no.length != n)
        {
            throw new IllegalArgumentException("program arrays differ in length");
        }
        this.layout = layout;
        this.offset = offset.clone();
        this.mask = mask.clone();
        this.value = value.clone();
        this.op = op.clone();
        this.shortYes = shortYes.clone();
        this.yes = yes.clone();
        this.no = no.clone();
        this.outputEverything = n == 0 ? outputEverything : DROP;
        region = new byte[n];
        regionOffset = new int[n];
        needBytes = new int[n];
        firstByte = new int[n];
        int safe = 0;
        for (int i = 0; i < n; i++)
        {
            if (offset[i] < 0 || (offset[i] & 3) != 0)
            {
                throw new IllegalArgumentException("step " + i + ": offset must be a non-negative multiple of 4");
            }
            for (final int t : new int[] {yes[i], no[i]})
            {
                if (t >= 0 && (t <= i || t >= n))
                {
                    throw new IllegalArgumentException("step " + i + ": jump must go forward to a step: " + t);
                }
            }
            needBytes[i] = requiredBytes(mask[i]);
            firstByte[i] = mask[i] == 0 ? 0 : Integer.numberOfLeadingZeros(mask[i]) / 8;
            safe = Math.max(safe, offset[i] + needBytes[i]);
            if (layout == Layout.DATA)
            {
                region[i] = 0;
                regionOffset[i] = offset[i];
            }
            else if (offset[i] >= TRANSPORT_BASE)
            {
                region[i] = 2;
                regionOffset[i] = offset[i] - TRANSPORT_BASE;
            }
            else if (offset[i] >= IP_BASE)
            {
                region[i] = 1;
                regionOffset[i] = offset[i] - IP_BASE;
            }
            else
            {
                region[i] = 0;
                regionOffset[i] = offset[i] - MAC_SHIFT;
            }
        }
        safeLength = safe;
    }

    /** Bytes of a word that a mask needs: up to its last non-zero byte (0 for an empty mask). */
    public static int requiredBytes(final int mask)
    {
        if (mask == 0)
        {
            return 0;
        }
        return 4 - Integer.numberOfTrailingZeros(mask) / 8;
    }

    // ------------------------------------------------------------------------------------------ accessors

    public Layout layout()
    {
        return layout;
    }

    public int size()
    {
        return offset.length;
    }

    public int offset(final int step)
    {
        return offset[step];
    }

    public int mask(final int step)
    {
        return mask[step];
    }

    public int value(final int step)
    {
        return value[step];
    }

    public byte op(final int step)
    {
        return op[step];
    }

    public boolean shortYes(final int step)
    {
        return shortYes[step];
    }

    public int yes(final int step)
    {
        return yes[step];
    }

    public int no(final int step)
    {
        return no[step];
    }

    /** The target for every packet when the program has no steps; {@link #DROP} otherwise. */
    public int outputEverything()
    {
        return outputEverything;
    }

    /** Click's safe length: packets at least this long (in the program's offset space) never take a short branch. */
    public int safeLength()
    {
        return safeLength;
    }

    /** Whether output {@code port} is reachable. */
    public boolean usesOutput(final int port)
    {
        if (offset.length == 0)
        {
            return outputEverything == ~port;
        }
        for (int i = 0; i < offset.length; i++)
        {
            if (yes[i] == ~port || no[i] == ~port)
            {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------------------------------ matching

    /** The output for {@code p}, or -1 when the packet is to be dropped. Allocates nothing. */
    public int match(final Packet p)
    {
        final int n = offset.length;
        int pos;
        if (n == 0)
        {
            pos = outputEverything;
        }
        else
        {
            final int length = p.length();
            final int low = -p.headroom();
            int base0;
            int base1;
            int base2;
            if (layout == Layout.DATA)
            {
                base0 = 0;
                base1 = 0;
                base2 = 0;
            }
            else
            {
                base0 = p.hasMacHeader() ? p.macHeaderOffset() : Integer.MIN_VALUE / 2;
                base1 = p.hasNetworkHeader() ? p.networkHeaderOffset() : 0;
                if (p.hasTransportHeader() && p.hasNetworkHeader())
                {
                    base2 = p.transportHeaderOffset();
                }
                else if (base1 >= low && base1 < length)
                {
                    base2 = base1 + ((p.u8(base1) & 0x0F) << 2);
                }
                else
                {
                    base2 = Integer.MIN_VALUE / 2;
                }
            }
            pos = 0;
            do
            {
                final int r = region[pos];
                final int at = (r == 0 ? base0 : r == 1 ? base1 : base2) + regionOffset[pos];
                final int need = needBytes[pos];
                final boolean outcome;
                if (need == 0)
                {
                    outcome = op[pos] == EQ ? value[pos] == 0 : Integer.compareUnsigned(0, value[pos]) > 0;
                }
                else if (at + firstByte[pos] < low || at + need > length)
                {
                    outcome = shortYes[pos];
                }
                else
                {
                    final int word = readWord(p, at, firstByte[pos], need, length) & mask[pos];
                    outcome = op[pos] == EQ ? word == value[pos] : Integer.compareUnsigned(word, value[pos]) > 0;
                }
                pos = outcome ? yes[pos] : no[pos];
            }
            while (pos >= 0);
        }
        return pos == DROP ? -1 : ~pos;
    }

    /** The word at {@code at}, reading only bytes {@code first..need-1} unless the whole word is in the packet. */
    private static int readWord(final Packet p, final int at, final int first, final int need, final int length)
    {
        if (at >= 0 && at + 4 <= length)
        {
            return p.u32(at);
        }
        int w = 0;
        for (int i = 0; i < 4; i++)
        {
            w = (w << 8) | (i >= first && i < need ? p.u8(at + i) : 0);
        }
        return w;
    }

    // ------------------------------------------------------------------------------------------ text

    /** Click's {@code program} handler text: one line per step, then the safe length and alignment offset. */
    public String unparse()
    {
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < offset.length; i++)
        {
            sb.append(i < 10 ? " " : "").append(i).append(' ');
            sb.append(String.format("%3d/%08x%%%08x", offset[i], value[i], mask[i]));
            if (op[i] == GT)
            {
                sb.append(" >");
            }
            sb.append("  yes->").append(target(yes[i])).append("  no->").append(target(no[i]));
            if (shortYes[i])
            {
                sb.append("  short->yes");
            }
            sb.append('\n');
        }
        if (offset.length == 0)
        {
            sb.append("all->").append(outputText(outputEverything)).append('\n');
        }
        sb.append("safe length ").append(safeLength).append('\n');
        sb.append("alignment offset 0\n");
        return sb.toString();
    }

    private static String target(final int t)
    {
        return t >= 0 ? "step " + t : outputText(t);
    }

    private static String outputText(final int t)
    {
        return t == DROP ? "[X]" : "[" + ~t + "]";
    }

    @Override
    public boolean equals(final Object o)
    {
        return o instanceof ClassifierProgram c && layout == c.layout && outputEverything == c.outputEverything
            && Arrays.equals(offset, c.offset) && Arrays.equals(mask, c.mask) && Arrays.equals(value, c.value)
            && Arrays.equals(op, c.op) && Arrays.equals(shortYes, c.shortYes) && Arrays.equals(yes, c.yes)
            && Arrays.equals(no, c.no);
    }

    @Override
    public int hashCode()
    {
        return Arrays.hashCode(offset) * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString()
    {
        return unparse();
    }
}
