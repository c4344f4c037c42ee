package org.jclick.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;

import org.jclick.lang.FlatRouter;
import org.jclick.lang.SourceLocation;
import org.junit.jupiter.api.Test;

/** {@code click -p} and {@code -u}: the implicit ControlSocket elements. */
class ControlSocketOptionsTest {

    private static ClickDriverTool.Settings parse(String... args) {
        final Streams io = new Streams(new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()));
        final ClickDriverTool.Settings s = ClickDriverTool.parse("click", args, io);
        assertNotNull(s);
        return s;
    }

    @Test
    void portsThenUnixSocketsAreNamedAsClick() {
        final FlatRouter empty = new FlatRouter(List.of(
                new FlatRouter.Element(0, "i", "Idle", "", new SourceLocation("x", 1, 1))), List.of(), List.of());
        final FlatRouter flat = ClickDriverTool.withControlSockets(empty,
                parse("-p", "41900+", "-u", "/tmp/sock", "-p", "41950", "-e", "Idle"));
        assertEquals(4, flat.elements().size());
        assertEquals("click_driver@@ControlSocket", flat.elements().get(1).name());
        assertEquals("TCP, 41900+", flat.elements().get(1).config());
        assertEquals("click_driver@@ControlSocket@1", flat.elements().get(2).name());
        assertEquals("TCP, 41950", flat.elements().get(2).config());
        assertEquals("click_driver@@ControlSocket@2", flat.elements().get(3).name());
        assertEquals("ControlSocket", flat.elements().get(3).className());
        assertEquals(3, flat.elements().get(3).index());
        assertSame(empty, ClickDriverTool.withControlSockets(empty, parse("-e", "Idle")));
    }
}
