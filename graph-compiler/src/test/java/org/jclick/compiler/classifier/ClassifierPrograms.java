package org.jclick.compiler.classifier;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementRegistry;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.runtime.Clock;
import org.jclick.dataplane.runtime.Router;
import org.jclick.dataplane.runtime.RouterLoader;
import org.jclick.elements.classification.ClassifierElement;
import org.jclick.elements.classification.ClassifierProgram;

/**
 * Classifier programs for the tests, made by configuring real Classifier, IPClassifier and IPFilter elements in a
 * tiny router ({@code Idle -> c :: Element(config); c[i] -> Discard}), and the element configurations found in
 * Click's corpus.
 */
final class ClassifierPrograms
{
    private static final ElementRegistry REGISTRY = ElementRegistry.loadDefault();
    private static final Pattern ELEMENT = Pattern.compile("(?<![A-Za-z0-9_@/])(IPClassifier|IPFilter|Classifier)\\s*\\(");

    private ClassifierPrograms()
    {
    }

    /** A program with where it came from. */
    record Named(String name, ClassifierProgram program)
    {
        @Override
        public String toString()
        {
            return name;
        }
    }

    /**
     * The program of {@code element(config)}, or null if the configuration does not build (tried with as many
     * outputs as it has arguments, then with 1 to 4 outputs).
     */
    static ClassifierProgram program(final String element, final String config)
    {
        return program(element, config, new StringBuilder());
    }

    /** As {@link #program(String, String)}, with the errors of the first attempt appended to {@code why}. */
    static ClassifierProgram program(final String element, final String config, final StringBuilder why)
    {
        final Set<Integer> outputs = new LinkedHashSet<>();
        outputs.add(Math.max(1, topLevelArguments(config)));
        outputs.add(Math.max(1, topLevelArguments(config) - 1)); // a trailing comma
        for (int i = 1; i <= 4; i++)
        {
            outputs.add(i);
        }
        for (final int nout : outputs)
        {
            final StringBuilder text = new StringBuilder("Idle -> c :: ").append(element).append('(').append(config)
                .append(");\n");
            for (int i = 0; i < nout; i++)
            {
                text.append("c[").append(i).append("] -> Discard;\n");
            }
            final Router router;
            final ErrorHandler.Buffer errors = new ErrorHandler.Buffer();
            try
            {
                router = RouterLoader.fromText("test.click", text.toString(), Map.of(), REGISTRY,
                    new Router.Options(Clock.simulated(1_000_000_000L), 1, text.toString(), ""), errors);
            }
            catch (final RuntimeException e)
            {
                if (why.isEmpty())
                {
                    why.append(e);
                }
                continue;
            }
            if (why.isEmpty())
            {
                why.append(errors.text().strip().replace('\n', ' '));
            }
            if (router == null)
            {
                continue;
            }
            try
            {
                final Element e = router.find("c");
                if (e instanceof ClassifierElement c)
                {
                    return c.program();
                }
            }
            finally
            {
                router.cleanup();
                router.releaseMemory();
            }
        }
        return null;
    }

    /** Must build: fails the test otherwise. */
    static Named must(final String element, final String config)
    {
        final ClassifierProgram p = program(element, config);
        if (p == null)
        {
            throw new AssertionError("does not build: " + element + "(" + config + ")");
        }
        return new Named(element + "(" + config + ")", p);
    }

    /** Arguments at the top level of a configuration string (commas outside quotes, brackets and comments). */
    static int topLevelArguments(final String config)
    {
        if (config.isBlank())
        {
            return 0;
        }
        int depth = 0;
        int args = 1;
        for (int i = 0; i < config.length(); i++)
        {
            final char c = config.charAt(i);
            if (c == '"' || c == '\'')
            {
                i = skipQuoted(config, i);
            }
            else if (c == '/' && i + 1 < config.length() && config.charAt(i + 1) == '/')
            {
                final int nl = config.indexOf('\n', i);
                i = nl < 0 ? config.length() : nl;
            }
            else if (c == '/' && i + 1 < config.length() && config.charAt(i + 1) == '*')
            {
                final int end = config.indexOf("*/", i + 2);
                i = end < 0 ? config.length() : end + 1;
            }
            else if (c == '(' || c == '[' || c == '{')
            {
                depth++;
            }
            else if (c == ')' || c == ']' || c == '}')
            {
                depth--;
            }
            else if (c == ',' && depth == 0)
            {
                args++;
            }
        }
        return args;
    }

    private static int skipQuoted(final String s, final int open)
    {
        final char q = s.charAt(open);
        for (int i = open + 1; i < s.length(); i++)
        {
            if (s.charAt(i) == '\\' && q == '"')
            {
                i++;
            }
            else if (s.charAt(i) == q)
            {
                return i;
            }
        }
        return s.length();
    }

    /** {@code element} and its configuration text for each use in {@code text} (balanced parentheses). */
    static List<String[]> extract(final String source)
    {
        final String text = stripComments(source);
        final List<String[]> out = new ArrayList<>();
        final Matcher m = ELEMENT.matcher(text);
        while (m.find())
        {
            final int open = m.end() - 1;
            int depth = 0;
            int close = -1;
            for (int i = open; i < text.length() && close < 0; i++)
            {
                final char c = text.charAt(i);
                if (c == '"' || c == '\'')
                {
                    i = skipQuoted(text, i);
                }
                else if (c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '/')
                {
                    final int nl = text.indexOf('\n', i);
                    i = nl < 0 ? text.length() : nl;
                }
                else if (c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '*')
                {
                    final int end = text.indexOf("*/", i + 2);
                    i = end < 0 ? text.length() : end + 1;
                }
                else if (c == '(')
                {
                    depth++;
                }
                else if (c == ')' && --depth == 0)
                {
                    close = i;
                }
            }
            if (close > open)
            {
                out.add(new String[] {m.group(1), text.substring(open + 1, close)});
            }
        }
        return out;
    }

    /** {@code text} with its comments replaced by spaces (quotes respected). */
    static String stripComments(final String text)
    {
        final StringBuilder sb = new StringBuilder(text);
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c == '"' || c == '\'')
            {
                i = skipQuoted(text, i);
            }
            else if (c == '/' && i + 1 < text.length() && (text.charAt(i + 1) == '/' || text.charAt(i + 1) == '*'))
            {
                final boolean line = text.charAt(i + 1) == '/';
                int end = line ? text.indexOf('\n', i) : text.indexOf("*/", i + 2);
                end = end < 0 ? text.length() : line ? end : end + 2;
                for (int k = i; k < end; k++)
                {
                    if (sb.charAt(k) != '\n')
                    {
                        sb.setCharAt(k, ' ');
                    }
                }
                i = end - 1;
            }
        }
        return sb.toString();
    }

    /** The shared folder ({@code jclick.shared}), or null when absent. */
    static Path shared()
    {
        final String prop = System.getProperty("jclick.shared");
        if (prop == null)
        {
            return null;
        }
        final Path p = Path.of(prop);
        return Files.isDirectory(p) ? p : null;
    }

    /**
     * Every distinct Classifier/IPClassifier/IPFilter configuration in the corpus's .click and .clicktest files that
     * builds; {@code skipped} receives those that do not.
     */
    static List<Named> corpus(final Path corpusRoot, final List<String> skipped) throws IOException
    {
        final Set<String> seen = new LinkedHashSet<>();
        final List<Named> out = new ArrayList<>();
        final List<Path> files;
        try (Stream<Path> s = Files.walk(corpusRoot))
        {
            files = s.filter(f -> f.toString().endsWith(".click") || f.toString().endsWith(".clicktest")).sorted()
                .toList();
        }
        for (final Path f : files)
        {
            final String text = Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1);
            for (final String[] use : extract(text))
            {
                if (!seen.add(use[0] + "\0" + use[1]))
                {
                    continue;
                }
                final StringBuilder why = new StringBuilder();
                final ClassifierProgram p = program(use[0], use[1], why);
                if (p == null)
                {
                    skipped.add(corpusRoot.relativize(f) + ": " + use[0] + "(" + oneLine(use[1]) + "): " + why);
                    continue;
                }
                out.add(new Named(corpusRoot.relativize(f) + ": " + use[0] + "(" + oneLine(use[1]) + ")", p));
            }
        }
        return out;
    }

    private static String oneLine(final String s)
    {
        final String t = s.replaceAll("\\s+", " ").trim();
        return t.length() > 80 ? t.substring(0, 77) + "..." : t;
    }
}
