package org.jclick.dataplane.element;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

import org.jclick.lang.ElementCatalog;

/**
 * The element classes a router can instantiate, by configuration name: a closed {@link ElementCatalog} for the
 * front end (with port counts, so that port errors are found before anything runs), and the factory the
 * {@link org.jclick.dataplane.runtime.Router} uses.
 * <p>
 * The default registry reads each provider's build-time {@link ElementIndex} when it has one, and loads a class
 * only when its name is first used (a cold-start saving: no class loading or annotation reading for the hundreds
 * of classes a configuration does not use); providers without an index are reflected on.
 */
public final class ElementRegistry implements ElementCatalog
{
    private static final Map<Class<?>, String> NAMES = new ConcurrentHashMap<>();
    private static volatile ElementRegistry defaultRegistry;

    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final Map<String, Element> prototypes = new ConcurrentHashMap<>();

    /** A registry of exactly these classes. */
    public ElementRegistry(final Collection<Class<? extends Element>> elementClasses)
    {
        for (final Class<? extends Element> c : elementClasses)
        {
            register(c);
        }
    }

    private ElementRegistry()
    {
    }

    /** The registry of every {@link ElementProvider} on the class path (loaded once). */
    public static ElementRegistry loadDefault()
    {
        ElementRegistry r = defaultRegistry;
        if (r == null)
        {
            synchronized (ElementRegistry.class)
            {
                r = defaultRegistry;
                if (r == null)
                {
                    r = new ElementRegistry();
                    final List<ServiceLoader.Provider<ElementProvider>> providers =
                        ServiceLoader.load(ElementProvider.class).stream().toList();
                    final Map<ClassLoader, Map<String, List<ElementIndex.Entry>>> indexes = new HashMap<>();
                    for (int i = 0, n = providers.size(); i < n; i++)
                    {
                        final ServiceLoader.Provider<ElementProvider> p = providers.get(i);
                        final ClassLoader loader = p.type().getClassLoader();
                        Map<String, List<ElementIndex.Entry>> index = indexes.get(loader);
                        if (index == null)
                        {
                            index = ElementIndex.readAll(loader);
                            indexes.put(loader, index);
                        }
                        r.addProvider(p, index.get(p.type().getName()));
                    }
                    defaultRegistry = r;
                }
            }
        }
        return r;
    }

    /**
     * Adds a provider's classes: from its {@link ElementIndex} when it has one (each class loaded when first used),
     * else by reflection.
     */
    void addProvider(final ServiceLoader.Provider<? extends ElementProvider> provider,
        final List<ElementIndex.Entry> index)
    {
        if (index == null)
        {
            for (final Class<? extends Element> c : provider.get().elementClasses())
            {
                register(c);
            }
            return;
        }
        registerIndexed(index, provider.type().getClassLoader());
    }

    /** Adds indexed classes, to be loaded with {@code loader} when first used; a later name replaces an earlier. */
    synchronized void registerIndexed(final List<ElementIndex.Entry> index, final ClassLoader loader)
    {
        for (int i = 0, n = index.size(); i < n; i++)
        {
            final ElementIndex.Entry e = index.get(i);
            entries.put(e.configName(), new Entry(e.configName(), e.className(), loader));
            prototypes.remove(e.configName());
        }
    }

    /** Adds a class; a later class with the same name replaces an earlier one. */
    public synchronized void register(final Class<? extends Element> c)
    {
        final Constructor<? extends Element> ctor = checkedConstructor(c);
        final String name = classNameOf(c);
        entries.put(name, new Entry(name, c, ctor));
        prototypes.remove(name);
    }

    private static Constructor<? extends Element> checkedConstructor(final Class<? extends Element> c)
    {
        if (Modifier.isAbstract(c.getModifiers()) || !Modifier.isPublic(c.getModifiers()))
        {
            throw new IllegalArgumentException("element class must be public and concrete: " + c.getName());
        }
        try
        {
            return c.getConstructor();
        }
        catch (final NoSuchMethodException e)
        {
            throw new IllegalArgumentException("element class needs a public no-argument constructor: " + c.getName(), e);
        }
    }

    /** The configuration name of an element class: {@link ElementDoc#name()} or the simple name. */
    public static String classNameOf(final Class<?> c)
    {
        final String known = NAMES.get(c);
        return known != null ? known : NAMES.computeIfAbsent(c, ElementRegistry::reflectedNameOf);
    }

    /** {@link #classNameOf} by reading the annotation (not the cache the index fills). */
    static String reflectedNameOf(final Class<?> c)
    {
        final ElementDoc doc = c.getAnnotation(ElementDoc.class);
        return doc != null && !doc.name().isEmpty() ? doc.name() : c.getSimpleName();
    }

    /** Whether {@code name}'s class is loaded (for tests: an indexed class loads when first used). */
    boolean isLoaded(final String name)
    {
        final Entry e = entries.get(name);
        return e != null && e.ctor != null;
    }

    /** A new, unattached instance of class {@code name}, or null when it is unknown. */
    public Element create(final String name)
    {
        final Entry entry = entries.get(name);
        if (entry == null)
        {
            return null;
        }
        try
        {
            return entry.constructor().newInstance();
        }
        catch (final InvocationTargetException e)
        {
            throw new IllegalStateException("cannot create element class " + name + ": " + e.getCause(), e.getCause());
        }
        catch (final ReflectiveOperationException e)
        {
            throw new IllegalStateException("cannot create element class " + name, e);
        }
    }

    /** The Java class of {@code name}, or null. */
    public Class<? extends Element> elementClass(final String name)
    {
        final Entry entry = entries.get(name);
        return entry == null ? null : entry.constructor().getDeclaringClass();
    }

    /** The documentation of {@code name}, or null. */
    public ElementDoc doc(final String name)
    {
        final Class<? extends Element> c = elementClass(name);
        return c == null ? null : c.getAnnotation(ElementDoc.class);
    }

    /** A shared instance for reading class declarations (port count, processing, flow code). */
    public Element prototype(final String name)
    {
        if (!entries.containsKey(name))
        {
            return null;
        }
        return prototypes.computeIfAbsent(name, this::create);
    }

    @Override
    public boolean isElementClass(final String name)
    {
        return entries.containsKey(name);
    }

    @Override
    public Collection<String> classNames()
    {
        return Collections.unmodifiableCollection(new java.util.TreeSet<>(entries.keySet()));
    }

    @Override
    public boolean isPermissive()
    {
        return false;
    }

    @Override
    public String portCount(final String className)
    {
        final Element e = prototype(className);
        return e == null ? null : e.portCount();
    }

    /** The processing code of {@code className}, or null when unknown. */
    public String processing(final String className)
    {
        final Element e = prototype(className);
        return e == null ? null : e.processing();
    }

    /** A class by name: loaded and checked at registration, or (indexed) when first used. */
    private static final class Entry
    {
        private final String name;
        private final String className;
        private final ClassLoader loader;
        private volatile Constructor<? extends Element> ctor;

        Entry(final String name, final Class<? extends Element> c, final Constructor<? extends Element> ctor)
        {
            this.name = name;
            this.className = c.getName();
            this.loader = c.getClassLoader();
            this.ctor = ctor;
        }

        Entry(final String name, final String className, final ClassLoader loader)
        {
            this.name = name;
            this.className = className;
            this.loader = loader;
        }

        Constructor<? extends Element> constructor()
        {
            Constructor<? extends Element> c = ctor;
            if (c == null)
            {
                synchronized (this)
                {
                    c = ctor;
                    if (c == null)
                    {
                        c = load();
                        ctor = c;
                    }
                }
            }
            return c;
        }

        private Constructor<? extends Element> load()
        {
            final Class<? extends Element> type;
            try
            {
                type = Class.forName(className, false, loader).asSubclass(Element.class);
            }
            catch (final ClassNotFoundException | ClassCastException e)
            {
                throw new IllegalStateException("the element index names " + name + " " + className +
                    ", which is not an element class on the class path (a stale index? rebuild)", e);
            }
            final Constructor<? extends Element> c = checkedConstructor(type);
            // the index is checked against the annotations at build time (ElementIndex.disagreements)
            NAMES.putIfAbsent(type, name);
            return c;
        }
    }
}
