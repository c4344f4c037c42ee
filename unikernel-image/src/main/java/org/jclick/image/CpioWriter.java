package org.jclick.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Writes an initramfs archive in the cpio "newc" format (the one the Linux kernel unpacks, see the kernel's
 * Documentation/driver-api/early-userspace/buffer-format.rst): 110-byte ASCII headers, names and data padded to 4
 * bytes, a {@code TRAILER!!!} entry at the end. Written in Java so that device nodes ({@code /dev/console}) and
 * modes are exact without root or the cpio tool. Parent folders are added on demand.
 */
final class CpioWriter implements AutoCloseable
{
    private static final int S_IFDIR = 0040000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFLNK = 0120000;
    private static final int S_IFCHR = 0020000;

    private final OutputStream out;
    private final Set<String> folders = new HashSet<>();
    private long written;
    private int inode = 1;
    /** The modification time of the next entry: the guest JVM checks jar times against its AOT cache. */
    private long mtime;
    private final byte[] copyBuffer = new byte[1 << 16];

    CpioWriter(final OutputStream out)
    {
        this.out = out;
    }

    /** A folder (and its parents). {@code path} is relative to the root, without a leading slash. */
    void folder(final String path) throws IOException
    {
        if (path.isEmpty() || folders.contains(path))
        {
            return;
        }
        parents(path);
        folders.add(path);
        header(path, S_IFDIR | 0755, 0, 0, 0, 2);
    }

    /** A regular file with {@code data}. */
    void file(final String path, final int mode, final byte[] data) throws IOException
    {
        parents(path);
        header(path, S_IFREG | mode, data.length, 0, 0, 1);
        write(data, data.length);
        pad();
    }

    /** A regular file copied from {@code source}. */
    void file(final String path, final int mode, final Path source) throws IOException
    {
        parents(path);
        final long size = Files.size(source);
        header(path, S_IFREG | mode, size, 0, 0, 1);
        long copied = 0;
        try (InputStream in = Files.newInputStream(source))
        {
            int n;
            while ((n = in.read(copyBuffer)) > 0)
            {
                write(copyBuffer, n);
                copied += n;
            }
        }
        if (copied != size)
        {
            throw new IOException(source + " changed while being archived");
        }
        pad();
    }

    /** A symbolic link to {@code target}. */
    void symlink(final String path, final String target) throws IOException
    {
        parents(path);
        final byte[] t = target.getBytes(StandardCharsets.UTF_8);
        header(path, S_IFLNK | 0777, t.length, 0, 0, 1);
        write(t, t.length);
        pad();
    }

    /** A character device node. */
    void charDevice(final String path, final int mode, final int major, final int minor) throws IOException
    {
        parents(path);
        header(path, S_IFCHR | mode, 0, major, minor, 1);
    }

    /** Archives everything under {@code source} at the archive's root, with modes, links and times. */
    void contents(final Path source) throws IOException
    {
        tree("", source);
    }

    /** Copies the tree under {@code source} to {@code path}, keeping the executable bit, links and times. */
    void tree(final String path, final Path source) throws IOException
    {
        folder(path);
        try (var walk = Files.walk(source))
        {
            for (final Path p : (Iterable<Path>)walk.sorted()::iterator)
            {
                if (p.equals(source))
                {
                    continue;
                }
                final String rel = source.relativize(p).toString().replace('\\', '/');
                final String name = path.isEmpty() ? rel : path + "/" + rel;
                if (Files.isSymbolicLink(p))
                {
                    symlink(name, Files.readSymbolicLink(p).toString());
                }
                else if (Files.isDirectory(p))
                {
                    folder(name);
                }
                else
                {
                    mtime = Files.getLastModifiedTime(p).toMillis() / 1000;
                    file(name, Files.isExecutable(p) ? 0755 : 0644, p);
                    mtime = 0;
                }
            }
        }
    }

    private void parents(final String path)
    {
        final int slash = path.lastIndexOf('/');
        if (slash > 0)
        {
            try
            {
                folder(path.substring(0, slash));
            }
            catch (final IOException e)
            {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    private void header(final String name, final int mode, final long size, final int rdevMajor, final int rdevMinor,
        final int nlink) throws IOException
    {
        if (size > 0xffff_ffffL)
        {
            throw new IOException(name + ": too large for cpio newc");
        }
        final byte[] n = name.getBytes(StandardCharsets.UTF_8);
        final StringBuilder h = new StringBuilder(110);
        h.append("070701");
        hex(h, inode++);    // c_ino
        hex(h, mode);       // c_mode
        hex(h, 0);          // c_uid
        hex(h, 0);          // c_gid
        hex(h, nlink);      // c_nlink
        hex(h, mtime);      // c_mtime (0 for generated entries)
        hex(h, size);       // c_filesize
        hex(h, 0);          // c_devmajor
        hex(h, 0);          // c_devminor
        hex(h, rdevMajor);  // c_rdevmajor
        hex(h, rdevMinor);  // c_rdevminor
        hex(h, n.length + 1); // c_namesize, with the NUL
        hex(h, 0);          // c_check
        final byte[] hb = h.toString().getBytes(StandardCharsets.US_ASCII);
        write(hb, hb.length);
        write(n, n.length);
        write(new byte[] {0}, 1);
        pad();
    }

    private static void hex(final StringBuilder b, final long v)
    {
        final String s = Long.toHexString(v);
        b.append("0".repeat(8 - s.length())).append(s);
    }

    private void write(final byte[] b, final int n) throws IOException
    {
        out.write(b, 0, n);
        written += n;
    }

    private void pad() throws IOException
    {
        while ((written & 3) != 0)
        {
            out.write(0);
            written++;
        }
    }

    @Override
    public void close() throws IOException
    {
        header("TRAILER!!!", 0, 0, 0, 0, 1);
        out.close();
    }
}
