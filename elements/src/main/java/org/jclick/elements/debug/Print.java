package org.jclick.elements.debug;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import org.jclick.dataplane.args.Args;
import org.jclick.dataplane.args.BoolArg;
import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.args.StringArg;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.Handler;
import org.jclick.dataplane.element.SimpleElement;
import org.jclick.dataplane.packet.AnnotationDescriptor;
import org.jclick.dataplane.packet.Packet;

/** Click's Print. */
@ElementDoc(
    synopsis = "Print([LABEL, MAXLENGTH, KEYWORDS])",
    category = "debugging",
    ports = "one agnostic input, one agnostic output",
    description = """
        Writes one line per packet to standard error and passes the packet on unchanged. The line is LABEL and a
        colon (when LABEL is not empty), optional timestamp and headroom information, the packet length in a
        4-character field, and up to MAXLENGTH bytes of the packet data, in hexadecimal groups of four bytes or
        as text.""",
    keywords = {
        "LABEL: string. Printed first. Default empty.",
        "MAXLENGTH: integer. Most data bytes printed; negative prints all of them. Default 24.",
        "CONTENTS: HEX, ASCII or NONE (or a boolean: true is HEX, false is NONE). Default HEX.",
        "TIMESTAMP: boolean. Print the timestamp annotation. Default false.",
        "PRINTANNO: boolean. Print the 48-byte annotation area in hexadecimal. Default false.",
        "CPU: boolean. Accepted; the thread is not printed in user level. Default false.",
        "HEADROOM: boolean. Print '(h HEADROOM t TAILROOM)'. Default false.",
        "ACTIVE: boolean. Print at all. Default true."},
    handlers = {"active (read/write): the ACTIVE setting"},
    example = "InfiniteSource(LIMIT 1, STOP true) -> Print(ok, 8) -> Discard;",
    seeAlso = {"IPPrint"})
public final class Print extends SimpleElement
{
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final int CONTENTS_NONE = 0;
    private static final int CONTENTS_HEX = 1;
    private static final int CONTENTS_ASCII = 2;

    private byte[] label = new byte[0];
    private int maxLength = 24;
    private int contents = CONTENTS_HEX;
    private boolean timestamp;
    private boolean printAnno;
    private boolean cpu;
    private boolean headroom;
    private boolean active = true;
    private byte[] line = new byte[256];
    private int pos;

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final Args.Value<String> lab = new Args.Value<>("");
        final Args.Value<String> cont = new Args.Value<>("HEX");
        final int[] max = {24};
        final boolean[] flags = {false, false, false, false, true};
        if (complete(args(conf)
            .readPositional("LABEL", StringArg.STRING, lab)
            .readPositional("MAXLENGTH", IntArg.int32(), v -> max[0] = v)
            .read("CONTENTS", StringArg.WORD, cont)
            .read("TIMESTAMP", BoolArg.INSTANCE, v -> flags[0] = v)
            .read("PRINTANNO", BoolArg.INSTANCE, v -> flags[1] = v)
            .read("CPU", BoolArg.INSTANCE, v -> flags[2] = v)
            .read("HEADROOM", BoolArg.INSTANCE, v -> flags[3] = v)
            .read("ACTIVE", BoolArg.INSTANCE, v -> flags[4] = v), errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        final int c = parseContents(cont.get());
        if (c < 0)
        {
            return errh.error("bad contents value '" + cont.get() + "'; should be 'NONE', 'HEX', or 'ASCII'");
        }
        label = lab.get().getBytes(StandardCharsets.ISO_8859_1);
        maxLength = max[0];
        contents = c;
        timestamp = flags[0];
        printAnno = flags[1];
        cpu = flags[2];
        headroom = flags[3];
        active = flags[4];
        return 0;
    }

    static int parseContents(final String s)
    {
        final Boolean b = BoolArg.parseOrNull(s);
        if (b != null)
        {
            return b ? CONTENTS_HEX : CONTENTS_NONE;
        }
        return switch (s.toUpperCase(Locale.ROOT))
        {
            case "NONE" -> CONTENTS_NONE;
            case "HEX" -> CONTENTS_HEX;
            case "ASCII" -> CONTENTS_ASCII;
            default -> -1;
        };
    }

    @Override
    public Packet simpleAction(final Packet p)
    {
        if (!active)
        {
            return p;
        }
        final int len = p.length();
        final int bytes = contents == CONTENTS_NONE ? 0 : (maxLength < 0 || len < maxLength ? len : maxLength);
        final int need = label.length + 64 + 32 + AnnotationDescriptor.ANNO_SIZE_BYTES * 2 + 3 * bytes + 8;
        if (line.length < need)
        {
            line = new byte[Math.max(need, line.length * 2)]; // grows rarely (setup-like, amortized)
        }
        pos = 0;
        System.arraycopy(label, 0, line, 0, label.length);
        pos = label.length;
        if (label.length > 0)
        {
            put(':');
            put(' ');
        }
        if (timestamp)
        {
            pos = Timestamps.format(p.timestampNs(), line, pos);
            put(':');
            put(' ');
        }
        if (headroom)
        {
            put('(');
            put('h');
            putInt(p.headroom(), 0);
            put(' ');
            put('t');
            putInt(p.tailroom(), 0);
            put(')');
            put(' ');
        }
        putInt(len, 4);
        if (printAnno)
        {
            put(' ');
            put('|');
            put(' ');
            for (int i = 0; i < AnnotationDescriptor.ANNO_SIZE_BYTES; i++)
            {
                putHex(p.annoU8(i));
            }
        }
        if (bytes > 0)
        {
            put(' ');
            put('|');
            put(' ');
            if (contents == CONTENTS_HEX)
            {
                for (int i = 0; i < bytes; i++)
                {
                    if (i != 0 && (i & 3) == 0)
                    {
                        put(' ');
                    }
                    putHex(p.u8(i));
                }
            }
            else
            {
                for (int i = 0; i < bytes; i++)
                {
                    if ((i & 7) == 0)
                    {
                        put(' ');
                    }
                    final int c = p.u8(i);
                    put(c < 32 || c > 126 ? '.' : c);
                }
            }
        }
        put('\n');
        final PrintStream out = System.err;
        out.write(line, 0, pos);
        out.flush();
        return p;
    }

    private void put(final int c)
    {
        line[pos++] = (byte)c;
    }

    private void putHex(final int b)
    {
        line[pos++] = HEX[b >>> 4];
        line[pos++] = HEX[b & 15];
    }

    /** Writes a non-negative int right-aligned in {@code width} characters (at least). */
    private void putInt(final int value, final int width)
    {
        pos = Timestamps.putLong(value, width, line, pos);
    }

    /** Whether CPU was requested (kept for the configuration; user-level jclick does not print it). */
    boolean cpu()
    {
        return cpu;
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("active", () -> Boolean.toString(active), Handler.CHECKBOX);
        addWriteHandler("active", (v, errh) ->
        {
            final Boolean b = BoolArg.parseOrNull(v);
            if (b == null)
            {
                return errh.error("active: expected boolean");
            }
            active = b;
            return 0;
        });
    }
}
