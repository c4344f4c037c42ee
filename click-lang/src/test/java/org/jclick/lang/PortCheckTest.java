package org.jclick.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PortCheckTest {

    /** A closed catalog with Click's port counts for a few classes. */
    private static final ElementCatalog CATALOG = new ElementCatalog() {
        private final Map<String, String> ports = Map.of(
                "InfiniteSource", "0/1", "Print", "1/1", "Discard", "1/0", "Tee", "1/-", "Counter", "1/1",
                "Idle", "-/-", "Null", "1/1", "PaintSwitch", "1/-", "Unqueue", "1/1", "StaticSwitch", "1/-");

        @Override
        public boolean isElementClass(String name) {
            return ports.containsKey(name);
        }

        @Override
        public Collection<String> classNames() {
            return ports.keySet();
        }

        @Override
        public boolean isPermissive() {
            return false;
        }

        @Override
        public String portCount(String className) {
            return ports.get(className);
        }
    };

    private static List<String> errors(String config) {
        final ConfigResult r = new ClickFrontEnd(CATALOG, List.of()).load("Z", config, Map.of());
        return r.diagnostics().stream().map(d -> DiagnosticFormatter.click(d).strip()).toList();
    }

    @Test
    void parsesClickPortCountNotation() {
        assertEquals(new PortCheck.PortCount(1, 1, 1, 1, false), PortCheck.PortCount.parse("1/1"));
        assertEquals(new PortCheck.PortCount(0, Integer.MAX_VALUE, 0, Integer.MAX_VALUE, false),
                PortCheck.PortCount.parse("-/-"));
        assertEquals(new PortCheck.PortCount(1, Integer.MAX_VALUE, 1, 2, false), PortCheck.PortCount.parse("1-/1-2"));
        assertEquals(new PortCheck.PortCount(0, 2, 0, 2, true), PortCheck.PortCount.parse("-2/="));
        assertNull(PortCheck.PortCount.parse("x/1"));
        assertNull(PortCheck.PortCount.parse("3-1/1"));
    }

    @Test
    void reportsAnUnusedOutputWithClicksWording() {
        assertEquals(List.of("Z:2: 'p :: Print' output 0 unused"),
                errors("i::InfiniteSource -> Print -> d::Discard;\nInfiniteSource -> p::Print;"));
    }

    @Test
    void reportsAPortOutOfRange() {
        // as in Click, the bad connection is dropped, so the element it fed is left unconnected too
        assertEquals(List.of("Z:1: 'c :: Counter' has no output 1", "Z:1: 'Discard@4 :: Discard' input 0 unused"),
                errors("i :: InfiniteSource -> c :: Counter -> Discard; c[1] -> Discard;"));
        assertEquals(List.of("Z:1: 'd :: Discard' has no input 2",
                "Z:1: 'InfiniteSource@1 :: InfiniteSource' output 0 unused", "Z:1: 'd :: Discard' input 0 unused"),
                errors("InfiniteSource -> [2] d :: Discard;"));
    }

    @Test
    void flexiblePortCountsGrowWithTheirConnections() {
        assertEquals(List.of(), errors("InfiniteSource -> t :: Tee; t[0] -> Discard; t[1] -> Discard;"));
        assertEquals(List.of("Z:1: 't :: Tee' output 1 unused"),
                errors("InfiniteSource -> t :: Tee; t[0] -> Discard; t[2] -> Discard;"));
    }

    @Test
    void unknownPortCountsAreNotChecked() {
        final ConfigResult r = new ClickFrontEnd(ElementCatalog.tools(), List.of())
                .load("Z", "InfiniteSource -> p::Print;", Map.of());
        assertEquals(List.of(), r.diagnostics());
    }
}
