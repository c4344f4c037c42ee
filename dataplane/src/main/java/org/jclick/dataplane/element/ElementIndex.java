package org.jclick.dataplane.element;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The build-time index of {@link ElementProvider}s' classes: one resource per module,
 * {@code META-INF/jclick/element-index.txt}, with a {@code @PROVIDER-CLASS-NAME} line per provider followed by one
 * {@code "configName className"} line per element class in the provider's order. {@link ElementRegistry#loadDefault()}
 * reads it instead of loading every class and reading its {@link ElementDoc} by reflection, and loads a class only
 * when its name is first used; a provider without an index is reflected on as before.
 * <p>
 * The {@code elements} and {@code nic-drivers} builds write their indexes after compiling ({@link #main}, run by
 * exec-maven-plugin in {@code process-classes}); their tests check that each index agrees with its provider
 * ({@link #disagreements}).
 */
public final class ElementIndex
{
    /** The index resource, relative to a class path root (one per module: every provider it registers). */
    public static final String RESOURCE = "META-INF/jclick/element-index.txt";

    private static final String SERVICES = "META-INF/services/" + ElementProvider.class.getName();

    private ElementIndex()
    {
    }

    /** One indexed class: its configuration name and Java class name. */
    public record Entry(String configName, String className)
    {
    }

    /**
     * The indexes {@code loader} sees (every {@link #RESOURCE} on its class path), by provider class name; a
     * provider listed twice keeps its first index.
     */
    public static Map<String, List<Entry>> readAll(final ClassLoader loader)
    {
        final Map<String, List<Entry>> out = new HashMap<>();
        try
        {
            final Enumeration<URL> urls = loader == null ?
                ClassLoader.getSystemResources(RESOURCE) : loader.getResources(RESOURCE);
            while (urls.hasMoreElements())
            {
                final URL url = urls.nextElement();
                try (InputStream in = url.openStream())
                {
                    parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), url.toString(), out);
                }
            }
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException("cannot read the element index " + RESOURCE, e);
        }
        return out;
    }

    /** The index of provider class {@code providerType} (as its class loader sees it), or null when it has none. */
    public static List<Entry> read(final Class<?> providerType)
    {
        return readAll(providerType.getClassLoader()).get(providerType.getName());
    }

    /**
     * Parses an index's text into {@code out}: {@code @PROVIDER-CLASS-NAME} starts a provider's entries, each
     * {@code configName className}; {@code #} starts a comment line.
     */
    public static void parse(final String text, final String where, final Map<String, List<Entry>> out)
    {
        List<Entry> current = null;
        int lineNo = 0;
        int start = 0;
        final int length = text.length();
        while (start < length)
        {
            int end = text.indexOf('\n', start);
            if (end < 0)
            {
                end = length;
            }
            final String line = text.substring(start, end).strip();
            start = end + 1;
            lineNo++;
            if (line.isEmpty() || line.charAt(0) == '#')
            {
                continue;
            }
            if (line.charAt(0) == '@')
            {
                final String provider = line.substring(1);
                if (provider.isEmpty() || provider.indexOf(' ') >= 0)
                {
                    throw new IllegalStateException(where + ":" + lineNo + ": expected '@providerClassName'");
                }
                current = new ArrayList<>();
                if (out.putIfAbsent(provider, current) != null)
                {
                    current = new ArrayList<>(); // a later copy of a provider's index is ignored
                }
                continue;
            }
            final int space = line.indexOf(' ');
            if (space <= 0 || line.indexOf(' ', space + 1) >= 0)
            {
                throw new IllegalStateException(where + ":" + lineNo + ": expected 'configName className'");
            }
            if (current == null)
            {
                throw new IllegalStateException(where + ":" + lineNo + ": an entry before any '@providerClassName'");
            }
            current.add(new Entry(line.substring(0, space), line.substring(space + 1)));
        }
    }

    /** The entries of one provider's index text (without its {@code @} line), for tests. */
    public static List<Entry> parse(final String entries, final String where)
    {
        final Map<String, List<Entry>> out = new HashMap<>();
        parse("@p\n" + entries, where, out);
        return out.get("p");
    }

    /** What the index of {@code provider} must say: its classes' names, by reflection, in its order. */
    public static List<Entry> entriesOf(final ElementProvider provider)
    {
        final List<Entry> entries = new ArrayList<>();
        for (final Class<? extends Element> c : provider.elementClasses())
        {
            entries.add(new Entry(ElementRegistry.reflectedNameOf(c), c.getName()));
        }
        return entries;
    }

    /** One provider's part of an index's text. */
    public static String render(final Class<?> providerType, final List<Entry> entries)
    {
        final StringBuilder sb = new StringBuilder().append('@').append(providerType.getName()).append('\n');
        for (final Entry e : entries)
        {
            sb.append(e.configName()).append(' ').append(e.className()).append('\n');
        }
        return sb.toString();
    }

    /**
     * How the index of {@code provider} (as found on the class path) differs from its classes' annotations: one
     * line per difference, empty when they agree.
     */
    public static List<String> disagreements(final ElementProvider provider)
    {
        final List<String> out = new ArrayList<>();
        final List<Entry> indexed = read(provider.getClass());
        if (indexed == null)
        {
            out.add("no element index for " + provider.getClass().getName() + " (" + RESOURCE + ")");
            return out;
        }
        final List<Entry> actual = entriesOf(provider);
        for (final Entry e : actual)
        {
            if (!indexed.contains(e))
            {
                out.add("not in the index: " + e.configName() + " " + e.className());
            }
        }
        for (final Entry e : indexed)
        {
            if (!actual.contains(e))
            {
                out.add("in the index but not the provider (or named otherwise): " + e.configName() + " " +
                    e.className());
            }
        }
        if (out.isEmpty() && !indexed.equals(actual))
        {
            out.add("index order differs from the provider's: " + indexed + " vs " + actual);
        }
        return out;
    }

    /**
     * Writes the index of every provider a class directory registers (its
     * {@code META-INF/services/org.jclick.dataplane.element.ElementProvider}) into that directory.
     *
     * @param args the class directory (e.g. {@code target/classes}); its classes must be on the class path
     */
    public static void main(final String[] args) throws Exception
    {
        if (args.length != 1)
        {
            throw new IllegalArgumentException("usage: ElementIndex CLASS-DIRECTORY");
        }
        final Path dir = Path.of(args[0]);
        final Path services = dir.resolve(SERVICES);
        if (!Files.isRegularFile(services))
        {
            throw new IllegalStateException("no provider list: " + services);
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null)
        {
            loader = ElementIndex.class.getClassLoader();
        }
        final StringBuilder text = new StringBuilder()
            .append("# generated by ").append(ElementIndex.class.getName()).append(" from ").append(SERVICES)
            .append(": @provider, then 'configName className' per element class\n");
        for (final String raw : Files.readAllLines(services, StandardCharsets.UTF_8))
        {
            final int hash = raw.indexOf('#');
            final String name = (hash >= 0 ? raw.substring(0, hash) : raw).strip();
            if (name.isEmpty())
            {
                continue;
            }
            final Class<?> type = Class.forName(name, false, loader);
            final ElementProvider provider = (ElementProvider)type.getConstructor().newInstance();
            text.append(render(type, entriesOf(provider)));
        }
        final Path out = dir.resolve(RESOURCE);
        Files.createDirectories(out.getParent());
        final String s = text.toString();
        if (!Files.isRegularFile(out) || !Files.readString(out, StandardCharsets.UTF_8).equals(s))
        {
            Files.writeString(out, s, StandardCharsets.UTF_8);
        }
    }
}
