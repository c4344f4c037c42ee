package org.jclick.compiler;

import static java.lang.constant.ConstantDescs.CD_Object;
import static java.lang.constant.ConstantDescs.CD_String;
import static java.lang.constant.ConstantDescs.CD_boolean;
import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_void;

import java.lang.classfile.ClassBuilder;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.classfile.attribute.SourceFileAttribute;
import java.lang.classfile.instruction.SwitchCase;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jclick.compiler.GraphPlan.Kind;
import org.jclick.compiler.GraphPlan.Node;
import org.jclick.dataplane.element.BatchAction;
import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.SimpleElement;
import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketBatch;
import org.jclick.elements.classification.ClassifierElement;
import org.jclick.elements.classification.ClassifierProgram;
import org.jclick.elements.standard.Discard;

/**
 * Writes the classes of a {@link GraphPlan} with {@code java.lang.classfile}: one class per reachable element,
 * named after it, holding the element in a static field (set by the class's {@code bind(Object[])}, so that the
 * same classes, once the JIT has compiled them, serve every router built from the same configuration one after
 * the other; each call site sees one receiver class, which the JIT inlines) and one static method pair per connected
 * push input: {@code pushN(PacketBatch)} for a batch and {@code oneN(Packet)} for a single packet. Each output edge
 * is an {@code invokestatic} of the next element's method. One small {@link Element} subclass per compiled input
 * ({@code Name$inN}) lets interpreted code (tasks, elements' own outputs) enter the compiled code through a port.
 *
 * <p>The SourceFile attribute names the configuration file and every method's line-number table points at the
 * element's declaration, so a stack trace through compiled code reads {@code nfv-chain.click:12}.
 */
final class SegmentEmitter
{
    static final ClassDesc CD_ELEMENT = desc(Element.class);
    static final ClassDesc CD_BATCH_ACTION = desc(BatchAction.class);
    static final ClassDesc CD_PACKET = desc(Packet.class);
    static final ClassDesc CD_BATCH = desc(PacketBatch.class);
    static final ClassDesc CD_CLASSIFIER = desc(ClassifierElement.class);
    static final ClassDesc CD_PROGRAM = desc(ClassifierProgram.class);
    static final ClassDesc CD_SPLIT_ACTION = desc(org.jclick.dataplane.element.SplitAction.class);
    static final ClassDesc CD_BATCHES = CD_BATCH.arrayType();

    static final MethodTypeDesc MT_BATCH = MethodTypeDesc.of(CD_void, CD_BATCH);
    static final MethodTypeDesc MT_ONE = MethodTypeDesc.of(CD_void, CD_PACKET);
    static final MethodTypeDesc MT_PORT_BATCH = MethodTypeDesc.of(CD_void, CD_int, CD_BATCH);
    static final MethodTypeDesc MT_PORT_ONE = MethodTypeDesc.of(CD_void, CD_int, CD_PACKET);
    static final MethodTypeDesc MT_ACTION = MethodTypeDesc.of(CD_PACKET, CD_int, CD_PACKET);
    static final MethodTypeDesc MT_MATCH = MethodTypeDesc.of(CD_int, CD_PACKET);
    static final MethodTypeDesc MT_BIND = MethodTypeDesc.of(CD_void, CD_Object.arrayType());

    /** How a classifier's decision program is turned into the body of {@code match(Packet)}. */
    interface MatchEmitter
    {
        /**
         * Adds {@code private static int name(Packet)} to {@code cb}, equal to {@code program.match(p)}; returns
         * false (having added nothing) when it cannot, and the caller calls the program instead.
         */
        boolean emit(ClassBuilder cb, ClassDesc owner, String name, ClassifierProgram program, int line);
    }

    private final GraphPlan plan;
    private final ClassFile classFile;
    private final MatchEmitter matchEmitter;
    /** The constants generated classes load, in index order. */
    private final List<Object> constants = new ArrayList<>();
    private final Map<Object, Integer> constantIndex = new java.util.IdentityHashMap<>();

    SegmentEmitter(final GraphPlan plan, final MatchEmitter matchEmitter)
    {
        this.plan = plan;
        this.matchEmitter = matchEmitter;
        final ClassLoader loader = SegmentEmitter.class.getClassLoader();
        classFile = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(
            ClassHierarchyResolver.defaultResolver().orElse(ClassHierarchyResolver.ofClassLoading(loader))));
    }

    List<Object> constants()
    {
        return constants;
    }

    private int constant(final Object value)
    {
        return constantIndex.computeIfAbsent(value, v ->
        {
            constants.add(v);
            return constants.size() - 1;
        });
    }

    static ClassDesc desc(final Class<?> c)
    {
        return ClassDesc.of(c.getName());
    }

    static ClassDesc descOf(final String binaryName)
    {
        return ClassDesc.of(binaryName);
    }

    /** The declared type of a node's element field: its own class when public, else {@link Element}. */
    static ClassDesc elementType(final Element e)
    {
        final Class<?> c = e.getClass();
        if (Modifier.isPublic(c.getModifiers()) && !c.isHidden() && !c.isAnonymousClass() && !c.isLocalClass()
            && (c.getEnclosingClass() == null || Modifier.isStatic(c.getModifiers())) && isPublicChain(c))
        {
            return desc(c);
        }
        return CD_ELEMENT;
    }

    private static boolean isPublicChain(final Class<?> c)
    {
        for (Class<?> k = c; k != null; k = k.getEnclosingClass())
        {
            if (!Modifier.isPublic(k.getModifiers()))
            {
                return false;
            }
        }
        return true;
    }

    /** Every class of the plan, binary name to bytes (segment classes first, then the port classes). */
    Map<String, byte[]> emitAll()
    {
        final Map<String, byte[]> out = new LinkedHashMap<>();
        for (final Node n : plan.nodes())
        {
            if (n.className == null)
            {
                continue;
            }
            out.put(n.className, emitSegment(n));
        }
        for (final Node n : plan.nodes())
        {
            if (n.className == null)
            {
                continue;
            }
            for (final int port : n.pushInputs)
            {
                out.put(portClassName(n, port), emitPortClass(n, port));
            }
        }
        return out;
    }

    static String portClassName(final Node n, final int port)
    {
        return n.className + "$in" + port;
    }

    /** Re-emits one node's class (after its kind changed). */
    byte[] emitSegment(final Node n)
    {
        final ClassDesc self = descOf(n.className);
        final ClassDesc elementType = elementType(n.element);
        final int line = n.line();
        final String source = sourceOf(n);
        return classFile.build(self, cb ->
        {
            cb.withFlags(ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL | ClassFile.ACC_SUPER);
            cb.with(SourceFileAttribute.of(source));
            cb.withField("E", elementType, ClassFile.ACC_STATIC | ClassFile.ACC_PRIVATE);
            final int elementIndex = constant(n.element);
            int programIndex = -1;
            final int[] outIndex = new int[n.element.noutputs()];
            java.util.Arrays.fill(outIndex, -1);
            boolean ownMatch = false;
            if (n.kind == Kind.CLASSIFIER)
            {
                final ClassifierProgram program = ((ClassifierElement)n.element).program();
                programIndex = constant(program);
                cb.withField("PROGRAM", CD_PROGRAM, ClassFile.ACC_STATIC | ClassFile.ACC_PRIVATE);
                for (int i = 0; i < outIndex.length; i++)
                {
                    if (n.outputPeer[i] != null && program.usesOutput(i))
                    {
                        outIndex[i] = constant(new PacketBatch(PacketBatch.MAX_CAPACITY));
                        cb.withField("OUT" + i, CD_BATCH, ClassFile.ACC_STATIC | ClassFile.ACC_PRIVATE);
                    }
                }
                ownMatch = matchEmitter != null && matchEmitter.emit(cb, self, "match", program, line);
            }
            int outsIndex = -1;
            if (n.kind == Kind.SPLIT)
            {
                final PacketBatch[] outs = new PacketBatch[outIndex.length];
                for (int i = 0; i < outs.length; i++)
                {
                    outs[i] = new PacketBatch(PacketBatch.MAX_CAPACITY);
                    outIndex[i] = constant(outs[i]);
                    cb.withField("OUT" + i, CD_BATCH, ClassFile.ACC_STATIC | ClassFile.ACC_PRIVATE);
                }
                outsIndex = constant(outs);
                cb.withField("OUTS", CD_BATCHES, ClassFile.ACC_STATIC | ClassFile.ACC_PRIVATE);
            }
            final Fused fused = Fused.of(n);
            final FusedFields fusedFields = fused == null ? null : fusedFields(cb, self, fused);
            final int sIndex = outsIndex;
            final int pIndex = programIndex;
            final boolean useOwnMatch = ownMatch;
            cb.withMethodBody("bind", MT_BIND, ClassFile.ACC_PUBLIC | ClassFile.ACC_STATIC, code ->
            {
                if (line > 0)
                {
                    code.lineNumber(line);
                }
                loadConstant(code, elementIndex, elementType);
                code.putstatic(self, "E", elementType);
                if (pIndex >= 0)
                {
                    loadConstant(code, pIndex, CD_PROGRAM);
                    code.putstatic(self, "PROGRAM", CD_PROGRAM);
                }
                if (sIndex >= 0)
                {
                    loadConstant(code, sIndex, CD_BATCHES);
                    code.putstatic(self, "OUTS", CD_BATCHES);
                }
                for (int i = 0; i < outIndex.length; i++)
                {
                    if (outIndex[i] >= 0)
                    {
                        loadConstant(code, outIndex[i], CD_BATCH);
                        code.putstatic(self, "OUT" + i, CD_BATCH);
                    }
                }
                if (fused != null)
                {
                    bindFused(code, self, fused, fusedFields);
                }
                code.return_();
            });
            for (final int port : n.pushInputs)
            {
                cb.withMethodBody("push" + port, MT_BATCH, ClassFile.ACC_PUBLIC | ClassFile.ACC_STATIC, code ->
                {
                    if (fused != null)
                    {
                        emitFusedPush(code, self, fused, fusedFields.ownMatch(), port, fusedFields.sinks());
                    }
                    else
                    {
                        emitPush(code, n, self, elementType, port, useOwnMatch, outIndex, line);
                    }
                });
                cb.withMethodBody("one" + port, MT_ONE, ClassFile.ACC_PUBLIC | ClassFile.ACC_STATIC,
                    code -> emitOne(code, n, self, elementType, port, useOwnMatch, outIndex, line));
            }
        });
    }

    private static String sourceOf(final Node n)
    {
        final String lm = n.element.landmark();
        final int colon = lm.lastIndexOf(':');
        if (colon > 0)
        {
            final String file = lm.substring(0, colon);
            return file.substring(file.lastIndexOf('/') + 1);
        }
        return "config.click";
    }

    /** In {@code bind(Object[] k)}: pushes {@code (type) k[index]}. */
    private static void loadConstant(final CodeBuilder code, final int index, final ClassDesc type)
    {
        code.aload(0);
        code.loadConstant(index);
        code.aaload();
        code.checkcast(type);
    }

    /** {@code pushN(PacketBatch b)}. Local 0 is the batch. */
    private void emitPush(final CodeBuilder code, final Node n, final ClassDesc self, final ClassDesc elementType,
        final int port, final boolean ownMatch, final int[] outIndex, final int line)
    {
        if (line > 0)
        {
            code.lineNumber(line);
        }
        switch (n.kind)
        {
            case ACTION ->
            {
                // E.batchAction(port, b); if (!b.isEmpty()) Next.pushK(b);
                code.getstatic(self, "E", elementType);
                code.checkcast(CD_BATCH_ACTION);
                code.loadConstant(port);
                code.aload(0);
                code.invokeinterface(CD_BATCH_ACTION, "batchAction", MT_PORT_BATCH);
                final Label end = code.newLabel();
                code.aload(0);
                code.invokevirtual(CD_BATCH, "isEmpty", MethodTypeDesc.of(CD_boolean));
                code.ifne(end);
                forwardBatch(code, n, 0, () -> code.aload(0));
                code.labelBinding(end);
                code.return_();
            }
            case CLASSIFIER -> emitClassifierPush(code, n, self, elementType, ownMatch, outIndex);
            case SPLIT ->
            {
                // E.splitAction(port, b, OUTS); then each output batch to its peer
                code.getstatic(self, "E", elementType);
                code.checkcast(CD_SPLIT_ACTION);
                code.loadConstant(port);
                code.aload(0);
                code.getstatic(self, "OUTS", CD_BATCHES);
                code.invokeinterface(CD_SPLIT_ACTION, "splitAction", MethodTypeDesc.of(CD_void, CD_int, CD_BATCH, CD_BATCHES));
                for (int i = 0; i < outIndex.length; i++)
                {
                    final int out = i;
                    final Label empty = code.newLabel();
                    code.getstatic(self, "OUT" + i, CD_BATCH);
                    code.invokevirtual(CD_BATCH, "isEmpty", MethodTypeDesc.of(CD_boolean));
                    code.ifne(empty);
                    forwardBatch(code, n, out, () -> code.getstatic(self, "OUT" + out, CD_BATCH));
                    code.getstatic(self, "OUT" + i, CD_BATCH);
                    code.invokevirtual(CD_BATCH, "clear", MethodTypeDesc.of(CD_void));
                    code.labelBinding(empty);
                }
                code.return_();
            }
            default ->
            {
                code.getstatic(self, "E", elementType);
                code.loadConstant(port);
                code.aload(0);
                code.invokevirtual(CD_ELEMENT, "pushBatch", MT_PORT_BATCH);
                code.return_();
            }
        }
    }

    /** Pushes the batch that {@code load} puts on the stack to output {@code out}'s compiled peer. */
    private static void forwardBatch(final CodeBuilder code, final Node n, final int out, final Runnable load)
    {
        final Node peer = n.outputPeer[out];
        if (peer != null && peer.className != null)
        {
            load.run();
            code.invokestatic(descOf(peer.className), "push" + n.outputPeerPort[out], MT_BATCH);
        }
        else if (n.outputDeadEnd[out] || peer != null)
        {
            // an unconnected push output (or a peer no packet was thought to reach): the packets die there
            load.run();
            code.invokevirtual(CD_BATCH, "killAll", MethodTypeDesc.of(CD_void));
        }
        else
        {
            load.run();
            code.invokevirtual(CD_BATCH, "killAll", MethodTypeDesc.of(CD_void));
        }
    }

    private static void forwardOne(final CodeBuilder code, final Node n, final int out, final int packetLocal)
    {
        final Node peer = n.outputPeer[out];
        code.aload(packetLocal);
        if (peer != null && peer.className != null)
        {
            code.invokestatic(descOf(peer.className), "one" + n.outputPeerPort[out], MT_ONE);
        }
        else
        {
            code.invokevirtual(CD_PACKET, "kill", MethodTypeDesc.of(CD_void));
        }
    }

    /**
     * The classifier's batch push: split the batch once by {@code match}, then push each output batch to its peer.
     * Locals: 0 batch, 1 size, 2 index, 3 packet, 4 port, 5 drops.
     */
    private void emitClassifierPush(final CodeBuilder code, final Node n, final ClassDesc self,
        final ClassDesc elementType, final boolean ownMatch, final int[] outIndex)
    {
        // a program replaced at run time (a write handler) is run by the element itself
        final Label current = code.newLabel();
        code.getstatic(self, "E", elementType);
        code.checkcast(CD_CLASSIFIER);
        code.invokevirtual(CD_CLASSIFIER, "program", MethodTypeDesc.of(CD_PROGRAM));
        code.getstatic(self, "PROGRAM", CD_PROGRAM);
        code.if_acmpeq(current);
        code.getstatic(self, "E", elementType);
        code.iconst_0();
        code.aload(0);
        code.invokevirtual(CD_ELEMENT, "pushBatch", MT_PORT_BATCH);
        code.return_();
        code.labelBinding(current);

        final Label loop = code.newLabel();
        final Label done = code.newLabel();
        final Label next = code.newLabel();
        emitLoopHead(code, loop, done);
        emitMatchCall(code, self, ownMatch, 3);
        code.istore(4);
        emitSort(code, self, "OUT", outIndex, null, next);
        emitLoopEnd(code, next, loop, done);
        code.aload(0);
        code.invokevirtual(CD_BATCH, "clear", MethodTypeDesc.of(CD_void));
        final Label noDrops = code.newLabel();
        code.iload(5);
        code.ifeq(noDrops);
        code.getstatic(self, "E", elementType);
        code.checkcast(CD_CLASSIFIER);
        code.iload(5);
        code.invokevirtual(CD_CLASSIFIER, "countDrops", MethodTypeDesc.of(CD_void, CD_int));
        code.labelBinding(noDrops);
        forwardSorted(code, n, self, "OUT", outIndex);
        code.return_();
    }

    /**
     * The head of a loop over the batch in local 0: local 1 its size, local 2 the index, local 5 (drops) zero;
     * binds {@code loop}, jumps to {@code done} past the end, and leaves the packet at the index in local 3.
     */
    private static void emitLoopHead(final CodeBuilder code, final Label loop, final Label done)
    {
        code.aload(0);
        code.invokevirtual(CD_BATCH, "size", MethodTypeDesc.of(CD_int));
        code.istore(1);
        code.iconst_0();
        code.istore(2);
        code.iconst_0();
        code.istore(5);
        code.labelBinding(loop);
        code.iload(2);
        code.iload(1);
        code.if_icmpge(done);
        code.aload(0);
        code.iload(2);
        code.invokevirtual(CD_BATCH, "get", MethodTypeDesc.of(CD_PACKET, CD_int));
        code.astore(3);
    }

    /** The end of {@link #emitLoopHead}'s loop: binds {@code next}, steps the index, loops, then binds {@code done}. */
    private static void emitLoopEnd(final CodeBuilder code, final Label next, final Label loop, final Label done)
    {
        code.labelBinding(next);
        code.iinc(2, 1);
        code.goto_(loop);
        code.labelBinding(done);
    }

    /**
     * Sorts the packet in local 3 by the output in local 4: appended to the batch in static field {@code prefix + i}
     * when {@code used[i] >= 0}, else killed (an unconnected output, the interpreter's dead end, or one the program
     * never uses); an output out of range kills it and counts a drop in local 5. Then jumps to {@code next}.
     */
    private static void emitSort(final CodeBuilder code, final ClassDesc self, final String prefix, final int[] used,
        final SinkTail[] sinks, final Label next)
    {
        final int outputs = used.length;
        final Label drop = code.newLabel();
        final List<SwitchCase> cases = new ArrayList<>();
        final Label[] caseLabels = new Label[outputs];
        for (int i = 0; i < outputs; i++)
        {
            caseLabels[i] = code.newLabel();
            cases.add(SwitchCase.of(i, caseLabels[i]));
        }
        code.iload(4);
        if (outputs > 0)
        {
            code.tableswitch(0, outputs - 1, drop, cases);
        }
        else
        {
            code.pop();
            code.goto_(drop);
        }
        for (int i = 0; i < outputs; i++)
        {
            code.labelBinding(caseLabels[i]);
            if (sinks != null && sinks[i] != null)
            {
                emitSink(code, self, sinks[i], i, next);
                continue;
            }
            if (used[i] >= 0)
            {
                code.getstatic(self, prefix + i, CD_BATCH);
                code.aload(3);
                code.invokevirtual(CD_BATCH, "add", MethodTypeDesc.of(CD_boolean, CD_PACKET));
                code.pop();
            }
            else
            {
                code.aload(3);
                code.invokevirtual(CD_PACKET, "kill", MethodTypeDesc.of(CD_void));
            }
            code.goto_(next);
        }
        code.labelBinding(drop);
        code.aload(3);
        code.invokevirtual(CD_PACKET, "kill", MethodTypeDesc.of(CD_void));
        code.iinc(5, 1);
        code.goto_(next);
    }

    /** Pushes each non-empty batch of static field {@code prefix + i} ({@code used[i] >= 0}) to {@code n}'s output i. */
    private static void forwardSorted(final CodeBuilder code, final Node n, final ClassDesc self, final String prefix,
        final int[] used)
    {
        for (int i = 0; i < used.length; i++)
        {
            if (used[i] < 0)
            {
                continue;
            }
            final int out = i;
            final Label empty = code.newLabel();
            code.getstatic(self, prefix + i, CD_BATCH);
            code.invokevirtual(CD_BATCH, "isEmpty", MethodTypeDesc.of(CD_boolean));
            code.ifne(empty);
            forwardBatch(code, n, out, () -> code.getstatic(self, prefix + out, CD_BATCH));
            code.getstatic(self, prefix + i, CD_BATCH);
            code.invokevirtual(CD_BATCH, "clear", MethodTypeDesc.of(CD_void));
            code.labelBinding(empty);
        }
    }

    private static void emitMatchCall(final CodeBuilder code, final ClassDesc self, final boolean ownMatch,
        final int packetLocal)
    {
        if (ownMatch)
        {
            code.aload(packetLocal);
            code.invokestatic(self, "match", MT_MATCH);
        }
        else
        {
            code.getstatic(self, "PROGRAM", CD_PROGRAM);
            code.aload(packetLocal);
            code.invokevirtual(CD_PROGRAM, "match", MT_MATCH);
        }
    }

    /** {@code oneN(Packet p)}. Local 0 is the packet; 1 the result. */
    private void emitOne(final CodeBuilder code, final Node n, final ClassDesc self, final ClassDesc elementType,
        final int port, final boolean ownMatch, final int[] outIndex, final int line)
    {
        if (line > 0)
        {
            code.lineNumber(line);
        }
        switch (n.kind)
        {
            case ACTION ->
            {
                code.getstatic(self, "E", elementType);
                code.checkcast(CD_BATCH_ACTION);
                code.loadConstant(port);
                code.aload(0);
                code.invokeinterface(CD_BATCH_ACTION, "action", MT_ACTION);
                code.astore(1);
                final Label end = code.newLabel();
                code.aload(1);
                code.ifnull(end);
                forwardOne(code, n, 0, 1);
                code.labelBinding(end);
                code.return_();
            }
            case CLASSIFIER ->
            {
                final Label current = code.newLabel();
                code.getstatic(self, "E", elementType);
                code.checkcast(CD_CLASSIFIER);
                code.invokevirtual(CD_CLASSIFIER, "program", MethodTypeDesc.of(CD_PROGRAM));
                code.getstatic(self, "PROGRAM", CD_PROGRAM);
                code.if_acmpeq(current);
                code.getstatic(self, "E", elementType);
                code.iconst_0();
                code.aload(0);
                code.invokevirtual(CD_ELEMENT, "push", MT_PORT_ONE);
                code.return_();
                code.labelBinding(current);
                emitMatchCall(code, self, ownMatch, 0);
                code.istore(1);
                final int outputs = n.element.noutputs();
                final Label drop = code.newLabel();
                final List<SwitchCase> cases = new ArrayList<>();
                final Label[] caseLabels = new Label[outputs];
                for (int i = 0; i < outputs; i++)
                {
                    caseLabels[i] = code.newLabel();
                    cases.add(SwitchCase.of(i, caseLabels[i]));
                }
                code.iload(1);
                if (outputs > 0)
                {
                    code.tableswitch(0, outputs - 1, drop, cases);
                }
                else
                {
                    code.pop();
                    code.goto_(drop);
                }
                for (int i = 0; i < outputs; i++)
                {
                    code.labelBinding(caseLabels[i]);
                    forwardOne(code, n, i, 0);
                    code.return_();
                }
                code.labelBinding(drop);
                code.aload(0);
                code.invokevirtual(CD_PACKET, "kill", MethodTypeDesc.of(CD_void));
                code.getstatic(self, "E", elementType);
                code.checkcast(CD_CLASSIFIER);
                code.iconst_1();
                code.invokevirtual(CD_CLASSIFIER, "countDrops", MethodTypeDesc.of(CD_void, CD_int));
                code.return_();
            }
            default ->
            {
                code.getstatic(self, "E", elementType);
                code.loadConstant(port);
                code.aload(0);
                code.invokevirtual(CD_ELEMENT, "push", MT_PORT_ONE);
                code.return_();
            }
        }
    }

    /** The longest chain that {@link #emitFusedPush} runs in one loop. */
    static final int MAX_FUSED = 8;

    /**
     * A segment that runs packet by packet: a chain of {@link BatchAction} elements ({@link SimpleElement}s, and
     * Counter), each one's output 0 feeding the next one's input 0, optionally ended by the classifier they feed.
     * The whole batch goes through the chain in one loop, each packet through every element's per-packet {@code
     * action} in turn (Click's own order for a single packet; {@link BatchAction} defines the batch form as that),
     * and a classifier at the end sorts it into one batch per output in the same pass: the batch is split only
     * there. One pass instead of one per element: a packet's fields are loaded from memory once, by the first
     * element, and the later ones find them in cache.
     *
     * @param chain the elements, the first being the segment's own
     * @param classifier the classifier the chain ends in, or null
     * @param classifierPort the classifier's input the chain feeds
     */
    record Fused(List<Node> chain, Node classifier, int classifierPort)
    {
        /** The chain that starts at {@code n}, or null when {@code n} does not start one. */
        static Fused of(final Node n)
        {
            if (!fusable(n))
            {
                return null;
            }
            final List<Node> chain = new ArrayList<>();
            chain.add(n);
            Node cur = n;
            while (chain.size() < MAX_FUSED)
            {
                final Node next = cur.outputPeer.length > 0 ? cur.outputPeer[0] : null;
                if (next == null || next.className == null || next.cyclic || chain.contains(next))
                {
                    break;
                }
                if (fusable(next) && cur.outputPeerPort[0] == 0)
                {
                    chain.add(next);
                    cur = next;
                    continue;
                }
                if (next.kind == Kind.CLASSIFIER)
                {
                    return new Fused(List.copyOf(chain), next, cur.outputPeerPort[0]);
                }
                break;
            }
            return new Fused(List.copyOf(chain), null, -1);
        }

        private static boolean fusable(final Node n)
        {
            return n.kind == Kind.ACTION && !n.cyclic && n.element instanceof BatchAction;
        }

        Node last()
        {
            return chain.getLast();
        }

        /**
         * The sink tails the loop runs: with a classifier, one per output (null where the output's path is not
         * one); without, one element: the path after the chain's output 0, or null.
         */
        SinkTail[] sinks()
        {
            final int outputs = classifier == null ? 1 : classifier.element.noutputs();
            final Node from = classifier == null ? last() : classifier;
            final SinkTail[] sinks = new SinkTail[outputs];
            for (int i = 0; i < outputs; i++)
            {
                if (from.outputPeer.length > i && from.outputPeer[i] != null && (classifier == null
                    || ((ClassifierElement)classifier.element).program().usesOutput(i)))
                {
                    sinks[i] = SinkTail.of(from.outputPeer[i], from.outputPeerPort[i]);
                }
            }
            return sinks;
        }
    }

    private static final ClassDesc CD_SIMPLE = desc(SimpleElement.class);
    private static final MethodTypeDesc MT_SIMPLE = MethodTypeDesc.of(CD_PACKET, CD_PACKET);

    /**
     * What {@link #fusedFields} declared: the constant indexes {@link #bindFused} stores (index k for field {@code
     * Fk}; then {@code TE}, {@code TPROG}, an unused slot and one per {@code TOUTi}, -1 for none), whether the
     * classifier's decision code was emitted as {@code tmatch}, the sink tails ({@link Fused#sinks}) and, for each,
     * the constant indexes of its fields {@code S<i>_<k>} and, last, {@code D<i>}.
     */
    record FusedFields(int[] constants, boolean ownMatch, SinkTail[] sinks, int[][] sinkConstants)
    {
    }

    /**
     * Declares the fields of a fused segment ({@code F1..Fk} for the chain's later elements, {@code TE}, {@code
     * TPROG} and {@code TOUTi} for its classifier) and adds the classifier's decision code as {@code tmatch}.
     */
    private FusedFields fusedFields(final ClassBuilder cb, final ClassDesc self, final Fused f)
    {
        final List<Node> chain = f.chain();
        final Node t = f.classifier();
        final int outputs = t == null ? 0 : t.element.noutputs();
        final int[] index = new int[chain.size() + 3 + outputs];
        boolean ownMatch = false;
        java.util.Arrays.fill(index, -1);
        for (int k = 1; k < chain.size(); k++)
        {
            final Node c = chain.get(k);
            index[k] = constant(c.element);
            cb.withField("F" + k, elementType(c.element), ClassFile.ACC_STATIC | ClassFile.ACC_PRIVATE);
        }
        final SinkTail[] sinks = f.sinks();
        final int[][] sinkIndex = new int[sinks.length][];
        for (int i = 0; i < sinks.length; i++)
        {
            final SinkTail s = sinks[i];
            if (s == null)
            {
                continue;
            }
            sinkIndex[i] = new int[s.chain().size() + 1];
            for (int k = 0; k < s.chain().size(); k++)
            {
                sinkIndex[i][k] = constant(s.chain().get(k).element);
                cb.withField("S" + i + "_" + k, elementType(s.chain().get(k).element),
                    ClassFile.ACC_STATIC | ClassFile.ACC_PRIVATE);
            }
            sinkIndex[i][s.chain().size()] = constant(s.discard().element);
            cb.withField("D" + i, CD_DISCARD, ClassFile.ACC_STATIC | ClassFile.ACC_PRIVATE);
        }
        if (t != null)
        {
            final ClassifierProgram program = ((ClassifierElement)t.element).program();
            final int base = chain.size();
            index[base] = constant(t.element);
            cb.withField("TE", CD_CLASSIFIER, ClassFile.ACC_STATIC | ClassFile.ACC_PRIVATE);
            index[base + 1] = constant(program);
            cb.withField("TPROG", CD_PROGRAM, ClassFile.ACC_STATIC | ClassFile.ACC_PRIVATE);
            ownMatch = matchEmitter != null && matchEmitter.emit(cb, self, "tmatch", program, t.line());
            for (int i = 0; i < outputs; i++)
            {
                if (t.outputPeer[i] != null && program.usesOutput(i) && sinks[i] == null)
                {
                    index[base + 3 + i] = constant(new PacketBatch(PacketBatch.MAX_CAPACITY));
                    cb.withField("TOUT" + i, CD_BATCH, ClassFile.ACC_STATIC | ClassFile.ACC_PRIVATE);
                }
            }
        }
        return new FusedFields(index, ownMatch, sinks, sinkIndex);
    }

    private static void bindFused(final CodeBuilder code, final ClassDesc self, final Fused f, final FusedFields ff)
    {
        final int[] index = ff.constants();
        for (int i = 0; i < ff.sinks().length; i++)
        {
            final SinkTail s = ff.sinks()[i];
            if (s == null)
            {
                continue;
            }
            for (int k = 0; k < s.chain().size(); k++)
            {
                final ClassDesc type = elementType(s.chain().get(k).element);
                loadConstant(code, ff.sinkConstants()[i][k], type);
                code.putstatic(self, "S" + i + "_" + k, type);
            }
            loadConstant(code, ff.sinkConstants()[i][s.chain().size()], CD_DISCARD);
            code.putstatic(self, "D" + i, CD_DISCARD);
        }
        final List<Node> chain = f.chain();
        for (int k = 1; k < chain.size(); k++)
        {
            final ClassDesc type = elementType(chain.get(k).element);
            loadConstant(code, index[k], type);
            code.putstatic(self, "F" + k, type);
        }
        final Node t = f.classifier();
        if (t != null)
        {
            final int base = chain.size();
            loadConstant(code, index[base], CD_CLASSIFIER);
            code.putstatic(self, "TE", CD_CLASSIFIER);
            loadConstant(code, index[base + 1], CD_PROGRAM);
            code.putstatic(self, "TPROG", CD_PROGRAM);
            for (int i = 0; i < t.element.noutputs(); i++)
            {
                if (index[base + 3 + i] >= 0)
                {
                    loadConstant(code, index[base + 3 + i], CD_BATCH);
                    code.putstatic(self, "TOUT" + i, CD_BATCH);
                }
            }
        }
    }

    /**
     * One element's per-packet work on the packet in local 3, the element being in static field {@code field}:
     * {@code simpleAction(p)} of a {@link SimpleElement}, else {@code action(port, p)} of a {@link BatchAction}. The
     * result goes back to local 3; null (the element dropped or consumed the packet) jumps to {@code next}.
     */
    private static void emitAction(final CodeBuilder code, final ClassDesc self, final Node c, final String field,
        final int port, final Label next)
    {
        final ClassDesc type = elementType(c.element);
        if (c.line() > 0)
        {
            code.lineNumber(c.line());
        }
        code.getstatic(self, field, type);
        if (!(c.element instanceof SimpleElement))
        {
            if (type.equals(CD_ELEMENT))
            {
                code.checkcast(CD_BATCH_ACTION);
                code.loadConstant(port);
                code.aload(3);
                code.invokeinterface(CD_BATCH_ACTION, "action", MT_ACTION);
            }
            else
            {
                code.loadConstant(port);
                code.aload(3);
                code.invokevirtual(type, "action", MT_ACTION);
            }
        }
        else if (type.equals(CD_ELEMENT))
        {
            code.checkcast(CD_SIMPLE);
            code.aload(3);
            code.invokevirtual(CD_SIMPLE, "simpleAction", MT_SIMPLE);
        }
        else
        {
            code.aload(3);
            code.invokevirtual(type, "simpleAction", MT_SIMPLE);
        }
        code.astore(3);
        code.aload(3);
        code.ifnull(next);
    }

    /**
     * The packet in local 3 down sink tail {@code s} (fields {@code S<out>_<k>} and {@code D<out>}): each element's
     * per-packet work, then the Discard's {@code push}; then to {@code next}.
     */
    private static void emitSink(final CodeBuilder code, final ClassDesc self, final SinkTail s, final int out,
        final Label next)
    {
        for (int k = 0; k < s.chain().size(); k++)
        {
            emitAction(code, self, s.chain().get(k), "S" + out + "_" + k, s.ports().get(k), next);
        }
        if (s.discard().line() > 0)
        {
            code.lineNumber(s.discard().line());
        }
        code.getstatic(self, "D" + out, CD_DISCARD);
        code.loadConstant(s.discardPort());
        code.aload(3);
        code.invokevirtual(CD_DISCARD, "push", MT_PORT_ONE);
        code.goto_(next);
    }

    private static final ClassDesc CD_DISCARD = desc(Discard.class);

    /**
     * A path from a classifier's output (or a fused chain's end) into a Discard through elements with a per-packet
     * action ({@link Fused#fusable}): the fused loop runs it for each packet sorted there, instead of collecting
     * the packet in an output batch that the path then walks again. Only a Discard ends one: nothing after it can
     * see in what order the packets of different outputs were handled.
     *
     * @param chain the elements before the Discard (possibly none)
     * @param ports the input port of each of them the path enters
     * @param discard the Discard
     * @param discardPort its input the path enters
     */
    record SinkTail(List<Node> chain, List<Integer> ports, Node discard, int discardPort)
    {
        /** The sink tail that starts at input {@code port} of {@code from}, or null when the path is not one. */
        static SinkTail of(final Node from, final int port)
        {
            final List<Node> chain = new ArrayList<>();
            final List<Integer> ports = new ArrayList<>();
            Node cur = from;
            int p = port;
            while (cur != null && cur.className != null && !cur.cyclic && chain.size() < MAX_FUSED)
            {
                if (cur.element instanceof Discard && cur.kind == Kind.LINKED && cur.pushInputs.contains(p))
                {
                    return new SinkTail(List.copyOf(chain), List.copyOf(ports), cur, p);
                }
                if (!Fused.fusable(cur) || cur.outputPeer.length == 0 || chain.contains(cur))
                {
                    return null;
                }
                chain.add(cur);
                ports.add(p);
                p = cur.outputPeerPort[0];
                cur = cur.outputPeer[0];
            }
            return null;
        }
    }

    /**
     * {@code pushN(PacketBatch b)} of a fused segment. Locals: 0 batch, 1 size, 2 index, 3 packet, 4 output,
     * 5 drops, 6 kept, 7 whether the classifier still runs the program it was compiled with.
     */
    private void emitFusedPush(final CodeBuilder code, final ClassDesc self, final Fused f, final boolean ownMatch,
        final int port, final SinkTail[] sinks)
    {
        final List<Node> chain = f.chain();
        final Node t = f.classifier();
        final int[] tOut = new int[t == null ? 0 : t.element.noutputs()];
        java.util.Arrays.fill(tOut, -1);
        if (t != null)
        {
            final ClassifierProgram program = ((ClassifierElement)t.element).program();
            for (int i = 0; i < tOut.length; i++)
            {
                tOut[i] = t.outputPeer[i] != null && program.usesOutput(i) && sinks[i] == null ? i : -1;
            }
        }
        final int first = chain.getFirst().line();
        if (first > 0)
        {
            code.lineNumber(first);
        }
        if (t != null)
        {
            // a program replaced at run time (a write handler): the classifier's own code runs it, after the chain
            code.getstatic(self, "TE", CD_CLASSIFIER);
            code.invokevirtual(CD_CLASSIFIER, "program", MethodTypeDesc.of(CD_PROGRAM));
            code.getstatic(self, "TPROG", CD_PROGRAM);
            final Label stale = code.newLabel();
            final Label set = code.newLabel();
            code.if_acmpne(stale);
            code.iconst_1();
            code.goto_(set);
            code.labelBinding(stale);
            code.iconst_0();
            code.labelBinding(set);
            code.istore(7);
        }
        code.iconst_0();
        code.istore(6);
        final Label loop = code.newLabel();
        final Label done = code.newLabel();
        final Label next = code.newLabel();
        emitLoopHead(code, loop, done);
        for (int k = 0; k < chain.size(); k++)
        {
            emitAction(code, self, chain.get(k), k == 0 ? "E" : "F" + k, k == 0 ? port : 0, next);
        }
        if (t == null && sinks[0] != null)
        {
            emitSink(code, self, sinks[0], 0, next);
        }
        else if (t == null)
        {
            code.aload(0);
            code.iload(6);
            code.aload(3);
            code.invokevirtual(CD_BATCH, "set", MethodTypeDesc.of(CD_void, CD_int, CD_PACKET));
            code.iinc(6, 1);
            code.goto_(next);
        }
        else
        {
            if (t.line() > 0)
            {
                code.lineNumber(t.line());
            }
            final Label keep = code.newLabel();
            code.iload(7);
            code.ifeq(keep);
            if (ownMatch)
            {
                code.aload(3);
                code.invokestatic(self, "tmatch", MT_MATCH);
            }
            else
            {
                code.getstatic(self, "TPROG", CD_PROGRAM);
                code.aload(3);
                code.invokevirtual(CD_PROGRAM, "match", MT_MATCH);
            }
            code.istore(4);
            emitSort(code, self, "TOUT", tOut, sinks, next);
            code.labelBinding(keep);
            code.aload(0);
            code.iload(6);
            code.aload(3);
            code.invokevirtual(CD_BATCH, "set", MethodTypeDesc.of(CD_void, CD_int, CD_PACKET));
            code.iinc(6, 1);
        }
        emitLoopEnd(code, next, loop, done);
        if (first > 0)
        {
            code.lineNumber(first);
        }
        final Label end = code.newLabel();
        if (t == null && sinks[0] != null)
        {
            code.aload(0);
            code.invokevirtual(CD_BATCH, "clear", MethodTypeDesc.of(CD_void));
            code.return_();
            return;
        }
        if (t == null)
        {
            code.aload(0);
            code.iload(6);
            code.invokevirtual(CD_BATCH, "truncate", MethodTypeDesc.of(CD_void, CD_int));
            code.aload(0);
            code.invokevirtual(CD_BATCH, "isEmpty", MethodTypeDesc.of(CD_boolean));
            code.ifne(end);
            forwardBatch(code, f.last(), 0, () -> code.aload(0));
            code.labelBinding(end);
            code.return_();
            return;
        }
        final Label fast = code.newLabel();
        code.iload(7);
        code.ifne(fast);
        // the classifier's program changed: the chain's survivors go to its own code
        code.aload(0);
        code.iload(6);
        code.invokevirtual(CD_BATCH, "truncate", MethodTypeDesc.of(CD_void, CD_int));
        code.aload(0);
        code.invokevirtual(CD_BATCH, "isEmpty", MethodTypeDesc.of(CD_boolean));
        code.ifne(end);
        code.aload(0);
        code.invokestatic(descOf(t.className), "push" + f.classifierPort(), MT_BATCH);
        code.goto_(end);
        code.labelBinding(fast);
        code.aload(0);
        code.invokevirtual(CD_BATCH, "clear", MethodTypeDesc.of(CD_void));
        final Label noDrops = code.newLabel();
        code.iload(5);
        code.ifeq(noDrops);
        code.getstatic(self, "TE", CD_CLASSIFIER);
        code.iload(5);
        code.invokevirtual(CD_CLASSIFIER, "countDrops", MethodTypeDesc.of(CD_void, CD_int));
        code.labelBinding(noDrops);
        forwardSorted(code, t, self, "TOUT", tOut);
        code.labelBinding(end);
        code.return_();
    }

    /**
     * {@code Name$inN extends Element}: the peer that interpreted code pushes to; it enters the compiled code of
     * input N.
     */
    byte[] emitPortClass(final Node n, final int port)
    {
        final ClassDesc self = descOf(portClassName(n, port));
        final ClassDesc segment = descOf(n.className);
        final int line = n.line();
        final String source = sourceOf(n);
        final String label = n.element.name() + " input " + port + " (compiled)";
        return classFile.build(self, cb ->
        {
            cb.withFlags(ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL | ClassFile.ACC_SUPER);
            cb.withSuperclass(CD_ELEMENT);
            cb.with(SourceFileAttribute.of(source));
            cb.withMethodBody("<init>", MethodTypeDesc.of(CD_void), ClassFile.ACC_PUBLIC, code ->
            {
                code.aload(0);
                code.invokespecial(CD_ELEMENT, "<init>", MethodTypeDesc.of(CD_void));
                code.return_();
            });
            cb.withMethodBody("className", MethodTypeDesc.of(CD_String), ClassFile.ACC_PUBLIC, code ->
            {
                code.ldc(label);
                code.areturn();
            });
            cb.withMethodBody("pushBatch", MT_PORT_BATCH, ClassFile.ACC_PUBLIC, code ->
            {
                if (line > 0)
                {
                    code.lineNumber(line);
                }
                code.aload(2);
                code.invokestatic(segment, "push" + port, MT_BATCH);
                code.return_();
            });
            cb.withMethodBody("push", MT_PORT_ONE, ClassFile.ACC_PUBLIC, code ->
            {
                if (line > 0)
                {
                    code.lineNumber(line);
                }
                code.aload(2);
                code.invokestatic(segment, "one" + port, MT_ONE);
                code.return_();
            });
        });
    }
}
