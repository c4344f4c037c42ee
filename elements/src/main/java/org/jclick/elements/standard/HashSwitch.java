package org.jclick.elements.standard;

import java.util.List;

import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.packet.Packet;

/** Click's HashSwitch. */
@ElementDoc(
    synopsis = "HashSwitch(OFFSET, LENGTH [, keyword MAX])",
    category = "classification",
    ports = "one push input, one or more push outputs",
    description = """
        Sends each packet to an output chosen by a hash of the LENGTH bytes at OFFSET of its data, so that
        packets with the same bytes there (a flow's addresses, say) always take the same output. The hash is
        Click's: the sum d of the bytes; with 2, 4 or 8 outputs the output is (d xor (d >> 4)) and (outputs - 1),
        otherwise d modulo the number of outputs. A packet shorter than OFFSET + LENGTH goes to output 0.""",
    keywords = {
        "OFFSET: unsigned. Where the hashed bytes start, from the packet data.",
        "LENGTH: unsigned, more than 0. How many bytes are hashed.",
        "MAX: unsigned. Number of outputs hashed over. Default all of them."},
    handlers = {"drops (read): packets sent to an output that does not exist (MAX beyond the outputs)"},
    example = "... -> Strip(14) -> h :: HashSwitch(16, 4);  h[0] -> ...;  h[1] -> ...;  // by IP destination",
    seeAlso = {"RoundRobinSwitch", "RandomSwitch", "StrideSwitch", "Switch"})
public final class HashSwitch extends OutputChooser
{
    private int offset;
    private int length;
    private int max;

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final long[] v = {0, 0, -1};
        if (complete(args(conf)
            .readMandatoryPositional("OFFSET", IntArg.uint32(), x -> v[0] = x)
            .readMandatoryPositional("LENGTH", IntArg.uint32(), x -> v[1] = x)
            .read("MAX", IntArg.uint32(), x -> v[2] = x), errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        if (v[1] == 0)
        {
            return errh.error("length must be > 0");
        }
        if (v[0] > 0xFFFF || v[1] > 0xFFFF)
        {
            return errh.error("OFFSET and LENGTH must be at most 65535");
        }
        offset = (int)v[0];
        length = (int)v[1];
        max = v[2] < 0 ? noutputs() : (int)Math.min(v[2], Integer.MAX_VALUE);
        if (max == 0)
        {
            return errh.error("MAX must be > 0");
        }
        return 0;
    }

    @Override
    int choose(final Packet p)
    {
        final int end = offset + length;
        if (p.length() < end)
        {
            return 0;
        }
        int d = 0;
        for (int i = offset; i < end; i++)
        {
            d += p.u8(i);
        }
        final int n = max;
        return n == 2 || n == 4 || n == 8 ? (d ^ (d >> 4)) & (n - 1) : d % n;
    }
}
