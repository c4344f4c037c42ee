package org.jclick.compiler.classifier;

import java.lang.classfile.Attributes;
import java.lang.classfile.ClassBuilder;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.classfile.MethodModel;
import java.lang.classfile.Opcode;
import java.lang.classfile.TypeKind;
import java.lang.classfile.attribute.CodeAttribute;
import java.lang.classfile.instruction.SwitchCase;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.packet.PacketClassifier;
import org.jclick.elements.classification.ClassifierProgram;

/**
 * Compiles a {@link ClassifierProgram} into straight-line bytecode (with the JDK's {@code java.lang.classfile} API),
 * in the spirit of Click's {@code click-fastclassifier}.
 *
 * <p>The generated method {@code private static int name(Packet p)} returns exactly {@link ClassifierProgram#match}
 * for every packet: an output port, or -1 to drop. It computes the header bases once, then takes one of two paths:
 * <ul>
 * <li>a <em>fast path</em>, entered when every header region the program reads is inside the packet (so no step can
 * take its short branch): no per-step length checks, each word read once per path and kept in a local, steps whose
 * outcome is implied by the tests already passed on every path to them left out (jump threading), and chains of
 * equality tests of one masked word against several constants turned into a {@code tableswitch} or
 * {@code lookupswitch};</li>
 * <li>a <em>careful path</em> for every other packet, which mirrors {@code match} step by step: missing header
 * annotations, offsets into the headroom, short branches and partial words.</li>
 * </ul>
 * Comparisons are inline with constant operands; the generated code allocates nothing and throws nothing (it reads
 * only the bytes {@code match} reads).
 *
 * <p>Size: a generated method is kept under {@link #MAX_METHOD_BYTES} bytes of bytecode, so that HotSpot compiles it
 * (its {@code HugeMethodLimit} is 8000). When the two paths together are too big, the careful path goes into a
 * second method if the caller named the class being built
 * ({@link #emitMatch(ClassBuilder, ClassDesc, String, ClassifierProgram, int)}), else only the careful path is
 * emitted (still correct, a little slower); when the careful path alone is too big, {@code emitMatch} throws
 * {@link ProgramTooLargeException} before it adds anything to the class, and the caller is to fall back to
 * {@link ClassifierProgram#match}. {@link #canCompile} says in advance.
 */
public final class ClassifierCodegen
{
    /** Largest bytecode size of a generated method (HotSpot's HugeMethodLimit is 8000 bytes). */
    public static final int MAX_METHOD_BYTES = 7_900;

    /** Thrown at setup time when a program cannot be compiled into one method small enough to be JIT-compiled. */
    public static final class ProgramTooLargeException extends IllegalArgumentException
    {
        private static final long serialVersionUID = 1L;

        ProgramTooLargeException(final String message)
        {
            super(message);
        }
    }

    static final ClassDesc CD_PACKET = ClassDesc.of(Packet.class.getName());
    static final ClassDesc CD_PACKET_CLASSIFIER = ClassDesc.of(PacketClassifier.class.getName());
    static final MethodTypeDesc MTD_MATCH = MethodTypeDesc.of(ConstantDescs.CD_int, CD_PACKET);
    private static final MethodTypeDesc MTD_INT = MethodTypeDesc.of(ConstantDescs.CD_int);
    private static final MethodTypeDesc MTD_BOOLEAN = MethodTypeDesc.of(ConstantDescs.CD_boolean);
    private static final MethodTypeDesc MTD_INT_INT = MethodTypeDesc.of(ConstantDescs.CD_int, ConstantDescs.CD_int);
    private static final int NO_HEADER_BASE = Integer.MIN_VALUE / 2;
    /** At most this many known test outcomes are carried along an edge for jump threading. */
    private static final int MAX_FACTS = 32;
    /** A chain of at least this many equality tests becomes a switch. */
    private static final int MIN_SWITCH_CASES = 3;

    private ClassifierCodegen()
    {
    }

    // ------------------------------------------------------------------------------------------ public API

    /** {@link #emitMatch(ClassBuilder, String, ClassifierProgram, int)} without a line number. */
    public static void emitMatch(final ClassBuilder cb, final String methodName, final ClassifierProgram program)
    {
        emitMatch(cb, methodName, program, 0);
    }

    /**
     * Adds {@code private static int methodName(Packet p)} to the class being built, returning what
     * {@code program.match(p)} returns for every packet.
     *
     * @param sourceLine the line put in the method's LineNumberTable (the .click line of the element); {@code <= 0}
     *        for none
     * @throws ProgramTooLargeException (before touching {@code cb}) if even the careful path alone would exceed
     *         {@link #MAX_METHOD_BYTES}; the caller should then use {@link ClassifierProgram#match}
     */
    public static void emitMatch(final ClassBuilder cb, final String methodName, final ClassifierProgram program,
        final int sourceLine)
    {
        final Shape shape = chooseShape(program, false);
        cb.withMethodBody(methodName, MTD_MATCH, ClassFile.ACC_PRIVATE | ClassFile.ACC_STATIC | ClassFile.ACC_FINAL,
            code -> new Emitter(code, program, shape, sourceLine, null, null).emit());
    }

    /**
     * As {@link #emitMatch(ClassBuilder, String, ClassifierProgram, int)}, for a caller that knows the class being
     * built ({@code owner}): when both paths do not fit one method, the careful path goes into a second method,
     * {@code private static int methodName$careful(Packet)}, which the first calls for the packets it does not
     * take on the fast path. So programs about twice as big keep their fast path.
     *
     * @throws ProgramTooLargeException (before touching {@code cb}) if the careful path alone would exceed
     *         {@link #MAX_METHOD_BYTES}
     */
    public static void emitMatch(final ClassBuilder cb, final ClassDesc owner, final String methodName,
        final ClassifierProgram program, final int sourceLine)
    {
        final Shape shape = chooseShape(program, true);
        final String carefulName = methodName + "$careful";
        final int flags = ClassFile.ACC_PRIVATE | ClassFile.ACC_STATIC | ClassFile.ACC_FINAL;
        cb.withMethodBody(methodName, MTD_MATCH, flags,
            code -> new Emitter(code, program, shape, sourceLine, owner, carefulName).emit());
        if (shape == Shape.FAST_CALLING_CAREFUL)
        {
            cb.withMethodBody(carefulName, MTD_MATCH, flags,
                code -> new Emitter(code, program, Shape.CAREFUL_ONLY, sourceLine, null, null).emit());
        }
    }

    /** Whether {@link #emitMatch} can compile {@code program} (else it throws {@link ProgramTooLargeException}). */
    public static boolean canCompile(final ClassifierProgram program)
    {
        return methodBytes(program, Shape.CAREFUL_ONLY) <= MAX_METHOD_BYTES;
    }

    /**
     * Bytecode size of the method {@link #emitMatch(ClassBuilder, String, ClassifierProgram)} would add, or -1 if it
     * cannot compile the program.
     */
    public static int methodBytes(final ClassifierProgram program)
    {
        final int both = methodBytes(program, Shape.BOTH);
        if (both <= MAX_METHOD_BYTES)
        {
            return both;
        }
        final int careful = methodBytes(program, Shape.CAREFUL_ONLY);
        return careful <= MAX_METHOD_BYTES ? careful : -1;
    }

    /**
     * Whether the method {@link #emitMatch(ClassBuilder, String, ClassifierProgram)} would add has the fast path
     * (false: careful path only).
     */
    public static boolean hasFastPath(final ClassifierProgram program)
    {
        return chooseShape(program, false) == Shape.BOTH;
    }

    /**
     * A standalone compiled classifier: a hidden class implementing {@link PacketClassifier} whose
     * {@code classify} returns {@code program.match(p)}.
     *
     * @throws ProgramTooLargeException if the program cannot be compiled (see {@link #emitMatch})
     */
    public static PacketClassifier compile(final ClassifierProgram program)
    {
        return define(classBytes(program));
    }

    /**
     * The class file {@link #compile} defines (for tests and dumps): {@code classify} calls {@code match}, made by
     * {@link #emitMatch(ClassBuilder, ClassDesc, String, ClassifierProgram, int)} (so with {@code match$careful}
     * when the program is big).
     */
    public static byte[] classBytes(final ClassifierProgram program)
    {
        return classBytes(program, true);
    }

    /** As {@link #classBytes(ClassifierProgram)}; without {@code split}, by the one-method {@code emitMatch}. */
    static byte[] classBytes(final ClassifierProgram program, final boolean split)
    {
        final ClassDesc self = ClassDesc.of(ClassifierCodegen.class.getPackageName() + ".CompiledClassifier");
        return ClassFile.of().build(self, cb ->
        {
            cb.withFlags(ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL | ClassFile.ACC_SUPER);
            cb.withInterfaceSymbols(CD_PACKET_CLASSIFIER);
            cb.withMethodBody(ConstantDescs.INIT_NAME, ConstantDescs.MTD_void, ClassFile.ACC_PUBLIC,
                code -> code.aload(0).invokespecial(ConstantDescs.CD_Object, ConstantDescs.INIT_NAME,
                    ConstantDescs.MTD_void).return_());
            cb.withMethodBody("classify", MTD_MATCH, ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL,
                code -> code.aload(1).invokestatic(self, "match", MTD_MATCH).ireturn());
            if (split)
            {
                emitMatch(cb, self, "match", program, 0);
            }
            else
            {
                emitMatch(cb, "match", program, 0);
            }
        });
    }

    /** Defines {@code bytes} (made by {@link #classBytes}) as a hidden class and makes an instance. */
    static PacketClassifier define(final byte[] bytes)
    {
        try
        {
            final MethodHandles.Lookup hidden = MethodHandles.lookup().defineHiddenClass(bytes, true);
            return (PacketClassifier)hidden.findConstructor(hidden.lookupClass(), MethodType.methodType(void.class))
                .invoke();
        }
        catch (final RuntimeException | Error e)
        {
            throw e;
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException("cannot define the compiled classifier", t);
        }
    }

    // ------------------------------------------------------------------------------------------ sizing

    /** What a generated method holds. */
    enum Shape
    {
        /** Fast path and careful path. */
        BOTH,
        /** The careful path only (no per-path optimizations). */
        CAREFUL_ONLY,
        /** The fast path, calling a separate careful-only method for the other packets. */
        FAST_CALLING_CAREFUL
    }

    private static Shape chooseShape(final ClassifierProgram program, final boolean maySplit)
    {
        if (methodBytes(program, Shape.BOTH) <= MAX_METHOD_BYTES)
        {
            return Shape.BOTH;
        }
        final int careful = methodBytes(program, Shape.CAREFUL_ONLY);
        if (careful > MAX_METHOD_BYTES)
        {
            throw new ProgramTooLargeException("classifier program of " + program.size() + " steps needs " + careful
                + " bytes of bytecode (limit " + MAX_METHOD_BYTES + ")");
        }
        if (maySplit && methodBytes(program, Shape.FAST_CALLING_CAREFUL) <= MAX_METHOD_BYTES)
        {
            return Shape.FAST_CALLING_CAREFUL;
        }
        return Shape.CAREFUL_ONLY;
    }

    private static int methodBytes(final ClassifierProgram program, final Shape shape)
    {
        final ClassDesc sizing = ClassDesc.of("org.jclick.compiler.classifier.Sizing");
        final byte[] bytes;
        try
        {
            bytes = ClassFile.of().build(sizing,
                cb -> cb.withMethodBody("m", MTD_MATCH, ClassFile.ACC_PRIVATE | ClassFile.ACC_STATIC,
                    code -> new Emitter(code, program, shape, 0, sizing, "m$careful").emit()));
        }
        catch (final IllegalArgumentException e)
        {
            return Integer.MAX_VALUE; // over the class file's 64 KiB limit of a method
        }
        final ClassModel model = ClassFile.of().parse(bytes);
        for (final MethodModel m : model.methods())
        {
            final CodeAttribute code = m.findAttribute(Attributes.code()).orElseThrow();
            return code.codeLength();
        }
        throw new IllegalStateException("no method");
    }

    // ------------------------------------------------------------------------------------------ steps

    /** One step of the program with its region geometry (as {@link ClassifierProgram} computes it). */
    private record Step(int region, int roff, int first, int need, int mask, int value, byte op, boolean shortYes,
        int yes, int no)
    {
        /** The word this step reads: region and offset. */
        long key()
        {
            return ((long)region << 32) | (roff & 0xFFFF_FFFFL);
        }

        /** The outcome when the mask selects no byte (ClassifierProgram reads nothing then). */
        boolean constantOutcome()
        {
            return op == ClassifierProgram.EQ ? value == 0 : false;
        }
    }

    private static Step[] steps(final ClassifierProgram program)
    {
        final Step[] steps = new Step[program.size()];
        final boolean data = program.layout() == ClassifierProgram.Layout.DATA;
        for (int i = 0; i < steps.length; i++)
        {
            final int offset = program.offset(i);
            final int region;
            final int roff;
            if (data)
            {
                region = 0;
                roff = offset;
            }
            else if (offset >= ClassifierProgram.TRANSPORT_BASE)
            {
                region = 2;
                roff = offset - ClassifierProgram.TRANSPORT_BASE;
            }
            else if (offset >= ClassifierProgram.IP_BASE)
            {
                region = 1;
                roff = offset - ClassifierProgram.IP_BASE;
            }
            else
            {
                region = 0;
                roff = offset - ClassifierProgram.MAC_SHIFT;
            }
            final int mask = program.mask(i);
            steps[i] = new Step(region, roff, mask == 0 ? 0 : Integer.numberOfLeadingZeros(mask) / 8,
                ClassifierProgram.requiredBytes(mask), mask, program.value(i), program.op(i), program.shortYes(i),
                program.yes(i), program.no(i));
        }
        return steps;
    }

    /** Bits of the bytes {@code first..need-1} of a big-endian word. */
    static int rangeMask(final int first, final int need)
    {
        int m = 0;
        for (int i = first; i < need; i++)
        {
            m |= 0xFF << ((3 - i) * 8);
        }
        return m;
    }

    /** A known outcome of a test on the fast path. */
    private record Fact(long key, int mask, int value, byte op, boolean outcome)
    {
    }

    /** 1 or 0 if the facts decide step {@code s}'s outcome (on the fast path), else -1. */
    private static int implied(final List<Fact> facts, final Step s)
    {
        if (s.need == 0)
        {
            return s.constantOutcome() ? 1 : 0;
        }
        final long key = s.key();
        for (int i = 0, n = facts.size(); i < n; i++)
        {
            final Fact f = facts.get(i);
            if (f.key != key)
            {
                continue;
            }
            if (f.mask == s.mask && f.value == s.value && f.op == s.op)
            {
                return f.outcome ? 1 : 0;
            }
            if (f.op == ClassifierProgram.EQ && f.outcome)
            {
                // (w & f.mask) == f.value
                if ((s.mask & ~f.mask) == 0)
                {
                    final int w = f.value & s.mask;
                    final boolean o = s.op == ClassifierProgram.EQ ? w == s.value
                        : Integer.compareUnsigned(w, s.value) > 0;
                    return o ? 1 : 0;
                }
                final int common = f.mask & s.mask;
                if (s.op == ClassifierProgram.EQ && (f.value & common) != (s.value & common))
                {
                    return 0;
                }
            }
        }
        return -1;
    }

    // ------------------------------------------------------------------------------------------ emitter

    /** Generates one method body. */
    private static final class Emitter
    {
        private final CodeBuilder code;
        private final ClassifierProgram program;
        private final Shape shape;
        private final ClassDesc owner;
        private final String carefulName;
        private final int sourceLine;
        private final Step[] steps;
        private final boolean data;
        private final Map<Integer, Label> returnLabels = new HashMap<>();

        private int pSlot;
        private int lengthSlot;
        private int lowSlot;
        private final int[] baseSlot = {-1, -1, -1};
        private int atSlot;

        // fast graph
        private int fastEntry;
        private int[] fastYes;
        private int[] fastNo;
        private boolean[] emitted;
        /** Per emitted switch head: cases (values shifted right by the mask's trailing zeros) and targets. */
        private int[][] switchValues;
        private int[][] switchTargets;
        private int[] switchDefault;

        Emitter(final CodeBuilder code, final ClassifierProgram program, final Shape shape, final int sourceLine,
            final ClassDesc owner, final String carefulName)
        {
            this.code = code;
            this.program = program;
            this.shape = shape;
            this.owner = owner;
            this.carefulName = carefulName;
            this.sourceLine = sourceLine;
            this.steps = steps(program);
            this.data = program.layout() == ClassifierProgram.Layout.DATA;
        }

        void emit()
        {
            if (sourceLine > 0)
            {
                code.lineNumber(sourceLine);
            }
            if (steps.length == 0)
            {
                returnConstant(program.outputEverything());
                return;
            }
            pSlot = code.parameterSlot(0);
            final int carefulEntry = resolveConstant(0);
            if (carefulEntry < 0)
            {
                returnConstant(carefulEntry);
                return;
            }
            final boolean[] carefulReach = carefulReach(carefulEntry);
            final boolean[] regionUsed = new boolean[3];
            for (int i = 0; i < steps.length; i++)
            {
                if (carefulReach[i])
                {
                    regionUsed[steps[i].region] = true;
                }
            }
            prologue(regionUsed);
            final Label careful = code.newLabel();
            if (shape != Shape.CAREFUL_ONLY)
            {
                planFast();
                fastPath(careful);
            }
            code.labelBinding(careful);
            if (shape == Shape.FAST_CALLING_CAREFUL)
            {
                code.aload(pSlot).invokestatic(owner, carefulName, MTD_MATCH).ireturn();
            }
            else
            {
                carefulPath(carefulEntry, carefulReach);
            }
            for (final Map.Entry<Integer, Label> e : returnLabels.entrySet())
            {
                code.labelBinding(e.getValue());
                returnConstant(e.getKey());
            }
        }

        // -------------------------------------------------------------------------------------- common

        private void returnConstant(final int target)
        {
            code.loadConstant(target == ClassifierProgram.DROP ? -1 : ~target);
            code.ireturn();
        }

        private Label returnLabel(final int target)
        {
            return returnLabels.computeIfAbsent(target, t -> code.newLabel());
        }

        /** The target past steps that read nothing (their outcome is constant on both paths). */
        private int resolveConstant(final int target)
        {
            int t = target;
            while (t >= 0 && steps[t].need == 0)
            {
                t = steps[t].constantOutcome() ? steps[t].yes : steps[t].no;
            }
            return t;
        }

        private void prologue(final boolean[] regionUsed)
        {
            lengthSlot = code.allocateLocal(TypeKind.INT);
            code.aload(pSlot).invokevirtual(CD_PACKET, "length", MTD_INT).istore(lengthSlot);
            lowSlot = code.allocateLocal(TypeKind.INT);
            code.aload(pSlot).invokevirtual(CD_PACKET, "headroom", MTD_INT).ineg().istore(lowSlot);
            atSlot = code.allocateLocal(TypeKind.INT);
            if (data)
            {
                return;
            }
            if (regionUsed[0])
            {
                final int slot = code.allocateLocal(TypeKind.INT);
                baseSlot[0] = slot;
                final Label none = code.newLabel();
                final Label done = code.newLabel();
                code.aload(pSlot).invokevirtual(CD_PACKET, "hasMacHeader", MTD_BOOLEAN).ifeq(none);
                code.aload(pSlot).invokevirtual(CD_PACKET, "macHeaderOffset", MTD_INT).istore(slot).goto_(done);
                code.labelBinding(none);
                code.loadConstant(NO_HEADER_BASE).istore(slot);
                code.labelBinding(done);
            }
            if (regionUsed[1] || regionUsed[2])
            {
                final int slot = code.allocateLocal(TypeKind.INT);
                baseSlot[1] = slot;
                final Label none = code.newLabel();
                final Label done = code.newLabel();
                code.aload(pSlot).invokevirtual(CD_PACKET, "hasNetworkHeader", MTD_BOOLEAN).ifeq(none);
                code.aload(pSlot).invokevirtual(CD_PACKET, "networkHeaderOffset", MTD_INT).istore(slot).goto_(done);
                code.labelBinding(none);
                code.iconst_0().istore(slot);
                code.labelBinding(done);
            }
            if (regionUsed[2])
            {
                final int slot = code.allocateLocal(TypeKind.INT);
                final int b1 = baseSlot[1];
                baseSlot[2] = slot;
                final Label derive = code.newLabel();
                final Label none = code.newLabel();
                final Label done = code.newLabel();
                code.aload(pSlot).invokevirtual(CD_PACKET, "hasTransportHeader", MTD_BOOLEAN).ifeq(derive);
                code.aload(pSlot).invokevirtual(CD_PACKET, "hasNetworkHeader", MTD_BOOLEAN).ifeq(derive);
                code.aload(pSlot).invokevirtual(CD_PACKET, "transportHeaderOffset", MTD_INT).istore(slot).goto_(done);
                code.labelBinding(derive);
                code.iload(b1).iload(lowSlot).if_icmplt(none);
                code.iload(b1).iload(lengthSlot).if_icmpge(none);
                code.iload(b1).aload(pSlot).iload(b1).invokevirtual(CD_PACKET, "u8", MTD_INT_INT)
                    .bipush(0x0F).iand().iconst_2().ishl().iadd().istore(slot).goto_(done);
                code.labelBinding(none);
                code.loadConstant(NO_HEADER_BASE).istore(slot);
                code.labelBinding(done);
            }
        }

        /** Pushes the packet offset {@code base + delta} (for DATA, the constant {@code delta}). */
        private void pushOffset(final int baseOrAtSlot, final int delta)
        {
            if (baseOrAtSlot < 0)
            {
                code.loadConstant(delta);
                return;
            }
            code.iload(baseOrAtSlot);
            if (delta != 0)
            {
                code.loadConstant(delta).iadd();
            }
        }

        /**
         * Pushes the word whose bytes {@code first..need-1} are read at {@code slot + delta + i} and whose other
         * bytes are zero (exactly the bytes {@code match} reads).
         */
        private void readWord(final int slot, final int delta, final int first, final int need)
        {
            boolean firstPiece = true;
            int i = first;
            while (i < need)
            {
                final int size = need - i >= 4 ? 4 : need - i >= 2 ? 2 : 1;
                code.aload(pSlot);
                pushOffset(slot, delta + i);
                code.invokevirtual(CD_PACKET, size == 4 ? "u32" : size == 2 ? "u16" : "u8", MTD_INT_INT);
                final int shift = (4 - i - size) * 8;
                if (shift > 0)
                {
                    code.loadConstant(shift).ishl();
                }
                if (!firstPiece)
                {
                    code.ior();
                }
                firstPiece = false;
                i += size;
            }
        }

        /**
         * With the masked word on the stack, emits the test of {@code s}: jumps to the yes target, the no target,
         * or falls through to {@code next} (a step emitted right after, or -1).
         */
        private void branch(final Step s, final Label[] stepLabels, final int yes, final int no, final int next)
        {
            // the comparison: an opcode that jumps when the outcome is true, with its operands on the stack
            Opcode jumpIfTrue;
            if (s.op == ClassifierProgram.EQ)
            {
                if (s.value == 0)
                {
                    jumpIfTrue = Opcode.IFEQ;
                }
                else
                {
                    code.loadConstant(s.value);
                    jumpIfTrue = Opcode.IF_ICMPEQ;
                }
            }
            else if (s.value == 0)
            {
                jumpIfTrue = Opcode.IFNE; // unsigned w > 0
            }
            else if ((s.mask & Integer.MIN_VALUE) == 0 && s.value > 0)
            {
                code.loadConstant(s.value); // both non-negative: a signed comparison is the unsigned one
                jumpIfTrue = Opcode.IF_ICMPGT;
            }
            else
            {
                code.loadConstant(Integer.MIN_VALUE).ixor().loadConstant(s.value ^ Integer.MIN_VALUE);
                jumpIfTrue = Opcode.IF_ICMPGT;
            }
            if (no == next && no >= 0)
            {
                code.branch(jumpIfTrue, label(stepLabels, yes));
            }
            else if (yes == next && yes >= 0)
            {
                code.branch(invert(jumpIfTrue), label(stepLabels, no));
            }
            else if (no < 0)
            {
                code.branch(jumpIfTrue, label(stepLabels, yes));
                returnConstant(no);
            }
            else
            {
                code.branch(jumpIfTrue, label(stepLabels, yes));
                code.goto_(label(stepLabels, no));
            }
        }

        private Label label(final Label[] stepLabels, final int target)
        {
            return target >= 0 ? stepLabels[target] : returnLabel(target);
        }

        private static Opcode invert(final Opcode op)
        {
            return switch (op)
            {
                case IFEQ -> Opcode.IFNE;
                case IFNE -> Opcode.IFEQ;
                case IF_ICMPEQ -> Opcode.IF_ICMPNE;
                case IF_ICMPGT -> Opcode.IF_ICMPLE;
                default -> throw new IllegalArgumentException(op.toString());
            };
        }

        private static Label[] labels(final CodeBuilder code, final int n)
        {
            final Label[] l = new Label[n];
            for (int i = 0; i < n; i++)
            {
                l[i] = code.newLabel();
            }
            return l;
        }

        private static int nextMarked(final boolean[] marked, final int from)
        {
            for (int i = from + 1; i < marked.length; i++)
            {
                if (marked[i])
                {
                    return i;
                }
            }
            return -1;
        }

        // -------------------------------------------------------------------------------------- careful path

        private boolean[] carefulReach(final int entry)
        {
            final boolean[] reach = new boolean[steps.length];
            reach[entry] = true;
            for (int i = entry; i < steps.length; i++)
            {
                if (reach[i])
                {
                    final int y = resolveConstant(steps[i].yes);
                    final int n = resolveConstant(steps[i].no);
                    if (y >= 0)
                    {
                        reach[y] = true;
                    }
                    if (n >= 0)
                    {
                        reach[n] = true;
                    }
                }
            }
            return reach;
        }

        /** Step by step as {@link ClassifierProgram#match}, with every length check. */
        private void carefulPath(final int entry, final boolean[] reach)
        {
            final Label[] stepLabels = labels(code, steps.length);
            for (int i = entry; i >= 0; i = nextMarked(reach, i))
            {
                final Step s = steps[i];
                code.labelBinding(stepLabels[i]);
                final int yes = resolveConstant(s.yes);
                final int no = resolveConstant(s.no);
                final Label shortTarget = label(stepLabels, s.shortYes ? yes : no);
                final int slot;
                if (data)
                {
                    // at = roff >= 0 >= low: only the end can be past the data
                    code.iload(lengthSlot).loadConstant(s.roff + s.need).if_icmplt(shortTarget);
                    slot = -1;
                }
                else
                {
                    slot = atSlot;
                    pushOffset(baseSlot[s.region], s.roff);
                    code.istore(atSlot);
                    pushOffset(atSlot, s.first);
                    code.iload(lowSlot).if_icmplt(shortTarget);
                    pushOffset(atSlot, s.need);
                    code.iload(lengthSlot).if_icmpgt(shortTarget);
                }
                readWord(slot, data ? s.roff : 0, s.first, s.need);
                if (s.mask != rangeMask(s.first, s.need))
                {
                    code.loadConstant(s.mask).iand();
                }
                branch(s, stepLabels, yes, no, nextMarked(reach, i));
            }
        }

        // -------------------------------------------------------------------------------------- fast path

        /** Jump threading over known outcomes, then switch chains, then which steps are emitted. */
        private void planFast()
        {
            final int n = steps.length;
            fastYes = new int[n];
            fastNo = new int[n];
            final boolean[] reached = new boolean[n];
            @SuppressWarnings("unchecked")
            final List<Fact>[] in = new List[n];
            fastEntry = thread(0, List.of());
            if (fastEntry >= 0)
            {
                reached[fastEntry] = true;
                in[fastEntry] = new ArrayList<>();
            }
            for (int i = 0; i < n; i++)
            {
                if (!reached[i])
                {
                    continue;
                }
                final Step s = steps[i];
                for (int o = 0; o < 2; o++)
                {
                    final boolean outcome = o == 0;
                    final List<Fact> facts = new ArrayList<>(in[i]);
                    if (facts.size() >= MAX_FACTS)
                    {
                        facts.remove(0);
                    }
                    facts.add(new Fact(s.key(), s.mask, s.value, s.op, outcome));
                    final int t = thread(outcome ? s.yes : s.no, facts);
                    if (outcome)
                    {
                        fastYes[i] = t;
                    }
                    else
                    {
                        fastNo[i] = t;
                    }
                    if (t >= 0)
                    {
                        if (!reached[t])
                        {
                            reached[t] = true;
                            in[t] = facts;
                        }
                        else
                        {
                            in[t] = intersect(in[t], facts);
                        }
                    }
                }
            }
            // switch chains and the emitted set
            emitted = new boolean[n];
            switchValues = new int[n][];
            switchTargets = new int[n][];
            switchDefault = new int[n];
            if (fastEntry >= 0)
            {
                emitted[fastEntry] = true;
            }
            for (int i = 0; i < n; i++)
            {
                if (!emitted[i])
                {
                    continue;
                }
                planSwitch(i);
                if (switchValues[i] != null)
                {
                    for (final int t : switchTargets[i])
                    {
                        mark(t);
                    }
                    mark(switchDefault[i]);
                }
                else
                {
                    mark(fastYes[i]);
                    mark(fastNo[i]);
                }
            }
        }

        private void mark(final int target)
        {
            if (target >= 0)
            {
                emitted[target] = true;
            }
        }

        private static List<Fact> intersect(final List<Fact> a, final List<Fact> b)
        {
            final List<Fact> r = new ArrayList<>();
            for (final Fact f : a)
            {
                if (b.contains(f))
                {
                    r.add(f);
                }
            }
            return r;
        }

        /** Follows {@code target} past steps whose outcome the facts decide. */
        private int thread(final int target, final List<Fact> facts)
        {
            int t = target;
            while (t >= 0)
            {
                final int o = implied(facts, steps[t]);
                if (o < 0)
                {
                    break;
                }
                t = o == 1 ? steps[t].yes : steps[t].no;
            }
            return t;
        }

        /** If step {@code head} starts a chain of equality tests of one masked word along its no branches. */
        private void planSwitch(final int head)
        {
            final Step h = steps[head];
            if (h.op != ClassifierProgram.EQ)
            {
                return;
            }
            final List<Integer> values = new ArrayList<>();
            final List<Integer> targets = new ArrayList<>();
            final int shift = Integer.numberOfTrailingZeros(h.mask);
            int cur = head;
            int members = 0;
            while (true)
            {
                final Step s = steps[cur];
                members++;
                if ((s.value & ~h.mask) == 0)
                {
                    final int v = s.value >>> shift;
                    if (!values.contains(v))
                    {
                        values.add(v);
                        targets.add(fastYes[cur]);
                    }
                }
                final int next = fastNo[cur];
                if (next < 0 || steps[next].op != ClassifierProgram.EQ || steps[next].key() != h.key()
                    || steps[next].mask != h.mask)
                {
                    break;
                }
                cur = next;
            }
            if (members < MIN_SWITCH_CASES || values.size() < 2)
            {
                return;
            }
            switchValues[head] = values.stream().mapToInt(Integer::intValue).toArray();
            switchTargets[head] = targets.stream().mapToInt(Integer::intValue).toArray();
            switchDefault[head] = fastNo[cur];
        }

        private void fastPath(final Label careful)
        {
            if (fastEntry < 0)
            {
                returnConstant(fastEntry);
                return;
            }
            final int n = steps.length;
            // region bounds over every step the fast path reads (switch members share the head's word and mask)
            final int[] minFirst = {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE};
            final int[] maxNeed = {Integer.MIN_VALUE, Integer.MIN_VALUE, Integer.MIN_VALUE};
            final Map<Long, int[]> wordRange = new HashMap<>();
            for (int i = 0; i < n; i++)
            {
                if (emitted[i])
                {
                    final Step s = steps[i];
                    minFirst[s.region] = Math.min(minFirst[s.region], s.roff + s.first);
                    maxNeed[s.region] = Math.max(maxNeed[s.region], s.roff + s.need);
                    final int[] r = wordRange.computeIfAbsent(s.key(), k -> new int[] {4, 0});
                    r[0] = Math.min(r[0], s.first);
                    r[1] = Math.max(r[1], s.need);
                }
            }
            for (int r = 0; r < 3; r++)
            {
                if (maxNeed[r] == Integer.MIN_VALUE)
                {
                    continue;
                }
                if (data)
                {
                    code.iload(lengthSlot).loadConstant(maxNeed[r]).if_icmplt(careful);
                }
                else
                {
                    pushOffset(baseSlot[r], minFirst[r]);
                    code.iload(lowSlot).if_icmplt(careful);
                    pushOffset(baseSlot[r], maxNeed[r]);
                    code.iload(lengthSlot).if_icmpgt(careful);
                }
            }
            // word locals, and which words are loaded on every path into each step
            final Map<Long, Integer> wordSlot = new HashMap<>();
            final Map<Long, Integer> wordIndex = new HashMap<>();
            for (final Long key : wordRange.keySet())
            {
                wordIndex.put(key, wordIndex.size());
                wordSlot.put(key, code.allocateLocal(TypeKind.INT));
            }
            final BitSet[] loadedIn = new BitSet[n];
            loadedIn[fastEntry] = new BitSet();
            final Label[] stepLabels = labels(code, n);
            for (int i = fastEntry; i >= 0; i = nextMarked(emitted, i))
            {
                final Step s = steps[i];
                code.labelBinding(stepLabels[i]);
                final long key = s.key();
                final int[] range = wordRange.get(key);
                final int slot = wordSlot.get(key);
                final BitSet in = loadedIn[i];
                if (in.get(wordIndex.get(key)))
                {
                    code.iload(slot);
                }
                else
                {
                    readWord(data ? -1 : baseSlot[s.region], s.roff, range[0], range[1]);
                    code.dup().istore(slot);
                }
                final BitSet out = (BitSet)in.clone();
                out.set(wordIndex.get(key));
                if (s.mask != rangeMask(range[0], range[1]))
                {
                    code.loadConstant(s.mask).iand();
                }
                final int next = nextMarked(emitted, i);
                if (switchValues[i] != null)
                {
                    final int shift = Integer.numberOfTrailingZeros(s.mask);
                    if (shift > 0)
                    {
                        code.loadConstant(shift).iushr();
                    }
                    emitSwitch(i, stepLabels);
                    for (final int t : switchTargets[i])
                    {
                        flow(loadedIn, t, out);
                    }
                    flow(loadedIn, switchDefault[i], out);
                }
                else
                {
                    branch(s, stepLabels, fastYes[i], fastNo[i], next);
                    flow(loadedIn, fastYes[i], out);
                    flow(loadedIn, fastNo[i], out);
                }
            }
        }

        private static void flow(final BitSet[] loadedIn, final int target, final BitSet out)
        {
            if (target < 0)
            {
                return;
            }
            if (loadedIn[target] == null)
            {
                loadedIn[target] = (BitSet)out.clone();
            }
            else
            {
                loadedIn[target].and(out);
            }
        }

        private void emitSwitch(final int head, final Label[] stepLabels)
        {
            final int[] values = switchValues[head];
            final int[] targets = switchTargets[head];
            final List<SwitchCase> cases = new ArrayList<>();
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            for (int k = 0; k < values.length; k++)
            {
                cases.add(SwitchCase.of(values[k], label(stepLabels, targets[k])));
                min = Math.min(min, values[k]);
                max = Math.max(max, values[k]);
            }
            cases.sort((a, b) -> Integer.compare(a.caseValue(), b.caseValue()));
            final Label dflt = label(stepLabels, switchDefault[head]);
            if (max - min + 1 <= 3L * values.length + 4)
            {
                code.tableswitch((int)min, (int)max, dflt, cases);
            }
            else
            {
                code.lookupswitch(dflt, cases);
            }
        }
    }
}
