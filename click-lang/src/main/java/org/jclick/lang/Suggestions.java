package org.jclick.lang;

import java.util.Collection;
import java.util.Locale;

/** "Did you mean ...?" suggestions by edit distance. */
public final class Suggestions {

    private Suggestions() {
    }

    /** The candidate closest to {@code name}, or null when none is close enough to help. */
    public static String closest(String name, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        final String lower = name.toLowerCase(Locale.ROOT);
        for (String c : candidates) {
            if (c.isEmpty() || c.equals(name)) {
                continue;
            }
            final int d = c.toLowerCase(Locale.ROOT).equals(lower) ? 0 : distance(lower, c.toLowerCase(Locale.ROOT));
            if (d < bestDistance || d == bestDistance && best != null && c.compareTo(best) < 0) {
                best = c;
                bestDistance = d;
            }
        }
        final int limit = Math.max(1, Math.min(3, name.length() / 3));
        return bestDistance <= limit ? best : null;
    }

    /** Damerau-Levenshtein distance (optimal string alignment). */
    static int distance(String a, String b) {
        final int n = a.length();
        final int m = b.length();
        if (Math.abs(n - m) > 3) {
            return Math.abs(n - m);
        }
        final int[][] d = new int[n + 1][m + 1];
        for (int i = 0; i <= n; i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= m; j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= n; i++) {
            for (int j = 1; j <= m; j++) {
                final int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        return d[n][m];
    }
}
