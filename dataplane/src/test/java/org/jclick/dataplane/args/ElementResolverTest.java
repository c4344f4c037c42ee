package org.jclick.dataplane.args;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.MethodModel;
import java.lang.classfile.instruction.InvokeDynamicInstruction;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ElementResolverTest {

    @Test
    void noneFindsNothingAndItsInitializerLinksNoCallSite() throws IOException {
        assertNull(ElementResolver.NONE.find("a"));
        assertNull(ElementResolver.NONE.findRelative("x", "a/b"));
        // the interface's initializer runs in every `jclick run`: a lambda there was linked at each cold start
        final byte[] bytes;
        try (InputStream in = ElementResolver.class.getResourceAsStream("ElementResolver.class")) {
            bytes = in.readAllBytes();
        }
        int indys = 0;
        for (MethodModel m : ClassFile.of().parse(bytes).methods()) {
            if (m.code().isPresent()) {
                for (var e : m.code().get()) {
                    indys += e instanceof InvokeDynamicInstruction && m.methodName().equalsString("<clinit>") ? 1 : 0;
                }
            }
        }
        assertEquals(0, indys, "invokedynamic in ElementResolver.<clinit>");
    }

    @Test
    void findRelativeTriesEachEnclosingPrefix() {
        final Map<String, Object> elements = Map.of("a/x", "ax", "x", "top");
        final ElementResolver r = elements::get;
        assertEquals("ax", r.findRelative("x", "a/b/c"));
        assertEquals("top", r.findRelative("x", "b/c"));
        assertEquals("top", r.findRelative("x", null));
    }
}
