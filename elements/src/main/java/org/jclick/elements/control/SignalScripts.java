package org.jclick.elements.control;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * The process's signal handlers for {@code Script(TYPE SIGNAL ...)}: one handler per signal, installed while at least
 * one armed script waits for it, which marks each such script's run as pending. Signals that arrive before a
 * pending run starts are folded into that run, as in Click. When no script waits any more, the handler that was
 * there before is put back (for most signals, the default action of ending the process).
 */
final class SignalScripts
{
    /** Router attachment prefix that tells the driver a signal is taken by a script ({@code signal:INT}). */
    static final String ATTACHMENT_PREFIX = "signal:";

    private static final Map<String, List<ScriptEngine>> WAITING = new HashMap<>();
    private static final Map<String, SignalHandler> PREVIOUS = new HashMap<>();

    private static volatile long pid = -1;

    private SignalScripts()
    {
    }

    /** This process's id ({@code $$}); the first call is slow (ProcessHandle's set-up), so SIGNAL scripts make it early. */
    static long pid()
    {
        long p = pid;
        if (p < 0)
        {
            p = ProcessHandle.current().pid();
            pid = p;
        }
        return p;
    }

    /** Click's signal name: INT, SIGINT or a number; null when unknown. */
    static String canonical(final String text)
    {
        String s = text.trim().toUpperCase(Locale.ROOT);
        if (s.startsWith("SIG"))
        {
            s = s.substring(3);
        }
        if (s.chars().allMatch(Character::isDigit) && !s.isEmpty())
        {
            return switch (Integer.parseInt(s))
            {
                case 1 -> "HUP";
                case 2 -> "INT";
                case 3 -> "QUIT";
                case 10 -> "USR1";
                case 12 -> "USR2";
                case 14 -> "ALRM";
                case 15 -> "TERM";
                default -> null;
            };
        }
        try
        {
            new Signal(s);
            return s;
        }
        catch (final IllegalArgumentException e)
        {
            return null;
        }
    }

    /** Arms {@code script} for {@code signal}; false if the JVM does not let the signal be handled. */
    static synchronized boolean arm(final String signal, final ScriptEngine script)
    {
        final List<ScriptEngine> list = WAITING.computeIfAbsent(signal, k -> new ArrayList<>());
        if (list.contains(script))
        {
            return true;
        }
        if (list.isEmpty())
        {
            try
            {
                PREVIOUS.put(signal, Signal.handle(new Signal(signal), SignalScripts::arrived));
            }
            catch (final IllegalArgumentException e)
            {
                return false;
            }
        }
        list.add(script);
        return true;
    }

    /** Disarms {@code script} for {@code signal}, restoring the previous handler when none waits any more. */
    static synchronized void disarm(final String signal, final ScriptEngine script)
    {
        final List<ScriptEngine> list = WAITING.get(signal);
        if (list == null || !list.remove(script) || !list.isEmpty())
        {
            return;
        }
        WAITING.remove(signal);
        final SignalHandler previous = PREVIOUS.remove(signal);
        try
        {
            Signal.handle(new Signal(signal), previous != null ? previous : SignalHandler.SIG_DFL);
        }
        catch (final IllegalArgumentException e)
        {
            // cannot happen: it was handled before
        }
    }

    private static void arrived(final Signal sig)
    {
        final List<ScriptEngine> scripts;
        synchronized (SignalScripts.class)
        {
            final List<ScriptEngine> list = WAITING.get(sig.getName());
            scripts = list == null ? List.of() : new ArrayList<>(list);
        }
        for (final ScriptEngine s : scripts)
        {
            s.signalArrived();
        }
    }

    /**
     * Sends {@code signal} to process {@code pid} (see the comment inside for signals to this process).
     */
    static boolean kill(final String signal, final long pid)
    {
        final boolean self = pid == pid();
        final boolean ours;
        synchronized (SignalScripts.class)
        {
            ours = WAITING.containsKey(signal);
        }
        // A signal to this process that a script catches is handed to the scripts directly: the effect is that of
        // the real signal, without the JDK's thread per delivered signal, and the script runs next, as a
        // synchronous signal would in Click. Other signals go through kill(1) (for this process, usually the
        // default action of ending it).
        if (self && ours)
        {
            System.out.flush();
            System.err.flush();
            arrived(new Signal(signal));
            return true;
        }
        try
        {
            return new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor() == 0;
        }
        catch (final java.io.IOException e)
        {
            return false;
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
