package org.jclick.dataplane.element;

/**
 * Click's {@code Handler}: a named read and/or write entry point of an element (or of the router, for global
 * handlers), called by Script, DriverManager, {@code -h}, ControlSocket and tests. Setup-time and control-path
 * code: handlers may allocate.
 */
public final class Handler
{
    /** Readable. */
    public static final int READ = 1;
    /** Writable. */
    public static final int WRITE = 2;
    /** The read handler takes a parameter ({@code elem.h PARAM}). */
    public static final int READ_PARAM = 4;
    /** Reading has no side effects (Click's {@code h_calm}): may be read often, e.g. by a GUI. */
    public static final int CALM = 8;
    /** Reading is expensive (Click's {@code h_expensive}). */
    public static final int EXPENSIVE = 16;
    /** A write takes no value (Click's {@code h_button}). */
    public static final int BUTTON = 32;
    /** A boolean value (Click's {@code h_checkbox}). */
    public static final int CHECKBOX = 64;
    /** Values are raw bytes, not text; no trailing newline is added (Click's {@code h_raw}). */
    public static final int RAW = 128;
    /** Not listed in {@code handlers} (Click's {@code h_private}? hidden from listings). */
    public static final int PRIVATE = 256;
    /** Handler is deprecated. */
    public static final int DEPRECATED = 512;

    /** A read handler without parameter. */
    @FunctionalInterface
    public interface Reader
    {
        String read();
    }

    /** A read handler with a parameter; reports problems to {@code errh} and returns null on failure. */
    @FunctionalInterface
    public interface ParamReader
    {
        String read(String param, ErrorHandler errh);
    }

    /** A write handler; reports problems to {@code errh} and returns a negative value on failure. */
    @FunctionalInterface
    public interface Writer
    {
        int write(String value, ErrorHandler errh);
    }

    private final Element element;
    private final String name;
    private int flags;
    private ParamReader reader;
    private Writer writer;

    public Handler(final Element element, final String name)
    {
        this.element = element;
        this.name = name;
    }

    /** The element, or null for a global handler. */
    public Element element()
    {
        return element;
    }

    public String name()
    {
        return name;
    }

    /** {@code elem.name}, or {@code name} for a global handler. */
    public String fullName()
    {
        return element == null ? name : element.name() + "." + name;
    }

    public int flags()
    {
        return flags;
    }

    public boolean readable()
    {
        return reader != null;
    }

    public boolean writable()
    {
        return writer != null;
    }

    public boolean readParam()
    {
        return (flags & READ_PARAM) != 0;
    }

    public boolean raw()
    {
        return (flags & RAW) != 0;
    }

    public boolean visible()
    {
        return (flags & PRIVATE) == 0;
    }

    /**
     * The write function, or null: lets setup code wrap a handler (re-register a writer that calls this one), as
     * {@code jclick bench --threads N} does to start the replicas together.
     */
    public Writer writer()
    {
        return writer;
    }

    void setReader(final ParamReader reader, final int flags)
    {
        this.reader = reader;
        this.flags |= flags | READ;
    }

    void setWriter(final Writer writer, final int flags)
    {
        this.writer = writer;
        this.flags |= flags | WRITE;
    }

    void addFlags(final int flags)
    {
        this.flags |= flags;
    }

    /** Reads; null on failure (reported to {@code errh}). */
    public String callRead(final String param, final ErrorHandler errh)
    {
        if (reader == null)
        {
            errh.error("'" + fullName() + "' is not a read handler");
            return null;
        }
        return reader.read(param == null ? "" : param, errh);
    }

    /** Writes; negative on failure (reported to {@code errh}). */
    public int callWrite(final String value, final ErrorHandler errh)
    {
        if (writer == null)
        {
            return errh.error("'" + fullName() + "' is not a write handler");
        }
        return writer.write(value == null ? "" : value, errh);
    }

    /** The {@code handlers} listing mode: {@code r}, {@code w} or {@code rw}. */
    public String modeString()
    {
        return (readable() ? "r" : "") + (writable() ? "w" : "");
    }

    @Override
    public String toString()
    {
        return fullName() + " (" + modeString() + ")";
    }
}
