package org.jclick.elements.debug;

import java.util.List;
import java.util.Locale;

import org.jclick.dataplane.args.Args;
import org.jclick.dataplane.args.StringArg;
import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;

/** Click's Message. */
@ElementDoc(
    synopsis = "Message(MESSAGE [, TYPE])",
    category = "debugging",
    ports = "none",
    description = """
        Reports MESSAGE when the element is configured, as a message, a warning, or an error. An ERROR message
        makes the router fail to initialize.""",
    keywords = {
        "MESSAGE: string. The text to report.",
        "TYPE: MESSAGE, WARNING or ERROR. Default MESSAGE."},
    example = "Message(\"this configuration is obsolete\", WARNING);",
    seeAlso = {"Error"})
public final class Message extends Element
{
    private String message = "";
    private String type = "MESSAGE";

    @Override
    public String portCount()
    {
        return PORTS_0_0;
    }

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final Args.Value<String> m = new Args.Value<>();
        final Args.Value<String> t = new Args.Value<>("MESSAGE");
        if (complete(args(conf)
            .readMandatoryPositional("MESSAGE", StringArg.STRING, m)
            .readPositional("TYPE", StringArg.WORD, t), errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        final String ty = t.get().toUpperCase(Locale.ROOT);
        if (!ty.equals("MESSAGE") && !ty.equals("WARNING") && !ty.equals("ERROR"))
        {
            return errh.error("bad TYPE; expected 'MESSAGE', 'WARNING', or 'ERROR'");
        }
        message = m.get();
        type = ty;
        // Click reports the message while configuring (its landmark and "While configuring" context)
        switch (type)
        {
            case "WARNING" -> errh.warning(message);
            case "ERROR" ->
            {
                return errh.error(message);
            }
            default -> errh.message(message);
        }
        return 0;
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("message", () -> message);
    }
}
