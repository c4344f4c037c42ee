package org.jclick.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.jclick.lang.FlatRouter;

/**
 * Draws a flattened router as a Graphviz DOT digraph. Each element is a box whose HTML-like label holds a
 * row of input-port cells, the text {@code name :: Class} (and optionally its configuration), and a row of
 * output-port cells; each connection runs from its output-port cell to its input-port cell. Elements that
 * came from compound elements ({@code compound/part} names) are grouped in nested clusters.
 */
final class DotRenderer {

    /** Longest configuration text shown in a box before it is cut with an ellipsis. */
    static final int MAX_CONFIG = 48;

    private final boolean showConfig;
    private final boolean clusters;

    DotRenderer(boolean showConfig, boolean clusters) {
        this.showConfig = showConfig;
        this.clusters = clusters;
    }

    String render(FlatRouter router, String graphName) {
        return render(router, graphName, c -> null);
    }

    /**
     * As {@link #render(FlatRouter, String)}, with a label on each connection for which {@code edgeLabel} returns
     * text (for example the number of packets that went through it); null means no label.
     */
    String render(FlatRouter router, String graphName, Function<FlatRouter.Connection, String> edgeLabel) {
        int n = router.elements().size();
        for (FlatRouter.Element e : router.elements()) {
            n = Math.max(n, e.index() + 1);
        }
        final int[] nin = new int[n];
        final int[] nout = new int[n];
        for (FlatRouter.Connection c : router.connections()) {
            if (c.from() >= 0 && c.from() < n) {
                nout[c.from()] = Math.max(nout[c.from()], c.fromPort() + 1);
            }
            if (c.to() >= 0 && c.to() < n) {
                nin[c.to()] = Math.max(nin[c.to()], c.toPort() + 1);
            }
        }

        final StringBuilder sb = new StringBuilder();
        sb.append("digraph ").append(quote(graphName)).append(" {\n");
        sb.append("  graph [rankdir=TB, newrank=true, fontname=\"Helvetica\", nodesep=0.3, ranksep=0.4];\n");
        sb.append("  node [shape=plaintext, fontname=\"Helvetica\", fontsize=11];\n");
        sb.append("  edge [fontname=\"Helvetica\", fontsize=9, arrowsize=0.7];\n");

        final Cluster root = new Cluster("");
        for (FlatRouter.Element e : router.elements()) {
            Cluster c = root;
            if (clusters) {
                final String[] parts = e.name().split("/");
                final StringBuilder path = new StringBuilder();
                for (int i = 0; i < parts.length - 1; i++) {
                    path.append(i > 0 ? "/" : "").append(parts[i]);
                    final String key = path.toString();
                    final String label = parts[i];
                    c = c.children.computeIfAbsent(key, k -> new Cluster(label));
                }
            }
            c.elements.add(e);
        }
        final int[] clusterNo = {0};
        emit(sb, root, nin, nout, "  ", clusterNo);

        for (FlatRouter.Connection c : router.connections()) {
            sb.append("  n").append(c.from()).append(":o").append(c.fromPort()).append(":s -> n")
                    .append(c.to()).append(":i").append(c.toPort()).append(":n");
            final String text = edgeLabel.apply(c);
            if (text != null) {
                sb.append(" [label=").append(quote(text)).append(", fontcolor=\"#1f4e9a\"]");
            }
            sb.append(";\n");
        }
        sb.append("}\n");
        return sb.toString();
    }

    private void emit(StringBuilder sb, Cluster cluster, int[] nin, int[] nout, String indent, int[] clusterNo) {
        for (Cluster child : cluster.children.values()) {
            sb.append(indent).append("subgraph cluster_").append(clusterNo[0]++).append(" {\n");
            sb.append(indent).append("  label=").append(quote(child.label)).append(";\n");
            sb.append(indent).append("  style=\"rounded,dashed\"; color=\"gray50\"; fontsize=10;\n");
            emit(sb, child, nin, nout, indent + "  ", clusterNo);
            sb.append(indent).append("}\n");
        }
        for (FlatRouter.Element e : cluster.elements) {
            sb.append(indent).append('n').append(e.index()).append(" [label=<").append(label(e, nin[e.index()],
                    nout[e.index()])).append(">, tooltip=").append(quote(e.name() + " :: " + e.className()))
                    .append("];\n");
        }
    }

    private String label(FlatRouter.Element e, int nin, int nout) {
        final int cols = Math.max(1, Math.max(nin, nout));
        final StringBuilder sb = new StringBuilder();
        sb.append("<table border=\"0\" cellborder=\"1\" cellspacing=\"0\" cellpadding=\"3\">");
        if (nin > 0) {
            sb.append("<tr>");
            portRow(sb, "i", nin, cols);
            sb.append("</tr>");
        }
        sb.append("<tr><td colspan=\"").append(cols).append("\" bgcolor=\"#eef3fb\">")
                .append(html(e.name())).append(" :: <b>").append(html(e.className())).append("</b>");
        if (showConfig && !e.config().isEmpty()) {
            String cfg = e.config().replaceAll("\\s+", " ").strip();
            if (cfg.length() > MAX_CONFIG) {
                cfg = cfg.substring(0, MAX_CONFIG - 1) + "\u2026";
            }
            sb.append("<br/><font point-size=\"9\">(").append(html(cfg)).append(")</font>");
        }
        sb.append("</td></tr>");
        if (nout > 0) {
            sb.append("<tr>");
            portRow(sb, "o", nout, cols);
            sb.append("</tr>");
        }
        sb.append("</table>");
        return sb.toString();
    }

    /** One row of port cells; their spans add up to {@code cols} so the table stays rectangular. */
    private static void portRow(StringBuilder sb, String kind, int ports, int cols) {
        final int base = cols / ports;
        int extra = cols % ports;
        for (int p = 0; p < ports; p++) {
            final int span = base + (extra-- > 0 ? 1 : 0);
            sb.append("<td port=\"").append(kind).append(p).append("\"");
            if (span > 1) {
                sb.append(" colspan=\"").append(span).append("\"");
            }
            sb.append(" bgcolor=\"").append(kind.equals("i") ? "#dfe9d8" : "#f5e3cf").append("\">")
                    .append("<font point-size=\"8\">").append(p).append("</font></td>");
        }
    }

    /** A DOT double-quoted string; non-ASCII characters become character references. */
    static String quote(String s) {
        final StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(' ');
                    } else if (c > 0x7e) {
                        sb.append("&#").append((int) c).append(';');
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /** Text for an HTML-like label: markup characters escaped, non-ASCII as character references. */
    static String html(String s) {
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(' ');
                    } else if (c > 0x7e) {
                        sb.append("&#").append((int) c).append(';');
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    private static final class Cluster {
        final String label;
        final Map<String, Cluster> children = new LinkedHashMap<>();
        final List<FlatRouter.Element> elements = new ArrayList<>();

        Cluster(String label) {
            this.label = label;
        }
    }
}
