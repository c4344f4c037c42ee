package org.jclick.elements.test;

import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.SimpleElement;
import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketBatch;
import org.jclick.dataplane.runtime.NotifierSignal;

/** Click's NotifierDebug. */
@ElementDoc(
    synopsis = "NotifierDebug",
    category = "debugging",
    ports = "one agnostic input, one agnostic output",
    description = """
        Passes packets through unchanged, and shows the notifier signal seen from where it sits. With a push input
        that is the signal of the full notifiers downstream (are the queues there nonfull?); with a pull input, the
        signal of the empty notifiers upstream (do the queues there hold packets?). The signal handler prints it
        the way Click does: busy* (no notifier on some path: always active), idle (no path: never active), or for
        each 32-bit word of basic signals GROUP.WORD/MASK:VALUE in hexadecimal, where GROUP is empty or full, WORD
        counts the router's signals of that group in configuration order, MASK has a bit per notifier found, and
        VALUE the bits of those that are active; a star follows when any is. Terms are joined with +.""",
    handlers = {"signal (read): the signal, as described above"},
    example = "q :: Queue -> n :: NotifierDebug -> Unqueue -> Discard;  // read n.signal",
    seeAlso = {"Queue", "NotifierQueue", "QuickNoteQueue"})
public final class NotifierDebug extends SimpleElement
{
    private NotifierSignal signal = NotifierSignal.idle();

    @Override
    public int initialize(final ErrorHandler errh)
    {
        signal = inputIsPush(0) ? NotifierSignal.downstreamFull(this, 0, null)
            : NotifierSignal.upstreamEmpty(this, 0, null);
        return 0;
    }

    @Override
    public Packet simpleAction(final Packet p)
    {
        return p;
    }

    @Override
    public void pushBatch(final int port, final PacketBatch batch)
    {
        output(0).pushBatch(batch);
    }

    /** The signal this element found (for tests). */
    public NotifierSignal signal()
    {
        return signal;
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("signal", () -> signal.unparse());
    }
}
