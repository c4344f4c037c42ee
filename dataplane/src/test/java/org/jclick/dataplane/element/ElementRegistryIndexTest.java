package org.jclick.dataplane.element;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.ServiceLoader;

import org.junit.jupiter.api.Test;

/** The element index: lazy loading by {@link ElementRegistry}, the reflection fallback, and the agreement check. */
class ElementRegistryIndexTest
{
    /** An element class under its simple name. */
    public static final class Alpha extends Element
    {
    }

    /** An element class under another configuration name. */
    @ElementDoc(name = "Bee", synopsis = "Bee", description = "a test element")
    public static final class Beta extends Element
    {
    }

    /** Its index (test resources) lists both classes. */
    public static final class IndexedProvider implements ElementProvider
    {
        @Override
        public List<Class<? extends Element>> elementClasses()
        {
            return List.of(Alpha.class, Beta.class);
        }
    }

    /** Its index (test resources) lists Alpha only: Beta was added without re-indexing. */
    public static final class StaleProvider implements ElementProvider
    {
        @Override
        public List<Class<? extends Element>> elementClasses()
        {
            return List.of(Alpha.class, Beta.class);
        }
    }

    /** Its index (test resources) names Beta "Beta", not its annotation's "Bee". */
    public static final class MisnamedProvider implements ElementProvider
    {
        @Override
        public List<Class<? extends Element>> elementClasses()
        {
            return List.of(Alpha.class, Beta.class);
        }
    }

    /** No index: registered by reflection. */
    public static final class UnindexedProvider implements ElementProvider
    {
        @Override
        public List<Class<? extends Element>> elementClasses()
        {
            return List.of(Beta.class);
        }
    }

    private static <P extends ElementProvider> ServiceLoader.Provider<P> provider(final Class<P> type, final P p)
    {
        return new ServiceLoader.Provider<>()
        {
            @Override
            public Class<? extends P> type()
            {
                return type;
            }

            @Override
            public P get()
            {
                return p;
            }
        };
    }

    @Test
    void indexedClassesLoadWhenFirstUsed()
    {
        final ElementRegistry r = new ElementRegistry(List.of());
        // an indexed provider is not even instantiated
        r.addProvider(provider(IndexedProvider.class, null), ElementIndex.read(IndexedProvider.class));
        assertEquals(List.of("Alpha", "Bee"), List.copyOf(r.classNames()));
        assertTrue(r.isElementClass("Bee"));
        assertFalse(r.isElementClass("Beta"));
        assertFalse(r.isLoaded("Alpha"));
        assertFalse(r.isLoaded("Bee"));

        final Element e = r.create("Bee");
        assertInstanceOf(Beta.class, e);
        assertTrue(r.isLoaded("Bee"));
        assertFalse(r.isLoaded("Alpha"));
        assertEquals("Bee", e.className());
        assertEquals(Beta.class, r.elementClass("Bee"));
        assertEquals("Bee", r.doc("Bee").name());
        assertNull(r.create("Gamma"));
        assertNull(r.elementClass("Gamma"));
    }

    @Test
    void providersWithoutAnIndexAreReflectedOn()
    {
        final ElementRegistry r = new ElementRegistry(List.of());
        assertNull(ElementIndex.read(UnindexedProvider.class));
        r.addProvider(provider(UnindexedProvider.class, new UnindexedProvider()), null);
        assertEquals(List.of("Bee"), List.copyOf(r.classNames()));
        assertTrue(r.isLoaded("Bee"));
        assertInstanceOf(Beta.class, r.create("Bee"));
    }

    @Test
    void aLaterClassReplacesAnEarlierOfTheSameName()
    {
        final ElementRegistry r = new ElementRegistry(List.of());
        r.registerIndexed(ElementIndex.parse("Bee " + Alpha.class.getName() + "\n", "test"),
            getClass().getClassLoader());
        r.register(Beta.class);
        assertInstanceOf(Beta.class, r.create("Bee"));
        r.registerIndexed(ElementIndex.parse("Bee " + Alpha.class.getName() + "\n", "test"),
            getClass().getClassLoader());
        assertInstanceOf(Alpha.class, r.create("Bee"));
    }

    @Test
    void aStaleIndexEntrySaysSoWhenUsed()
    {
        final ElementRegistry r = new ElementRegistry(List.of());
        r.registerIndexed(ElementIndex.parse("# comment\nGone org.jclick.nowhere.Gone\nAlpha " + Alpha.class.getName(),
            "test"), getClass().getClassLoader());
        assertTrue(r.isElementClass("Gone"));
        assertInstanceOf(Alpha.class, r.create("Alpha"));
        final IllegalStateException e = assertThrows(IllegalStateException.class, () -> r.create("Gone"));
        assertTrue(e.getMessage().contains("stale index"), e.getMessage());
    }

    @Test
    void malformedIndexLinesAreRejected()
    {
        assertThrows(IllegalStateException.class, () -> ElementIndex.parse("OnlyOneWord\n", "test"));
        assertThrows(IllegalStateException.class, () -> ElementIndex.parse("A b c\n", "test"));
        assertThrows(IllegalStateException.class, () -> ElementIndex.parse("@\nA b\n", "test"));
        final java.util.Map<String, List<ElementIndex.Entry>> out = new java.util.HashMap<>();
        assertThrows(IllegalStateException.class, () -> ElementIndex.parse("A b\n@p\n", "test", out));
    }

    @Test
    void theAgreementCheckFindsStaleAndMisnamedIndexes()
    {
        assertEquals(List.of(), ElementIndex.disagreements(new IndexedProvider()));

        final List<String> stale = ElementIndex.disagreements(new StaleProvider());
        assertEquals(List.of("not in the index: Bee " + Beta.class.getName()), stale);

        final List<String> misnamed = ElementIndex.disagreements(new MisnamedProvider());
        assertEquals(2, misnamed.size(), misnamed.toString());
        assertTrue(misnamed.get(0).startsWith("not in the index: Bee"), misnamed.toString());

        final List<String> none = ElementIndex.disagreements(new UnindexedProvider());
        assertEquals(1, none.size());
        assertTrue(none.get(0).startsWith("no element index"), none.toString());
    }

    @Test
    void theGeneratedIndexReadsBackAsTheProvidersEntries()
    {
        final List<ElementIndex.Entry> entries = ElementIndex.entriesOf(new IndexedProvider());
        assertEquals(List.of(new ElementIndex.Entry("Alpha", Alpha.class.getName()),
            new ElementIndex.Entry("Bee", Beta.class.getName())), entries);
        final java.util.Map<String, List<ElementIndex.Entry>> out = new java.util.HashMap<>();
        ElementIndex.parse("# two providers\n" + ElementIndex.render(IndexedProvider.class, entries) +
            ElementIndex.render(StaleProvider.class, entries.subList(0, 1)), "test", out);
        assertEquals(entries, out.get(IndexedProvider.class.getName()));
        assertEquals(entries.subList(0, 1), out.get(StaleProvider.class.getName()));
        assertEquals(2, out.size());
    }
}
