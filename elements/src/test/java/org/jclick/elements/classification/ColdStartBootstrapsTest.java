package org.jclick.elements.classification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.MethodModel;
import java.lang.classfile.instruction.InvokeDynamicInstruction;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The IPFilter/Classifier compiler, which every {@code jclick run} of a configuration with a classifier runs, makes
 * no {@code invokedynamic} call that spins a class on first use: no pattern switch ({@code SwitchBootstraps}), no
 * record-generated {@code equals}/{@code hashCode} ({@code ObjectMethods}) for its map keys. The JDK 25 AOT cache
 * does not keep these linked; {@code ProgramCompiler.Key}'s generated {@code hashCode} alone cost a cold start about
 * 5 ms in the interpreter.
 */
class ColdStartBootstrapsTest {

    private static List<String> spinningCallSites(String className) throws IOException {
        final byte[] bytes;
        try (InputStream in = ColdStartBootstrapsTest.class.getResourceAsStream(
                "/" + className.replace('.', '/') + ".class")) {
            bytes = in.readAllBytes();
        }
        final List<String> found = new ArrayList<>();
        for (MethodModel m : ClassFile.of().parse(bytes).methods()) {
            final String name = m.methodName().stringValue();
            if (name.equals("toString") || m.code().isEmpty()) {
                continue;
            }
            m.code().get().forEach(e -> {
                if (e instanceof InvokeDynamicInstruction indy) {
                    final String owner = indy.bootstrapMethod().owner().descriptorString();
                    if (owner.equals("Ljava/lang/runtime/SwitchBootstraps;")
                            || owner.equals("Ljava/lang/runtime/ObjectMethods;")) {
                        found.add(name + " -> " + owner);
                    }
                }
            });
        }
        return found;
    }

    @Test
    void compilerSpinsNoClasses() throws IOException {
        final String p = "org.jclick.elements.classification.ProgramCompiler";
        for (String c : List.of(p, p + "$Key", p + "$Fact")) {
            assertEquals(List.of(), spinningCallSites(c), c);
        }
    }

    @Test
    void writtenOutKeysAndFactsCompareByEveryComponent() throws ReflectiveOperationException {
        // the written-out methods must keep the record's meaning: the tree merge shares steps through Key
        for (String name : List.of("Key", "Fact")) {
            final Class<?> c = Class.forName("org.jclick.elements.classification.ProgramCompiler$" + name);
            final var components = c.getRecordComponents();
            final Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < types.length; i++) {
                types[i] = components[i].getType();
            }
            final var ctor = c.getDeclaredConstructor(types);
            ctor.setAccessible(true);
            final Object base = ctor.newInstance(values(types, -1));
            assertEquals(base, ctor.newInstance(values(types, -1)), name);
            assertEquals(base.hashCode(), ctor.newInstance(values(types, -1)).hashCode(), name);
            for (int k = 0; k < types.length; k++) {
                final Object other = ctor.newInstance(values(types, k));
                assertNotEquals(base, other, name + " differs in " + components[k].getName());
                assertNotEquals(base.hashCode(), other.hashCode(), name + " hash, " + components[k].getName());
            }
            assertNotEquals(base, "not a " + name);
        }
    }

    /** Component values 1, 2, 3... (booleans false), with component {@code changed} altered. */
    private static Object[] values(Class<?>[] types, int changed) {
        final Object[] v = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            final int x = i + 1 + (i == changed ? 100 : 0);
            if (types[i] == int.class) {
                v[i] = x;
            } else if (types[i] == byte.class) {
                v[i] = (byte) x;
            } else {
                v[i] = i == changed;
            }
        }
        return v;
    }
}
