package org.jclick.compiler;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UTFDataFormatException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;

import org.jclick.compiler.GraphCompiler.Generated;
import org.jclick.compiler.GraphPlan.Kind;
import org.jclick.compiler.GraphPlan.Node;
import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.packet.PacketBatch;
import org.jclick.elements.classification.ClassifierElement;

/**
 * The graph compiler's on-disk cache: the classes generated for a configuration, kept in a directory so that the next
 * cold start of the same configuration defines them instead of generating them again (generating is a good part of a
 * cold start: the class-file API runs in the interpreter then).
 *
 * <p>An entry is keyed by everything the bytes depend on: the plan of the router (every element's name, Java class,
 * landmark, ports and their push/pull, the push edges and each element's kind, and the configuration string of every
 * classifier, whose decision program is compiled into the class), the JDK's version and jclick's code (each
 * class-path entry's path, size and modification time). Other elements' configuration strings (a trace's file name,
 * a counter's settings) are not part of the key: {@link SegmentEmitter} reads nothing of those elements but their
 * class, name, landmark and ports, so running the same configuration on another trace hits the same entry. Whatever
 * else the emitter comes to read of an element must be added to the key. At most {@value #MAX_FILES} entries are
 * kept; the oldest go first.
 * The file holds the full key, which must match exactly (its name is only a hash of it); the classes; the elements
 * left to the interpreter; and how to rebuild the constants the classes are bound to (an element, its classifier
 * program, a new batch, or an array of those batches). A CRC-32 over the whole file ends it. A file that cannot be
 * read, or whose CRC does not match, is reported in one line and replaced.
 */
final class ClassCache
{
    private static final String MAGIC = "jclick compiled classes 1";
    private static final byte ELEMENT = 'E';
    private static final byte PROGRAM = 'P';
    private static final byte BATCH = 'B';
    private static final byte BATCHES = 'A';
    static final int MAX_FILES = 64;
    /** Entries loaded so far in this JVM (for tests and diagnostics). */
    static final java.util.concurrent.atomic.AtomicLong HITS = new java.util.concurrent.atomic.AtomicLong();

    private final Path dir;

    ClassCache(final Path dir)
    {
        this.dir = dir;
    }

    /** Everything the classes generated for {@code plan} (planned, not yet generated) depend on, as text. */
    static String key(final GraphPlan plan)
    {
        final StringBuilder b = new StringBuilder(4096);
        b.append(MAGIC).append('\n');
        b.append("jdk ").append(Runtime.version()).append('\n');
        final Package p = GraphCompiler.class.getPackage();
        b.append("version ").append(p == null ? null : p.getImplementationVersion()).append('\n');
        // the emitter is a lambda, whose class name changes from one JVM to the next: name it
        final SegmentEmitter.MatchEmitter emitter = GraphCompiler.matchEmitter();
        b.append("emitter ").append(emitter == ClassifierMatch.EMITTER ? "ClassifierMatch"
            : emitter == null ? null : emitter.getClass().getName() + "@" + System.nanoTime()).append('\n');
        final String cp = System.getProperty("java.class.path", "");
        for (final String entry : cp.split(java.io.File.pathSeparator))
        {
            if (entry.isEmpty())
            {
                continue;
            }
            b.append("code ").append(entry);
            try
            {
                final Path f = Path.of(entry);
                b.append(' ').append(Files.size(f)).append(' ').append(Files.getLastModifiedTime(f).toMillis());
            }
            catch (final IOException | RuntimeException e)
            {
                b.append(" -");
            }
            b.append('\n');
        }
        b.append("package ").append(plan.packageName()).append(" source ").append(plan.sourceFile()).append('\n');
        for (final Node n : plan.nodes())
        {
            final Element e = n.element;
            b.append(n.index).append(' ').append(e.name()).append(' ').append(e.getClass().getName()).append(' ')
                .append(e.className()).append(' ').append(n.kind).append(' ').append(n.className).append(" @")
                .append(e.landmark()).append(" in");
            for (int i = 0; i < e.ninputs(); i++)
            {
                b.append(e.inputIsPush(i) ? " h" : " l");
            }
            b.append(" pushed ").append(n.pushInputs).append(" out");
            for (int i = 0; i < e.noutputs(); i++)
            {
                b.append(e.outputIsPush(i) ? " h" : " l");
                b.append(n.outputPeer[i] == null ? "-" : n.outputPeer[i].index + ":" + n.outputPeerPort[i]);
                b.append(n.outputDeadEnd[i] ? "x" : "");
            }
            b.append(" reason ").append(n.reason.replace('\n', ' '));
            if (e instanceof ClassifierElement)
            {
                // its decision program becomes bytecode; no other element's configuration reaches the classes
                final String config = e.configuration();
                b.append(" config ").append(config == null ? -1 : config.length()).append(' ').append(config);
            }
            b.append('\n');
        }
        return b.toString();
    }

    /** The file of {@code key}: a hash of it (the file holds the whole key, which decides). */
    Path fileOf(final String key)
    {
        final CRC32 crc = new CRC32();
        final byte[] k = key.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        crc.update(k);
        return dir.resolve(String.format(Locale.ROOT, "%08x%08x.classes", crc.getValue(), key.hashCode()));
    }

    /**
     * The classes of {@code plan} (keyed {@code key}) from the cache, with the plan's nodes set as they were when the
     * classes were generated (elements left to the interpreter), or null when there is no such entry. A file that
     * cannot be read is reported on {@code diagnostics} in one line and ignored.
     */
    Generated load(final GraphPlan plan, final String key, final PrintStream diagnostics)
    {
        final Path file = fileOf(key);
        final byte[] all;
        try
        {
            all = Files.readAllBytes(file);
        }
        catch (final NoSuchFileException e)
        {
            return null;
        }
        catch (final IOException e)
        {
            ignored(diagnostics, file, "cannot read it: " + e.getMessage());
            return null;
        }
        try
        {
            if (all.length < 8)
            {
                throw new IOException("truncated");
            }
            final CRC32 crc = new CRC32();
            crc.update(all, 0, all.length - 8);
            final long stored = java.nio.ByteBuffer.wrap(all, all.length - 8, 8).getLong();
            if (stored != crc.getValue())
            {
                throw new IOException("checksum mismatch");
            }
            final DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(all, 0, all.length - 8));
            if (!MAGIC.equals(in.readUTF()))
            {
                throw new IOException("not a class cache file");
            }
            if (!key.equals(readLong(in)))
            {
                return null;                              // another configuration whose key has the same hash
            }
            final Map<String, Node> byName = new LinkedHashMap<>();
            for (final Node n : plan.nodes())
            {
                byName.put(n.element.name(), n);
            }
            final int nFallbacks = in.readInt();
            final List<String> fallbacks = new ArrayList<>();
            final List<Node> linked = new ArrayList<>();
            final List<String> reasons = new ArrayList<>();
            for (int i = 0; i < nFallbacks; i++)
            {
                final Node n = byName.get(in.readUTF());
                if (n == null)
                {
                    throw new IOException("unknown element");
                }
                linked.add(n);
                reasons.add(readLong(in));
                fallbacks.add(readLong(in));
            }
            final int nClasses = in.readInt();
            final Map<String, byte[]> classes = new LinkedHashMap<>();
            for (int i = 0; i < nClasses; i++)
            {
                final String name = in.readUTF();
                final byte[] bytes = new byte[in.readInt()];
                in.readFully(bytes);
                classes.put(name, bytes);
            }
            final Object[] constants = new Object[in.readInt()];
            for (int i = 0; i < constants.length; i++)
            {
                constants[i] = readConstant(in, plan, constants, i);
            }
            if (in.read() != -1)
            {
                throw new IOException("trailing bytes");
            }
            if (!classes.keySet().equals(expectedClasses(plan)))
            {
                throw new IOException("its classes are not this plan's");
            }
            for (int i = 0; i < linked.size(); i++)
            {
                linked.get(i).kind = Kind.LINKED;
                linked.get(i).reason = reasons.get(i);
            }
            HITS.incrementAndGet();
            return new Generated(plan, classes, constants, fallbacks, linked);
        }
        catch (final IOException | RuntimeException e)
        {
            ignored(diagnostics, file, e instanceof EOFException ? "truncated" : e.getMessage());
            return null;
        }
    }

    /** Writes {@code g} (generated for the plan keyed {@code key}); false, with one line said, when it cannot. */
    boolean save(final String key, final Generated g, final PrintStream diagnostics)
    {
        final Path file = fileOf(key);
        try
        {
            final ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
            final DataOutputStream out = new DataOutputStream(bytes);
            out.writeUTF(MAGIC);
            writeLong(out, key);
            final List<Node> linked = g.linked();
            out.writeInt(linked.size());
            for (int i = 0; i < linked.size(); i++)
            {
                out.writeUTF(linked.get(i).element.name());
                writeLong(out, linked.get(i).reason);
                writeLong(out, g.fallbacks().get(i));
            }
            out.writeInt(g.classes().size());
            for (final Map.Entry<String, byte[]> e : g.classes().entrySet())
            {
                out.writeUTF(e.getKey());
                out.writeInt(e.getValue().length);
                out.write(e.getValue());
            }
            if (!writeConstants(out, g))
            {
                return false;                             // a constant of a kind the cache cannot rebuild
            }
            out.flush();
            final CRC32 crc = new CRC32();
            crc.update(bytes.toByteArray());
            out.writeLong(crc.getValue());
            out.flush();
            Files.createDirectories(dir);
            // not Files.createTempFile: its SecureRandom costs a cold start more than the rest of the save
            final Path tmp = dir.resolve(file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
            try
            {
                Files.write(tmp, bytes.toByteArray());
                try
                {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                }
                catch (final AtomicMoveNotSupportedException e)
                {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            finally
            {
                Files.deleteIfExists(tmp);
            }
            prune();
            return true;
        }
        catch (final IOException | RuntimeException e)
        {
            if (diagnostics != null)
            {
                diagnostics.println("jclick: cannot write the compiled-class cache file " + file + ": " + e.getMessage());
            }
            return false;
        }
    }

    /** Deletes the oldest entries beyond {@link #MAX_FILES}. */
    private void prune() throws IOException
    {
        final List<Path> files = new ArrayList<>();
        try (java.nio.file.DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.classes"))
        {
            for (final Path f : ds)
            {
                files.add(f);
            }
        }
        if (files.size() <= MAX_FILES)
        {
            return;
        }
        final Map<Path, Long> modified = new java.util.HashMap<>();
        for (final Path f : files)
        {
            modified.put(f, Files.getLastModifiedTime(f).toMillis());
        }
        files.sort(java.util.Comparator.comparing(modified::get));
        for (int i = 0; i < files.size() - MAX_FILES; i++)
        {
            Files.deleteIfExists(files.get(i));
        }
    }

    /** The names of the classes the plan's nodes get: one per node with a class, one per pushed input. */
    private static java.util.Set<String> expectedClasses(final GraphPlan plan)
    {
        final java.util.Set<String> names = new java.util.HashSet<>();
        for (final Node n : plan.nodes())
        {
            if (n.className == null)
            {
                continue;
            }
            names.add(n.className);
            for (final int port : n.pushInputs)
            {
                names.add(SegmentEmitter.portClassName(n, port));
            }
        }
        return names;
    }

    private static boolean writeConstants(final DataOutputStream out, final Generated g) throws IOException
    {
        final Object[] constants = g.constants();
        final Map<Object, Integer> index = new IdentityHashMap<>();
        final Map<Object, Node> elementNode = new IdentityHashMap<>();
        final Map<Object, Node> programNode = new IdentityHashMap<>();
        for (final Node n : g.plan().nodes())
        {
            elementNode.put(n.element, n);
            if (n.element instanceof ClassifierElement c && c.program() != null)
            {
                programNode.put(c.program(), n);
            }
        }
        out.writeInt(constants.length);
        for (int i = 0; i < constants.length; i++)
        {
            final Object c = constants[i];
            if (elementNode.containsKey(c))
            {
                out.writeByte(ELEMENT);
                out.writeInt(elementNode.get(c).index);
            }
            else if (programNode.containsKey(c))
            {
                out.writeByte(PROGRAM);
                out.writeInt(programNode.get(c).index);
            }
            else if (c instanceof PacketBatch b && b.capacity() == PacketBatch.MAX_CAPACITY && b.size() == 0)
            {
                out.writeByte(BATCH);
            }
            else if (c instanceof PacketBatch[] batches)
            {
                out.writeByte(BATCHES);
                out.writeInt(batches.length);
                for (final PacketBatch b : batches)
                {
                    final Integer at = index.get(b);
                    if (at == null)
                    {
                        return false;
                    }
                    out.writeInt(at);
                }
            }
            else
            {
                return false;
            }
            index.put(c, i);
        }
        return true;
    }

    private static Object readConstant(final DataInputStream in, final GraphPlan plan, final Object[] made, final int at)
        throws IOException
    {
        final byte kind = in.readByte();
        switch (kind)
        {
            case ELEMENT:
                return plan.nodes().get(in.readInt()).element;
            case PROGRAM:
                final Element e = plan.nodes().get(in.readInt()).element;
                if (!(e instanceof ClassifierElement c) || c.program() == null)
                {
                    throw new IOException("a program constant names an element without one");
                }
                return c.program();
            case BATCH:
                return new PacketBatch(PacketBatch.MAX_CAPACITY);
            case BATCHES:
                final PacketBatch[] batches = new PacketBatch[in.readInt()];
                for (int i = 0; i < batches.length; i++)
                {
                    final int k = in.readInt();
                    if (k < 0 || k >= at || !(made[k] instanceof PacketBatch b))
                    {
                        throw new IOException("bad batch reference");
                    }
                    batches[i] = b;
                }
                return batches;
            default:
                throw new IOException("unknown constant kind " + kind);
        }
    }

    /** writeUTF is limited to 64 KB: longer strings as an int length and UTF-8 bytes. */
    private static void writeLong(final DataOutputStream out, final String s) throws IOException
    {
        final byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readLong(final DataInputStream in) throws IOException
    {
        final int n = in.readInt();
        if (n < 0 || n > (64 << 20))
        {
            throw new UTFDataFormatException("bad string length");
        }
        final byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void ignored(final PrintStream diagnostics, final Path file, final String why)
    {
        if (diagnostics != null)
        {
            diagnostics.println("jclick: ignoring the compiled-class cache file " + file + " (" + why
                + "); compiling again");
        }
    }
}
