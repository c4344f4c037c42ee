package org.jclick.elements.test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.jclick.dataplane.args.Args;
import org.jclick.dataplane.args.ElementArg;
import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.runtime.Timer;
import org.jclick.elements.queues.PacketQueue;

/** Click's QueueYankTest. */
@ElementDoc(
    synopsis = "QueueYankTest(QUEUE)",
    category = "test",
    ports = "none",
    description = """
        Checks a queue element's direct storage operations once the router runs: adding at the tail, taking from
        the head, and yanking (removing the first packet, or every packet, that a filter accepts while the others
        keep their order). It fills the named queue with one-byte packets a to e several times, yanks and takes
        them, and compares what comes out with what should. The queue must be empty and otherwise unused; it is
        empty again afterwards. It reports on standard error, prefixed with its declaration: "All tests pass!", or
        the first check that failed.""",
    keywords = {"QUEUE: element name. A queue element (Queue, SimpleQueue, NotifierQueue, ...)."},
    handlers = {"result (read): empty before the checks ran, then pass or the failed check"},
    example = "Idle -> q :: Queue(6) -> Idle;  QueueYankTest(q);",
    seeAlso = {"Queue", "SimpleQueue"})
public final class QueueYankTest extends Element
{
    private final Timer timer = new Timer(this);
    private PacketQueue queue;
    private String result = "";

    @Override
    public String portCount()
    {
        return PORTS_0_0;
    }

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final Args.Value<PacketQueue> q = new Args.Value<>();
        final int r = complete(args(conf).readMandatoryPositional("QUEUE",
            (text, context) ->
            {
                final Object e = ElementArg.ANY.parse(text, context);
                if (!(e instanceof PacketQueue pq))
                {
                    throw new org.jclick.dataplane.args.ArgException("QUEUE argument must be a Queue element");
                }
                return pq;
            }, q), errh);
        if (r < 0)
        {
            return ErrorHandler.FAILURE;
        }
        queue = q.get();
        return 0;
    }

    @Override
    public int initialize(final ErrorHandler errh)
    {
        timer.initialize();
        timer.scheduleNow();
        return 0;
    }

    /** A failed check (setup-time exception, caught in {@link #runTimer}). */
    private static final class Failed extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        Failed(final String what)
        {
            super(what, null, false, false);
        }
    }

    private static void check(final boolean ok, final String what)
    {
        if (!ok)
        {
            throw new Failed("test '" + what + "' failed");
        }
    }

    private static Predicate<Packet> firstByteIn(final String letters)
    {
        return p -> p.length() > 0 && letters.indexOf((char)p.u8(0)) >= 0;
    }

    private static String letters(final List<Packet> ps)
    {
        final StringBuilder sb = new StringBuilder();
        for (final Packet p : ps)
        {
            sb.append(p == null ? '-' : (char)p.u8(0));
        }
        return sb.toString();
    }

    private Packet make(final char c)
    {
        final Packet p = router().allocatorFor(this).make(1);
        if (p == null)
        {
            throw new Failed("out of memory");
        }
        p.setU8(0, c);
        return p;
    }

    /** Fills the queue with a..e (clones of {@code src}). */
    private void fill(final Packet[] src)
    {
        for (final Packet p : src)
        {
            check(queue.enqueue(p.clone()), "enqueue " + (char)p.u8(0));
        }
        check(queue.size() == 5, "size after filling == 5");
    }

    /** Takes packets from the head and checks their letters are {@code expect}. */
    private void expectHead(final String expect)
    {
        for (int i = 0; i < expect.length(); i++)
        {
            final Packet p = queue.dequeue();
            check(p != null && p.u8(0) == expect.charAt(i), "dequeue gives " + expect.charAt(i));
            p.kill();
        }
    }

    private void expectYanked(final List<Packet> got, final String expect)
    {
        final String s = letters(got);
        for (final Packet p : got)
        {
            p.kill();
        }
        got.clear();
        check(s.equals(expect), "yank gives " + expect + " (got " + s + ")");
    }

    private void runChecks()
    {
        final Packet[] src = new Packet[5];
        try
        {
            for (int i = 0; i < 5; i++)
            {
                src[i] = make((char)('a' + i));
            }
            check(queue.size() == 0, "queue starts empty");

            fill(src);
            expectHead("abcde");

            fill(src);
            final Packet c = queue.yank1(firstByteIn("c"));
            check(c != null && c.u8(0) == 'c', "yank1 finds c");
            c.kill();
            check(queue.size() == 4, "size after yank1 == 4");
            expectHead("abde");

            fill(src);
            check(queue.yank1(firstByteIn("f")) == null, "yank1 of an absent packet gives nothing");
            expectHead("abcde");

            fill(src);
            expectHead("abcd");
            final Packet e = queue.yank1(firstByteIn("hgkje"));
            check(e != null && e.u8(0) == 'e', "yank1 finds the last packet");
            e.kill();
            check(queue.size() == 0, "size after yanking the last packet == 0");

            final List<Packet> got = new ArrayList<>();
            fill(src);
            check(queue.yank(firstByteIn("ade"), got) == 3, "yank of a, d, e removes 3");
            check(queue.size() == 2, "size after yank == 2");
            expectYanked(got, "eda");
            expectHead("bc");

            fill(src);
            check(queue.yank(firstByteIn("fhq"), got) == 0, "yank of absent packets removes none");
            expectYanked(got, "");
            expectHead("abcde");

            fill(src);
            check(queue.yank(firstByteIn("edcba"), got) == 5, "yank of everything removes 5");
            check(queue.size() == 0, "size after yanking everything == 0");
            expectYanked(got, "edcba");
            result = "pass";
        }
        catch (final Failed f)
        {
            result = f.getMessage();
        }
        finally
        {
            for (final Packet p : src)
            {
                if (p != null)
                {
                    p.kill();
                }
            }
            Packet p;
            while ((p = queue.dequeue()) != null)
            {
                p.kill();
            }
        }
    }

    @Override
    public void runTimer(final Timer t)
    {
        runChecks();
        final String prefix = declaration() + ": ";
        if ("pass".equals(result))
        {
            ErrorHandler.stderr().message(prefix + "All tests pass!");
        }
        else
        {
            ErrorHandler.stderr().error(prefix + result);
        }
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("result", () -> result);
    }
}
