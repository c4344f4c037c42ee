package org.jclick.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.instruction.InvokeDynamicInstruction;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The front end's code on the path of every {@code jclick run} makes no {@code invokedynamic} call whose bootstrap
 * spins a class at run time: pattern switches ({@code SwitchBootstraps}) and a record's generated
 * {@code equals}/{@code hashCode} ({@code ObjectMethods}). The JDK 25 AOT cache keeps lambdas and string
 * concatenation linked, not these, so each one cost a cold start 0.5-5 ms in the interpreter.
 */
class ColdStartBootstrapsTest {

    /** The bootstrap owners that spin classes on first use and are not kept by the AOT cache. */
    private static final List<String> SPINNING = List.of("java/lang/runtime/SwitchBootstraps",
            "java/lang/runtime/ObjectMethods");

    /**
     * Each method of {@code type} that calls {@code invokedynamic} with one of {@link #SPINNING}'s bootstraps,
     * as "method -> owner", except a record's {@code toString} (never called at start).
     */
    static List<String> spinningCallSites(Class<?> type) throws IOException {
        final byte[] bytes;
        try (InputStream in = type.getResourceAsStream("/" + type.getName().replace('.', '/') + ".class")) {
            bytes = in.readAllBytes();
        }
        final ClassModel model = ClassFile.of().parse(bytes);
        final List<String> found = new ArrayList<>();
        for (MethodModel m : model.methods()) {
            final String name = m.methodName().stringValue();
            if (name.equals("toString") || m.code().isEmpty()) {
                continue;
            }
            m.code().get().forEach(e -> {
                if (e instanceof InvokeDynamicInstruction indy) {
                    final String owner = indy.bootstrapMethod().owner().descriptorString();
                    for (String s : SPINNING) {
                        if (owner.equals("L" + s + ";")) {
                            found.add(name + " -> " + s);
                        }
                    }
                }
            });
        }
        found.sort(null);
        return found;
    }

    static Class<?> classNamed(String name) {
        try {
            return Class.forName(name, false, ColdStartBootstrapsTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new AssertionError(name, e);
        }
    }

    @Test
    void frontEndPathSpinsNoClasses() throws IOException {
        for (Class<?> c : List.of(AstBuilder.class, Flattener.class, SourceLocation.class,
                classNamed("org.jclick.lang.Flattener$Conn"))) {
            assertEquals(List.of(), spinningCallSites(c), c.getName());
        }
    }

    @Test
    void detectsAPatternSwitchAndARecordsHashCode() throws IOException {
        // the check itself: a pattern switch and a plain record are found
        assertEquals(List.of("kind -> java/lang/runtime/SwitchBootstraps"), spinningCallSites(Sample.class));
        assertEquals(List.of("equals -> java/lang/runtime/ObjectMethods",
                "hashCode -> java/lang/runtime/ObjectMethods"), spinningCallSites(Sample.Pair.class));
    }

    /** A pattern switch and a record with generated methods, for the check's own test. */
    static final class Sample {
        record Pair(int a, int b) {
        }

        static int kind(Object o) {
            return switch (o) {
                case Integer i -> i;
                case String s -> s.length();
                default -> -1;
            };
        }
    }
}
