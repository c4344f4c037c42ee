package org.jclick.elements.classification;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketBatch;
import org.jclick.dataplane.packet.PacketClassifier;
import org.jclick.lang.SourceLocation;

/**
 * What Classifier, IPClassifier and IPFilter share: a compiled {@link ClassifierProgram} run on every packet, one
 * push input, any number of push outputs, and packets that match no rule dropped and counted ({@code drops}).
 */
public abstract class ClassifierElement extends Element implements PacketClassifier
{
    private volatile ClassifierProgram program;
    private long drops;
    private PacketBatch[] outputBatches;
    private boolean splitting;

    @Override
    public String portCount()
    {
        return "1/-";
    }

    @Override
    public String processing()
    {
        return PUSH;
    }

    /** The current program (immutable). */
    public final ClassifierProgram program()
    {
        return program;
    }

    /** Packets dropped because they matched no rule (or a rule whose output does not exist). */
    public final long drops()
    {
        return drops;
    }

    /**
     * Adds {@code n} packets to the {@code drops} count: for compiled code (the graph compiler) that runs
     * {@link #program()} itself and drops what matches no output.
     */
    public final void countDrops(final int n)
    {
        drops += n;
    }

    /**
     * Compiles the configuration into a program, adding Click-worded problems to {@code errors} and
     * {@code warnings}; returns null on error.
     */
    protected abstract ClassifierProgram compile(List<String> conf, List<String> errors, List<String> warnings);

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final ClassifierProgram p = compileAndReport(conf, errh, warnsUnusedOutputs(), true);
        if (p == null)
        {
            return ErrorHandler.FAILURE;
        }
        program = p;
        return 0;
    }

    /** Configuring only parses and compiles the rules: {@code jclick check} reports their errors. */
    @Override
    public boolean checkedStatically()
    {
        return true;
    }

    /** Whether configuration warns about outputs no packet can reach (Classifier and IPClassifier do, IPFilter not). */
    protected boolean warnsUnusedOutputs()
    {
        return true;
    }

    /**
     * Compiles {@code conf}, reporting warnings and errors to {@code errh} (and outputs no packet reaches, if
     * {@code warnUnused}); null on error.
     */
    protected final ClassifierProgram compileAndReport(final List<String> conf, final ErrorHandler errh,
        final boolean warnUnused)
    {
        return compileAndReport(conf, errh, warnUnused, false);
    }

    /** Click's rule errors: {@code pattern N: text}, where the text may quote the offending word. */
    private static final Pattern RULE_ERROR = Pattern.compile("pattern (\\d+): .*?(?:'([^']+)'.*)?");

    /**
     * Where a rule error points: rule N's argument, at the first word the message quotes (else the rule's
     * start); null when unknown. Click's {@code click} prints no positions (see {@link ErrorHandler#lerrorAt}).
     */
    private SourceLocation ruleErrorLocation(final List<String> conf, final String error)
    {
        final Matcher m = RULE_ERROR.matcher(error);
        if (!m.matches())
        {
            return null;
        }
        final int argno;
        try
        {
            argno = Integer.parseInt(m.group(1));
        }
        catch (final NumberFormatException e)
        {
            return null;
        }
        if (argno >= conf.size())
        {
            return null;
        }
        final String arg = conf.get(argno);
        final String word = m.group(2);
        if (word == null)
        {
            final int first = arg.length() - arg.stripLeading().length();
            return argumentLocation(argno, first, null);
        }
        final int at = wordOffset(arg, word);
        return at < 0 ? null : argumentLocation(argno, at, word);
    }

    /** The first occurrence of {@code word} in {@code arg} as a whole word, else as any substring, else -1. */
    private static int wordOffset(final String arg, final String word)
    {
        for (int at = arg.indexOf(word); at >= 0; at = arg.indexOf(word, at + 1))
        {
            final boolean startOk = at == 0 || !isWordChar(arg.charAt(at - 1)) || !isWordChar(word.charAt(0));
            final int end = at + word.length();
            final boolean endOk = end >= arg.length() || !isWordChar(arg.charAt(end))
                || !isWordChar(word.charAt(word.length() - 1));
            if (startOk && endOk)
            {
                return at;
            }
        }
        return arg.indexOf(word);
    }

    private static boolean isWordChar(final char c)
    {
        return Character.isLetterOrDigit(c) || c == '.' || c == '/' || c == '_' || c == '-' || c == ':';
    }

    /**
     * Compiles and reports; with {@code positional} ({@code conf} is this element's configuration), a rule error
     * is reported at the offending word's source position when known.
     */
    protected final ClassifierProgram compileAndReport(final List<String> conf, final ErrorHandler errh,
        final boolean warnUnused, final boolean positional)
    {
        final List<String> errors = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();
        final ClassifierProgram p = compile(conf, errors, warnings);
        for (final String w : warnings)
        {
            errh.warning(w);
        }
        for (final String e : errors)
        {
            errh.lerrorAt(positional ? ruleErrorLocation(conf, e) : null, e);
        }
        if (p == null || !errors.isEmpty())
        {
            return null;
        }
        for (int i = 0; warnUnused && i < noutputs(); i++)
        {
            if (!p.usesOutput(i))
            {
                errh.warning("output " + i + " matches no packets");
            }
        }
        return p;
    }

    /** Replaces the program while the router runs (handlers). */
    protected final void setProgram(final ClassifierProgram p)
    {
        program = p;
    }

    @Override
    public int initialize(final ErrorHandler errh)
    {
        outputBatches = new PacketBatch[noutputs()];
        for (int i = 0; i < outputBatches.length; i++)
        {
            outputBatches[i] = new PacketBatch(PacketBatch.MAX_CAPACITY);
        }
        return 0;
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("program", () -> program.unparse());
        addReadHandler("drops", () -> Long.toString(drops));
    }

    @Override
    public final int classify(final Packet p)
    {
        return program.match(p);
    }

    @Override
    public final void push(final int port, final Packet p)
    {
        final int out = program.match(p);
        if (out >= 0 && out < noutputs())
        {
            output(out).push(p);
        }
        else
        {
            drops++;
            p.kill();
        }
    }

    @Override
    public final void pushBatch(final int port, final PacketBatch batch)
    {
        final PacketBatch[] outs = outputBatches;
        if (splitting || outs == null)
        {
            // re-entered from downstream (a loop back to this element): the output batches are in use
            for (int i = 0, n = batch.size(); i < n; i++)
            {
                push(port, batch.get(i));
            }
            batch.clear();
            return;
        }
        splitting = true;
        drops += batch.split(this, outs);
        for (int i = 0; i < outs.length; i++)
        {
            final PacketBatch b = outs[i];
            if (!b.isEmpty())
            {
                output(i).pushBatch(b);
                b.clear();
            }
        }
        splitting = false;
    }
}
