package org.jclick.lang;

/** Prints a flattened router in Click syntax, in the layout of Click's {@code click-flatten}. */
public final class Unparser {

    private Unparser() {
    }

    public static String unparse(FlatRouter router) {
        throw new UnsupportedOperationException("unparser under construction");
    }
}
