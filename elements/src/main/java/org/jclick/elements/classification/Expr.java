package org.jclick.elements.classification;

import java.util.Objects;

/**
 * The immutable syntax tree of one classification rule, after names and qualifiers are resolved: boolean
 * structure over word tests. {@link ProgramCompiler} turns a list of rules into a {@link ClassifierProgram}.
 */
public sealed interface Expr
{
    /** {@code true} or {@code false}. */
    record Const(boolean value) implements Expr
    {
        @Override
        public String toString()
        {
            return value ? "true" : "false";
        }
    }

    /**
     * One word test: {@code (word at offset & mask) op value}, in the program's offset space. A packet too short
     * for the test makes it false; when {@code negated} (Click's {@code !=}), the test is inverted but a short
     * packet still makes it false.
     */
    record Test(int offset, int mask, int value, byte op, boolean negated) implements Expr
    {
        public Test
        {
            if (offset < 0 || (offset & 3) != 0)
            {
                throw new IllegalArgumentException("offset must be a non-negative multiple of 4: " + offset);
            }
            if (op != ClassifierProgram.EQ && op != ClassifierProgram.GT)
            {
                throw new IllegalArgumentException("bad comparison " + op);
            }
            value = op == ClassifierProgram.EQ ? value & mask : value;
        }

        public static Test eq(final int offset, final int mask, final int value)
        {
            return new Test(offset, mask, value, ClassifierProgram.EQ, false);
        }

        public Test negate()
        {
            return new Test(offset, mask, value, op, !negated);
        }

        @Override
        public String toString()
        {
            return String.format("%d/%08x%%%08x%s", offset, value, mask,
                (op == ClassifierProgram.GT ? (negated ? "<=" : ">") : (negated ? "!=" : "")));
        }
    }

    /** Logical negation: a short packet that made the operand false makes this true. */
    record Not(Expr operand) implements Expr
    {
        public Not
        {
            Objects.requireNonNull(operand);
        }

        @Override
        public String toString()
        {
            return "!" + operand;
        }
    }

    record And(Expr left, Expr right) implements Expr
    {
        public And
        {
            Objects.requireNonNull(left);
            Objects.requireNonNull(right);
        }

        @Override
        public String toString()
        {
            return "(" + left + " && " + right + ")";
        }
    }

    record Or(Expr left, Expr right) implements Expr
    {
        public Or
        {
            Objects.requireNonNull(left);
            Objects.requireNonNull(right);
        }

        @Override
        public String toString()
        {
            return "(" + left + " || " + right + ")";
        }
    }

    /** {@code condition ? then : otherwise}. */
    record Cond(Expr condition, Expr then, Expr otherwise) implements Expr
    {
        public Cond
        {
            Objects.requireNonNull(condition);
            Objects.requireNonNull(then);
            Objects.requireNonNull(otherwise);
        }

        @Override
        public String toString()
        {
            return "(" + condition + " ? " + then + " : " + otherwise + ")";
        }
    }

    Expr TRUE = new Const(true);
    Expr FALSE = new Const(false);

    static Expr and(final Expr a, final Expr b)
    {
        return a == null ? b : b == null ? a : new And(a, b);
    }

    static Expr or(final Expr a, final Expr b)
    {
        return a == null ? b : b == null ? a : new Or(a, b);
    }

    /** One rule: packets matching {@code expr} go to {@code output}; a negative output discards them. */
    record Rule(Expr expr, int output)
    {
        public Rule
        {
            Objects.requireNonNull(expr);
        }
    }
}
