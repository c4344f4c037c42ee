package org.jclick.compiler;

import java.util.Map;

/**
 * Defines one compiled graph's classes. They are ordinary (not hidden) classes so that they can name each other in
 * {@code invokestatic} instructions; each router gets its own loader, so two routers built from configurations of
 * the same name never share a class, and the classes go away with the router.
 */
final class GeneratedClassLoader extends ClassLoader
{
    static
    {
        registerAsParallelCapable();
    }

    private final Map<String, byte[]> classes;

    GeneratedClassLoader(final ClassLoader parent, final Map<String, byte[]> classes)
    {
        super("jclick-compiled", parent);
        this.classes = classes;
    }

    @Override
    protected Class<?> findClass(final String name) throws ClassNotFoundException
    {
        final byte[] bytes = classes.get(name);
        if (bytes == null)
        {
            throw new ClassNotFoundException(name);
        }
        return defineClass(name, bytes, 0, bytes.length);
    }
}
