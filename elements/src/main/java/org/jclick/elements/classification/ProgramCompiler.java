package org.jclick.elements.classification;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compiles rules ({@link Expr.Rule}) into an optimized {@link ClassifierProgram}.
 *
 * <p>Compilation lays the rules out in order, each expression as a chain of steps whose exits are patched like
 * Click's: {@code a && b} sends a's successes to b, {@code a || b} sends a's failures to b, {@code !a} swaps a's
 * exits, {@code c ? a : b} sends c's exits to a and b; a rule's successes go to its output and its failures to the
 * next rule (the last rule's failures drop the packet).
 *
 * <p>Optimization, repeated until nothing changes: constant steps (empty masks) and steps whose exits agree are
 * bypassed; each edge is moved past later steps whose outcome is already known from the tests every path to it
 * has passed (the same test, or a test of overlapping bits of the same word); identical steps with identical exits
 * are merged; unreachable steps (and with them unreachable rules) are removed.
 */
public final class ProgramCompiler
{
    private static final int SUCCESS = Integer.MIN_VALUE + 1;
    private static final int FAILURE = Integer.MIN_VALUE + 2;

    private static final class Node
    {
        final int offset;
        final int mask;
        final int value;
        final byte op;
        final boolean shortYes;
        int yes;
        int no;

        Node(final int offset, final int mask, final int value, final byte op, final boolean shortYes, final int yes,
            final int no)
        {
            this.offset = offset;
            this.mask = mask;
            this.value = value;
            this.op = op;
            this.shortYes = shortYes;
            this.yes = yes;
            this.no = no;
        }

        boolean constant()
        {
            return mask == 0;
        }

        boolean constantOutcome()
        {
            return op == ClassifierProgram.EQ ? value == 0 : false;
        }
    }

    /** What is known after a step: its test and which way it went. */
    private record Fact(int offset, int mask, int value, byte op, boolean shortYes, boolean outcome)
    {
        // written out: a record's generated equals/hashCode are bootstrapped through invokedynamic on first use,
        // which spins a class at start-up (measurable in a cold `jclick run`)
        @Override
        public boolean equals(final Object o)
        {
            return o instanceof Fact f && f.offset == offset && f.mask == mask && f.value == value && f.op == op
                && f.shortYes == shortYes && f.outcome == outcome;
        }

        @Override
        public int hashCode()
        {
            return ((((offset * 31 + mask) * 31 + value) * 31 + op) * 31 + (shortYes ? 1 : 0)) * 2 + (outcome ? 1 : 0);
        }
    }

    private record Key(int offset, int mask, int value, byte op, boolean shortYes, int yes, int no)
    {
        // written out, as Fact's: the record's own would be bootstrapped through invokedynamic (ObjectMethods)
        // on first use, about 5 ms of a cold `jclick run` in the interpreter
        @Override
        public boolean equals(final Object o)
        {
            return o instanceof Key k && k.offset == offset && k.mask == mask && k.value == value && k.op == op
                && k.shortYes == shortYes && k.yes == yes && k.no == no;
        }

        @Override
        public int hashCode()
        {
            return (((((offset * 31 + mask) * 31 + value) * 31 + op) * 31 + (shortYes ? 1 : 0)) * 31 + yes) * 31 + no;
        }
    }

    private List<Node> nodes = new ArrayList<>();

    private ProgramCompiler()
    {
    }

    /** Compiles and optimizes {@code rules}; packets no rule matches are dropped. */
    public static ClassifierProgram compile(final ClassifierProgram.Layout layout, final List<Expr.Rule> rules)
    {
        return compile(layout, rules, true);
    }

    /** Compiles {@code rules}, optimizing only if {@code optimize} (the unoptimized form is for tests). */
    public static ClassifierProgram compile(final ClassifierProgram.Layout layout, final List<Expr.Rule> rules,
        final boolean optimize)
    {
        final ProgramCompiler c = new ProgramCompiler();
        for (final Expr.Rule rule : rules)
        {
            final int start = c.nodes.size();
            c.emit(rule.expr());
            final int end = c.nodes.size();
            c.redirect(start, end, rule.output() < 0 ? ClassifierProgram.DROP : ~rule.output(), end);
        }
        final int n = c.nodes.size();
        for (final Node node : c.nodes)
        {
            if (node.yes == n)
            {
                node.yes = ClassifierProgram.DROP;
            }
            if (node.no == n)
            {
                node.no = ClassifierProgram.DROP;
            }
        }
        int entry = n == 0 ? ClassifierProgram.DROP : 0;
        if (optimize)
        {
            entry = c.optimize(entry);
        }
        return c.build(layout, entry);
    }

    // ------------------------------------------------------------------------------------------ layout

    private void emit(final Expr e)
    {
        // an instanceof chain, not a pattern switch: each pattern switch is bootstrapped through invokedynamic
        // (SwitchBootstraps spins a class) on first use, which a cold `jclick run` pays in the interpreter
        if (e instanceof Expr.Const k)
        {
            nodes.add(new Node(0, 0, 0, ClassifierProgram.EQ, false, k.value() ? SUCCESS : FAILURE,
                k.value() ? FAILURE : SUCCESS));
        }
        else if (e instanceof Expr.Test t)
        {
            nodes.add(new Node(t.offset(), t.mask(), t.value(), t.op(), t.negated(),
                t.negated() ? FAILURE : SUCCESS, t.negated() ? SUCCESS : FAILURE));
        }
        else if (e instanceof Expr.Not x)
        {
            final int s = nodes.size();
            emit(x.operand());
            for (int i = s; i < nodes.size(); i++)
            {
                final Node node = nodes.get(i);
                node.yes = swap(node.yes);
                node.no = swap(node.no);
            }
        }
        else if (e instanceof Expr.And x)
        {
            final int s = nodes.size();
            emit(x.left());
            final int m = nodes.size();
            emit(x.right());
            redirect(s, m, m, FAILURE);
        }
        else if (e instanceof Expr.Or x)
        {
            final int s = nodes.size();
            emit(x.left());
            final int m = nodes.size();
            emit(x.right());
            redirect(s, m, SUCCESS, m);
        }
        else if (e instanceof Expr.Cond x)
        {
            final int s = nodes.size();
            emit(x.condition());
            final int m1 = nodes.size();
            emit(x.then());
            final int m2 = nodes.size();
            emit(x.otherwise());
            redirect(s, m1, m1, m2);
        }
        else
        {
            throw new IllegalArgumentException("not an expression: " + e);
        }
    }

    private static int swap(final int t)
    {
        return t == SUCCESS ? FAILURE : t == FAILURE ? SUCCESS : t;
    }

    private void redirect(final int from, final int to, final int success, final int failure)
    {
        for (int i = from; i < to; i++)
        {
            final Node node = nodes.get(i);
            node.yes = node.yes == SUCCESS ? success : node.yes == FAILURE ? failure : node.yes;
            node.no = node.no == SUCCESS ? success : node.no == FAILURE ? failure : node.no;
        }
    }

    // ------------------------------------------------------------------------------------------ optimization

    private int optimize(final int start)
    {
        int entry = start;
        for (int round = 0; round < 64; round++)
        {
            final int before = fingerprint(entry);
            entry = fold(entry);
            entry = drift(entry);
            entry = merge(entry);
            combine();
            entry = prune(entry);
            if (fingerprint(entry) == before)
            {
                break;
            }
        }
        return entry;
    }

    private int fingerprint(final int entry)
    {
        int h = entry * 31 + nodes.size();
        for (final Node node : nodes)
        {
            h = h * 31 + node.yes;
            h = h * 31 + node.no;
            h = h * 31 + node.offset;
        }
        return h;
    }

    /** Follows constant steps and steps whose exits agree. */
    private int resolve(final int target)
    {
        int t = target;
        while (t >= 0)
        {
            final Node node = nodes.get(t);
            if (node.constant())
            {
                t = node.constantOutcome() ? node.yes : node.no;
            }
            else if (node.yes == node.no)
            {
                t = node.yes;
            }
            else
            {
                break;
            }
        }
        return t;
    }

    private int fold(final int entry)
    {
        for (final Node node : nodes)
        {
            node.yes = resolve(node.yes);
            node.no = resolve(node.no);
        }
        return resolve(entry);
    }

    /** How many path summaries a step keeps before they are intersected into one (Click keeps 4 too). */
    private static final int MAX_PATHS = 4;

    /**
     * Moves each edge past steps whose outcome is known. Every step keeps up to {@link #MAX_PATHS} summaries of
     * the paths that reach it (the tests passed and their outcomes); an edge moves to where every summary's
     * packets would end up after the steps that summary decides.
     */
    private int drift(final int start)
    {
        final int n = nodes.size();
        final int entry = resolve(start);
        if (entry < 0)
        {
            return entry;
        }
        final List<List<Set<Fact>>> paths = new ArrayList<>(n);
        for (int i = 0; i < n; i++)
        {
            paths.add(null);
        }
        final List<Set<Fact>> initial = new ArrayList<>();
        initial.add(new HashSet<>());
        paths.set(entry, initial);
        for (int i = entry; i < n; i++)
        {
            final List<Set<Fact>> known = paths.get(i);
            if (known == null)
            {
                continue;
            }
            final Node node = nodes.get(i);
            for (int b = 0; b < 2; b++)
            {
                final boolean outcome = b == 0;
                final Fact fact = new Fact(node.offset, node.mask, node.value, node.op, node.shortYes, outcome);
                final List<Set<Fact>> after = new ArrayList<>();
                for (final Set<Fact> k : known)
                {
                    final Boolean already = decide(k, node);
                    if (already != null && already != outcome)
                    {
                        continue; // no packet takes this edge along such paths
                    }
                    final Set<Fact> a = new HashSet<>(k);
                    a.add(fact);
                    after.add(a);
                }
                final int original = resolve(outcome ? node.yes : node.no);
                if (after.isEmpty())
                {
                    continue;
                }
                // where each path summary leads
                int common = Integer.MAX_VALUE;
                boolean agree = true;
                for (final Set<Fact> a : after)
                {
                    final int end = follow(a, original);
                    if (common == Integer.MAX_VALUE)
                    {
                        common = end;
                    }
                    else if (common != end)
                    {
                        agree = false;
                        break;
                    }
                }
                int t;
                if (agree)
                {
                    t = common;
                }
                else
                {
                    // follow only the steps every summary decides the same way
                    t = original;
                    while (t >= 0)
                    {
                        Boolean all = null;
                        boolean same = true;
                        for (final Set<Fact> a : after)
                        {
                            final Boolean d = decide(a, nodes.get(t));
                            if (d == null || (all != null && !all.equals(d)))
                            {
                                same = false;
                                break;
                            }
                            all = d;
                        }
                        if (!same || all == null)
                        {
                            break;
                        }
                        t = resolve(all ? nodes.get(t).yes : nodes.get(t).no);
                    }
                }
                if (outcome)
                {
                    node.yes = t;
                }
                else
                {
                    node.no = t;
                }
                if (t >= 0)
                {
                    List<Set<Fact>> old = paths.get(t);
                    if (old == null)
                    {
                        old = new ArrayList<>();
                        paths.set(t, old);
                    }
                    old.addAll(after);
                    if (old.size() > MAX_PATHS)
                    {
                        final Set<Fact> meet = new HashSet<>(old.get(0));
                        for (final Set<Fact> other : old)
                        {
                            meet.retainAll(other);
                        }
                        old.clear();
                        old.add(meet);
                    }
                }
            }
        }
        return entry;
    }

    /** Where a packet described by {@code facts} goes from {@code target}, past the steps the facts decide. */
    private int follow(final Set<Fact> facts, final int target)
    {
        Set<Fact> known = facts;
        int t = resolve(target);
        while (t >= 0)
        {
            final Node u = nodes.get(t);
            final Boolean d = decide(known, u);
            if (d == null)
            {
                break;
            }
            if (known == facts)
            {
                known = new HashSet<>(facts);
            }
            known.add(new Fact(u.offset, u.mask, u.value, u.op, u.shortYes, d));
            t = resolve(d ? u.yes : u.no);
        }
        return t;
    }

    /** The outcome of {@code u} given {@code facts}, or null when they do not decide it. */
    private static Boolean decide(final Set<Fact> facts, final Node u)
    {
        for (final Fact f : facts)
        {
            if (f.offset() != u.offset)
            {
                continue;
            }
            if (f.mask() == u.mask && f.value() == u.value && f.op() == u.op && f.shortYes() == u.shortYes)
            {
                return f.outcome();
            }
            if (f.op() != ClassifierProgram.EQ || u.op != ClassifierProgram.EQ)
            {
                continue;
            }
            // The packet certainly held f's bytes; it holds u's too if u needs no more of the word.
            final boolean longEnough = f.outcome() != f.shortYes()
                && ClassifierProgram.requiredBytes(u.mask) <= ClassifierProgram.requiredBytes(f.mask());
            if (!longEnough)
            {
                continue;
            }
            if (f.outcome())
            {
                final int both = f.mask() & u.mask;
                if ((f.value() & both) != (u.value & both))
                {
                    return false;
                }
                if ((u.mask & ~f.mask()) == 0)
                {
                    return true;
                }
            }
            else
            {
                if (f.mask() == u.mask && Integer.bitCount(u.mask) == 1 && f.value() != u.value)
                {
                    return true;
                }
                if ((f.mask() & ~u.mask) == 0 && (u.value & f.mask()) == f.value())
                {
                    return false;
                }
            }
        }
        return null;
    }

    /**
     * Combines a step with the step its "yes" exit leads to when both test the same word and share a "no" exit
     * (after flipping a single-bit test if that makes them so): {@code a && b} on one word is one test of the
     * union of their masks. Incompatible values are left to {@link #drift}.
     */
    private void combine()
    {
        for (int index = 0; index < nodes.size(); index++)
        {
            final Node a = nodes.get(index);
            while (a.yes >= 0 && a.op == ClassifierProgram.EQ && a.mask != 0)
            {
                Node b = nodes.get(a.yes);
                if (b.offset != a.offset || b.op != ClassifierProgram.EQ || b.mask == 0)
                {
                    break;
                }
                if (a.no != b.no && a.no == b.yes && Integer.bitCount(b.mask) == 1)
                {
                    // b is "bit clear/set"; its flip tests the opposite value with the exits swapped
                    b = new Node(b.offset, b.mask, b.value ^ b.mask, b.op, !b.shortYes, b.no, b.yes);
                }
                if (a.no != b.no || ((a.value & b.mask) != (b.value & a.mask)))
                {
                    break;
                }
                final int needA = ClassifierProgram.requiredBytes(a.mask);
                final int needB = ClassifierProgram.requiredBytes(b.mask);
                final Boolean shortYes;
                if (needA == needB)
                {
                    shortYes = a.shortYes && b.shortYes;
                }
                else if (a.shortYes && b.shortYes)
                {
                    shortYes = true; // as Click does
                }
                else if (needA < needB ? !b.shortYes : !a.shortYes)
                {
                    shortYes = false;
                }
                else
                {
                    shortYes = null;
                }
                if (shortYes == null)
                {
                    break;
                }
                nodes.set(index, new Node(a.offset, a.mask | b.mask, a.value | b.value, a.op, shortYes, b.yes, b.no));
                break;
            }
        }
    }

    /** Merges identical steps with identical exits (from the end, so exits are already canonical). */
    private int merge(final int entry)
    {
        final int n = nodes.size();
        final int[] canon = new int[n];
        final Map<Key, Integer> seen = new HashMap<>();
        for (int i = n - 1; i >= 0; i--)
        {
            final Node node = nodes.get(i);
            if (node.yes >= 0)
            {
                node.yes = canon[node.yes];
            }
            if (node.no >= 0)
            {
                node.no = canon[node.no];
            }
            final Key key = new Key(node.offset, node.mask, node.value, node.op, node.shortYes, node.yes, node.no);
            final Integer same = seen.get(key);
            if (same != null)
            {
                canon[i] = same;
            }
            else
            {
                canon[i] = i;
                seen.put(key, i);
            }
        }
        return entry >= 0 ? canon[entry] : entry;
    }

    /** Removes unreachable steps and renumbers; the entry becomes step 0. */
    private int prune(final int start)
    {
        final int entry = resolve(start);
        if (entry < 0)
        {
            nodes = new ArrayList<>();
            return entry;
        }
        final int n = nodes.size();
        final boolean[] reachable = new boolean[n];
        reachable[entry] = true;
        for (int i = entry; i < n; i++)
        {
            if (reachable[i])
            {
                final Node node = nodes.get(i);
                node.yes = resolve(node.yes);
                node.no = resolve(node.no);
                if (node.yes >= 0)
                {
                    reachable[node.yes] = true;
                }
                if (node.no >= 0)
                {
                    reachable[node.no] = true;
                }
            }
        }
        final int[] index = new int[n];
        final List<Node> kept = new ArrayList<>();
        for (int i = 0; i < n; i++)
        {
            index[i] = reachable[i] ? kept.size() : -1;
            if (reachable[i])
            {
                kept.add(nodes.get(i));
            }
        }
        for (final Node node : kept)
        {
            if (node.yes >= 0)
            {
                node.yes = index[node.yes];
            }
            if (node.no >= 0)
            {
                node.no = index[node.no];
            }
        }
        nodes = kept;
        return 0;
    }

    private ClassifierProgram build(final ClassifierProgram.Layout layout, final int entry)
    {
        if (entry < 0)
        {
            return new ClassifierProgram(layout, new int[0], new int[0], new int[0], new byte[0], new boolean[0],
                new int[0], new int[0], entry);
        }
        if (entry != 0)
        {
            prune(entry);
        }
        final int n = nodes.size();
        final int[] offset = new int[n];
        final int[] mask = new int[n];
        final int[] value = new int[n];
        final byte[] op = new byte[n];
        final boolean[] shortYes = new boolean[n];
        final int[] yes = new int[n];
        final int[] no = new int[n];
        for (int i = 0; i < n; i++)
        {
            final Node node = nodes.get(i);
            offset[i] = node.offset;
            mask[i] = node.mask;
            value[i] = node.value;
            op[i] = node.op;
            shortYes[i] = node.shortYes;
            yes[i] = node.yes;
            no[i] = node.no;
        }
        return new ClassifierProgram(layout, offset, mask, value, op, shortYes, yes, no, ClassifierProgram.DROP);
    }
}
