package org.jclick.compiler;

import org.jclick.compiler.classifier.ClassifierCodegen;

/**
 * Chooses how classifier programs become code: the decision-tree bytecode of {@link ClassifierCodegen} when it
 * accepts the program, else (a program too large for one method pair) a direct call of the program's own
 * {@code match} on a constant, which is still monomorphic and inlinable.
 */
final class ClassifierMatch
{
    static final SegmentEmitter.MatchEmitter EMITTER = (cb, owner, name, program, line) ->
    {
        if (!ClassifierCodegen.canCompile(program))
        {
            return false;
        }
        ClassifierCodegen.emitMatch(cb, owner, name, program, line);
        return true;
    };

    private ClassifierMatch()
    {
    }
}
