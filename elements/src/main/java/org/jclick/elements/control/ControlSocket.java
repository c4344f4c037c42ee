package org.jclick.elements.control;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.jclick.dataplane.args.BoolArg;
import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.args.StringArg;
import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.Handler;
import org.jclick.dataplane.runtime.Task;
import org.jclick.lang.ConfigStrings;

/** Click's ControlSocket: the line-based handler protocol over TCP or a Unix-domain socket. */
@ElementDoc(
    synopsis = "ControlSocket(TYPE, PORT_OR_PATH [, keywords READONLY, PROXY, VERBOSE, LOCALHOST, RETRIES, "
        + "RETRY_WARNINGS])",
    category = "control",
    ports = "none",
    description = """
        Lets other programs call this router's handlers over a socket. TYPE is TCP (then the second argument is a
        port number; a trailing + means the first free port at or above it) or UNIX (then it is a file system
        path for a Unix-domain socket, replaced if it exists and removed when the router ends). Each connection
        is greeted with the protocol version line "Click::ControlSocket/1.3". Clients then send one command a
        line: READ handler [params] (alias GET), READDATA handler N followed by N bytes, READUNTIL handler
        [TERMINATOR], WRITE handler [value] (alias SET), WRITEDATA handler N (alias SETDATA), WRITEUNTIL
        handler [TERMINATOR], CHECKREAD handler, CHECKWRITE handler, LLRPC element#HEX [N], HELP and QUIT
        (alias CLOSE). Every reply line starts with a three-digit status code: 200 success, 220 success with
        warnings, 500 syntax error, 501 unknown command, 510 no such element, 511 no such handler, 520
        handler error, 522 LLRPC error, 530 permission denied. Read results follow their status line as
        "DATA N" and then exactly N bytes. Handlers are named element.handler, N.handler (the Nth element,
        counting from 1) or just handler for the router's global handlers; private handlers are invisible.
        The sockets are served by their own threads, but each handler call is carried out by this element's
        task on the router thread, so calls never overlap packet processing. Only the LLRPCs of Switch-like
        elements (get and set the switch as a 4-byte integer) can be called. Unlike Click, a TCP socket is
        bound to the loopback address unless LOCALHOST is false.""",
    keywords = {
        "READONLY: boolean; refuse every write (default false).",
        "PROXY: element name; resolve handler names without an element part on that element instead.",
        "VERBOSE: boolean; report each opened and closed connection (default false).",
        "LOCALHOST: boolean; bind a TCP socket to 127.0.0.1 only (default true).",
        "RETRIES: integer; how many times to retry binding, a second apart (default 0).",
        "RETRY_WARNINGS: boolean; warn about each failed bind that will be retried (default true)."},
    handlers = {"port (read): the TCP port actually bound", "filename (read): the Unix-domain socket's path"},
    example = "ControlSocket(tcp, 41900+); ControlSocket(unix, /tmp/clicksocket);",
    seeAlso = {"Script", "DriverManager"})
public final class ControlSocket extends Element
{
    /** The protocol version in the greeting. */
    public static final String PROTOCOL_VERSION = "1.3";

    static final int OK = 200;
    static final int OK_WARNINGS = 220;
    static final int SYNTAX = 500;
    static final int UNIMPLEMENTED = 501;
    static final int NO_SUCH_ELEMENT = 510;
    static final int NO_SUCH_HANDLER = 511;
    static final int HANDLER_ERROR = 520;
    static final int LLRPC_ERROR = 522;
    static final int PERMISSION = 530;
    static final int UNSPECIFIED = 590;

    /** The LLRPC direction bits in Click's network encoding: the caller passes data in / gets data out. */
    private static final long LLRPC_IN = 0x80000000L;
    private static final long LLRPC_OUT = 0x40000000L;

    private boolean tcp;
    private int port;
    private boolean portPlus;
    private String path;
    private boolean readOnly;
    private String proxyName;
    private Element proxy;
    private boolean verbose;
    private boolean localhost = true;
    private int retries;
    private boolean retryWarnings = true;

    private ServerSocketChannel server;
    private int boundPort = -1;
    private Task task;
    private volatile boolean closed;
    private final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
    /** Open connections; the value counts the commands being answered (cleanup lets them finish). */
    private final ConcurrentHashMap<SocketChannel, AtomicInteger> connections =
        new ConcurrentHashMap<>();
    private int connectionCounter;

    /** One piece of work for the router thread and the answer the socket thread waits for. */
    private record Call(Supplier<String> work, CompletableFuture<String> answer)
    {
    }

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        if (conf.size() < 2)
        {
            return errh.error("expected 'TCP, PORT' or 'UNIX, PATH'");
        }
        final String type = conf.get(0).trim().toUpperCase(Locale.ROOT);
        final String where = conf.get(1).trim();
        switch (type)
        {
            case "TCP" ->
            {
                tcp = true;
                String p = where;
                if (p.endsWith("+"))
                {
                    portPlus = true;
                    p = p.substring(0, p.length() - 1);
                }
                final Integer v = parsePort(p);
                if (v == null)
                {
                    return errh.error("PORT: expected port number");
                }
                port = v;
            }
            case "UNIX" ->
            {
                if (where.isEmpty())
                {
                    return errh.error("PATH: expected filename");
                }
                path = ConfigStrings.unquote(where);
            }
            default ->
            {
                return errh.error("unknown socket type '" + conf.get(0).trim() + "'");
            }
        }
        return complete(args(conf.subList(2, conf.size()))
            .read("READONLY", BoolArg.INSTANCE, v -> readOnly = v)
            .read("PROXY", StringArg.WORD, v -> proxyName = v)
            .read("VERBOSE", BoolArg.INSTANCE, v -> verbose = v)
            .read("LOCALHOST", BoolArg.INSTANCE, v -> localhost = v)
            .read("RETRIES", IntArg.int32(), v -> retries = v)
            .read("RETRY_WARNINGS", BoolArg.INSTANCE, v -> retryWarnings = v), errh);
    }

    private static Integer parsePort(final String text)
    {
        try
        {
            final int v = Integer.parseInt(text);
            return v >= 0 && v <= 65535 ? v : null;
        }
        catch (final NumberFormatException e)
        {
            return null;
        }
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("port", () -> tcp ? Integer.toString(boundPort) : "");
        addReadHandler("filename", () -> tcp ? "" : path);
    }

    @Override
    public int initialize(final ErrorHandler errh)
    {
        if (proxyName != null)
        {
            proxy = router().find(proxyName, this);
            if (proxy == null)
            {
                return errh.error("PROXY: no element named '" + proxyName + "'");
            }
        }
        for (int attempt = 0; ; attempt++)
        {
            final String failure = bind();
            if (failure == null)
            {
                break;
            }
            if (attempt >= retries)
            {
                return errh.error(failure);
            }
            if (retryWarnings)
            {
                errh.warning(failure + ", trying again in 1 second");
            }
            try
            {
                Thread.sleep(1000);
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
                return errh.error(failure);
            }
        }
        task = new Task(this);
        task.initialize(false);
        final Thread acceptor = Thread.ofPlatform().daemon().name(name() + " accept").unstarted(this::acceptLoop);
        acceptor.start();
        return 0;
    }

    /** Binds the listening socket; null on success, otherwise the error text. */
    private String bind()
    {
        if (tcp)
        {
            final InetAddress addr;
            try
            {
                addr = localhost ? InetAddress.getLoopbackAddress() : InetAddress.getByName("0.0.0.0");
            }
            catch (final IOException e)
            {
                return "socket: " + e.getMessage();
            }
            final int last = portPlus ? 65535 : port;
            String failure = null;
            for (int p = port; p <= last; p++)
            {
                try
                {
                    final ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.INET);
                    try
                    {
                        s.bind(new InetSocketAddress(addr, p), 16);
                    }
                    catch (final IOException e)
                    {
                        s.close();
                        throw e;
                    }
                    server = s;
                    boundPort = ((InetSocketAddress)s.getLocalAddress()).getPort();
                    return null;
                }
                catch (final IOException e)
                {
                    failure = "bind: " + e.getMessage();
                }
            }
            return failure;
        }
        try
        {
            Files.deleteIfExists(Path.of(path));
            final ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            try
            {
                s.bind(UnixDomainSocketAddress.of(path), 16);
            }
            catch (final IOException e)
            {
                s.close();
                throw e;
            }
            server = s;
            return null;
        }
        catch (final IOException | RuntimeException e)
        {
            return "bind: " + e.getMessage();
        }
    }

    private void acceptLoop()
    {
        while (!closed)
        {
            final SocketChannel c;
            try
            {
                c = server.accept();
            }
            catch (final IOException e)
            {
                return;
            }
            if (closed)
            {
                closeQuietly(c);
                return;
            }
            connections.put(c, new AtomicInteger());
            final int id;
            synchronized (this)
            {
                id = ++connectionCounter;
            }
            if (verbose)
            {
                String from = "";
                try
                {
                    if (c.getRemoteAddress() instanceof InetSocketAddress isa)
                    {
                        from = " from " + isa.getAddress().getHostAddress() + "." + isa.getPort();
                    }
                }
                catch (final IOException e)
                {
                    // no address to report
                }
                System.err.println(declaration() + ": opened connection " + id + from);
            }
            Thread.ofPlatform().daemon().name(name() + " connection " + id).start(() -> serve(c, id));
        }
    }

    private static void closeQuietly(final java.io.Closeable c)
    {
        try
        {
            c.close();
        }
        catch (final IOException e)
        {
            // closing anyway
        }
    }

    /** Serves one connection until the client closes it, sends QUIT, or the router ends. */
    private void serve(final SocketChannel channel, final int id)
    {
        try (channel)
        {
            final Connection conn = new Connection(
                new BufferedInputStream(Channels.newInputStream(channel)), Channels.newOutputStream(channel));
            conn.send("Click::ControlSocket/" + PROTOCOL_VERSION + "\r\n");
            final AtomicInteger busy = connections.get(channel);
            String line;
            while (!closed && (line = conn.readLine()) != null)
            {
                busy.incrementAndGet();
                final String reply;
                try
                {
                    reply = command(conn, line);
                    if (reply != null)
                    {
                        conn.send(reply);
                    }
                }
                finally
                {
                    busy.decrementAndGet();
                }
                if (reply == null)
                {
                    break;
                }
                if (conn.quit)
                {
                    break;
                }
            }
        }
        catch (final IOException e)
        {
            // the peer went away
        }
        finally
        {
            connections.remove(channel);
            if (verbose)
            {
                System.err.println(declaration() + ": closed connection " + id);
            }
        }
    }

    /** A connection's byte streams and its line framing (CR, LF or CRLF ends a line). */
    static final class Connection
    {
        private final InputStream in;
        private final OutputStream out;
        private boolean skipLf;
        boolean quit;

        Connection(final InputStream in, final OutputStream out)
        {
            this.in = in;
            this.out = out;
        }

        void send(final String text) throws IOException
        {
            out.write(text.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        /** The next line without its end, or null at the end of the stream; bytes map to chars one to one. */
        String readLine() throws IOException
        {
            final StringBuilder sb = new StringBuilder();
            while (true)
            {
                final int b = in.read();
                if (b < 0)
                {
                    return sb.isEmpty() ? null : sb.toString();
                }
                if (skipLf)
                {
                    skipLf = false;
                    if (b == '\n')
                    {
                        continue;
                    }
                }
                if (b == '\n')
                {
                    return sb.toString();
                }
                if (b == '\r')
                {
                    skipLf = true;
                    return sb.toString();
                }
                sb.append((char)b);
            }
        }

        /** Exactly n bytes, or null if the stream ends first. */
        String readBytes(final int n) throws IOException
        {
            final StringBuilder sb = new StringBuilder(n);
            while (sb.length() < n)
            {
                final int b = in.read();
                if (b < 0)
                {
                    return null;
                }
                if (skipLf)
                {
                    skipLf = false;
                    if (b == '\n')
                    {
                        continue;
                    }
                }
                sb.append((char)b);
            }
            return sb.toString();
        }

        /** The lines up to one equal (ignoring trailing white space) to {@code until}, each with its own end. */
        String readUntil(final String until) throws IOException
        {
            final StringBuilder data = new StringBuilder();
            while (true)
            {
                final String line = readLine();
                if (line == null)
                {
                    return null;
                }
                if (line.stripTrailing().equals(until))
                {
                    return data.toString();
                }
                data.append(line).append('\n');
            }
        }
    }

    /** Parses and runs one command line; returns the reply text, or null when the connection must close. */
    String command(final Connection conn, final String line) throws IOException
    {
        final List<int[]> spans = words(line);
        if (spans.isEmpty())
        {
            return "";
        }
        final String cmd = word(line, spans, 0).toUpperCase(Locale.ROOT);
        final int n = spans.size();
        final String rest = n > 2 ? line.substring(spans.get(2)[0], spans.get(n - 1)[1]) : "";
        switch (cmd)
        {
            case "READ", "GET", "WRITE", "SET" ->
            {
                if (n < 2)
                {
                    return message(SYNTAX, "Wrong number of arguments");
                }
                final String h = word(line, spans, 1);
                return cmd.charAt(0) == 'R' || cmd.charAt(0) == 'G' ? onRouter(() -> read(h, rest))
                    : onRouter(() -> write(h, rest));
            }
            case "READDATA", "WRITEDATA", "SETDATA" ->
            {
                if (n != 3)
                {
                    return message(SYNTAX, "Wrong number of arguments");
                }
                final Integer len = parseLength(word(line, spans, 2));
                if (len == null)
                {
                    return message(SYNTAX, "Syntax error in '" + cmd + "'");
                }
                final String data = conn.readBytes(len);
                if (data == null)
                {
                    return message(SYNTAX, "Not enough data");
                }
                final String h = word(line, spans, 1);
                return cmd.charAt(0) == 'R' ? onRouter(() -> read(h, data)) : onRouter(() -> write(h, data));
            }
            case "READUNTIL", "WRITEUNTIL" ->
            {
                if (n < 2)
                {
                    return message(SYNTAX, "Wrong number of arguments");
                }
                final String data = conn.readUntil(rest);
                if (data == null)
                {
                    return message(SYNTAX, "Connection closed");
                }
                final String h = word(line, spans, 1);
                return cmd.charAt(0) == 'R' ? onRouter(() -> read(h, data)) : onRouter(() -> write(h, data));
            }
            case "CHECKREAD", "CHECKWRITE" ->
            {
                if (n != 2)
                {
                    return message(SYNTAX, "Wrong number of arguments");
                }
                final String h = word(line, spans, 1);
                return onRouter(() -> check(h, cmd.charAt(5) == 'W'));
            }
            case "LLRPC" ->
            {
                if (n != 2 && n != 3)
                {
                    return message(SYNTAX, "Wrong number of arguments");
                }
                final Integer len = n == 3 ? parseLength(word(line, spans, 2)) : Integer.valueOf(0);
                if (len == null)
                {
                    return message(SYNTAX, "Syntax error in 'llrpc'");
                }
                final String data = conn.readBytes(len);
                if (data == null)
                {
                    return message(SYNTAX, "Not enough data");
                }
                final String name = word(line, spans, 1);
                return onRouter(() -> llrpc(name, data));
            }
            case "QUIT", "CLOSE" ->
            {
                conn.quit = true;
                return (n != 1 ? message(SYNTAX, "Bad command syntax") : "") + message(OK, "Goodbye!");
            }
            case "HELP" ->
            {
                return messages(OK, List.of(
                    "Commands supported:",
                    "READ handler [params...]   read handler, answer DATA",
                    "READDATA handler N         read handler with N bytes of parameters, answer DATA",
                    "READUNTIL handler [TERM]   read handler with the lines up to TERM, answer DATA",
                    "WRITE handler [value...]   write handler",
                    "WRITEDATA handler N        write handler with N bytes",
                    "WRITEUNTIL handler [TERM]  write handler with the lines up to TERM",
                    "CHECKREAD handler          is the handler readable?",
                    "CHECKWRITE handler         is the handler writable?",
                    "LLRPC element#HEX [N]      call an LLRPC with N bytes, answer DATA",
                    "QUIT                       close the connection"));
            }
            default ->
            {
                return message(UNIMPLEMENTED, "Command '" + cmd + "' unimplemented");
            }
        }
    }

    private static List<int[]> words(final String line)
    {
        final List<int[]> spans = new ArrayList<>();
        int i = 0;
        final int len = line.length();
        while (i < len)
        {
            while (i < len && Character.isWhitespace(line.charAt(i)))
            {
                i++;
            }
            final int start = i;
            while (i < len && !Character.isWhitespace(line.charAt(i)))
            {
                i++;
            }
            if (start < i)
            {
                spans.add(new int[] {start, i});
            }
        }
        return spans;
    }

    private static String word(final String line, final List<int[]> spans, final int i)
    {
        return line.substring(spans.get(i)[0], spans.get(i)[1]);
    }

    private static Integer parseLength(final String text)
    {
        try
        {
            final int v = Integer.parseInt(text);
            return v >= 0 ? v : null;
        }
        catch (final NumberFormatException e)
        {
            return null;
        }
    }

    /**
     * Runs {@code work} on the router thread (through this element's task) and waits for its reply; null if the
     * router ends first.
     */
    private String onRouter(final Supplier<String> work)
    {
        final Call call = new Call(work, new CompletableFuture<>());
        calls.add(call);
        task.reschedule();
        while (true)
        {
            try
            {
                return call.answer.get(100, TimeUnit.MILLISECONDS);
            }
            catch (final TimeoutException e)
            {
                if (closed && !call.answer.isDone())
                {
                    return null;
                }
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
                return null;
            }
            catch (final ExecutionException e)
            {
                return message(UNSPECIFIED, "Internal error: " + e.getCause());
            }
        }
    }

    @Override
    public boolean runTask(final Task t)
    {
        boolean worked = false;
        Call call;
        while ((call = calls.poll()) != null)
        {
            worked = true;
            try
            {
                call.answer.complete(call.work.get());
            }
            catch (final RuntimeException e)
            {
                call.answer.completeExceptionally(e);
            }
        }
        return worked;
    }

    @Override
    public void cleanup(final CleanupStage stage)
    {
        closed = true;
        if (server != null)
        {
            closeQuietly(server);
            server = null;
            if (!tcp)
            {
                try
                {
                    Files.deleteIfExists(Path.of(path));
                }
                catch (final IOException e)
                {
                    // nothing more to do
                }
            }
        }
        Call call;
        while ((call = calls.poll()) != null)
        {
            call.answer.complete(null);
        }
        // let replies already computed (e.g. to the write that stopped the router) reach their clients
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (System.nanoTime() < deadline
            && connections.values().stream().anyMatch(busy -> busy.get() > 0))
        {
            try
            {
                Thread.sleep(1);
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (final SocketChannel c : connections.keySet())
        {
            closeQuietly(c);
        }
    }

    // ---- the commands themselves; these run on the router thread ----

    /** A handler and the element it belongs to (null for a global handler). */
    private record Found(Element element, Handler handler)
    {
    }

    /** Finds a visible handler; on failure {@code reply[0]} holds the error reply. */
    private Found find(final String fullName, final String[] reply)
    {
        final int dot = fullName.lastIndexOf('.');
        Element e;
        final String hname;
        if (dot >= 0)
        {
            final String ename = fullName.substring(0, dot);
            hname = fullName.substring(dot + 1);
            e = router().find(ename);
            if (e == null)
            {
                final Integer num = parseLength(ename);
                if (num != null && num > 0 && num <= router().elementCount())
                {
                    e = router().element(num - 1);
                }
            }
            if (e == null)
            {
                reply[0] = message(NO_SUCH_ELEMENT, "No element named '" + ename + "'");
                return null;
            }
        }
        else
        {
            e = proxy;
            hname = fullName;
        }
        final Handler h = router().handlers().find(e, hname);
        if (h == null || !h.visible())
        {
            reply[0] = message(NO_SUCH_HANDLER, "No handler named '" + fullName + "'");
            return null;
        }
        return new Found(e, h);
    }

    String read(final String name, final String param)
    {
        final String[] reply = new String[1];
        final Found f = find(name, reply);
        if (f == null)
        {
            return reply[0];
        }
        if (!f.handler.readable())
        {
            return message(PERMISSION, "Handler '" + name + "' write-only");
        }
        final ErrorHandler.Buffer errh = new ErrorHandler.Buffer();
        String data = f.handler.callRead(param, errh);
        if (errh.errorCount() > 0 || data == null)
        {
            return transfer(UNSPECIFIED, "Read handler '" + name + "' error", errh.lines());
        }
        return message(OK, "Read handler '" + name + "' OK") + "DATA " + data.length() + "\r\n" + data;
    }

    String write(final String name, final String value)
    {
        final String[] reply = new String[1];
        final Found f = find(name, reply);
        if (f == null)
        {
            return reply[0];
        }
        if (!f.handler.writable())
        {
            return message(PERMISSION, "Handler '" + name + "' read-only");
        }
        if (readOnly)
        {
            return message(PERMISSION, "Permission denied for '" + name + "'");
        }
        final ErrorHandler.Buffer errh = new ErrorHandler.Buffer();
        final int result = f.handler.callWrite(value, errh);
        if (errh.errorCount() > 0 || result < 0)
        {
            return transfer(HANDLER_ERROR, "Write handler '" + name + "' error", errh.lines());
        }
        if (errh.warningCount() > 0)
        {
            return transfer(OK_WARNINGS, "Write handler '" + name + "' OK with warnings", errh.lines());
        }
        return transfer(OK, "Write handler '" + name + "' OK", errh.lines());
    }

    String check(final String name, final boolean write)
    {
        final String[] reply = new String[1];
        final Found f = find(name, reply);
        if (f == null)
        {
            return reply[0];
        }
        final boolean ok = write ? f.handler.writable() : f.handler.readable();
        if (write && readOnly && ok)
        {
            return message(PERMISSION, "Permission denied for '" + name + "'");
        }
        if (ok)
        {
            return message(OK, (write ? "Write" : "Read") + " handler '" + name + "' OK");
        }
        return message(NO_SUCH_HANDLER, "Handler '" + name + (write ? "' not writable" : "' not readable"));
    }

    /**
     * The LLRPCs that can be called: getting (number 5 of group '@') and setting (number 6) the output or input
     * of a Switch-like element, as a 4-byte integer in host byte order; they map onto its switch handler.
     */
    String llrpc(final String name, final String data)
    {
        final int hash = name.indexOf('#');
        long command;
        try
        {
            command = hash < 0 ? -1 : Long.parseUnsignedLong(name.substring(hash + 1), 16);
        }
        catch (final NumberFormatException e)
        {
            command = -1;
        }
        if (command < 0 || command > 0xFFFFFFFFL)
        {
            return message(SYNTAX, "Syntax error in LLRPC name '" + name + "'");
        }
        final String[] reply = new String[1];
        final Found f = find(name.substring(0, hash) + ".name", reply);
        if (f == null)
        {
            return reply[0];
        }
        final int size = (int)((command >>> 16) & 0x1FFF);
        final int number = (int)(command & 0x7FFF);
        final boolean in = (command & LLRPC_IN) != 0;
        final boolean out = (command & LLRPC_OUT) != 0;
        final boolean get = number == 0x4005 && out && !in && size == 4;
        final boolean set = number == 0x4006 && in && !out && size == 4;
        if (!get && !set)
        {
            return message(UNIMPLEMENTED, "Cannot call LLRPC '" + name + "' remotely");
        }
        if (readOnly)
        {
            return message(PERMISSION, "Permission denied for '" + name + "'");
        }
        if (in && data.length() != size)
        {
            return message(LLRPC_ERROR, "LLRPC '" + name + "' requires " + size + " bytes input data");
        }
        final Handler sw = router().handlers().find(f.element, "switch");
        final ErrorHandler.Buffer errh = new ErrorHandler.Buffer();
        final ByteBuffer buf = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder());
        boolean failed = sw == null || (get ? !sw.readable() : !sw.writable());
        if (!failed && get)
        {
            final String v = sw.callRead("", errh);
            try
            {
                buf.putInt(0, Integer.parseInt(v == null ? "" : v.trim()));
            }
            catch (final NumberFormatException e)
            {
                failed = true;
            }
        }
        else if (!failed)
        {
            buf.put(0, data.getBytes(StandardCharsets.ISO_8859_1));
            failed = sw.callWrite(Integer.toString(buf.getInt(0)), errh) < 0;
        }
        if (failed)
        {
            return message(LLRPC_ERROR, "LLRPC '" + name + "' error: Invalid argument");
        }
        if (errh.errorCount() > 0)
        {
            return transfer(LLRPC_ERROR, "LLRPC '" + name + "' error", errh.lines());
        }
        final String result = get ? new String(buf.array(), StandardCharsets.ISO_8859_1) : "";
        return transfer(OK, "LLRPC '" + name + "' OK", errh.lines()) + "DATA " + result.length() + "\r\n" + result;
    }

    // ---- reply formatting ----

    static String message(final int code, final String text)
    {
        return messages(code, List.of(text));
    }

    /** One reply: "CODE-line" for all lines but the last, "CODE line" for the last. */
    static String messages(final int code, final List<String> lines)
    {
        final List<String> all = new ArrayList<>();
        for (final String l : lines)
        {
            all.addAll(List.of(l.split("\r\n|\r|\n", -1)));
        }
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < all.size(); i++)
        {
            sb.append(code).append(i == all.size() - 1 ? ' ' : '-').append(escape(all.get(i))).append("\r\n");
        }
        return sb.toString();
    }

    /** A status line followed by the messages a handler reported ("text:" when there are any). */
    private static String transfer(final int code, final String text, final List<String> reported)
    {
        final List<String> lines = new ArrayList<>();
        final List<String> rep = new ArrayList<>(reported);
        while (!rep.isEmpty() && rep.get(rep.size() - 1).isEmpty())
        {
            rep.remove(rep.size() - 1);
        }
        lines.add(rep.isEmpty() ? text : text + ":");
        lines.addAll(rep);
        return messages(code, lines);
    }

    /** Non-printable characters as backslash escapes. */
    private static String escape(final String s)
    {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++)
        {
            final char c = s.charAt(i);
            final boolean plain = c >= 32 && c < 127 || c == '\t';
            if (!plain && sb == null)
            {
                sb = new StringBuilder(s.substring(0, i));
            }
            if (sb != null)
            {
                if (plain)
                {
                    sb.append(c);
                }
                else
                {
                    sb.append(String.format("\\%03o", (int)c & 0xFF));
                }
            }
        }
        return sb == null ? s : sb.toString();
    }
}
