package org.jclick.image;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * Measures the appliance's boot under QEMU TCG, per machine type: from QEMU's start to the guest's {@code /init},
 * to the JVM's start, and to the first line the JVM prints (jclick's Print of the default configuration); median
 * of N boots. Host-clock times, taken when each console line reaches the harness.
 * <pre>
 * java -cp CLASSPATH org.jclick.image.BootTimer [--work DIR] [--runs N] [--no-aot]
 * </pre>
 */
public final class BootTimer
{
    private BootTimer()
    {
    }

    /** Builds the image and times the boots; prints one table row per machine type. */
    public static void main(final String[] args) throws IOException, InterruptedException
    {
        Path work = Path.of("target/appliance-timing");
        int runs = 3;
        boolean aot = true;
        for (int i = 0; i < args.length; i++)
        {
            switch (args[i])
            {
                case "--work" -> work = Path.of(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--no-aot" -> aot = false;
                default ->
                {
                    System.err.println("usage: BootTimer [--work DIR] [--runs N] [--no-aot]");
                    System.exit(2);
                }
            }
        }
        final ImageBuilder builder = new ImageBuilder(work).classpath(ImageBuilder.runtimeClasspath()).aotCache(aot);
        final ImageBuilder.Image image = builder.build();
        builder.log().forEach(l -> System.out.println("# " + l));
        System.out.println("| machine | /init | JVM start | first JVM line | runs |");
        System.out.println("|---|---|---|---|---|");
        for (final QemuHarness.Machine machine : QemuHarness.Machine.values())
        {
            final double[][] t = new double[3][runs];
            for (int r = 0; r < runs; r++)
            {
                final QemuHarness.Boot boot = new QemuHarness.Boot().machine(machine)
                    .modules(machine == QemuHarness.Machine.MICROVM_MMIO ? "" : null);
                try (QemuHarness qemu = QemuHarness.boot(image, boot, work.resolve("timing-" + machine + ".log")))
                {
                    final Duration timeout = Duration.ofSeconds(180);
                    final QemuHarness.Line init = qemu.awaitLine(Pattern.compile("^jclick-init: start"), timeout);
                    final QemuHarness.Line exec = qemu.awaitLine(Pattern.compile("^jclick-init: exec java"), timeout);
                    final QemuHarness.Line first = qemu.awaitLine(Pattern.compile("^jclick-appliance-hello"), timeout);
                    qemu.awaitLine(Pattern.compile("^jclick-init: exit"), timeout);
                    qemu.awaitExit(Duration.ofSeconds(20));
                    if (init == null || exec == null || first == null)
                    {
                        throw new IOException(machine + ": the boot did not reach jclick's first line:\n" +
                            qemu.console());
                    }
                    t[0][r] = init.atNs() / 1e9;
                    t[1][r] = exec.atNs() / 1e9;
                    t[2][r] = first.atNs() / 1e9;
                    System.out.printf("# %s run %d: /init %.2f s, JVM %.2f s, first line %.2f s%n", machine, r + 1,
                        t[0][r], t[1][r], t[2][r]);
                }
            }
            System.out.printf("| %s | %.2f s | %.2f s | %.2f s | %s |%n", machine, median(t[0]), median(t[1]),
                median(t[2]), aot ? "median of " + runs + ", AOT cache" : "median of " + runs + ", no AOT cache");
        }
    }

    static double median(final double[] values)
    {
        final double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
