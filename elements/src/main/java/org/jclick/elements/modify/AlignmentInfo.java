package org.jclick.elements.modify;

import java.util.List;

import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;

/** Click's AlignmentInfo. */
@ElementDoc(
    synopsis = "AlignmentInfo(ELEMENT [MODULUS OFFSET ...], ...)",
    category = "information",
    ports = "none",
    description = """
        Records, for click-align, the packet data alignment each named element's inputs can expect: per element,
        a MODULUS OFFSET pair for each input. The router itself does not use it; jclick checks only that each
        argument names an element and is followed by pairs of integers.""",
    example = "AlignmentInfo(src 8 2);",
    seeAlso = {"Align"})
public final class AlignmentInfo extends Element
{
    @Override
    public String portCount()
    {
        return PORTS_0_0;
    }

    @Override
    public int configurePhase()
    {
        return CONFIGURE_PHASE_INFO;
    }

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        for (final String arg : conf)
        {
            final String[] words = arg.trim().split("\\s+");
            if (words.length == 0 || words[0].isEmpty())
            {
                continue;
            }
            if (words.length % 2 != 1)
            {
                errh.error("expected 'ELEMENT [MODULUS OFFSET]...'");
                continue;
            }
            for (int i = 1; i < words.length; i++)
            {
                try
                {
                    Integer.parseInt(words[i]);
                }
                catch (final NumberFormatException e)
                {
                    errh.error("expected 'ELEMENT [MODULUS OFFSET]...'");
                    break;
                }
            }
        }
        return errh.errorCount() > 0 ? ErrorHandler.FAILURE : 0;
    }
}
