package org.jclick.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.constantpool.ClassEntry;
import java.util.List;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/**
 * Classes on {@code run}'s path do not name picocli's exception classes: the AOT cache would make the JVM check, at
 * every start, that they are {@code Throwable}s, and so open picocli's jar and load them (about 10 ms before
 * {@code main}). The usage errors themselves are unchanged.
 */
class RunPathPicocliTest {

    @Test
    void configArgsDoesNotNamePicocliExceptions() throws IOException {
        final byte[] bytes;
        try (InputStream in = ConfigArgs.class.getResourceAsStream("ConfigArgs.class")) {
            bytes = in.readAllBytes();
        }
        for (var entry : ClassFile.of().parse(bytes).constantPool()) {
            if (entry instanceof ClassEntry c) {
                assertFalse(c.asInternalName().endsWith("Exception") && c.asInternalName().startsWith("picocli/"),
                        c.asInternalName());
            }
        }
    }

    @Test
    void usageErrorsAreStillPicocliParameterExceptions() {
        final CommandLine.Model.CommandSpec spec = CommandLine.Model.CommandSpec.create();
        final CommandLine cl = new CommandLine(spec);
        final RuntimeException twice = assertThrows(CommandLine.ParameterException.class,
                () -> ConfigArgs.split(spec, List.of("A=1", "A=2", "x.click")));
        assertEquals("parameter 'A' is defined twice", twice.getMessage());
        final RuntimeException none = assertThrows(CommandLine.ParameterException.class,
                () -> ConfigArgs.split(spec, List.of("A=1")));
        assertEquals("Missing required parameter: FILE (use - for standard input)", none.getMessage());
        assertEquals(cl, ((CommandLine.ParameterException) none).getCommandLine());
    }
}
