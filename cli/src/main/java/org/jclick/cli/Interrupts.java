package org.jclick.cli;

import org.jclick.dataplane.runtime.Router;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/** Runs a router so that Ctrl-C (SIGINT) or SIGTERM stops it cleanly: the driver ends and handlers are still read. */
final class Interrupts {

    private Interrupts() {
    }

    static void run(Router router) {
        SignalHandler oldInt = null;
        SignalHandler oldTerm = null;
        try {
            // a Script(TYPE SIGNAL INT ...) takes the signal itself (it marks it with a router attachment)
            if (router.attachment("signal:INT") == null) {
                oldInt = Signal.handle(new Signal("INT"), sig -> router.stop());
            }
            if (router.attachment("signal:TERM") == null) {
                oldTerm = Signal.handle(new Signal("TERM"), sig -> router.stop());
            }
        } catch (IllegalArgumentException e) {
            // signal not available here: run without
        }
        try {
            router.run();
        } finally {
            if (oldInt != null) {
                Signal.handle(new Signal("INT"), oldInt);
            }
            if (oldTerm != null) {
                Signal.handle(new Signal("TERM"), oldTerm);
            }
        }
    }
}
