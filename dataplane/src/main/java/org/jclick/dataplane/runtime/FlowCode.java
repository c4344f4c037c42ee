package org.jclick.dataplane.runtime;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Click's flow codes ({@code Element::flow_code()}): which inputs may send packets to which outputs. A code is
 * {@code INPUTS/OUTPUTS}; each side is a sequence of port codes, one per port, the last repeating for further
 * ports. A port code is a letter, {@code #} (the port's own number), or a bracketed set {@code [ab#]} or complement
 * {@code [^ab#]} of those. Input {@code i} flows to output {@code j} when their codes share a letter or a port number
 * ({@code #} stands for {@code i} on the input side and {@code j} on the output side, so {@code #/#} pairs equal
 * numbers and {@code #/[^#]} every other output, Click's Hub). Without a slash the same codes apply to both sides.
 */
public final class FlowCode
{
    private FlowCode()
    {
    }

    /**
     * One port's code: a set of letters and whether it holds {@code #} (the port's own number), complemented or not
     * (Click's {@code next_flow_code}: a 256-bit set, letters and then port numbers, flipped by {@code ^}).
     */
    private record PortCode(BitSet letters, boolean complement, boolean hash)
    {
        boolean matches(final PortCode o, final int i, final int j)
        {
            for (int c = 0; c < 128; c++)
            {
                if (has(c) && o.has(c))
                {
                    return true;
                }
            }
            // port numbers: this code's own number is i, the other's j; any other number is in both only when both
            // codes are complemented
            return (hasPort(i, i) && o.hasPort(i, j)) || (hasPort(j, i) && o.hasPort(j, j))
                || (complement && o.complement);
        }

        boolean has(final int c)
        {
            return letters.get(c) != complement;
        }

        /** Whether port number {@code n} is in the code of port {@code self}. */
        boolean hasPort(final int n, final int self)
        {
            return (hash && n == self) != complement;
        }
    }

    private static List<PortCode> side(final String s)
    {
        final List<PortCode> out = new ArrayList<>();
        int i = 0;
        while (i < s.length())
        {
            final char c = s.charAt(i);
            if (c == '[')
            {
                final int close = s.indexOf(']', i + 1);
                final int end = close < 0 ? s.length() : close;
                final BitSet b = new BitSet(128);
                boolean complement = false;
                int k = i + 1;
                if (k < end && s.charAt(k) == '^')
                {
                    complement = true;
                    k++;
                }
                boolean hash = false;
                for (; k < end; k++)
                {
                    if (s.charAt(k) == '#')
                    {
                        hash = true;
                    }
                    else
                    {
                        b.set(s.charAt(k) & 127);
                    }
                }
                out.add(new PortCode(b, complement, hash));
                i = end + 1;
            }
            else if (c == '#')
            {
                out.add(new PortCode(new BitSet(), false, true));
                i++;
            }
            else
            {
                final BitSet b = new BitSet(128);
                b.set(c & 127);
                out.add(new PortCode(b, false, false));
                i++;
            }
        }
        if (out.isEmpty())
        {
            final BitSet b = new BitSet(128);
            b.set('x');
            out.add(new PortCode(b, false, false));
        }
        return out;
    }

    private static PortCode code(final List<PortCode> side, final int port)
    {
        return side.get(Math.min(port, side.size() - 1));
    }

    private static List<List<PortCode>> parse(final String flowCode)
    {
        final String fc = flowCode == null || flowCode.isEmpty() ? "x/x" : flowCode;
        final int slash = fc.indexOf('/');
        final String in = slash < 0 ? fc : fc.substring(0, slash);
        final String out = slash < 0 ? fc : fc.substring(slash + 1);
        return List.of(side(in), side(out));
    }

    /** The outputs that input {@code input} may reach. */
    public static BitSet forward(final String flowCode, final int input, final int ninputs, final int noutputs)
    {
        final List<List<PortCode>> p = parse(flowCode);
        final BitSet result = new BitSet(noutputs);
        final PortCode ic = code(p.get(0), input);
        for (int j = 0; j < noutputs; j++)
        {
            if (ic.matches(code(p.get(1), j), input, j))
            {
                result.set(j);
            }
        }
        return result;
    }

    /** The inputs that may reach output {@code output}. */
    public static BitSet backward(final String flowCode, final int output, final int ninputs, final int noutputs)
    {
        final List<List<PortCode>> p = parse(flowCode);
        final BitSet result = new BitSet(ninputs);
        final PortCode oc = code(p.get(1), output);
        for (int i = 0; i < ninputs; i++)
        {
            if (code(p.get(0), i).matches(oc, i, output))
            {
                result.set(i);
            }
        }
        return result;
    }
}
