package org.jclick.compiler;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementRegistry;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.Handler;
import org.jclick.dataplane.runtime.Clock;
import org.jclick.dataplane.runtime.Router;
import org.jclick.dataplane.runtime.RouterLoader;

/**
 * The entry point of an application jar made by {@code jclick compile} ({@link AppJar}):
 * {@code java -jar app.jar [NAME=value]... [-h ELEMENT.HANDLER]...}. It builds the router from the configuration
 * inside the jar with the element classes inside the jar, switches it to the jar's compiled classes, runs it until
 * its drivers stop, and prints the read handlers asked for with {@code -h}. {@code NAME=value} overrides a define
 * (the jar then compiles again, at start, if its classes no longer fit).
 */
public final class AppMain
{
    private AppMain()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        System.exit(run(args));
    }

    static int run(final String[] args) throws IOException
    {
        final ClassLoader loader = AppMain.class.getClassLoader();
        final Properties props = new Properties();
        props.load(new StringReader(resource(loader, "META-INF/jclick/app.properties")));
        final String name = props.getProperty("config.name", "config.click");
        final Map<String, String> defines = new LinkedHashMap<>();
        for (final String k : props.stringPropertyNames())
        {
            if (k.startsWith("define."))
            {
                defines.put(k.substring("define.".length()), props.getProperty(k));
            }
        }
        final List<String> handlers = new ArrayList<>();
        for (int i = 0; i < args.length; i++)
        {
            final String a = args[i];
            if ((a.equals("-h") || a.equals("--handler")) && i + 1 < args.length)
            {
                handlers.add(args[++i]);
            }
            else if (a.indexOf('=') > 0 && !a.startsWith("-"))
            {
                defines.put(a.substring(0, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
            }
            else
            {
                System.err.println(name + ": usage: java -jar APP.jar [NAME=value]... [-h ELEMENT.HANDLER]...");
                return 2;
            }
        }
        final List<Class<? extends Element>> classes = new ArrayList<>();
        for (final String line : resource(loader, "META-INF/jclick/elements.txt").split("\n"))
        {
            if (!line.isBlank())
            {
                try
                {
                    classes.add(Class.forName(line.strip(), false, loader).asSubclass(Element.class));
                }
                catch (final ClassNotFoundException e)
                {
                    System.err.println(name + ": element class missing from the jar: " + line);
                    return 1;
                }
            }
        }
        final ElementRegistry registry = new ElementRegistry(classes);
        final ErrorHandler errh = ErrorHandler.stderr();
        final Router router = RouterLoader.fromText(name, resource(loader, "META-INF/jclick/config.click"), defines,
            registry, new Router.Options(Clock.wall(), 1, "", ""), errh);
        if (router == null)
        {
            System.err.println(name + ": router could not be initialized");
            return 1;
        }
        GraphCompiler.installPrebuilt(router, GraphCompiler.Options.of(name), System.err, loader);
        router.run();
        System.out.flush();
        int exit = 0;
        for (final String h : handlers)
        {
            final Handler handler = router.handler(h, null, errh);
            if (handler == null || !handler.readable())
            {
                exit = 1;
                continue;
            }
            final String v = handler.callRead("", errh);
            System.out.println(h + ":");
            System.out.println(v == null ? "" : v.endsWith("\n") ? v.substring(0, v.length() - 1) : v);
            System.out.println();
        }
        router.cleanup();
        return exit;
    }

    private static String resource(final ClassLoader loader, final String path) throws IOException
    {
        try (InputStream in = loader.getResourceAsStream(path))
        {
            if (in == null)
            {
                throw new IOException(path + " is missing: not a jar made by jclick compile");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
