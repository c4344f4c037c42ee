package org.jclick.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark kit's trace for {@code ./jclick bench} when no {@code --trace} is given: made once with the kit's
 * own generator ({@code ../shared/bench/gen_trace.py}, deterministic), cached under {@code .jclick-build/traces}.
 * The generator needs Debian's {@code python3-scapy}; when it is missing and this process may install packages
 * (root, apt-get present), it is installed, as the project's scripts do for other system packages.
 */
final class KitTrace {

    /** The kit's 1M-packet trace: its name and the arguments that make it. */
    static final String NAME = "trace-1m.pcap";
    static final List<String> ARGS = List.of("--packets", "1000000", "--flows", "10000");

    private KitTrace() {
    }

    /** The jclick checkout, from the launcher's -Djclick.home, or the working directory. */
    static Path home() {
        final String h = System.getProperty("jclick.home");
        return h != null ? Path.of(h) : Path.of("").toAbsolutePath();
    }

    /** The kit's folder beside the checkout, or null. */
    static Path kit() {
        final Path k = home().resolve("../shared/bench").normalize();
        return Files.isRegularFile(k.resolve("gen_trace.py")) ? k : null;
    }

    /** The cached trace, made now if needed; null (after saying why on {@code err}) if it cannot be made. */
    static Path ensure(PrintStream err) {
        final Path cached = home().resolve(".jclick-build/traces").resolve(NAME);
        if (Files.isRegularFile(cached)) {
            return cached;
        }
        final Path kit = kit();
        if (kit == null) {
            err.println("jclick bench: no --trace given, and the benchmark kit (../shared/bench/gen_trace.py) "
                    + "is not beside this checkout to make one");
            return null;
        }
        try {
            if (!hasScapy() && !installScapy(err)) {
                err.println("jclick bench: the kit's trace generator needs Python's scapy: install Debian's "
                        + "python3-scapy (apt-get install python3-scapy), or give --trace FILE");
                return null;
            }
            Files.createDirectories(cached.getParent());
            final Path partial = cached.resolveSibling(NAME + ".part");
            err.println("jclick bench: making " + NAME + " with the kit's gen_trace.py (once; cached in "
                    + cached.getParent() + ")");
            final List<String> cmd = new java.util.ArrayList<>(List.of("/usr/bin/python3",
                    kit.resolve("gen_trace.py").toString(), partial.toString()));
            cmd.addAll(ARGS);
            if (run(cmd, err, 600) != 0 || !Files.isRegularFile(partial)) {
                err.println("jclick bench: gen_trace.py failed; give --trace FILE");
                return null;
            }
            Files.move(partial, cached, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return cached;
        } catch (IOException e) {
            err.println("jclick bench: cannot make the trace: " + e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static boolean hasScapy() throws IOException, InterruptedException {
        return Files.isExecutable(Path.of("/usr/bin/python3"))
                && run(List.of("/usr/bin/python3", "-c", "import scapy.all"), null, 120) == 0;
    }

    private static boolean installScapy(PrintStream err) throws IOException, InterruptedException {
        final boolean root = "root".equals(System.getProperty("user.name"));
        if (!root || !Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
            return false;
        }
        err.println("jclick bench: installing python3-scapy (apt-get) for the kit's trace generator");
        if (run(List.of("/usr/bin/apt-get", "update", "-q"), err, 600) != 0) {
            return false;
        }
        return run(List.of("/usr/bin/apt-get", "install", "-y", "-q", "python3-scapy"), err, 900) == 0 && hasScapy();
    }

    /** Runs a command, its output going to {@code err} (or nowhere); its exit status, or -1 on timeout. */
    private static int run(List<String> cmd, PrintStream err, long timeoutS) throws IOException, InterruptedException {
        final ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
        final Process p = pb.start();
        try (var in = p.getInputStream()) {
            final byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                if (err != null) {
                    err.write(buf, 0, n);
                }
            }
        }
        if (!p.waitFor(timeoutS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }
}
