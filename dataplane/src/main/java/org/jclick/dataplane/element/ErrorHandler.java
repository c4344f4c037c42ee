package org.jclick.dataplane.element;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Click's {@code ErrorHandler}: where setup code reports errors, warnings and messages. Every report may carry a
 * landmark ({@code file:line}); {@link #context} makes the "While configuring 'x :: C':" wrapper that Click puts
 * around an element's messages. Setup-time only: never used on the packet path.
 */
public abstract class ErrorHandler
{
    /** Click returns {@code -EINVAL} from failed setup calls; any negative value means failure. */
    public static final int FAILURE = -1;

    public enum Level
    {
        MESSAGE, WARNING, ERROR
    }

    private int errorCount;
    private int warningCount;

    /** Emits one report; {@code landmark} may be null. Multi-line texts arrive whole. */
    protected abstract void emit(Level level, String landmark, String text);

    public final int errorCount()
    {
        return errorCount;
    }

    public final int warningCount()
    {
        return warningCount;
    }

    /** Reports an error and returns {@link #FAILURE}, so that {@code return errh.error(...)} reads as in Click. */
    public final int error(final String text)
    {
        return lerror(null, text);
    }

    public final int lerror(final String landmark, final String text)
    {
        errorCount++;
        emit(Level.ERROR, landmark, text);
        return FAILURE;
    }

    /**
     * Reports an error at a precise source position (file, line and column, from {@link Element#argumentLocation}).
     * Handlers that print Click's format (all but {@link #positional}) report it as {@link #error} does, so Click's
     * output is unchanged; a positional handler prints {@code file:line:col: text}, the source line and a caret.
     */
    public final int lerrorAt(final org.jclick.lang.SourceLocation at, final String text)
    {
        if (at == null || !isPositional())
        {
            return error(text);
        }
        errorCount++;
        emitAt(Level.ERROR, at, text);
        return FAILURE;
    }

    /** Whether {@link #lerrorAt} prints positions (jclick's own commands) or Click's format. */
    protected boolean isPositional()
    {
        return false;
    }

    /** Emits one positional report (only called when {@link #isPositional}). */
    protected void emitAt(final Level level, final org.jclick.lang.SourceLocation at, final String text)
    {
        emit(level, null, text);
    }

    public final void warning(final String text)
    {
        lwarning(null, text);
    }

    public final void lwarning(final String landmark, final String text)
    {
        warningCount++;
        emit(Level.WARNING, landmark, text);
    }

    public final void message(final String text)
    {
        lmessage(null, text);
    }

    public final void lmessage(final String landmark, final String text)
    {
        emit(Level.MESSAGE, landmark, text);
    }

    /**
     * Click's {@code ContextErrorHandler}: the first report is preceded by {@code landmark: context} (e.g. "While
     * configuring 'q :: Queue':"), and every report is indented by two spaces under it. Counts go to both.
     */
    public ErrorHandler context(final String context, final String landmark)
    {
        final ErrorHandler parent = this;
        return new ErrorHandler()
        {
            private boolean contextPrinted;

            @Override
            protected void emit(final Level level, final String lm, final String text)
            {
                if (!contextPrinted)
                {
                    contextPrinted = true;
                    parent.emit(Level.MESSAGE, landmark, context);
                }
                final String prefix = level == Level.WARNING ? "warning: " : "";
                final StringBuilder sb = new StringBuilder();
                for (final String line : text.split("\n", -1))
                {
                    if (!sb.isEmpty())
                    {
                        sb.append('\n');
                    }
                    sb.append("  ").append(prefix).append(line);
                }
                switch (level)
                {
                    case ERROR -> parent.errorCount++;
                    case WARNING -> parent.warningCount++;
                    default -> { }
                }
                parent.emit(Level.MESSAGE, lm, sb.toString());
            }

            @Override
            protected boolean isPositional()
            {
                return parent.isPositional();
            }

            @Override
            protected void emitAt(final Level level, final org.jclick.lang.SourceLocation at, final String text)
            {
                // one line that says it all: 'file:line:col: While configuring 'x :: C': text'
                switch (level)
                {
                    case ERROR -> parent.errorCount++;
                    case WARNING -> parent.warningCount++;
                    default -> { }
                }
                parent.emitAt(level, at, context + " " + text);
            }
        };
    }

    /**
     * Prints as {@link #printing(PrintStream)}, except that {@link #lerrorAt} reports print jclick's diagnostic
     * form: {@code file:line:col: text}, then the source line (from {@code sourceLine}, by file and line; may
     * answer null) and a caret under the column.
     */
    public static ErrorHandler positional(final PrintStream out,
        final java.util.function.BiFunction<String, Integer, String> sourceLine)
    {
        return positional(out, sourceLine, true);
    }

    /**
     * As {@link #positional(PrintStream, java.util.function.BiFunction)}; without {@code warnings}, warnings are
     * counted but not printed (a context line that only introduced warnings is not printed either).
     */
    public static ErrorHandler positional(final PrintStream out,
        final java.util.function.BiFunction<String, Integer, String> sourceLine, final boolean warnings)
    {
        final ErrorHandler plain = printing(out);
        return new ErrorHandler()
        {
            @Override
            protected void emit(final Level level, final String landmark, final String text)
            {
                plain.emit(level, landmark, text);
            }

            @Override
            public ErrorHandler context(final String context, final String landmark)
            {
                final ErrorHandler inner = super.context(context, landmark);
                if (warnings)
                {
                    return inner;
                }
                final ErrorHandler self = this;
                return new ErrorHandler()
                {
                    @Override
                    protected void emit(final Level level, final String lm, final String text)
                    {
                        if (level == Level.WARNING)
                        {
                            self.warningCount++;
                            return;
                        }
                        if (level == Level.ERROR)
                        {
                            inner.lerror(lm, text);
                        }
                        else
                        {
                            inner.lmessage(lm, text);
                        }
                    }

                    @Override
                    protected boolean isPositional()
                    {
                        return true;
                    }

                    @Override
                    protected void emitAt(final Level level, final org.jclick.lang.SourceLocation at,
                        final String text)
                    {
                        inner.lerrorAt(at, text);
                    }
                };
            }

            @Override
            protected boolean isPositional()
            {
                return true;
            }

            @Override
            protected void emitAt(final Level level, final org.jclick.lang.SourceLocation at, final String text)
            {
                out.print(formatAt(level, at, text, sourceLine == null ? null : sourceLine.apply(at.file(), at.line())));
                out.flush();
            }
        };
    }

    /** {@code file:line:col: [warning: ]text}, then the source line and a caret, as click-lang's diagnostics. */
    public static String formatAt(final Level level, final org.jclick.lang.SourceLocation at, final String text,
        final String source)
    {
        final StringBuilder sb = new StringBuilder();
        sb.append(at).append(": ").append(level == Level.WARNING ? "warning: " : "").append(text).append('\n');
        if (source != null)
        {
            final String shown = source.replace('\t', ' ');
            sb.append("  ").append(shown).append('\n');
            if (at.column() > 0)
            {
                sb.append("  ").append(" ".repeat(Math.min(at.column() - 1, shown.length()))).append("^\n");
            }
        }
        return sb.toString();
    }

    /** Prints to {@code out} as Click's {@code FileErrorHandler}: {@code landmark: [warning: ]text}. */
    public static ErrorHandler printing(final PrintStream out)
    {
        return new ErrorHandler()
        {
            @Override
            protected void emit(final Level level, final String landmark, final String text)
            {
                final String prefix = (landmark == null || landmark.isEmpty() ? "" : landmark + ": ")
                    + (level == Level.WARNING ? "warning: " : "");
                final StringBuilder sb = new StringBuilder();
                for (final String line : text.split("\n", -1))
                {
                    sb.append(prefix).append(line).append('\n');
                }
                out.print(sb);
                out.flush();
            }
        };
    }

    /** Reports to standard error. */
    public static ErrorHandler stderr()
    {
        return printing(System.err);
    }

    /** Counts and discards. */
    public static ErrorHandler silent()
    {
        return new ErrorHandler()
        {
            @Override
            protected void emit(final Level level, final String landmark, final String text)
            {
            }
        };
    }

    /** Keeps every report as a formatted line (for handlers that return their errors, and for tests). */
    public static final class Buffer extends ErrorHandler
    {
        private final List<String> lines = new ArrayList<>();

        @Override
        protected void emit(final Level level, final String landmark, final String text)
        {
            final String prefix = (landmark == null || landmark.isEmpty() ? "" : landmark + ": ")
                + (level == Level.WARNING ? "warning: " : "");
            for (final String line : text.split("\n", -1))
            {
                lines.add(prefix + line);
            }
        }

        public List<String> lines()
        {
            return lines;
        }

        /** All lines joined, each ending in a newline. */
        public String text()
        {
            final StringBuilder sb = new StringBuilder();
            for (final String line : lines)
            {
                sb.append(line).append('\n');
            }
            return sb.toString();
        }

        public void clear()
        {
            lines.clear();
        }
    }
}
