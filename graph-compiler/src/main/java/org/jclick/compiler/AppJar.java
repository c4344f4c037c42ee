package org.jclick.compiler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.constantpool.PoolEntry;
import java.lang.classfile.constantpool.Utf8Entry;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.runtime.Router;

/**
 * {@code jclick compile CONFIG -o app.jar} (click-mkmindriver): a self-contained, runnable jar holding the
 * configuration's specialized dataplane (the generated classes) and only the library classes it can use: the
 * transitive closure of class references from the generated classes, the configuration's element classes and
 * {@link AppMain}, read from the class files themselves. The JDK is not included; {@code java -jar app.jar} on a
 * JDK 25 (or a jlinked runtime with {@code java.base}) runs it.
 *
 * <p>Layout: the classes; {@code META-INF/jclick/config.click} (the configuration source),
 * {@code META-INF/jclick/app.properties} (its name and the defines it was compiled with),
 * {@code META-INF/jclick/elements.txt} (element class names, for the registry) and
 * {@code META-INF/jclick/graph.txt} (what became of every element).
 */
public final class AppJar
{
    private static final Pattern DESCRIPTOR_CLASS = Pattern.compile("L([\\w/$]+);");

    private AppJar()
    {
    }

    /** What was written. */
    public record Written(int generatedClasses, int libraryClasses, int elementClasses, long bytes)
    {
    }

    /**
     * Writes the jar for {@code router} (built and initialized from {@code source} with {@code defines}); throws
     * {@link IOException} when the jar cannot be written, {@link IllegalStateException} when a class is missing.
     */
    public static Written write(final Router router, final String configName, final String source,
        final Map<String, String> defines, final Path jar) throws IOException
    {
        final GraphCompiler.Generated g = GraphCompiler.generate(router, GraphCompiler.Options.of(configName));
        final Set<String> elementClasses = new TreeSet<>();
        for (final Element e : router.elements())
        {
            elementClasses.add(e.getClass().getName());
        }
        final ClassLoader loader = AppJar.class.getClassLoader();
        final Map<String, byte[]> library = new TreeMap<>();
        final ArrayDeque<String> work = new ArrayDeque<>();
        final Set<String> seen = new TreeSet<>();
        for (final byte[] bytes : g.classes().values())
        {
            references(bytes, work);
        }
        work.add(internal(AppMain.class.getName()));
        for (final String c : elementClasses)
        {
            work.add(internal(c));
        }
        while (!work.isEmpty())
        {
            final String name = work.poll();
            if (!seen.add(name) || g.classes().containsKey(name.replace('/', '.')))
            {
                continue;
            }
            final URL url = loader.getResource(name + ".class");
            if (url == null || "jrt".equals(url.getProtocol()))
            {
                continue; // the JDK's own, or not a class at all
            }
            final byte[] bytes;
            try (InputStream in = url.openStream())
            {
                bytes = in.readAllBytes();
            }
            library.put(name, bytes);
            references(bytes, work);
        }
        final Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, AppMain.class.getName());
        manifest.getMainAttributes().putValue("Enable-Native-Access", "ALL-UNNAMED");
        manifest.getMainAttributes().putValue("Created-By", "jclick compile");
        final Properties props = new Properties();
        props.setProperty("config.name", configName);
        for (final Map.Entry<String, String> d : new TreeMap<>(defines).entrySet())
        {
            props.setProperty("define." + d.getKey(), d.getValue());
        }
        Files.createDirectories(jar.toAbsolutePath().getParent());
        final Path tmp = jar.resolveSibling(jar.getFileName() + ".tmp");
        try (OutputStream os = Files.newOutputStream(tmp); JarOutputStream out = new JarOutputStream(os, manifest))
        {
            put(out, "META-INF/jclick/config.click", source.getBytes(StandardCharsets.UTF_8));
            put(out, "META-INF/jclick/elements.txt", (String.join("\n", elementClasses) + "\n").getBytes(StandardCharsets.UTF_8));
            put(out, "META-INF/jclick/graph.txt",
                new CompiledGraph(g.plan(), g.classes(), g.fallbacks()).summary().getBytes(StandardCharsets.UTF_8));
            final java.io.StringWriter sw = new java.io.StringWriter();
            props.store(sw, "jclick compile");
            put(out, "META-INF/jclick/app.properties", sw.toString().getBytes(StandardCharsets.UTF_8));
            for (final Map.Entry<String, byte[]> e : g.classes().entrySet())
            {
                put(out, internal(e.getKey()) + ".class", e.getValue());
            }
            for (final Map.Entry<String, byte[]> e : library.entrySet())
            {
                put(out, e.getKey() + ".class", e.getValue());
            }
        }
        Files.move(tmp, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return new Written(g.classes().size(), library.size(), elementClasses.size(), Files.size(jar));
    }

    private static void put(final JarOutputStream out, final String name, final byte[] bytes) throws IOException
    {
        final JarEntry e = new JarEntry(name);
        e.setTime(0);
        out.putNextEntry(e);
        out.write(bytes);
        out.closeEntry();
    }

    private static String internal(final String binaryName)
    {
        return binaryName.replace('.', '/');
    }

    /** Adds every class a class file names (class entries and the types in its descriptors) to {@code out}. */
    static void references(final byte[] bytes, final ArrayDeque<String> out)
    {
        final ClassModel model = ClassFile.of().parse(bytes);
        for (final PoolEntry entry : model.constantPool())
        {
            if (entry instanceof ClassEntry c)
            {
                String n = c.asInternalName();
                while (n.startsWith("["))
                {
                    n = n.substring(1);
                }
                if (n.startsWith("L") && n.endsWith(";"))
                {
                    n = n.substring(1, n.length() - 1);
                }
                if (n.length() > 1)
                {
                    out.add(n);
                }
            }
            else if (entry instanceof Utf8Entry u)
            {
                final String s = u.stringValue();
                if (s.indexOf(';') > 0 && s.indexOf('L') >= 0)
                {
                    final Matcher m = DESCRIPTOR_CLASS.matcher(s);
                    while (m.find())
                    {
                        out.add(m.group(1));
                    }
                }
            }
        }
        // nested classes are loaded by name when used; the pool names the ones the code uses
        model.findAttribute(java.lang.classfile.Attributes.innerClasses()).ifPresent(ic ->
            ic.classes().forEach(i -> out.add(i.innerClass().asInternalName())));
    }
}
