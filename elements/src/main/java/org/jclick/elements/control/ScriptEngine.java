package org.jclick.elements.control;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jclick.dataplane.args.ArgException;
import org.jclick.dataplane.args.Args;
import org.jclick.dataplane.args.BoolArg;
import org.jclick.dataplane.args.ConfigurationException;
import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.args.SecondsArg;
import org.jclick.dataplane.args.StringArg;
import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.Handler;
import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.runtime.Router;
import org.jclick.dataplane.runtime.Task;
import org.jclick.dataplane.runtime.Timer;
import org.jclick.lang.ConfigStrings;

/**
 * The interpreter shared by {@link Script} and {@link DriverManager}: Click's Script language (instructions,
 * {@code $} substitutions, blocking on steps and timers, the driver-stop protocol of TYPE DRIVER scripts).
 */
public abstract class ScriptEngine extends Element
{
    // instruction codes; the negative ones are also label values
    static final int INITIAL = 0;
    static final int WAIT_STEP = 1;
    static final int WAIT_TIME = 2;
    static final int PRINT = 3;
    static final int PRINTQ = 4;
    static final int PRINTN = 5;
    static final int PRINTNQ = 6;
    static final int READ = 7;
    static final int READQ = 8;
    static final int WRITE = 9;
    static final int WRITEQ = 10;
    static final int SET = 11;
    static final int SETQ = 12;
    static final int INIT = 13;
    static final int INITQ = 14;
    static final int EXPORT = 15;
    static final int EXPORTQ = 16;
    static final int SAVE = 17;
    static final int APPEND = 18;
    static final int LABEL = 19;
    static final int GOTO = 20;
    static final int RETURN = 21;
    static final int RETURNQ = 22;
    static final int WAIT_PSEUDO = 23;
    static final int LOOP_PSEUDO = 24;
    static final int EXIT = -1;
    static final int END = -2;
    static final int STOP = -3;
    static final int ERROR = -4;
    static final int ERRORQ = -5;

    private static final Map<String, Integer> INSTRUCTIONS = Map.ofEntries(
        Map.entry("append", APPEND), Map.entry("end", END), Map.entry("error", ERROR),
        Map.entry("errorq", ERRORQ), Map.entry("exit", EXIT), Map.entry("export", EXPORT),
        Map.entry("exportq", EXPORTQ), Map.entry("goto", GOTO), Map.entry("init", INIT),
        Map.entry("initq", INITQ), Map.entry("label", LABEL), Map.entry("loop", LOOP_PSEUDO),
        Map.entry("pause", WAIT_STEP), Map.entry("print", PRINT), Map.entry("printn", PRINTN),
        Map.entry("printnq", PRINTNQ), Map.entry("printq", PRINTQ), Map.entry("read", READ),
        Map.entry("readq", READQ), Map.entry("return", RETURN), Map.entry("returnq", RETURNQ),
        Map.entry("save", SAVE), Map.entry("set", SET), Map.entry("setq", SETQ), Map.entry("stop", STOP),
        Map.entry("wait", WAIT_PSEUDO), Map.entry("wait_for", WAIT_TIME), Map.entry("wait_step", WAIT_STEP),
        Map.entry("wait_stop", WAIT_STEP), Map.entry("wait_time", WAIT_TIME), Map.entry("write", WRITE),
        Map.entry("writeq", WRITEQ));

    enum Type
    {
        ACTIVE, DRIVER, PASSIVE, PACKET, SIGNAL
    }

    /** Attachment holding the router's runner of SIGNAL scripts. */
    private static final String SIGNAL_RUNNER_ATTACHMENT = "ScriptSignalRunner";

    /**
     * Runs the router's SIGNAL scripts whose signal arrived, in configuration order, from one task on the router
     * thread (so that every script for one signal runs before a stop takes effect).
     */
    private static final class SignalRunner
    {
        final List<ScriptEngine> scripts = new ArrayList<>();
        Task task;

        boolean run(final Task t)
        {
            boolean any = false;
            for (final ScriptEngine s : scripts)
            {
                if (s.signalPending)
                {
                    s.signalPending = false;
                    any = true;
                    s.runForSignal();
                }
            }
            return any;
        }
    }

    private final List<String> signals = new ArrayList<>();
    private volatile boolean signalPending;
    private SignalRunner signalRunner;

    private static final int MAX_JUMPS = 1000;
    private static final int STEP_NORMAL = 0;
    private static final int STEP_ROUTER = 1;
    private static final int STEP_TIMER = 2;
    private static final int STEP_JUMP = 3;

    private static final int ST_STEP = 0;
    private static final int ST_RUN = 1;
    private static final int ST_GOTO = 2;

    /** Attachment name under which the router finds its driver script. */
    public static final String DRIVER_ATTACHMENT = "DriverManager";

    private final List<Integer> insns = new ArrayList<>();
    private final List<Integer> args = new ArrayList<>();
    private final List<Integer> args2 = new ArrayList<>();
    private final List<String> args3 = new ArrayList<>();
    private final List<String> varNames = new ArrayList<>();
    private final Map<String, String> vars = new LinkedHashMap<>();

    private Type type;
    private int insnPos;
    private int stepCount;
    private int writeStatus;
    private String runHandlerName = "";
    private String runArgs = "";
    private boolean runWrite;
    private boolean stepping;
    private int pendingSteps = -1;
    private Timer timer;
    private PrintStream out;
    private PrintStream err;

    /** The TYPE used when the configuration gives none. */
    abstract Type defaultType();

    /** Sends {@code print} output here instead of standard output (tests). */
    public void setOutput(final PrintStream stdout)
    {
        this.out = stdout;
    }

    /** Sends {@code read} output and run-time errors here instead of standard error (tests). */
    public void setErrorOutput(final PrintStream stderr)
    {
        this.err = stderr;
    }

    private PrintStream stdout()
    {
        return out != null ? out : System.out;
    }

    private PrintStream stderr()
    {
        return err != null ? err : System.err;
    }

    private ErrorHandler runErrh()
    {
        return ErrorHandler.printing(stderr()).context("While executing '" + declaration() + "':", null);
    }

    @Override
    public String portCount()
    {
        return "-/-";
    }

    @Override
    public String processing()
    {
        return "ah/ah";
    }

    // ================================================================================== configuration

    private void addInsn(final int insn, final int arg, final int arg2, final String text)
    {
        if (insns.isEmpty() && insn != INITIAL && insn != WAIT_STEP && insn != WAIT_TIME)
        {
            addInsn(INITIAL, 0, 0, "");
        }
        insns.add(insn);
        args.add(arg);
        args2.add(arg2);
        args3.add(text);
    }

    private void declareVariable(final String name)
    {
        if (!vars.containsKey(name))
        {
            vars.put(name, "");
            varNames.add(name);
        }
    }

    private int findLabel(final String label)
    {
        for (int i = 0; i < insns.size(); i++)
        {
            if (insns.get(i) == LABEL && args3.get(i).equals(label))
            {
                return i;
            }
        }
        final Integer insn = INSTRUCTIONS.get(label);
        if (insn != null && insn < 0)
        {
            return insn;
        }
        if (label.equals("begin") || label.equals("loop"))
        {
            return 0;
        }
        return insns.size();
    }

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final Args.Value<String> typeArg = new Args.Value<>();
        final List<String> rest;
        try
        {
            rest = args(conf).read("TYPE", StringArg.ANY, typeArg).consume();
        }
        catch (final ConfigurationException e)
        {
            for (final String m : e.errors())
            {
                errh.error(m);
            }
            return ErrorHandler.FAILURE;
        }
        type = defaultType();
        if (typeArg.isPresent())
        {
            final String[] w = ConfigStrings.shiftSpacevec(typeArg.get());
            if (w[0].equals("SIGNAL"))
            {
                for (final String name : ConfigStrings.spacevec(w[1]))
                {
                    final String sig = SignalScripts.canonical(name);
                    if (sig == null)
                    {
                        return errh.error("unknown signal '" + name + "'");
                    }
                    signals.add(sig);
                }
                if (signals.isEmpty())
                {
                    return errh.error("missing signal names");
                }
                w[0] = "SIGNAL";
                w[1] = "";
            }
            if (!w[1].isEmpty())
            {
                return errh.error("bad TYPE");
            }
            switch (w[0])
            {
                case "ACTIVE" -> type = Type.ACTIVE;
                case "PASSIVE" -> type = Type.PASSIVE;
                case "PACKET", "PUSH" -> type = Type.PACKET;
                case "DRIVER" -> type = Type.DRIVER;
                case "SIGNAL" -> type = Type.SIGNAL;
                case "" -> { }
                default ->
                {
                    return errh.error("bad TYPE");
                }
            }
        }
        if (!typeArg.isPresent() && type == Type.ACTIVE && ninputs() > 0)
        {
            // a Script placed on a packet path, without TYPE, is a PACKET script (standard/Script-05)
            type = Type.PACKET;
        }
        if (type == Type.DRIVER)
        {
            if (router().attachment(DRIVER_ATTACHMENT) != null)
            {
                return errh.error("router has more than one driver script");
            }
            router().setAttachment(DRIVER_ATTACHMENT, (Router.DriverHook)this::handleStoppedDriver);
        }
        if (type == Type.PACKET && ninputs() == 0)
        {
            return errh.error("PACKET script must have inputs");
        }
        if (type != Type.PACKET && (ninputs() > 0 || noutputs() > 0))
        {
            return errh.error("ports allowed only on PACKET scripts");
        }
        final int before = errh.errorCount();
        for (final String arg : rest)
        {
            final String[] w = ConfigStrings.shiftSpacevec(arg);
            final String name = w[0];
            String text = w[1];
            if (name.isEmpty())
            {
                continue;
            }
            final Integer code = INSTRUCTIONS.get(name);
            if (code == null)
            {
                errh.error("syntax error at '" + name + "'");
                continue;
            }
            int insn = code;
            boolean syntaxError = false;
            switch (insn)
            {
                case WAIT_PSEUDO, WAIT_STEP ->
                {
                    if (insn == WAIT_PSEUDO && !text.isEmpty())
                    {
                        addInsn(WAIT_TIME, 0, 0, text);
                        break;
                    }
                    int n = 1;
                    if (!text.isEmpty())
                    {
                        try
                        {
                            n = IntArg.int32().parse(text, argContext());
                        }
                        catch (final ArgException e)
                        {
                            syntaxError = true;
                            break;
                        }
                    }
                    addInsn(WAIT_STEP, n, 0, "");
                }
                case WAIT_TIME -> addInsn(WAIT_TIME, 0, 0, text);
                case WRITE, WRITEQ, READ, READQ, PRINT, PRINTQ, PRINTN, PRINTNQ, SAVE, APPEND, GOTO ->
                    addInsn(insn, 0, 0, text);
                case RETURN, RETURNQ, INIT, INITQ, EXPORT, EXPORTQ, SET, SETQ ->
                {
                    if (insn == RETURN || insn == RETURNQ)
                    {
                        text = "_ " + text;
                    }
                    final String[] v = ConfigStrings.shiftSpacevec(text);
                    if (v[0].isEmpty() || ((insn == SET || insn == SETQ) && v[1].isEmpty()))
                    {
                        syntaxError = true;
                        break;
                    }
                    declareVariable(v[0]);
                    addInsn(insn, varNames.indexOf(v[0]), 0, v[1]);
                }
                case LABEL ->
                {
                    final String[] v = ConfigStrings.shiftSpacevec(text);
                    if (v[0].isEmpty() || !v[1].isEmpty())
                    {
                        syntaxError = true;
                        break;
                    }
                    addInsn(LABEL, 0, 0, v[0]);
                }
                case LOOP_PSEUDO, END, EXIT, STOP, ERROR, ERRORQ ->
                {
                    if (insn == LOOP_PSEUDO)
                    {
                        insn = GOTO;
                    }
                    if (!text.isEmpty() && insn != ERROR && insn != ERRORQ)
                    {
                        syntaxError = true;
                        break;
                    }
                    addInsn(insn, 0, 0, text);
                }
                default -> syntaxError = true;
            }
            if (syntaxError)
            {
                errh.error("syntax error at '" + name + "'");
            }
        }
        // resolve goto targets; what is left of the text is the condition
        for (int i = 0; i < insns.size(); i++)
        {
            if (insns.get(i) == GOTO && !args3.get(i).isEmpty())
            {
                final String[] v = ConfigStrings.shiftSpacevec(args3.get(i));
                args3.set(i, v[1]);
                final int target = findLabel(v[0]);
                args.set(i, target);
                if (target >= insns.size())
                {
                    errh.error("no such label '" + v[0] + "'");
                }
            }
        }
        if (insns.isEmpty() && type == Type.DRIVER)
        {
            addInsn(WAIT_STEP, 1, 0, "");
        }
        addInsn(type == Type.DRIVER ? STOP : END, 0, 0, "");
        return errh.errorCount() > before ? ErrorHandler.FAILURE : 0;
    }

    @Override
    public int initialize(final ErrorHandler errh)
    {
        insnPos = 0;
        stepCount = 0;
        timer = new Timer(this);
        timer.initialize();
        for (int i = 0; i < insns.size(); i++)
        {
            final int insn = insns.get(i);
            if (insn == INIT || insn == EXPORT || insn == INITQ || insn == EXPORTQ)
            {
                String v = expand(args3.get(i), false, errh);
                if (insn == INITQ || insn == EXPORTQ)
                {
                    v = ConfigStrings.unquote(v);
                }
                vars.put(varNames.get(args.get(i)), v);
            }
        }
        final int first = insns.get(0);
        if (type == Type.SIGNAL)
        {
            signalRunner = (SignalRunner)router().attachment(SIGNAL_RUNNER_ATTACHMENT);
            if (signalRunner == null)
            {
                signalRunner = new SignalRunner();
                final SignalRunner r = signalRunner;
                r.task = new Task(this, r::run);
                r.task.initialize(false);
                router().setAttachment(SIGNAL_RUNNER_ATTACHMENT, r);
            }
            signalRunner.scripts.add(this);
            SignalScripts.pid(); // now rather than when the first signal is sent
            for (final String sig : signals)
            {
                if (!SignalScripts.arm(sig, this))
                {
                    return errh.error("cannot catch signal " + sig + " here");
                }
                router().setAttachment(SignalScripts.ATTACHMENT_PREFIX + sig, Boolean.TRUE);
            }
            return 0;
        }
        if (type == Type.PASSIVE || type == Type.PACKET)
        {
            return 0;
        }
        if (first == WAIT_TIME)
        {
            final long ns = parseTime(expand(args3.get(0), false, errh));
            if (ns >= 0)
            {
                timer.scheduleAfterNs(ns);
            }
            else
            {
                errh.error("syntax error at 'wait'");
            }
        }
        else if (first == INITIAL)
        {
            if (type == Type.DRIVER)
            {
                router().adjustRunCount(-1);
            }
            else
            {
                timer.scheduleNow();
            }
            args.set(0, 1);
        }
        return 0;
    }

    private static long parseTime(final String text)
    {
        final String t = text.trim();
        try
        {
            return SecondsArg.microseconds().parse(t, null) * 1000L;
        }
        catch (final RuntimeException e)
        {
            try
            {
                return SecondsArg.seconds().parse(t, null) * 1_000_000_000L;
            }
            catch (final RuntimeException e2)
            {
                return -1;
            }
        }
    }

    // ================================================================================== running

    private int step(final int nstepsIn, final int stepType, final int njumpsIn, final ErrorHandler errh)
    {
        int njumps = njumpsIn;
        final int nsteps = nstepsIn + stepCount;
        loop:
        while (nsteps - stepCount >= 0 && insnPos < insns.size() && njumps < MAX_JUMPS)
        {
            final int ipos = insnPos++;
            final int insn = insns.get(ipos);
            switch (insn)
            {
                case STOP ->
                {
                    stepCount++;
                    insnPos--;
                    if (stepType != STEP_ROUTER)
                    {
                        router().adjustRunCount(-1);
                    }
                    return njumps + 1;
                }
                case WAIT_STEP ->
                {
                    while (stepCount < nsteps && args2.get(ipos) < args.get(ipos))
                    {
                        args2.set(ipos, args2.get(ipos) + 1);
                        stepCount++;
                    }
                    if (stepCount == nsteps && args2.get(ipos) < args.get(ipos))
                    {
                        insnPos--;
                        break loop;
                    }
                }
                case WAIT_TIME ->
                {
                    if (stepCount == nsteps)
                    {
                        final long ns = parseTime(expand(args3.get(ipos), false, errh));
                        if (ns >= 0)
                        {
                            timer.scheduleAfterNs(ns);
                            insnPos--;
                        }
                        else
                        {
                            errh.error("syntax error at 'wait'");
                        }
                        break loop;
                    }
                    stepCount++;
                    timer.unschedule();
                }
                case INITIAL ->
                {
                    if (args.get(ipos) != 0)
                    {
                        stepCount++;
                        args.set(ipos, 0);
                    }
                }
                case PRINT, PRINTQ, PRINTN, PRINTNQ, SAVE, APPEND -> print(insn, args3.get(ipos), errh);
                case READ, READQ ->
                {
                    final Call c = resolve(expand(args3.get(ipos), false, errh), false, insn == READQ, errh);
                    if (c != null)
                    {
                        final ErrorHandler cerrh = errh.context("While calling '" + c.unparse() + "':", null);
                        final String r = c.handler.callRead(c.value, cerrh);
                        final PrintStream e = stderr();
                        e.print(c.handler.fullName() + ":\n" + (r == null ? "" : r) + "\n");
                        e.flush();
                    }
                }
                case WRITE, WRITEQ ->
                {
                    final Call c = resolve(expand(args3.get(ipos), false, errh), true, insn == WRITEQ, errh);
                    if (c != null)
                    {
                        final ErrorHandler cerrh = errh.context("While calling '" + c.unparse() + "':", null);
                        writeStatus = c.handler.callWrite(c.value, cerrh);
                    }
                }
                case RETURN, RETURNQ, SET, SETQ ->
                {
                    String v = expand(args3.get(ipos), false, errh);
                    if (insn == SETQ || insn == RETURNQ)
                    {
                        v = ConfigStrings.unquote(v);
                    }
                    vars.put(varNames.get(args.get(ipos)), v);
                    if ((insn == RETURN || insn == RETURNQ) && insnPos == ipos + 1)
                    {
                        insnPos--;
                        break loop;
                    }
                }
                case GOTO ->
                {
                    final String cond = expand(args3.get(ipos), false, errh);
                    final Boolean b = cond.isEmpty() ? Boolean.TRUE : BoolArg.parseOrNull(cond);
                    if (b == null)
                    {
                        errh.error("bad condition '" + cond + "'");
                    }
                    else if (b)
                    {
                        final int target = args.get(ipos);
                        if (target < 0)
                        {
                            insnPos--;
                            if (target == STOP && stepType != STEP_ROUTER)
                            {
                                router().adjustRunCount(-1);
                            }
                            return njumps + 1;
                        }
                        for (int i = target; i < ipos; i++)
                        {
                            if (insns.get(i) == WAIT_STEP)
                            {
                                args2.set(i, 0);
                            }
                        }
                        insnPos = target;
                    }
                }
                case ERROR, ERRORQ, END, EXIT ->
                {
                    if (insn == ERROR || insn == ERRORQ)
                    {
                        String msg = expand(args3.get(ipos), false, errh);
                        if (insn == ERRORQ)
                        {
                            msg = ConfigStrings.unquote(msg);
                        }
                        if (!msg.isEmpty())
                        {
                            errh.error(msg);
                        }
                    }
                    insnPos--;
                    return njumps + 1;
                }
                default ->
                {
                }
            }
            if (insnPos != ipos + 1)
            {
                njumps++;
            }
        }
        if (njumps >= MAX_JUMPS)
        {
            final PrintStream e = stderr();
            e.println(declaration() + ": too many jumps, giving up");
            e.flush();
            insnPos = insns.size();
            timer.unschedule();
        }
        if (stepType == STEP_ROUTER)
        {
            router().adjustRunCount(1);
        }
        return njumps + 1;
    }

    /** Click's complete_step: the script's status (-1 error, 1 stop, 0 otherwise); {@code ret[0]} gets the value. */
    private int completeStep(final String[] ret)
    {
        int last;
        if (insnPos < 0 || insnPos >= insns.size())
        {
            last = Integer.MIN_VALUE;
        }
        else
        {
            last = insns.get(insnPos);
            if (last == GOTO && args.get(insnPos) < 0)
            {
                last = args.get(insnPos);
            }
        }
        if (ret != null)
        {
            ret[0] = "";
            if (last == RETURN || last == RETURNQ)
            {
                final String v = vars.get("_");
                ret[0] = v == null ? "" : v;
            }
            else if (last == END && type == Type.PACKET)
            {
                ret[0] = "0";
            }
        }
        if (last == ERROR || last == ERRORQ)
        {
            return -1;
        }
        return last == STOP ? 1 : 0;
    }

    /** Steps (handlers, timer, driver): re-entrant calls add steps to the running loop, as in Click. */
    private synchronized int stepHandler(final int what, final String data, final String handlerName,
        final boolean write, final ErrorHandler errh, final String[] ret)
    {
        if (what != STEP_TIMER + 100)
        {
            // Click's step_handler resets these; its run_timer steps directly and keeps a PASSIVE script's $args
            runHandlerName = handlerName;
            runArgs = "";
            runWrite = write;
        }
        int nsteps;
        int stepType;
        final String d = ConfigStrings.uncomment(data);
        if (what == ST_GOTO)
        {
            final int target = findLabel(d);
            if (target >= insns.size() || target < 0)
            {
                return errh.error("jump to nonexistent label");
            }
            for (int i = target; i < insns.size(); i++)
            {
                if (insns.get(i) == WAIT_STEP)
                {
                    args2.set(i, 0);
                }
            }
            insnPos = target;
            nsteps = 0;
            stepType = STEP_JUMP;
        }
        else if (what == ST_RUN)
        {
            insnPos = 0;
            runArgs = data;
            nsteps = 0;
            stepType = STEP_JUMP;
        }
        else if (what == STEP_TIMER + 100)
        {
            nsteps = 1;
            stepType = STEP_TIMER;
        }
        else if (d.equals("router"))
        {
            nsteps = 1;
            stepType = STEP_ROUTER;
        }
        else if (d.isEmpty())
        {
            nsteps = 1;
            stepType = STEP_NORMAL;
        }
        else
        {
            try
            {
                nsteps = IntArg.int32().parse(d, argContext());
                stepType = STEP_NORMAL;
            }
            catch (final ArgException e)
            {
                return errh.error("syntax error");
            }
        }
        if (!stepping)
        {
            stepping = true;
            try
            {
                pendingSteps = nsteps;
                int njumps = 0;
                while ((nsteps = pendingSteps) >= 0)
                {
                    pendingSteps = -1;
                    njumps = step(nsteps, stepType, njumps, errh);
                    stepType = STEP_NORMAL;
                }
            }
            finally
            {
                stepping = false;
                pendingSteps = -1;
            }
        }
        else if (what == ST_STEP)
        {
            pendingSteps = Math.max(pendingSteps, 0) + nsteps;
        }
        return completeStep(ret);
    }

    @Override
    public void runTimer(final Timer t)
    {
        stepHandler(STEP_TIMER + 100, "", "", false, runErrh(), null);
    }

    /** The router's driver stop event (TYPE DRIVER): one "router" step. */
    int handleStoppedDriver()
    {
        // Click runs these steps without the "While executing" context its timer steps have
        return stepHandler(ST_STEP, "router", "step", true, ErrorHandler.printing(stderr()), null);
    }

    private synchronized int runPacketScript(final int port)
    {
        declareVariable("input");
        vars.put("input", Integer.toString(port));
        final String[] ret = new String[1];
        stepHandler(ST_RUN, "", "", false, runErrh(), ret);
        try
        {
            return IntArg.int32().parse(ret[0].trim(), null);
        }
        catch (final RuntimeException e)
        {
            return -1;
        }
    }

    @Override
    public void push(final int port, final Packet p)
    {
        checkedOutputPush(runPacketScript(port), p);
    }

    @Override
    public Packet pull(final int port)
    {
        final Packet p = input(0).pull();
        if (p == null)
        {
            return null;
        }
        final int out = runPacketScript(0);
        if (out == 0)
        {
            return p;
        }
        checkedOutputPush(out, p);
        return null;
    }

    // ================================================================================== print

    private void print(final int insn, final String raw, final ErrorHandler errh)
    {
        String text = raw;
        boolean append = false;
        String filename = null;
        if (insn == SAVE || insn == APPEND)
        {
            final String[] w = ConfigStrings.shiftSpacevec(text);
            filename = w[1].isEmpty() ? "-" : w[1];
            text = w[0];
            append = insn == APPEND;
        }
        else if (!text.isEmpty() && text.charAt(0) == '>')
        {
            append = text.length() > 1 && text.charAt(1) == '>';
            final String[] w = ConfigStrings.shiftSpacevec(text.substring(append ? 2 : 1));
            filename = w[0];
            text = w[1];
        }
        final int before = errh.errorCount();
        String result = "";
        final char c0 = text.isEmpty() ? 0 : text.charAt(0);
        if ((c0 >= 'a' && c0 <= 'z') || (c0 >= 'A' && c0 <= 'Z') || c0 == '@' || c0 == '_')
        {
            final Call c = resolve(expand(text, false, errh), false, insn == PRINTQ || insn == PRINTNQ, errh);
            if (c != null)
            {
                final ErrorHandler cerrh = errh.context("While calling '" + c.unparse() + "':", null);
                final String r = c.handler.callRead(c.value, cerrh);
                result = r == null ? "" : r;
            }
        }
        else
        {
            result = ConfigStrings.unquote(expand(text, true, errh));
        }
        if (errh.errorCount() == before && !result.endsWith("\n") && insn != PRINTN && insn != PRINTNQ)
        {
            result += "\n";
        }
        final byte[] bytes = result.getBytes(StandardCharsets.ISO_8859_1);
        if (filename != null && !filename.isEmpty() && !filename.equals("-"))
        {
            try (FileOutputStream f = new FileOutputStream(filename, append))
            {
                f.write(bytes);
            }
            catch (final IOException e)
            {
                errh.error(filename + ": " + e.getMessage());
            }
        }
        else
        {
            final PrintStream o = stdout();
            o.write(bytes, 0, bytes.length);
            o.flush();
        }
    }

    // ================================================================================== handler calls

    private record Call(Handler handler, String value, String name)
    {
        String unparse()
        {
            return value.isEmpty() ? name : name + " " + value;
        }
    }

    /** Click's HandlerCall for {@code [elem.]h [value]} relative to this element; null (reported) on error. */
    private Call resolve(final String desc, final boolean write, final boolean unquote, final ErrorHandler errh)
    {
        final String[] w = ConfigStrings.shiftSpacevec(desc);
        final String spec = w[0];
        String value = w[1];
        final Router r = router();
        final int dot = spec.lastIndexOf('.');
        Handler h;
        if (dot <= 0)
        {
            final String hname = dot == 0 ? spec.substring(1) : spec;
            h = dot < 0 ? r.handlers().find(this, hname) : null;
            if (h == null)
            {
                h = r.handlers().find(null, hname);
            }
            if (h == null || (write ? !h.writable() : !h.readable()))
            {
                errh.error("no '" + hname + "' " + (write ? "write" : "read") + " handler");
                return null;
            }
        }
        else
        {
            final String ename = spec.substring(0, dot);
            final String hname = spec.substring(dot + 1);
            final Element e = r.find(ename, this);
            if (e == null)
            {
                errh.error("no element named '" + ename + "'");
                return null;
            }
            h = r.handlers().find(e, hname);
            if (h == null || (write ? !h.writable() : !h.readable()))
            {
                errh.error("no '" + e.name() + "." + hname + "' " + (write ? "write" : "read") + " handler");
                return null;
            }
        }
        if (!write && !value.isEmpty() && !h.readParam())
        {
            errh.error("read handler '" + h.fullName() + "' does not take parameters");
            return null;
        }
        if (unquote)
        {
            value = ConfigStrings.unquote(value);
        }
        return new Call(h, value, h.fullName());
    }

    // ================================================================================== substitution

    /** A variable's expansion, or null when it is not defined. */
    private String expandVariable(final String name, final int vtype, final ErrorHandler errh)
    {
        final String v = vars.get(name);
        if (v != null)
        {
            return v;
        }
        switch (name)
        {
            case "?":
                return Integer.toString(writeStatus);
            case "args":
                return runArgs;
            case "$":
                return Long.toString(SignalScripts.pid());
            case "0":
                return runHandlerName;
            case "#":
                return Integer.toString(ConfigStrings.spacevec(runArgs).size());
            case "write":
                return Boolean.toString(runWrite);
            default:
                break;
        }
        if (!name.isEmpty() && name.charAt(0) >= '1' && name.charAt(0) <= '9' && name.chars().allMatch(Character::isDigit))
        {
            int x = Integer.parseInt(name);
            String rest = runArgs;
            String word = "";
            for (; x > 0; x--)
            {
                final String[] w = ConfigStrings.shiftSpacevec(rest);
                word = w[0];
                rest = w[1];
            }
            return word;
        }
        if (vtype == '(')
        {
            final Call c = resolve(name, false, false, errh);
            if (c != null)
            {
                final String r = c.handler.callRead(c.value, errh);
                return r == null ? "" : r;
            }
        }
        return null;
    }

    /** Click's cp_expand with this script's variables and handler calls. */
    String expand(final String config, final boolean expandQuote, final ErrorHandler errh)
    {
        return expand(config, expandQuote, errh, 0);
    }

    private String expand(final String config, final boolean expandQuote, final ErrorHandler errh, final int depth)
    {
        if (config == null || config.indexOf('$') < 0)
        {
            return config == null ? "" : config;
        }
        final int n = config.length();
        final StringBuilder out = new StringBuilder();
        int uninterpolated = 0;
        int quote = 0;
        int s = 0;
        boolean changed = false;
        scan:
        for (; s < n; s++)
        {
            final char c = config.charAt(s);
            switch (c)
            {
                case '\\' ->
                {
                    if (s + 1 < n && quote == '"')
                    {
                        s++;
                    }
                }
                case '\'', '"' ->
                {
                    if (quote == 0)
                    {
                        quote = c;
                    }
                    else if (quote == c)
                    {
                        quote = 0;
                    }
                }
                case '/' ->
                {
                    if (s + 1 < n && (config.charAt(s + 1) == '/' || config.charAt(s + 1) == '*') && quote == 0)
                    {
                        s = ConfigStrings.skipCommentSpace(config, s) - 1;
                    }
                }
                case '$' ->
                {
                    if (s + 1 >= n || quote == '\'' || depth > 10)
                    {
                        break;
                    }
                    final int beforeDollar = s;
                    String vname;
                    final int vtype;
                    boolean expandName = false;
                    final char d = config.charAt(s + 1);
                    if (d == '{')
                    {
                        vtype = '{';
                        s += 2;
                        final int start = s;
                        while (s < n && config.charAt(s) != '}')
                        {
                            if (config.charAt(s) == '$')
                            {
                                expandName = true;
                            }
                            s++;
                        }
                        if (s == n)
                        {
                            break scan;
                        }
                        vname = config.substring(start, s++);
                    }
                    else if (d == '(')
                    {
                        vtype = '(';
                        int level = 1;
                        int nquote = 0;
                        s += 2;
                        final int start = s;
                        for (; s < n && level > 0; s++)
                        {
                            final char e = config.charAt(s);
                            if (e == '(' && nquote == 0)
                            {
                                level++;
                            }
                            else if (e == ')' && nquote == 0)
                            {
                                level--;
                            }
                            else if (e == '"' || e == '\'')
                            {
                                if (nquote == 0)
                                {
                                    nquote = e;
                                }
                                else if (nquote == e)
                                {
                                    nquote = 0;
                                }
                            }
                            else if (e == '\\' && s + 1 < n && nquote != '\'')
                            {
                                s++;
                            }
                            else if (e == '$' && nquote != '\'')
                            {
                                expandName = true;
                            }
                        }
                        if (s == start || config.charAt(s - 1) != ')' || level != 0)
                        {
                            break scan;
                        }
                        vname = config.substring(start, s - 1);
                    }
                    else if ((d < 128 && Character.isLetterOrDigit(d)) || d == '_')
                    {
                        vtype = 'a';
                        s++;
                        final int start = s;
                        while (s < n && ((config.charAt(s) < 128 && Character.isLetterOrDigit(config.charAt(s)))
                            || config.charAt(s) == '_'))
                        {
                            s++;
                        }
                        vname = config.substring(start, s);
                    }
                    else if (d == '?' || d == '#' || d == '$')
                    {
                        vtype = 'a';
                        vname = String.valueOf(d);
                        s += 2;
                    }
                    else
                    {
                        break;
                    }
                    out.append(config, uninterpolated, beforeDollar);
                    changed = true;
                    if (expandName)
                    {
                        vname = expand(vname, false, errh, depth + 1);
                    }
                    final String text = expandVariable(vname, vtype, errh);
                    uninterpolated = s;
                    if (text == null)
                    {
                        if (expandName)
                        {
                            out.append('$').append(config.charAt(beforeDollar + 1)).append(vname)
                                .append(config.charAt(s - 1));
                        }
                        else
                        {
                            uninterpolated = beforeDollar;
                        }
                    }
                    else if (quote == '"' || (expandQuote && quote == 0))
                    {
                        final String q = ConfigStrings.quote(text);
                        final String inner = q.substring(1, q.length() - 1);
                        if (quote == '"')
                        {
                            out.append(inner);
                        }
                        else
                        {
                            out.append('"').append(inner).append('"');
                        }
                    }
                    else
                    {
                        out.append(text);
                    }
                    s--;
                }
                default ->
                {
                }
            }
        }
        if (!changed)
        {
            return config;
        }
        out.append(config, Math.min(uninterpolated, n), n);
        return out.toString();
    }

    // ================================================================================== handlers

    @Override
    public void addHandlers()
    {
        addWriteHandler("step", (v, errh) -> stepHandler(ST_STEP, v, "step", true, errh, null));
        addWriteHandler("goto", (v, errh) -> stepHandler(ST_GOTO, v, "goto", true, errh, null));
        addParamReadHandler("run", (param, errh) ->
        {
            final String[] ret = new String[1];
            final int before = errh.errorCount();
            final int r = stepHandler(ST_RUN, param, "run", false, errh, ret);
            if (r < 0 && errh.errorCount() > before)
            {
                return null;
            }
            return ret[0] == null ? "" : ret[0];
        }, 0);
        addWriteHandler("run", (v, errh) -> stepHandler(ST_RUN, v, "run", true, errh, null));
        for (final String op : ScriptFunctions.NAMES)
        {
            addParamReadHandler(op, (param, errh) -> ScriptFunctions.call(this, op, param, errh), 0);
        }
        setHandlerFlags("cat", Handler.PRIVATE);
        setHandlerFlags("catq", Handler.PRIVATE);
        addReadHandler("now", () -> ScriptFunctions.formatTimestamp(router().nowNs()));
        addParamReadHandler("get", (param, errh) -> varHandler(0, param, errh), 0);
        addWriteHandler("set", (v, errh) -> varHandler(1, v, errh) == null ? ErrorHandler.FAILURE : 0);
        addParamReadHandler("shift", (param, errh) -> varHandler(2, param, errh), 0);
        for (int i = 0; i < insns.size(); i++)
        {
            if (insns.get(i) == EXPORT || insns.get(i) == EXPORTQ)
            {
                final String name = varNames.get(args.get(i));
                addReadHandler(name, () -> vars.getOrDefault(name, ""));
            }
        }
    }

    /** get (0), set (1), shift (2): null on error. */
    private synchronized String varHandler(final int what, final String str, final ErrorHandler errh)
    {
        final String[] w = ConfigStrings.shiftSpacevec(str);
        String name = w[0];
        final String rest = w[1];
        if (name.isEmpty() && what == 2)
        {
            name = "args";
        }
        if (name.isEmpty())
        {
            errh.error("no variable");
            return null;
        }
        if (!rest.isEmpty() && what != 1)
        {
            errh.error("too many arguments");
            return null;
        }
        final boolean isArgs = name.equals("args");
        if (!isArgs && !vars.containsKey(name))
        {
            if (what != 1)
            {
                errh.error("undefined variable '" + name + "'");
                return null;
            }
            declareVariable(name);
        }
        final String value = isArgs ? runArgs : vars.get(name);
        switch (what)
        {
            case 0:
                return value;
            case 1:
                if (isArgs)
                {
                    runArgs = rest;
                }
                else
                {
                    vars.put(name, rest);
                }
                return "";
            default:
                final String[] s = ConfigStrings.shiftSpacevec(value);
                if (isArgs)
                {
                    runArgs = s[1];
                }
                else
                {
                    vars.put(name, s[1]);
                }
                return s[0];
        }
    }

    @Override
    public void cleanup(final CleanupStage stage)
    {
        if (timer != null)
        {
            timer.unschedule();
        }
        for (final String sig : signals)
        {
            SignalScripts.disarm(sig, this);
        }
    }

    /** From the signal-handling thread: run this SIGNAL script soon on the router thread. */
    void signalArrived()
    {
        signalPending = true;
        final SignalRunner r = signalRunner;
        if (r != null)
        {
            r.task.reschedule();
        }
    }

    /** Runs a SIGNAL script from its start; one that ends with exit stops catching its signals. */
    private void runForSignal()
    {
        stepHandler(ST_RUN, "", "", false, runErrh(), null);
        if (insnPos >= 0 && insnPos < insns.size() && insns.get(insnPos) == EXIT)
        {
            for (final String sig : signals)
            {
                SignalScripts.disarm(sig, this);
            }
        }
    }

    /** The handler named {@code spec} is readable / writable from this element's context. */
    boolean handlerUsable(final String spec, final boolean write)
    {
        return resolve(spec, write, false, ErrorHandler.silent()) != null;
    }

    /** Reads a file for {@code cat}. */
    static String readFile(final String name, final ErrorHandler errh)
    {
        try
        {
            return new String(Files.readAllBytes(Path.of(name)), StandardCharsets.ISO_8859_1);
        }
        catch (final IOException e)
        {
            errh.error(name + ": " + e.getMessage());
            return null;
        }
    }
}
