package org.jclick.elements.ip;

import java.util.ArrayList;
import java.util.List;

import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.packet.Packet;

/** Click's IPInputCombo. */
@ElementDoc(
    synopsis = "IPInputCombo(COLOR [, BADSRC, keywords INTERFACES, BADSRC, GOODDST])",
    category = "ip",
    ports = "one agnostic input, one agnostic output",
    description = """
        The usual input path of an IP router in one element: paints each packet COLOR, strips its 14-byte
        Ethernet header, validates the IP header as CheckIPHeader does (with the same BADSRC, INTERFACES and
        GOODDST meanings; a positional BADSRC list gets 0.0.0.0 and 255.255.255.255 added) and sets the
        destination IP annotation from it. Equivalent to Paint(COLOR) -> Strip(14) -> CheckIPHeader(...) ->
        GetIPAddress(16), except that bad packets are always dropped.""",
    keywords = {
        "COLOR: 0-255. The paint colour.",
        "BADSRC: space-separated IP addresses refused as sources.",
        "INTERFACES: as for CheckIPHeader.",
        "GOODDST: as for CheckIPHeader."},
    handlers = {"drops (read): bad packets dropped", "color (read): COLOR"},
    example = "FromDevice(eth0) -> c :: Classifier(12/0800, ...) -> IPInputCombo(0, 18.26.4.255) -> ...",
    seeAlso = {"Paint", "Strip", "CheckIPHeader", "GetIPAddress", "IPOutputCombo"})
public final class IPInputCombo extends IpHeaderCheck
{
    private int color;

    public IPInputCombo()
    {
        super(true);
    }

    @Override
    public String portCount()
    {
        return PORTS_1_1;
    }

    @Override
    public String processing()
    {
        return AGNOSTIC;
    }

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        if (conf.isEmpty())
        {
            return errh.error("COLOR: required argument missing");
        }
        final int c;
        try
        {
            c = IntArg.uint8().parse(conf.get(0), argContext());
        }
        catch (final org.jclick.dataplane.args.ArgException e)
        {
            return errh.error("COLOR: " + e.getMessage());
        }
        final List<String> rest = new ArrayList<>(conf.subList(1, conf.size()));
        if (rest.size() == 1 && !rest.get(0).isBlank() && Character.isDigit(rest.get(0).charAt(0))
            && !rest.get(0).contains("."))
        {
            return errh.error("BADSRC: expected IP address");
        }
        if (super.configure(rest, errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        color = c;
        return 0;
    }

    @Override
    public Packet simpleAction(final Packet p)
    {
        p.setPaintAnno(color);
        p.pull(14);
        return super.simpleAction(p);
    }

    @Override
    public void addHandlers()
    {
        super.addHandlers();
        addReadHandler("color", () -> Integer.toString(color));
    }
}
