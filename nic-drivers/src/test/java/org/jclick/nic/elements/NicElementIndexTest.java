package org.jclick.nic.elements;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.jclick.dataplane.element.ElementIndex;
import org.jclick.dataplane.element.ElementRegistry;
import org.junit.jupiter.api.Test;

/** The build-time element index of the device elements agrees with {@link NicElements} and the annotations. */
class NicElementIndexTest
{
    @Test
    void theIndexAgreesWithTheProvider()
    {
        assertEquals(List.of(), ElementIndex.disagreements(new NicElements()),
            "rebuild (mvn process-classes) to re-index");
    }

    @Test
    void theDefaultRegistryHasTheDeviceElements()
    {
        assertTrue(ElementRegistry.loadDefault().isElementClass("FromDevice"));
        assertEquals(ToDevice.class, ElementRegistry.loadDefault().elementClass("ToDevice"));
    }
}
