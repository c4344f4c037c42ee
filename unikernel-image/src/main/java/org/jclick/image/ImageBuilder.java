package org.jclick.image;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Builds the jclick appliance: a Debian cloud kernel and an initramfs holding BusyBox, the virtio/uio/vfio kernel
 * modules, a jlinked JVM, jclick's jars, a configuration and an {@code /init} that runs jclick and powers off.
 * <p>
 * Expensive parts are cached under {@code workDir/cache}: the kernel package (fetched with
 * {@code apt-get download}, unpacked with {@code dpkg -x}; never installed on the host) and the jlinked runtime
 * (keyed by its module list and the JDK version); {@code -Djclick.image.cache=DIR} puts that cache elsewhere, e.g.
 * out of {@code target/} so that {@code mvn clean} keeps it. The initramfs is rebuilt on every call (seconds).
 * <pre>
 * java -cp ... org.jclick.image.ImageBuilder --work DIR [--config FILE] [--classpath CP]
 * </pre>
 */
public final class ImageBuilder
{
    /** The kernel modules the appliance carries: virtio (PCI, MMIO, net), uio and vfio, with what they need. */
    public static final List<String> MODULES = List.of(
        "virtio", "virtio_ring", "virtio_pci_legacy_dev", "virtio_pci_modern_dev", "virtio_pci", "virtio_mmio",
        "failover", "net_failover", "virtio_net", "uio", "uio_pci_generic", "irqbypass", "vfio", "vfio_iommu_type1",
        "vfio_pci_core", "vfio-pci");

    /** The JVM options of the guest: small heap, serial GC, fast start. */
    public static final List<String> GUEST_JVM_OPTIONS = List.of(
        "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-Xmx128m", "-Xss512k",
        "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow");

    /** The configuration run when none is given: prints one line and stops. */
    public static final String DEFAULT_CONFIG =
        "InfiniteSource(DATA \\<00>, LIMIT 1, STOP true) -> Print(\"jclick-appliance-hello\") -> Discard;\n";

    /** Where the guest's AOT cache lives, relative to its root. */
    static final String AOT_CACHE = "opt/jclick/jclick.aot";
    private static final Duration APT_TIMEOUT = Duration.ofMinutes(8);
    private static final Duration TOOL_TIMEOUT = Duration.ofMinutes(4);

    /** What the builder made. */
    public record Image(Path kernel, Path initramfs, String kernelVersion, long initramfsBytes)
    {
    }

    private final Path workDir;
    private final Path cacheDir;
    private final List<Path> classpath = new ArrayList<>();
    private final Map<String, byte[]> extraFiles = new LinkedHashMap<>();
    private final List<String> jvmOptions = new ArrayList<>(GUEST_JVM_OPTIONS);
    private String config = DEFAULT_CONFIG;
    private String imageName = "jclick";
    private boolean aotCache = true;
    private final List<String> log = new ArrayList<>();

    /** A builder that keeps its cache and output under {@code workDir}. */
    public ImageBuilder(final Path workDir)
    {
        this.workDir = workDir.toAbsolutePath();
        final String sharedCache = System.getProperty("jclick.image.cache");
        this.cacheDir = sharedCache != null && !sharedCache.isBlank() ? Path.of(sharedCache).toAbsolutePath() :
            this.workDir.resolve("cache");
    }

    /** Adds jars or class folders (module {@code target/classes}) to the guest's classpath. */
    public ImageBuilder classpath(final List<Path> entries)
    {
        classpath.addAll(entries);
        return this;
    }

    /** The configuration the guest runs by default ({@code /config.click}). */
    public ImageBuilder config(final String clickConfig)
    {
        this.config = clickConfig;
        return this;
    }

    /** Adds a file to the image at {@code guestPath} (absolute). */
    public ImageBuilder file(final String guestPath, final byte[] content)
    {
        extraFiles.put(guestPath.startsWith("/") ? guestPath.substring(1) : guestPath, content);
        return this;
    }

    /** Whether to train an AOT cache for the guest JVM (default true; needs unshare and chroot, as root). */
    public ImageBuilder aotCache(final boolean train)
    {
        this.aotCache = train;
        return this;
    }

    /** Names the output files ({@code NAME.initramfs.gz}). */
    public ImageBuilder name(final String name)
    {
        this.imageName = name;
        return this;
    }

    /** What the last build did, one line per step. */
    public List<String> log()
    {
        return List.copyOf(log);
    }

    /**
     * The classpath of the running JVM, less test-only entries (JUnit, surefire, test classes): what a test passes
     * to {@link #classpath}.
     */
    public static List<Path> runtimeClasspath()
    {
        return withoutTestEntries(System.getProperty("java.class.path"));
    }

    /** The entries of a classpath, less test-only ones (JUnit, surefire, test classes) and missing ones. */
    public static List<Path> withoutTestEntries(final String classpathText)
    {
        final List<Path> out = new ArrayList<>();
        for (final String e : classpathText.split(java.io.File.pathSeparator))
        {
            if (e.isBlank())
            {
                continue;
            }
            final String n = e.replace('\\', '/');
            if (n.contains("junit") || n.contains("opentest4j") || n.contains("apiguardian") ||
                n.contains("surefire") || n.endsWith("/test-classes") || n.contains("/test-classes/"))
            {
                continue;
            }
            final Path p = Path.of(e);
            if (Files.exists(p))
            {
                out.add(p);
            }
        }
        return out;
    }

    /** Builds (or reuses from the cache) the kernel and builds the initramfs. */
    public Image build() throws IOException
    {
        Files.createDirectories(cacheDir);
        final Path outDir = Files.createDirectories(workDir.resolve("out"));
        final Path kernelRoot = kernel();
        final Path vmlinuz;
        try (var boot = Files.list(kernelRoot.resolve("boot")))
        {
            vmlinuz = boot.filter(p -> p.getFileName().toString().startsWith("vmlinuz-")).findFirst()
                .orElseThrow(() -> new IOException("no vmlinuz in " + kernelRoot.resolve("boot")));
        }
        final String kernelVersion = vmlinuz.getFileName().toString().substring("vmlinuz-".length());
        final Path modulesDir = kernelRoot.resolve("lib/modules").resolve(kernelVersion);
        final Path busybox = busybox();
        final List<Path> jars = appJars(outDir.resolve("lib"));
        final Path jre = jre(jars);

        // 1. the guest's root as a folder (hard links into the cache where possible)
        final Path root = outDir.resolve("root");
        deleteTree(root);
        final Stage stage = new Stage(root, List.of(workDir, cacheDir));
        for (final String d : List.of("dev", "proc", "sys", "tmp", "run", "etc", "root", "bin", "sbin", "usr/bin",
            "usr/sbin", "lib/modules", "opt/jclick/lib"))
        {
            stage.folder(d);
        }
        stage.file("bin/busybox", 0755, busybox);
        modules(stage, modulesDir);
        stage.tree("opt/jre", jre);
        sharedLibraries(stage, jre);
        final StringBuilder cp = new StringBuilder();
        for (final Path jar : jars)
        {
            final String name = "opt/jclick/lib/" + jar.getFileName();
            stage.file(name, 0644, jar);
            cp.append(cp.length() == 0 ? "" : ":").append('/').append(name);
        }
        stage.file("config.click", 0644, config.getBytes(StandardCharsets.UTF_8));
        stage.file("etc/hostname", 0644, "jclick\n".getBytes(StandardCharsets.US_ASCII));
        for (final Map.Entry<String, byte[]> e : extraFiles.entrySet())
        {
            stage.file(e.getKey(), 0644, e.getValue());
        }
        // 2. an AOT cache trained in that root, so that its paths and jar times are the guest's
        final List<String> guestJvm = new ArrayList<>(jvmOptions);
        if (aotCache && trainAotCache(root, cp.toString()))
        {
            guestJvm.add("-XX:AOTCache=/" + AOT_CACHE);
        }
        stage.file("init", 0755, initScript(cp.toString(), guestJvm).getBytes(StandardCharsets.UTF_8));

        // 3. the archive: device nodes the kernel needs before init mounts devtmpfs, then the tree
        final Path initramfs = outDir.resolve(imageName + ".initramfs.gz");
        final Path tmp = outDir.resolve(imageName + ".initramfs.gz.tmp");
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16);
            CpioWriter cpio = new CpioWriter(new GZIPOutputStream(file, 1 << 16)))
        {
            cpio.folder("dev");
            // the kernel opens /dev/console for init's stdin/stdout/stderr before any devtmpfs is mounted
            cpio.charDevice("dev/console", 0600, 5, 1);
            cpio.charDevice("dev/null", 0666, 1, 3);
            cpio.contents(root);
        }
        Files.move(tmp, initramfs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        final Path kernelOut = outDir.resolve("vmlinuz");
        Files.copy(vmlinuz, kernelOut, StandardCopyOption.REPLACE_EXISTING);
        final long size = Files.size(initramfs);
        log.add("image: kernel " + kernelVersion + " (" + Files.size(kernelOut) / 1024 + " KiB), initramfs " +
            size / 1024 + " KiB, " + jars.size() + " jars");
        return new Image(kernelOut, initramfs, kernelVersion, size);
    }

    /**
     * Runs jclick once in a chroot of the guest's root (own mount and PID namespaces, /proc mounted there only)
     * with {@code -XX:AOTCacheOutput}: the JVM records the classes it loaded and linked, and the guest starts with
     * them ready. Returns false (and logs why) when the host cannot do it; the image then boots without the cache.
     */
    private boolean trainAotCache(final Path root, final String classpathText)
    {
        if (Exec.which("unshare") == null || Exec.which("chroot") == null)
        {
            log.add("aot: no unshare/chroot on this host, no AOT cache");
            return false;
        }
        final List<String> command = new ArrayList<>(List.of("unshare", "--mount", "--pid", "--fork",
            "--mount-proc=" + root.resolve("proc"), "chroot", root.toString(), "/opt/jre/bin/java"));
        command.addAll(jvmOptions);
        // no machine code in the cache: adapters and stubs generated for the host's CPU (AVX2 here) die with
        // SIGILL on the guest's TCG CPU; the loaded and linked classes are what saves the time
        command.addAll(List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:-AOTAdapterCaching", "-XX:-AOTStubCaching"));
        command.addAll(List.of("-XX:AOTCacheOutput=/" + AOT_CACHE, "-Xlog:aot=error", "-Xlog:cds=error",
            "-cp", classpathText, "org.jclick.cli.Main", "run", "/config.click"));
        try
        {
            Exec.run(command, null, TOOL_TIMEOUT);
        }
        catch (final IOException e)
        {
            log.add("aot: training failed, no AOT cache: " + e.getMessage().lines().findFirst().orElse(""));
            return false;
        }
        final Path cache = root.resolve(AOT_CACHE);
        try
        {
            Files.deleteIfExists(root.resolve(AOT_CACHE + ".config"));
            if (!Files.isRegularFile(cache) || Files.size(cache) == 0)
            {
                log.add("aot: the training run wrote no cache");
                return false;
            }
            log.add("aot: cache " + Files.size(cache) / 1024 + " KiB");
            return true;
        }
        catch (final IOException e)
        {
            log.add("aot: " + e.getMessage());
            return false;
        }
    }

    private String initScript(final String classpathText, final List<String> guestJvm) throws IOException
    {
        try (InputStream in = ImageBuilder.class.getResourceAsStream("init.sh"))
        {
            if (in == null)
            {
                throw new IOException("init.sh missing from the unikernel-image jar");
            }
            final String template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return template.replace("@JVM_OPTIONS@", String.join(" ", guestJvm))
                .replace("@CLASSPATH@", classpathText);
        }
    }

    // --- the kernel ----------------------------------------------------------------------------------------------

    /** The unpacked kernel package (boot/vmlinuz-*, lib/modules/*), fetched once into the cache. */
    Path kernel() throws IOException
    {
        final Path root = cacheDir.resolve("kernel/root");
        if (Files.isDirectory(root.resolve("boot")))
        {
            log.add("kernel: cached " + root);
            return root;
        }
        final String pkg = kernelPackage();
        final Path debDir = Files.createDirectories(cacheDir.resolve("kernel/deb"));
        Exec.run(List.of("apt-get", "download", pkg), debDir, APT_TIMEOUT);
        final Path deb;
        try (var files = Files.list(debDir))
        {
            deb = files.filter(p -> p.getFileName().toString().startsWith(pkg + "_") &&
                p.getFileName().toString().endsWith(".deb")).findFirst()
                .orElseThrow(() -> new IOException("apt-get download " + pkg + " left no .deb in " + debDir));
        }
        final Path tmp = cacheDir.resolve("kernel/root.tmp");
        deleteTree(tmp);
        Files.createDirectories(tmp);
        // dpkg -x unpacks the files only: nothing is installed on the host
        Exec.run(List.of("dpkg", "-x", deb.toString(), tmp.toString()), null, TOOL_TIMEOUT);
        Files.move(tmp, root, StandardCopyOption.ATOMIC_MOVE);
        log.add("kernel: fetched " + deb.getFileName());
        return root;
    }

    private String kernelPackage() throws IOException
    {
        final String forced = System.getProperty("jclick.image.kernel-package");
        if (forced != null && !forced.isBlank())
        {
            return forced.trim();
        }
        String pkg = kernelPackageFrom(Exec.run(List.of("apt-cache", "depends", "linux-image-cloud-amd64"), null,
            TOOL_TIMEOUT));
        if (pkg == null)
        {
            Exec.run(List.of("apt-get", "update", "-q"), null, APT_TIMEOUT);
            pkg = kernelPackageFrom(Exec.run(List.of("apt-cache", "depends", "linux-image-cloud-amd64"), null,
                TOOL_TIMEOUT));
        }
        if (pkg == null)
        {
            throw new IOException("no Debian cloud kernel package found (apt-cache depends linux-image-cloud-amd64)");
        }
        return pkg;
    }

    static String kernelPackageFrom(final String aptCacheDepends)
    {
        for (final String line : aptCacheDepends.split("\n"))
        {
            final String t = line.trim();
            if (t.startsWith("Depends:"))
            {
                final String name = t.substring("Depends:".length()).trim();
                if (name.startsWith("linux-image-") && name.endsWith("-cloud-amd64"))
                {
                    return name;
                }
            }
        }
        return null;
    }

    private void modules(final Stage cpio, final Path modulesDir) throws IOException
    {
        // The package ships no modules.dep (depmod makes it at install time): index the .ko files and read each
        // one's dependencies from its .modinfo section ("depends=a,b").
        final Map<String, Path> pathOf = new HashMap<>();
        try (var walk = Files.walk(modulesDir.resolve("kernel")))
        {
            walk.filter(p -> fileModuleName(p.getFileName().toString()) != null &&
                    p.getFileName().toString().contains(".ko"))
                .forEach(p -> pathOf.put(moduleName(p.getFileName().toString()), p));
        }
        final String builtin = Files.exists(modulesDir.resolve("modules.builtin")) ?
            Files.readString(modulesDir.resolve("modules.builtin")) : "";
        final Set<String> packed = new LinkedHashSet<>();
        for (final String m : MODULES)
        {
            final String key = m.replace('-', '_');
            if (!pathOf.containsKey(key))
            {
                if (builtin.contains("/" + m + ".ko") || builtin.contains("/" + key + ".ko"))
                {
                    continue; // built into the kernel: nothing to load
                }
                throw new IOException("kernel module " + m + " is neither in " + modulesDir + " nor built in");
            }
            final List<String> order = new ArrayList<>();
            loadOrder(key, pathOf, order, new HashSet<>());
            order.remove(key);
            cpio.file("lib/modules/" + fileModuleName(pathOf.get(key).getFileName().toString()) + ".deps", 0644,
                (String.join(" ", order.stream().map(d -> fileModuleName(pathOf.get(d).getFileName().toString()))
                    .toList()) + "\n").getBytes(StandardCharsets.US_ASCII));
            packed.addAll(order);
            packed.add(key);
        }
        for (final String m : packed)
        {
            final Path source = pathOf.get(m);
            cpio.file("lib/modules/" + fileModuleName(source.getFileName().toString()) + ".ko", 0644,
                decompressed(source));
        }
        log.add("modules: " + packed.size() + " packed " + packed);
    }

    /** Appends {@code module}'s dependencies (depth first) and then {@code module} to {@code order}. */
    private void loadOrder(final String module, final Map<String, Path> pathOf, final List<String> order,
        final Set<String> visiting) throws IOException
    {
        if (order.contains(module))
        {
            return;
        }
        if (!visiting.add(module))
        {
            throw new IOException("module dependency cycle at " + module);
        }
        final Path path = pathOf.get(module);
        if (path == null)
        {
            throw new IOException("kernel module " + module + " (a dependency) is missing");
        }
        for (final String dep : modinfoDepends(Files.readAllBytes(decompressed(path))))
        {
            loadOrder(dep.replace('-', '_'), pathOf, order, visiting);
        }
        order.add(module);
    }

    /** The {@code depends=} list of a module's .modinfo strings (NUL-separated key=value pairs). */
    static List<String> modinfoDepends(final byte[] ko)
    {
        final byte[] key = "\0depends=".getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + key.length < ko.length; i++)
        {
            for (int j = 0; j < key.length; j++)
            {
                if (ko[i + j] != key[j])
                {
                    continue outer;
                }
            }
            int end = i + key.length;
            while (end < ko.length && ko[end] != 0)
            {
                end++;
            }
            final String value = new String(ko, i + key.length, end - i - key.length, StandardCharsets.US_ASCII);
            final List<String> deps = new ArrayList<>();
            for (final String d : value.split(","))
            {
                if (!d.isBlank())
                {
                    deps.add(d.trim());
                }
            }
            return deps;
        }
        return List.of();
    }

    private static String moduleName(final String path)
    {
        return fileModuleName(path).replace('-', '_');
    }

    private static String fileModuleName(final String path)
    {
        String n = path.substring(path.lastIndexOf('/') + 1);
        for (final String ext : List.of(".xz", ".zst", ".gz"))
        {
            if (n.endsWith(ext))
            {
                n = n.substring(0, n.length() - ext.length());
            }
        }
        return n.endsWith(".ko") ? n.substring(0, n.length() - 3) : n;
    }

    private Path decompressed(final Path module) throws IOException
    {
        final String n = module.getFileName().toString();
        if (n.endsWith(".ko"))
        {
            return module;
        }
        final Path out = Files.createDirectories(cacheDir.resolve("modules")).resolve(fileModuleName(n) + ".ko");
        if (!Files.exists(out))
        {
            final String tool = n.endsWith(".xz") ? "xz" : n.endsWith(".zst") ? "zstd" : "gzip";
            final Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
            Exec.run(List.of("sh", "-c", tool + " -dc '" + module + "' > '" + tmp + "'"), null, TOOL_TIMEOUT);
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
        }
        return out;
    }

    // --- BusyBox -------------------------------------------------------------------------------------------------

    /** A statically linked BusyBox; installs busybox-static when the host has none. */
    Path busybox() throws IOException
    {
        for (final String candidate : List.of("/bin/busybox", "/usr/bin/busybox"))
        {
            final Path p = Path.of(candidate);
            if (Files.isRegularFile(p) && isStaticElf(p))
            {
                return p;
            }
        }
        log.add("busybox: installing busybox-static");
        try
        {
            Exec.run(List.of("apt-get", "install", "-y", "-q", "busybox-static"), null, APT_TIMEOUT);
        }
        catch (final IOException e)
        {
            Exec.run(List.of("apt-get", "update", "-q"), null, APT_TIMEOUT);
            Exec.run(List.of("apt-get", "install", "-y", "-q", "busybox-static"), null, APT_TIMEOUT);
        }
        final Path p = Path.of("/bin/busybox");
        if (!isStaticElf(p))
        {
            throw new IOException("/bin/busybox is not a static binary even after installing busybox-static");
        }
        return p;
    }

    /** Whether {@code file} is a 64-bit ELF with no program interpreter (PT_INTERP), i.e. statically linked. */
    static boolean isStaticElf(final Path file) throws IOException
    {
        try (FileChannel ch = FileChannel.open(file))
        {
            final ByteBuffer h = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
            if (ch.read(h, 0) < 64 || h.getInt(0) != 0x464c457f || h.get(4) != 2)
            {
                return false;
            }
            final long phoff = h.getLong(0x20);
            final int phentsize = h.getShort(0x36) & 0xffff;
            final int phnum = h.getShort(0x38) & 0xffff;
            final ByteBuffer ph = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < phnum; i++)
            {
                ph.clear();
                ch.read(ph, phoff + (long)i * phentsize);
                if (ph.getInt(0) == 3) // PT_INTERP
                {
                    return false;
                }
            }
            return true;
        }
    }

    // --- jclick and the JVM --------------------------------------------------------------------------------------

    private List<Path> appJars(final Path libDir) throws IOException
    {
        if (classpath.isEmpty())
        {
            throw new IOException("no classpath given: add jclick's jars (ImageBuilder.classpath)");
        }
        deleteTree(libDir);
        Files.createDirectories(libDir);
        final List<Path> jars = new ArrayList<>();
        final Set<String> names = new LinkedHashSet<>();
        for (final Path entry : classpath)
        {
            if (Files.isDirectory(entry))
            {
                // a reactor build gives module/target/classes: pack it as module.jar
                final Path module = entry.getParent() != null && entry.getParent().getParent() != null ?
                    entry.getParent().getParent() : entry;
                final Path jar = libDir.resolve(unique(names, module.getFileName() + ".jar"));
                packJar(entry, jar);
                jars.add(jar);
            }
            else if (entry.getFileName().toString().endsWith(".jar"))
            {
                final Path jar = libDir.resolve(unique(names, entry.getFileName().toString()));
                Files.copy(entry, jar);
                jars.add(jar);
            }
        }
        return jars;
    }

    private static String unique(final Set<String> names, final String name)
    {
        String n = name;
        for (int i = 2; !names.add(n); i++)
        {
            n = name.replace(".jar", "-" + i + ".jar");
        }
        return n;
    }

    private static void packJar(final Path dir, final Path jar) throws IOException
    {
        try (JarOutputStream out = new JarOutputStream(new BufferedOutputStream(Files.newOutputStream(jar)));
            var walk = Files.walk(dir))
        {
            for (final Path p : (Iterable<Path>)walk.sorted()::iterator)
            {
                if (Files.isRegularFile(p))
                {
                    final JarEntry e = new JarEntry(dir.relativize(p).toString().replace('\\', '/'));
                    e.setTime(0);
                    out.putNextEntry(e);
                    Files.copy(p, out);
                    out.closeEntry();
                }
            }
        }
    }

    /** A jlinked runtime with the modules jclick needs (jdeps), cached by module list and JDK version. */
    Path jre(final List<Path> jars) throws IOException
    {
        final Path javaHome = Path.of(System.getProperty("java.home"));
        final Path jdeps = javaHome.resolve("bin/jdeps");
        final Path jlink = javaHome.resolve("bin/jlink");
        if (!Files.isExecutable(jlink) || !Files.isExecutable(jdeps))
        {
            throw new IOException("the image needs a JDK 25 with jlink and jdeps; " + javaHome + " has none");
        }
        final List<String> jdepsCommand = new ArrayList<>(List.of(jdeps.toString(), "--print-module-deps",
            "--ignore-missing-deps", "--multi-release", "25", "--class-path",
            String.join(":", jars.stream().map(Path::toString).toList())));
        jars.forEach(j -> jdepsCommand.add(j.toString()));
        final Set<String> modules = new java.util.TreeSet<>();
        modules.add("java.base");
        for (final String m : Exec.run(jdepsCommand, null, TOOL_TIMEOUT).trim().split("[,\\s]+"))
        {
            // stdout and stderr are merged: keep only names of the JDK's own modules (not warnings' words)
            if (m.matches("[a-z][a-z0-9.]*") && java.lang.module.ModuleFinder.ofSystem().find(m).isPresent())
            {
                modules.add(m);
            }
        }
        final String key = String.join("_", modules) + "-" + System.getProperty("java.version");
        final Path jre = cacheDir.resolve("jre-" + Integer.toHexString(key.hashCode()));
        if (Files.isExecutable(jre.resolve("bin/java")))
        {
            log.add("jre: cached " + modules);
            return jre;
        }
        final Path tmp = cacheDir.resolve(jre.getFileName() + ".tmp");
        deleteTree(tmp);
        final List<String> command = new ArrayList<>(List.of(jlink.toString(), "--add-modules",
            String.join(",", modules), "--strip-debug", "--no-header-files", "--no-man-pages",
            "--generate-cds-archive", "--output", tmp.toString()));
        try
        {
            Exec.run(command, null, TOOL_TIMEOUT);
        }
        catch (final IOException e)
        {
            // a JDK whose jlink cannot make a CDS archive: without one the JVM starts slower, nothing more
            deleteTree(tmp);
            command.remove("--generate-cds-archive");
            Exec.run(command, null, TOOL_TIMEOUT);
        }
        final Path libjvm = tmp.resolve("lib/server/libjvm.so");
        if (Exec.which("strip") != null && Files.exists(libjvm))
        {
            Exec.run(List.of("strip", "--strip-unneeded", libjvm.toString()), null, TOOL_TIMEOUT);
        }
        // the heap is far below 32 GiB, so compressed oops are always on: the no-coops CDS archive is dead weight
        Files.deleteIfExists(tmp.resolve("lib/server/classes_nocoops.jsa"));
        Files.move(tmp, jre, StandardCopyOption.ATOMIC_MOVE);
        log.add("jre: jlinked " + modules);
        return jre;
    }

    /**
     * The host's shared libraries the JVM links against (glibc, libz, the dynamic loader), found with {@code ldd}
     * and copied to the same paths in the image: the guest has no other userland.
     */
    private void sharedLibraries(final Stage cpio, final Path jre) throws IOException
    {
        final List<String> elfs = new ArrayList<>();
        try (var walk = Files.walk(jre))
        {
            walk.filter(p -> Files.isRegularFile(p) && (p.getParent().getFileName().toString().equals("bin") ||
                p.getFileName().toString().endsWith(".so"))).forEach(p -> elfs.add(p.toString()));
        }
        final Set<String> libraries = new java.util.TreeSet<>();
        for (final String elf : elfs)
        {
            final String out;
            try
            {
                out = Exec.run(List.of("ldd", elf), null, TOOL_TIMEOUT);
            }
            catch (final IOException e)
            {
                continue; // "not a dynamic executable"
            }
            for (final String line : out.split("\n"))
            {
                // "libz.so.1 => /lib/x86_64-linux-gnu/libz.so.1 (0x...)" or "/lib64/ld-linux-x86-64.so.2 (0x...)"
                final String t = line.trim();
                final int arrow = t.indexOf("=> ");
                final String path = (arrow >= 0 ? t.substring(arrow + 3) : t).split("\\s+")[0];
                if (path.startsWith("/") && !Path.of(path).normalize().startsWith(jre))
                {
                    libraries.add(path);
                }
                else if (t.contains("not found") && !jreHas(jre, t.split("\\s+")[0]))
                {
                    throw new IOException(elf + " needs a library the host does not have: " + t);
                }
            }
        }
        for (final String library : libraries)
        {
            cpio.file(library.substring(1), 0755, Path.of(library).toRealPath());
        }
        log.add("libraries: " + libraries);
    }

    private static boolean jreHas(final Path jre, final String library)
    {
        return Files.exists(jre.resolve("lib").resolve(library)) ||
            Files.exists(jre.resolve("lib/server").resolve(library));
    }

    static void deleteTree(final Path dir) throws IOException
    {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS))
        {
            return;
        }
        try (var walk = Files.walk(dir))
        {
            for (final Path p : (Iterable<Path>)walk.sorted(java.util.Comparator.reverseOrder())::iterator)
            {
                Files.delete(p);
            }
        }
    }

    /** Command line: builds an image from a classpath. */
    public static void main(final String[] args) throws IOException
    {
        Path work = Path.of("target/appliance");
        List<Path> cp = runtimeClasspath();
        String config = DEFAULT_CONFIG;
        for (int i = 0; i < args.length; i++)
        {
            switch (args[i])
            {
                case "--work" -> work = Path.of(args[++i]);
                case "--classpath" ->
                {
                    cp = withoutTestEntries(args[++i]);
                }
                case "--config" -> config = Files.readString(Path.of(args[++i]));
                default ->
                {
                    System.err.println("usage: ImageBuilder [--work DIR] [--classpath CP] [--config FILE]");
                    System.exit(2);
                }
            }
        }
        final ImageBuilder builder = new ImageBuilder(work).classpath(cp).config(config);
        final Image image = builder.build();
        builder.log().forEach(System.out::println);
        System.out.println("kernel " + image.kernel());
        System.out.println("initramfs " + image.initramfs());
    }

    /** The guest's root being assembled in a folder: files are hard links into the cache where possible. */
    static final class Stage
    {
        private final Path root;
        private final List<Path> linkable = new ArrayList<>();

        /** Files under {@code linkable} (the builder's own folders) are hard-linked; others (the host's) copied. */
        Stage(final Path root, final List<Path> linkable) throws IOException
        {
            this.root = Files.createDirectories(root);
            for (final Path p : linkable)
            {
                this.linkable.add(p.toRealPath());
            }
        }

        void folder(final String path) throws IOException
        {
            Files.createDirectories(root.resolve(path));
        }

        void file(final String path, final int mode, final byte[] data) throws IOException
        {
            final Path p = root.resolve(path);
            Files.createDirectories(p.getParent());
            Files.write(p, data);
            setMode(p, mode);
        }

        void file(final String path, final int mode, final Path source) throws IOException
        {
            final Path p = root.resolve(path);
            Files.createDirectories(p.getParent());
            Files.deleteIfExists(p);
            final Path real = source.toRealPath();
            if (linkable.stream().anyMatch(real::startsWith))
            {
                try
                {
                    Files.createLink(p, real);
                    return; // the cache's own file: its mode is already right
                }
                catch (final IOException | UnsupportedOperationException e)
                {
                    // another file system: copy
                }
            }
            Files.copy(real, p, StandardCopyOption.COPY_ATTRIBUTES);
            setMode(p, mode);
        }

        void tree(final String path, final Path source) throws IOException
        {
            try (var walk = Files.walk(source))
            {
                for (final Path p : (Iterable<Path>)walk.sorted()::iterator)
                {
                    final Path target = root.resolve(path).resolve(source.relativize(p).toString());
                    if (Files.isSymbolicLink(p))
                    {
                        Files.createDirectories(target.getParent());
                        Files.createSymbolicLink(target, Files.readSymbolicLink(p));
                    }
                    else if (Files.isDirectory(p))
                    {
                        Files.createDirectories(target);
                    }
                    else
                    {
                        file(root.relativize(target).toString(), Files.isExecutable(p) ? 0755 : 0644, p);
                    }
                }
            }
        }

        private static void setMode(final Path p, final int mode) throws IOException
        {
            if ((mode & 0100) != 0 && !Files.isExecutable(p))
            {
                final var perms = new java.util.HashSet<>(Files.getPosixFilePermissions(p));
                perms.add(java.nio.file.attribute.PosixFilePermission.OWNER_EXECUTE);
                perms.add(java.nio.file.attribute.PosixFilePermission.GROUP_EXECUTE);
                perms.add(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE);
                Files.setPosixFilePermissions(p, perms);
            }
        }
    }
}
