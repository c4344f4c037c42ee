package org.jclick.lang;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks a flat router's connections against the port counts of its element classes, as Click's router does
 * before it configures elements: a connection to a port an element does not have is an error
 * ({@code 'c :: Counter' has no output 1}), and so is a port that must exist but has no connection
 * ({@code 'p :: Print' output 0 unused}). Port counts use Click's notation ({@link PortCount}). Elements whose
 * class has no known port count are skipped. Push/pull processing (and with it the reuse of a push output
 * or pull input) is the runtime's business: it needs each element's processing code.
 */
public final class PortCheck {

    private PortCheck() {
    }

    /**
     * A port count: {@code "1/1"}, {@code "0/1"}, {@code "-/-"} (any number), {@code "1-/1"} (one or more),
     * {@code "1/1-2"}, {@code "-2/1"} (at most two), {@code "1/="} (as many outputs as inputs).
     */
    public record PortCount(int inMin, int inMax, int outMin, int outMax, boolean outputsEqualInputs) {

        public static final int UNLIMITED = Integer.MAX_VALUE;

        /** Parses Click's notation; returns null when malformed. */
        public static PortCount parse(String spec) {
            if (spec == null) {
                return null;
            }
            final int slash = spec.indexOf('/');
            final String in = slash < 0 ? spec : spec.substring(0, slash);
            final String out = slash < 0 ? spec : spec.substring(slash + 1);
            final int[] i = range(in);
            if (i == null) {
                return null;
            }
            if (out.equals("=")) {
                return new PortCount(i[0], i[1], i[0], i[1], true);
            }
            final int[] o = range(out);
            if (o == null) {
                return null;
            }
            return new PortCount(i[0], i[1], o[0], o[1], false);
        }

        private static int[] range(String s) {
            try {
                if (s.equals("-")) {
                    return new int[] {0, UNLIMITED};
                }
                final int dash = s.indexOf('-');
                if (dash < 0) {
                    final int n = Integer.parseInt(s);
                    return new int[] {n, n};
                }
                final int lo = dash == 0 ? 0 : Integer.parseInt(s.substring(0, dash));
                final int hi = dash == s.length() - 1 ? UNLIMITED : Integer.parseInt(s.substring(dash + 1));
                return lo <= hi ? new int[] {lo, hi} : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }

        /** The number of ports an element gets when connections use {@code used} of them (Click's rule). */
        static int ports(int used, int min, int max) {
            return Math.max(min, Math.min(used, max));
        }
    }

    /** Returns the diagnostics for {@code router}; classes come from {@code catalog}. */
    public static List<Diagnostic> check(FlatRouter router, ElementCatalog catalog) {
        final List<Diagnostic> out = new ArrayList<>();
        final int n = router.elements().size();
        final int[] usedIn = new int[n];
        final int[] usedOut = new int[n];
        for (FlatRouter.Connection c : router.connections()) {
            usedIn[c.to()] = Math.max(usedIn[c.to()], c.toPort() + 1);
            usedOut[c.from()] = Math.max(usedOut[c.from()], c.fromPort() + 1);
        }
        final int[] nin = new int[n];
        final int[] nout = new int[n];
        final boolean[] known = new boolean[n];
        for (FlatRouter.Element e : router.elements()) {
            final PortCount pc = PortCount.parse(catalog.portCount(e.className()));
            if (pc == null) {
                continue;
            }
            final int i = e.index();
            known[i] = true;
            nin[i] = PortCount.ports(usedIn[i], pc.inMin(), pc.inMax());
            nout[i] = pc.outputsEqualInputs() ? nin[i] : PortCount.ports(usedOut[i], pc.outMin(), pc.outMax());
        }
        final List<boolean[]> inUse = new ArrayList<>(n);
        final List<boolean[]> outUse = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            inUse.add(new boolean[nin[i]]);
            outUse.add(new boolean[nout[i]]);
        }
        for (FlatRouter.Connection c : router.connections()) {
            boolean ok = true;
            if (known[c.from()] && c.fromPort() >= nout[c.from()]) {
                out.add(Diagnostic.error(c.location(), "'" + describe(router, c.from()) + "' has no output "
                        + c.fromPort()));
                ok = false;
            }
            if (known[c.to()] && c.toPort() >= nin[c.to()]) {
                out.add(Diagnostic.error(c.location(), "'" + describe(router, c.to()) + "' has no input "
                        + c.toPort()));
                ok = false;
            }
            if (ok) {
                if (known[c.from()]) {
                    outUse.get(c.from())[c.fromPort()] = true;
                }
                if (known[c.to()]) {
                    inUse.get(c.to())[c.toPort()] = true;
                }
            }
        }
        for (FlatRouter.Element e : router.elements()) {
            final int i = e.index();
            if (!known[i]) {
                continue;
            }
            for (int p = 0; p < nin[i]; p++) {
                if (!inUse.get(i)[p]) {
                    out.add(Diagnostic.error(e.location(), "'" + describe(router, i) + "' input " + p + " unused"));
                }
            }
            for (int p = 0; p < nout[i]; p++) {
                if (!outUse.get(i)[p]) {
                    out.add(Diagnostic.error(e.location(), "'" + describe(router, i) + "' output " + p + " unused"));
                }
            }
        }
        return out;
    }

    private static String describe(FlatRouter router, int index) {
        final FlatRouter.Element e = router.elements().get(index);
        return e.name() + " :: " + e.className();
    }
}
