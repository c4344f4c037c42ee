package org.jclick.elements.test;

import org.jclick.dataplane.args.ArgException;
import org.jclick.dataplane.args.SecondsArg;
import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementDoc;

/** Click's test element BlockThread: a write handler that holds up whichever thread calls it. */
@ElementDoc(
    synopsis = "BlockThread()",
    category = "test",
    ports = "none",
    description = """
        Has one write handler, block, that takes a time and makes the calling thread sleep that long before it
        returns. Tests use it to hold a router thread busy, for example inside a signal script while other
        threads keep running.""",
    handlers = {"block (write): sleep for the given time (e.g. 0.01s)"},
    example = "bt :: BlockThread; Script(write bt.block 0.01s, stop);")
public final class BlockThread extends Element
{
    @Override
    public void addHandlers()
    {
        addWriteHandler("block", (value, errh) ->
        {
            final long ns;
            try
            {
                ns = SecondsArg.nanoseconds().parse(value.trim(), argContext());
            }
            catch (final ArgException e)
            {
                return errh.error("block: " + e.getMessage());
            }
            try
            {
                Thread.sleep(ns / 1_000_000, (int)(ns % 1_000_000));
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
            }
            return 0;
        });
    }
}
