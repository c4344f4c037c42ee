package org.jclick.dataplane.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.BitSet;

import org.junit.jupiter.api.Test;

class FlowCodeTest
{
    private static String fwd(final String code, final int input, final int nin, final int nout)
    {
        return FlowCode.forward(code, input, nin, nout).toString();
    }

    private static String back(final String code, final int output, final int nin, final int nout)
    {
        return FlowCode.backward(code, output, nin, nout).toString();
    }

    @Test
    void completeAndLetters()
    {
        assertEquals("{0, 1, 2}", fwd("x/x", 0, 1, 3));
        assertEquals("{}", fwd("x/y", 0, 1, 2));
        // Bypass: input 0 reaches both outputs, input 1 only output 0
        assertEquals("{0, 1}", fwd("xy/[xy]x", 0, 2, 2));
        assertEquals("{0}", fwd("xy/[xy]x", 1, 2, 2));
        assertEquals("{0, 1}", back("xy/[xy]x", 0, 2, 2));
        assertEquals("{0}", back("xy/[xy]x", 1, 2, 2));
    }

    @Test
    void hashPairsEqualPortNumbers()
    {
        assertEquals("{1}", fwd("#/#", 1, 3, 3));
        assertEquals("{2}", back("#/#", 2, 3, 3));
        assertEquals("{}", fwd("#/x", 0, 1, 1));
    }

    @Test
    void complementedHashIsEveryOtherPort()
    {
        // Click's Hub: a packet on input i may leave on every output but i
        assertEquals("{0, 2, 3}", fwd("#/[^#]", 1, 4, 4));
        assertEquals("{1, 2, 3}", back("#/[^#]", 0, 4, 4));
        // a complemented set holds every letter and every port number not excluded
        assertEquals("{0, 1}", fwd("#/[^a]", 1, 2, 2));
        assertEquals("{0}", fwd("a/[^x]x", 0, 1, 2));
        assertEquals("{0, 1}", fwd("[^#]/[^#]", 0, 2, 2));
        final BitSet none = FlowCode.forward("[^#]/#", 0, 1, 1);
        assertEquals("{}", none.toString());
    }
}
