package org.jclick.compiler;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;

import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.runtime.Router;

/**
 * Which handlers of a compiled router anything can call: click-undead's work for handler machinery. A handler is
 * live when its name appears as a word in any element's configuration (a Script's {@code $(c.rate)}, {@code read},
 * {@code write}, a {@code COUNT_CALL} target, a ProgressBar's handler list) or among the handlers called from
 * outside ({@code -h ELEMENT.HANDLER}); every handler is live when an element serves handlers to the outside world
 * (ControlSocket, a handler proxy), because a client may then ask for any. The test is by name, not by element:
 * {@code c.rate} anywhere keeps every counter's rate, which errs on the side of keeping. Each element is then told
 * ({@link Element#retainHandlers}) and may stop keeping state that only dead handlers read.
 */
final class HandlerLiveness
{
    private HandlerLiveness()
    {
    }

    /** Tells every element of {@code router} which handler names are live. */
    static void apply(final Router router, final Collection<String> calledHandlers)
    {
        final Predicate<String> live = of(router, calledHandlers);
        for (final Element e : router.elements())
        {
            e.retainHandlers(live);
        }
    }

    /** The live handler names of {@code router}. */
    static Predicate<String> of(final Router router, final Collection<String> calledHandlers)
    {
        final Set<String> words = new HashSet<>();
        for (final Element e : router.elements())
        {
            if (servesHandlers(e))
            {
                return name -> true;
            }
            addWords(words, e.configuration());
        }
        for (final String h : calledHandlers)
        {
            addWords(words, h);
        }
        return words::contains;
    }

    /** Whether {@code e} lets clients outside the configuration call handlers by name. */
    static boolean servesHandlers(final Element e)
    {
        final String c = e.className();
        return c != null && (c.equals("ControlSocket") || c.endsWith("HandlerProxy"));
    }

    /** Adds every maximal run of letters, digits and underscores of {@code text} (handler names are such runs). */
    private static void addWords(final Set<String> words, final String text)
    {
        if (text == null)
        {
            return;
        }
        int start = -1;
        for (int i = 0; i <= text.length(); i++)
        {
            final boolean part = i < text.length()
                && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_');
            if (part && start < 0)
            {
                start = i;
            }
            else if (!part && start >= 0)
            {
                words.add(text.substring(start, i));
                start = -1;
            }
        }
    }
}
