package org.jclick.dataplane.args;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

import org.jclick.lang.ConfigStrings;

/**
 * Click's {@code Args}: reads one element's configuration arguments by keyword and position, then checks that all
 * were used. Setup-time only (allocates freely).
 *
 * <pre>{@code
 * Args.Value<Integer> rate = new Args.Value<>();
 * boolean[] active = {true};
 * new Args(config, context)
 *     .readMandatoryPositional("RATE", IntArg.uint32(), rate)
 *     .read("ACTIVE", BoolArg.INSTANCE, v -> active[0] = v)
 *     .complete();
 * }</pre>
 *
 * <p>Semantics, as in Click's {@code lib/args.cc}:
 * <ul>
 * <li>An argument is a <em>keyword argument</em> when it is a keyword (an upper-case letter or {@code _}, then
 * upper-case letters, digits and {@code _ : . ? !}) followed by space and a non-empty value. (Click's Args also
 * takes lower-case words as keywords; jclick follows the language's upper-case keyword convention.)</li>
 * <li>For a keyword, every matching argument is consumed and the <em>last</em> one wins.</li>
 * <li>A positional read takes the first argument not yet taken by position, if that argument has no keyword (a
 * mandatory positional read takes it even if it looks like one, when the keyword was not given); positional
 * arguments end at the first argument already taken by keyword. A keyword given after the positional argument
 * overrides it.</li>
 * <li>Results are stored (consumers called) only by {@link #complete()} or {@link #consume()}, and only when no
 * error occurred.</li>
 * <li>Errors are collected, not thrown one by one: {@code KEYWORD: required argument missing},
 * {@code KEYWORD: <type error>}, and at completion {@code WORD: unknown argument} and {@code too many arguments}.</li>
 * </ul>
 */
public final class Args
{
    /** Read flag: a missing argument is an error (Click's {@code Args::mandatory}). */
    public static final int MANDATORY = 1;
    /** Read flag: the argument may be given by position (Click's {@code Args::positional}). */
    public static final int POSITIONAL = 2;
    /** Read flag: using the argument produces a warning (Click's {@code Args::deprecated}). */
    public static final int DEPRECATED = 4;

    private static final int TAKEN_BY_POSITION = -1;
    private static final int TAKEN_BY_KEYWORD = -2;

    private final List<String> conf;
    /** Per argument: keyword length (> 0), 0 for none, or one of the TAKEN_ markers. */
    private final int[] kwpos;
    private final ArgContext context;
    private final List<String> errors = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final List<Runnable> stores = new ArrayList<>();
    private boolean lastReadStatus;

    /** Parses the argument list {@code conf} (e.g. {@link ConfigStrings#argvec}) in {@code context}. */
    public Args(final List<String> conf, final ArgContext context)
    {
        this.conf = List.copyOf(conf);
        this.context = Objects.requireNonNull(context, "context");
        this.kwpos = new int[this.conf.size()];
        for (int i = 0; i < kwpos.length; i++)
        {
            kwpos[i] = keywordLength(this.conf.get(i));
        }
    }

    /** Parses the argument list {@code conf} without element context. */
    public Args(final List<String> conf)
    {
        this(conf, ArgContext.EMPTY);
    }

    /** Splits a configuration string with {@link ConfigStrings#argvec} and parses it. */
    public static Args of(final String config, final ArgContext context)
    {
        return new Args(ConfigStrings.argvec(config), context);
    }

    /** Splits a configuration string with {@link ConfigStrings#argvec} and parses it without element context. */
    public static Args of(final String config)
    {
        return of(config, ArgContext.EMPTY);
    }

    /**
     * Length of the keyword at the start of {@code arg}, or 0 when it has none: a keyword is followed by
     * whitespace and a non-empty value.
     */
    static int keywordLength(final String arg)
    {
        final int n = arg.length();
        if (n == 0 || !(isUpper(arg.charAt(0)) || arg.charAt(0) == '_'))
        {
            return 0;
        }
        int s = 1;
        while (s < n && isKeywordChar(arg.charAt(s)))
        {
            s++;
        }
        int t = s;
        while (t < n && Character.isWhitespace(arg.charAt(t)) && arg.charAt(t) < 128)
        {
            t++;
        }
        return (s == t || t == n) ? 0 : s;
    }

    private static boolean isUpper(final char c)
    {
        return c >= 'A' && c <= 'Z';
    }

    private static boolean isKeywordChar(final char c)
    {
        return isUpper(c) || (c >= '0' && c <= '9') || c == '_' || c == ':' || c == '.' || c == '?' || c == '!';
    }

    public ArgContext context()
    {
        return context;
    }

    // ------------------------------------------------------------------------------------------------
    // reading

    /** Optional keyword argument (Click's {@code read}). */
    public <T> Args read(final String keyword, final ArgParser<T> parser, final Consumer<? super T> result)
    {
        return read(keyword, 0, parser, result);
    }

    /** Mandatory keyword argument (Click's {@code read_m}). */
    public <T> Args readMandatory(final String keyword, final ArgParser<T> parser, final Consumer<? super T> result)
    {
        return read(keyword, MANDATORY, parser, result);
    }

    /** Optional argument, by keyword or position (Click's {@code read_p}). */
    public <T> Args readPositional(final String keyword, final ArgParser<T> parser, final Consumer<? super T> result)
    {
        return read(keyword, POSITIONAL, parser, result);
    }

    /** Mandatory argument, by keyword or position (Click's {@code read_mp}). */
    public <T> Args readMandatoryPositional(
        final String keyword, final ArgParser<T> parser, final Consumer<? super T> result)
    {
        return read(keyword, MANDATORY | POSITIONAL, parser, result);
    }

    /**
     * Optional keyword argument whose absence stores {@code defaultValue} (Click's {@code read_or_set}); a present
     * but invalid argument is an error and stores nothing.
     */
    public <T> Args readOrSet(
        final String keyword, final ArgParser<T> parser, final Consumer<? super T> result, final T defaultValue)
    {
        return readOrSet(keyword, 0, parser, result, defaultValue);
    }

    /** {@link #readOrSet} that also accepts the argument by position (Click's {@code read_or_set_p}). */
    public <T> Args readOrSetPositional(
        final String keyword, final ArgParser<T> parser, final Consumer<? super T> result, final T defaultValue)
    {
        return readOrSet(keyword, POSITIONAL, parser, result, defaultValue);
    }

    /** {@link #readOrSet} with explicit flags. */
    public <T> Args readOrSet(
        final String keyword, final int flags, final ArgParser<T> parser, final Consumer<? super T> result,
        final T defaultValue)
    {
        final String text = find(keyword, flags);
        if (text == null)
        {
            if ((flags & MANDATORY) == 0)
            {
                stores.add(() -> result.accept(defaultValue));
            }
            return this;
        }
        parseAndStore(keyword, text, parser, result);
        return this;
    }

    /** The general read: {@code flags} is a combination of {@link #MANDATORY}, {@link #POSITIONAL}, {@link #DEPRECATED}. */
    public <T> Args read(
        final String keyword, final int flags, final ArgParser<T> parser, final Consumer<? super T> result)
    {
        Objects.requireNonNull(parser, "parser");
        Objects.requireNonNull(result, "result");
        final String text = find(keyword, flags);
        if (text != null)
        {
            parseAndStore(keyword, text, parser, result);
        }
        return this;
    }

    /**
     * Whether the last read found its argument and parsed it (Click's {@code read_status}); use it for "confirmed"
     * keywords whose presence matters as well as their value.
     */
    public boolean readStatus()
    {
        return lastReadStatus;
    }

    private <T> void parseAndStore(
        final String keyword, final String text, final ArgParser<T> parser, final Consumer<? super T> result)
    {
        final T value;
        try
        {
            value = parser.parse(text, context);
        }
        catch (final ArgException e)
        {
            error(keyword, e.getMessage());
            lastReadStatus = false;
            return;
        }
        stores.add(() -> result.accept(value));
        lastReadStatus = true;
    }

    /**
     * Click's {@code Args::find}: consumes every argument with {@code keyword} (the last wins) and, for positional
     * reads, the next positional argument. Returns the value text, or {@code null} when absent.
     */
    private String find(final String keyword, final int flags)
    {
        lastReadStatus = false;
        Objects.requireNonNull(keyword, "keyword");
        if (!keyword.isEmpty() && keyword.charAt(0) >= '0' && keyword.charAt(0) <= '9')
        {
            error(keyword, "keywords must start with a letter or underscore");
        }
        final int keywordLength = keyword.length();
        int got = -1;
        int gotKwpos = -1;
        int position = -1;
        for (int i = 0; i < kwpos.length; i++)
        {
            if (position == -1 && kwpos[i] != TAKEN_BY_POSITION)
            {
                position = kwpos[i] >= 0 ? i : -2;
            }
            if (kwpos[i] == keywordLength && keywordLength > 0 && conf.get(i).startsWith(keyword))
            {
                got = i;
                gotKwpos = kwpos[i];
                kwpos[i] = TAKEN_BY_KEYWORD;
            }
        }
        if ((flags & POSITIONAL) != 0 && position >= 0 && kwpos[position] >= 0
            && ((got < 0 && (flags & MANDATORY) != 0) || kwpos[position] == 0))
        {
            if (got < position)
            {
                got = position;
                gotKwpos = 0;
            }
            kwpos[position] = TAKEN_BY_POSITION;
        }
        if (got < 0)
        {
            if ((flags & MANDATORY) != 0)
            {
                error(keyword, "required argument missing");
            }
            return null;
        }
        if ((flags & DEPRECATED) != 0)
        {
            warnings.add(prefix(keyword) + "argument deprecated");
        }
        final String arg = conf.get(got);
        if (gotKwpos == 0)
        {
            return arg;
        }
        int s = gotKwpos;
        while (s < arg.length() && Character.isWhitespace(arg.charAt(s)))
        {
            s++;
        }
        return arg.substring(s);
    }

    private void error(final String keyword, final String message)
    {
        errors.add(prefix(keyword) + message);
    }

    private static String prefix(final String keyword)
    {
        return keyword == null || keyword.isEmpty() ? "" : keyword + ": ";
    }

    /** Adds an error of the caller's own (e.g. a check across arguments); {@link #complete()} reports it too. */
    public Args error(final String message)
    {
        errors.add(message);
        return this;
    }

    // ------------------------------------------------------------------------------------------------
    // completion

    /** The errors so far. */
    public List<String> errors()
    {
        return List.copyOf(errors);
    }

    /** The warnings so far (e.g. {@code KEYWORD: argument deprecated}). */
    public List<String> warnings()
    {
        return List.copyOf(warnings);
    }

    /** Whether no error occurred so far (Click's {@code status}). */
    public boolean ok()
    {
        return errors.isEmpty();
    }

    /**
     * Click's {@code complete}: reports unused arguments ({@code WORD: unknown argument} for each unused keyword
     * argument, then {@code too many arguments} once if positional ones are left); then, if there was no error at
     * all, stores every result.
     *
     * @throws ConfigurationException with every error found
     */
    public void complete() throws ConfigurationException
    {
        boolean tooMany = false;
        for (int i = 0; i < kwpos.length; i++)
        {
            if (kwpos[i] == 0)
            {
                tooMany = true;
            }
            else if (kwpos[i] > 0)
            {
                errors.add(conf.get(i).substring(0, kwpos[i]) + ": unknown argument");
            }
        }
        if (tooMany)
        {
            errors.add("too many arguments");
        }
        execute();
    }

    /**
     * Click's {@code consume}: stores the results (if no error) and returns the arguments not yet used, for a
     * later parse. Unused arguments are not errors.
     *
     * @throws ConfigurationException with every error found
     */
    public List<String> consume() throws ConfigurationException
    {
        execute();
        final List<String> rest = new ArrayList<>();
        for (int i = 0; i < kwpos.length; i++)
        {
            if (kwpos[i] >= 0)
            {
                rest.add(conf.get(i));
            }
        }
        return rest;
    }

    private void execute() throws ConfigurationException
    {
        if (!errors.isEmpty())
        {
            stores.clear();
            throw new ConfigurationException(errors);
        }
        for (final Runnable store : stores)
        {
            store.run();
        }
        stores.clear();
    }

    // ------------------------------------------------------------------------------------------------

    /**
     * A result holder: a {@link Consumer} that remembers whether it was given a value. After
     * {@link Args#complete()}, {@link #isPresent()} tells whether the (optional) argument was supplied.
     */
    public static final class Value<T> implements Consumer<T>
    {
        private T value;
        private boolean present;

        public Value()
        {
        }

        /** A holder whose value is {@code initial} until an argument is stored; {@link #isPresent()} stays false. */
        public Value(final T initial)
        {
            this.value = initial;
        }

        @Override
        public void accept(final T t)
        {
            value = t;
            present = true;
        }

        public boolean isPresent()
        {
            return present;
        }

        /** The stored value, or the initial one ({@code null} if none). */
        public T get()
        {
            return value;
        }

        @Override
        public String toString()
        {
            return present ? "Value[" + value + "]" : "Value[absent, " + value + "]";
        }
    }
}
