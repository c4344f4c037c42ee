package org.jclick.elements.queues;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.Map;

import org.jclick.dataplane.element.ElementRegistry;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.runtime.Clock;
import org.jclick.dataplane.runtime.Router;
import org.jclick.dataplane.runtime.RouterLoader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Unqueue brings a batch's packet data into cache before pushing it only when an element downstream reads packet
 * data: the decision follows push connections through elements that do not (Counter, Discard, queues) and stops
 * at a pull connection.
 */
class PushPathReadsDataTest
{
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "u -> Counter -> Discard;                                        | false",
        "u -> Counter -> Strip(14) -> Discard;                           | true",
        "u -> t :: Tee -> Discard; t[1] -> Counter -> Discard;           | true",
        "u -> Counter -> Queue -> Unqueue -> CheckIPHeader -> Discard;   | false",
        "u -> c :: Classifier(12/0800, -) -> Discard; c[1] -> Discard;   | true"})
    void unqueueTouchesDataOnlyForAReader(final String tail, final boolean reads)
    {
        final String config = "InfiniteSource(ACTIVE false) -> Queue -> u :: Unqueue; " + tail;
        final ErrorHandler.Buffer errors = new ErrorHandler.Buffer();
        final Router router = RouterLoader.fromText("t.click", config, Map.of(), ElementRegistry.loadDefault(),
            new Router.Options(Clock.simulated(0), 1, config, ""), errors);
        assertNotNull(router, errors.text());
        try
        {
            assertEquals(reads, router.find("u").pushPathReadsPacketData(0), config);
        }
        finally
        {
            router.cleanup();
        }
    }
}
