package org.jclick.elements.standard;

import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.Handler;

/** Shared parsing for the paint elements' {@code color} handlers. */
final class PaintSupport
{
    private PaintSupport()
    {
    }

    /** Parses a colour 0..255; returns -1 after reporting an error. */
    static int parseColor(final String text, final ErrorHandler errh)
    {
        try
        {
            final int v = Integer.parseInt(text.trim());
            if (v >= 0 && v <= 255)
            {
                return v;
            }
        }
        catch (final NumberFormatException e)
        {
            // fall through
        }
        errh.error("expected integer between 0 and 255");
        return -1;
    }

    static final int RW = Handler.READ | Handler.WRITE;
}
