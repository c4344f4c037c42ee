package org.jclick.compiler;

import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.jclick.dataplane.element.BatchAction;
import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.SimpleElement;
import org.jclick.dataplane.element.SplitAction;
import org.jclick.dataplane.packet.PacketBatch;
import org.jclick.dataplane.runtime.Router;
import org.jclick.elements.classification.ClassifierElement;

/**
 * What the graph compiler decides about a configured router before it writes any code: which elements packets can
 * reach (click-undead), which push edges exist, and how each reachable element is compiled.
 *
 * <ul>
 * <li>{@link Kind#ACTION}: the element's work ({@link BatchAction}) is called directly and its output 0 is a direct
 * call to the next element's compiled code.</li>
 * <li>{@link Kind#CLASSIFIER}: a Classifier, IPClassifier or IPFilter whose decision program becomes bytecode; the
 * batch is split once, by output, and each output is a direct call.</li>
 * <li>{@link Kind#SPLIT}: an element that sorts a batch by output itself ({@link SplitAction}, e.g. IPRewriter, the IP route tables):
 * its work is called directly, and each output batch is a direct call.</li>
 * <li>{@link Kind#LINKED}: any other element: its own batch code is called directly (a call on a constant of its
 * exact class), and its outputs lead back into compiled code.</li>
 * <li>{@link Kind#DEAD}: no packet can reach it; no code is made for it.</li>
 * </ul>
 */
public final class GraphPlan
{
    /** How one element is compiled. */
    public enum Kind
    {
        ACTION, CLASSIFIER, SPLIT, LINKED, DEAD, SOURCE
    }

    /** One element of the plan. */
    public static final class Node
    {
        final Element element;
        final int index;
        Kind kind;
        String reason = "";
        String className;
        /** Connected push inputs. */
        final Set<Integer> pushInputs = new java.util.TreeSet<>();
        /** Per output: the compiled peer and its port, or null (not a push output, unconnected, or not compiled). */
        Node[] outputPeer;
        int[] outputPeerPort;
        /** Per output: whether its peer is nothing at all (an unconnected push output: packets die). */
        boolean[] outputDeadEnd;
        /** Whether a push path leads from this element back to itself. */
        boolean cyclic;

        Node(final Element element, final int index)
        {
            this.element = element;
            this.index = index;
        }

        public Element element()
        {
            return element;
        }

        public Kind kind()
        {
            return kind;
        }

        /** Why the element got its kind (empty when it is the obvious one). */
        public String reason()
        {
            return reason;
        }

        /** Binary name of the generated class, or null when none. */
        public String className()
        {
            return className;
        }

        public Set<Integer> pushInputs()
        {
            return Collections.unmodifiableSet(pushInputs);
        }

        /** The source line of the element's declaration, or 0. */
        public int line()
        {
            final String lm = element.landmark();
            final int colon = lm.lastIndexOf(':');
            if (colon < 0)
            {
                return 0;
            }
            try
            {
                return Integer.parseInt(lm.substring(colon + 1).trim());
            }
            catch (final NumberFormatException e)
            {
                return 0;
            }
        }

        @Override
        public String toString()
        {
            return element.name() + " :: " + element.className() + " " + kind.name().toLowerCase(Locale.ROOT)
                + (reason.isEmpty() ? "" : " (" + reason + ")");
        }
    }

    private final Router router;
    private final List<Node> nodes = new ArrayList<>();
    private final String packageName;
    private final String sourceFile;

    private GraphPlan(final Router router, final String packageName, final String sourceFile)
    {
        this.router = router;
        this.packageName = packageName;
        this.sourceFile = sourceFile;
    }

    public Router router()
    {
        return router;
    }

    public List<Node> nodes()
    {
        return Collections.unmodifiableList(nodes);
    }

    /** The package of generated classes, with dots. */
    public String packageName()
    {
        return packageName;
    }

    /** The file name written into generated classes' SourceFile attribute. */
    public String sourceFile()
    {
        return sourceFile;
    }

    /** Plans {@code router} (configured and initialized). */
    public static GraphPlan of(final Router router, final String configName)
    {
        final String stem = stem(configName);
        final GraphPlan plan = new GraphPlan(router, "org.jclick.gen." + stem, sourceFileOf(router, configName));
        final List<Element> elements = router.elements();
        final Map<Element, Node> byElement = new LinkedHashMap<>();
        for (final Element e : elements)
        {
            final Node n = new Node(e, plan.nodes.size());
            plan.nodes.add(n);
            byElement.put(e, n);
            n.outputPeer = new Node[e.noutputs()];
            n.outputPeerPort = new int[e.noutputs()];
            n.outputDeadEnd = new boolean[e.noutputs()];
            Arrays.fill(n.outputPeerPort, -1);
        }
        // push edges: a push output connected to a push input
        final Map<Node, List<Node>> succ = new LinkedHashMap<>();
        for (final Node n : plan.nodes)
        {
            succ.put(n, new ArrayList<>());
        }
        for (final Router.Connection c : router.connections())
        {
            if (c.fromPort() < c.from().noutputs() && c.from().outputIsPush(c.fromPort()) && c.toPort() < c.to().ninputs()
                && c.to().inputIsPush(c.toPort()))
            {
                final Node from = byElement.get(c.from());
                final Node to = byElement.get(c.to());
                to.pushInputs.add(c.toPort());
                from.outputPeer[c.fromPort()] = to;
                from.outputPeerPort[c.fromPort()] = c.toPort();
                if (!producesOn(from, c.fromPort()))
                {
                    continue;
                }
                succ.get(from).add(to);
            }
        }
        for (final Node n : plan.nodes)
        {
            for (int i = 0; i < n.outputPeer.length; i++)
            {
                n.outputDeadEnd[i] = n.outputPeer[i] == null && n.element.outputIsPush(i);
            }
        }
        // reachability (click-undead): from every element that can make packets without being pushed to
        final Set<Node> reached = new HashSet<>();
        final ArrayDeque<Node> work = new ArrayDeque<>();
        for (final Node n : plan.nodes)
        {
            if (n.pushInputs.isEmpty() && !"Idle".equals(n.element.className()))
            {
                reached.add(n);
                work.add(n);
            }
        }
        while (!work.isEmpty())
        {
            for (final Node s : succ.get(work.poll()))
            {
                if (reached.add(s))
                {
                    work.add(s);
                }
            }
        }
        final Set<Node> cyclic = cyclicNodes(plan.nodes, succ);
        final Set<String> used = new HashSet<>();
        for (final Node n : plan.nodes)
        {
            if (n.pushInputs.isEmpty())
            {
                n.kind = Kind.SOURCE;
                continue;
            }
            if (!reached.contains(n))
            {
                n.kind = Kind.DEAD;
                n.reason = "no packet can reach it";
                continue;
            }
            n.cyclic = cyclic.contains(n);
            n.kind = kindOf(n, n.cyclic);
            String simple = javaName(n.element.name());
            while (!used.add(simple.toLowerCase(Locale.ROOT)))
            {
                simple = simple + "_";
            }
            n.className = plan.packageName + "." + simple;
        }
        return plan;
    }

    /** Whether output {@code port} of {@code n} can carry packets at all (a classifier rule may never send there). */
    private static boolean producesOn(final Node n, final int port)
    {
        if (n.element instanceof ClassifierElement c && c.program() != null)
        {
            return c.program().usesOutput(port);
        }
        return true;
    }

    private static Kind kindOf(final Node n, final boolean inCycle)
    {
        final Element e = n.element;
        if (e instanceof ClassifierElement c && c.program() != null)
        {
            if (inCycle)
            {
                n.reason = "on a push loop: its own batch code handles re-entry";
                return Kind.LINKED;
            }
            return Kind.CLASSIFIER;
        }
        if (e instanceof SplitAction && keepsSplitContract(e.getClass()))
        {
            if (inCycle)
            {
                n.reason = "on a push loop: its own batch code handles re-entry";
                return Kind.LINKED;
            }
            return Kind.SPLIT;
        }
        if (e instanceof BatchAction && e.noutputs() >= 1 && e.outputIsPush(0) && keepsContract(e.getClass()))
        {
            return Kind.ACTION;
        }
        return Kind.LINKED;
    }

    /**
     * Whether {@code cls}'s {@code push}/{@code pushBatch} are the ones that go with its {@link BatchAction}
     * methods: declared by the class that declares {@code batchAction} (or by {@link SimpleElement}).
     */
    static boolean keepsContract(final Class<?> cls)
    {
        try
        {
            final Method action = cls.getMethod("batchAction", int.class, PacketBatch.class);
            final Method pushBatch = cls.getMethod("pushBatch", int.class, PacketBatch.class);
            final Method push = cls.getMethod("push", int.class, org.jclick.dataplane.packet.Packet.class);
            final Class<?> owner = action.getDeclaringClass();
            return pushBatch.getDeclaringClass() == owner && push.getDeclaringClass() == owner;
        }
        catch (final NoSuchMethodException e)
        {
            return false;
        }
    }

    /** Whether {@code cls}'s {@code pushBatch} is declared with its {@link SplitAction#splitAction}. */
    static boolean keepsSplitContract(final Class<?> cls)
    {
        try
        {
            final Method split = cls.getMethod("splitAction", int.class, PacketBatch.class, PacketBatch[].class);
            final Method pushBatch = cls.getMethod("pushBatch", int.class, PacketBatch.class);
            return pushBatch.getDeclaringClass() == split.getDeclaringClass();
        }
        catch (final NoSuchMethodException e)
        {
            return false;
        }
    }

    /** Nodes on a push cycle (Tarjan's strongly connected components, iterative). */
    private static Set<Node> cyclicNodes(final List<Node> nodes, final Map<Node, List<Node>> succ)
    {
        final int n = nodes.size();
        final int[] index = new int[n];
        final int[] low = new int[n];
        final boolean[] onStack = new boolean[n];
        Arrays.fill(index, -1);
        final ArrayDeque<Node> stack = new ArrayDeque<>();
        final Set<Node> cyclic = new HashSet<>();
        int counter = 0;
        for (final Node root : nodes)
        {
            if (index[root.index] >= 0)
            {
                continue;
            }
            final ArrayDeque<int[]> call = new ArrayDeque<>(); // {node, next successor}
            call.push(new int[] {root.index, 0});
            index[root.index] = low[root.index] = counter++;
            stack.push(root);
            onStack[root.index] = true;
            while (!call.isEmpty())
            {
                final int[] frame = call.peek();
                final Node v = nodes.get(frame[0]);
                final List<Node> out = succ.get(v);
                if (frame[1] < out.size())
                {
                    final Node w = out.get(frame[1]++);
                    if (w == v)
                    {
                        cyclic.add(v);
                    }
                    if (index[w.index] < 0)
                    {
                        index[w.index] = low[w.index] = counter++;
                        stack.push(w);
                        onStack[w.index] = true;
                        call.push(new int[] {w.index, 0});
                    }
                    else if (onStack[w.index])
                    {
                        low[v.index] = Math.min(low[v.index], index[w.index]);
                    }
                    continue;
                }
                call.pop();
                if (!call.isEmpty())
                {
                    final int parent = call.peek()[0];
                    low[parent] = Math.min(low[parent], low[v.index]);
                }
                if (low[v.index] == index[v.index])
                {
                    final List<Node> component = new ArrayList<>();
                    Node w;
                    do
                    {
                        w = stack.pop();
                        onStack[w.index] = false;
                        component.add(w);
                    }
                    while (w != v);
                    if (component.size() > 1)
                    {
                        cyclic.addAll(component);
                    }
                }
            }
        }
        return cyclic;
    }

    /** A Java identifier for an element name: {@code proc/fw} becomes {@code proc$fw}. */
    static String javaName(final String elementName)
    {
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < elementName.length(); i++)
        {
            final char c = elementName.charAt(i);
            if (c == '/')
            {
                sb.append('$');
            }
            else if (Character.isJavaIdentifierPart(c) && c != '$')
            {
                sb.append(c);
            }
            else
            {
                sb.append('_');
            }
        }
        if (sb.isEmpty() || !Character.isJavaIdentifierStart(sb.charAt(0)))
        {
            sb.insert(0, 'e');
        }
        return sb.toString();
    }

    /** The package component for a configuration name: its file name without extension, as an identifier. */
    static String stem(final String configName)
    {
        String s = configName == null ? "config" : configName;
        final int slash = Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\'));
        s = s.substring(slash + 1);
        final int dot = s.indexOf('.');
        if (dot > 0)
        {
            s = s.substring(0, dot);
        }
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++)
        {
            final char c = Character.toLowerCase(s.charAt(i));
            sb.append(Character.isJavaIdentifierPart(c) && c != '$' ? c : '_');
        }
        if (sb.isEmpty() || !Character.isJavaIdentifierStart(sb.charAt(0)))
        {
            sb.insert(0, 'c');
        }
        return sb.toString();
    }

    private static String sourceFileOf(final Router router, final String configName)
    {
        for (final Element e : router.elements())
        {
            final String lm = e.landmark();
            final int colon = lm.lastIndexOf(':');
            if (colon > 0)
            {
                final String file = lm.substring(0, colon);
                final int slash = file.lastIndexOf('/');
                return file.substring(slash + 1);
            }
        }
        return configName == null ? "config.click" : configName;
    }
}
