package org.jclick.elements;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeSet;

import org.jclick.dataplane.element.ElementIndex;
import org.jclick.dataplane.element.ElementProvider;
import org.jclick.dataplane.element.ElementRegistry;
import org.junit.jupiter.api.Test;

/**
 * The build-time element index (written by the build's {@code element-index} step) agrees with the providers and
 * the classes' {@code @ElementDoc} names: a class added to a provider, or renamed, without re-indexing fails here.
 */
class ElementIndexAgreementTest
{
    private static List<ElementProvider> providers()
    {
        final List<ElementProvider> out = new ArrayList<>();
        for (final ElementProvider p : ServiceLoader.load(ElementProvider.class))
        {
            if (p.getClass().getName().startsWith("org.jclick.elements."))
            {
                out.add(p);
            }
        }
        return out;
    }

    @Test
    void everyProviderHasAnIndexThatAgreesWithItsClasses()
    {
        final List<ElementProvider> providers = providers();
        assertTrue(providers.size() >= 14, "the element library's providers: " + providers);
        final List<String> problems = new ArrayList<>();
        for (final ElementProvider p : providers)
        {
            for (final String d : ElementIndex.disagreements(p))
            {
                problems.add(p.getClass().getSimpleName() + ": " + d);
            }
        }
        assertEquals(List.of(), problems, "rebuild (mvn process-classes) to re-index");
    }

    @Test
    void theDefaultRegistryKnowsEveryProvidedClassByItsAnnotatedName()
    {
        final TreeSet<String> expected = new TreeSet<>();
        for (final ElementProvider p : providers())
        {
            for (final ElementIndex.Entry e : ElementIndex.entriesOf(p))
            {
                expected.add(e.configName());
            }
        }
        assertTrue(expected.contains("Error"), "ErrorElement is configured as Error");
        assertEquals(expected, new TreeSet<>(ElementRegistry.loadDefault().classNames()));
        assertEquals("Error", ElementRegistry.loadDefault().create("Error").className());
        assertEquals("Error", ElementRegistry.classNameOf(ElementRegistry.loadDefault().elementClass("Error")));
    }
}
