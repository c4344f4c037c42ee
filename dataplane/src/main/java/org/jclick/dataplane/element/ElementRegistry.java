package org.jclick.dataplane.element;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.Collections;
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
 */
public final class ElementRegistry implements ElementCatalog
{
    private static final Map<Class<?>, String> NAMES = new ConcurrentHashMap<>();
    private static volatile ElementRegistry defaultRegistry;

    private final Map<String, Class<? extends Element>> classes = new LinkedHashMap<>();
    private final Map<String, Constructor<? extends Element>> constructors = new LinkedHashMap<>();
    private final Map<String, Element> prototypes = new ConcurrentHashMap<>();

    /** A registry of exactly these classes. */
    public ElementRegistry(final Collection<Class<? extends Element>> elementClasses)
    {
        for (final Class<? extends Element> c : elementClasses)
        {
            register(c);
        }
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
                    final List<Class<? extends Element>> all = new java.util.ArrayList<>();
                    for (final ElementProvider p : ServiceLoader.load(ElementProvider.class))
                    {
                        all.addAll(p.elementClasses());
                    }
                    r = new ElementRegistry(all);
                    defaultRegistry = r;
                }
            }
        }
        return r;
    }

    /** Adds a class; a later class with the same name replaces an earlier one. */
    public synchronized void register(final Class<? extends Element> c)
    {
        if (Modifier.isAbstract(c.getModifiers()) || !Modifier.isPublic(c.getModifiers()))
        {
            throw new IllegalArgumentException("element class must be public and concrete: " + c.getName());
        }
        try
        {
            final Constructor<? extends Element> ctor = c.getConstructor();
            final String name = classNameOf(c);
            classes.put(name, c);
            constructors.put(name, ctor);
            prototypes.remove(name);
        }
        catch (final NoSuchMethodException e)
        {
            throw new IllegalArgumentException("element class needs a public no-argument constructor: " + c.getName(), e);
        }
    }

    /** The configuration name of an element class: {@link ElementDoc#name()} or the simple name. */
    public static String classNameOf(final Class<?> c)
    {
        return NAMES.computeIfAbsent(c, k ->
        {
            final ElementDoc doc = k.getAnnotation(ElementDoc.class);
            return doc != null && !doc.name().isEmpty() ? doc.name() : k.getSimpleName();
        });
    }

    /** A new, unattached instance of class {@code name}, or null when it is unknown. */
    public Element create(final String name)
    {
        final Constructor<? extends Element> ctor = constructors.get(name);
        if (ctor == null)
        {
            return null;
        }
        try
        {
            return ctor.newInstance();
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
        return classes.get(name);
    }

    /** The documentation of {@code name}, or null. */
    public ElementDoc doc(final String name)
    {
        final Class<? extends Element> c = classes.get(name);
        return c == null ? null : c.getAnnotation(ElementDoc.class);
    }

    /** A shared instance for reading class declarations (port count, processing, flow code). */
    public Element prototype(final String name)
    {
        if (!classes.containsKey(name))
        {
            return null;
        }
        return prototypes.computeIfAbsent(name, this::create);
    }

    @Override
    public boolean isElementClass(final String name)
    {
        return classes.containsKey(name);
    }

    @Override
    public Collection<String> classNames()
    {
        return Collections.unmodifiableCollection(new java.util.TreeSet<>(classes.keySet()));
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
}
