package org.jclick.image;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.jclick.nic.pci.GuestProbe;

/**
 * The appliance self-test, run as the guest's main class: first the device probes of {@link GuestProbe} (each
 * prints a {@code probe:} line), then jclick's command line with the arguments after {@code +} (not {@code --}: the kernel, which passes these
 * arguments to init, drops what follows a second {@code --}). One boot checks
 * the in-guest transports and that jclick runs, which matters when a boot under TCG costs tens of seconds.
 * <pre>
 * GuestMain [PROBE-SPEC...] [+ JCLICK-ARG...]      e.g. GuestMain mmio:0xfeb02e00 + run /config.click
 * </pre>
 */
public final class GuestMain
{
    /** Separates the probes from jclick's arguments. */
    public static final String SEPARATOR = "+";

    private GuestMain()
    {
    }

    /** Runs the probes, then jclick; exits with jclick's status, or 70 + failures if a probe failed. */
    public static void main(final String[] args)
    {
        final int dash = Arrays.asList(args).indexOf(SEPARATOR);
        final List<String> probes = new ArrayList<>(Arrays.asList(args).subList(0, dash < 0 ? args.length : dash));
        final String[] jclick = dash < 0 ? new String[0] : Arrays.copyOfRange(args, dash + 1, args.length);
        final int failures = GuestProbe.run(probes, System.out);
        System.out.println("guest-main: probes done, " + failures + " failed");
        System.out.flush();
        if (jclick.length > 0)
        {
            org.jclick.cli.Main.main(jclick); // exits with jclick's status
        }
        System.exit(failures == 0 ? 0 : 70 + failures);
    }
}
