package org.jclick.elements.classification;

import java.util.ArrayList;
import java.util.List;

import org.jclick.dataplane.args.ArgContext;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.lang.ConfigStrings;

/** Click's IPFilter. */
@ElementDoc(
    synopsis = "IPFilter(ACTION_1 PATTERN_1, ..., ACTION_N PATTERN_N)",
    category = "IP classification",
    ports = "one push input, any number of push outputs",
    description = """
        Filters IP packets with tcpdump-like rules, tried in order; the first rule whose PATTERN matches decides.
        ACTION is 'allow' (output 0), 'deny' or 'drop' (discard), or an output number. Packets no rule matches are
        dropped and counted. Input packets need the IP header annotation (set by CheckIPHeader or MarkIPHeader).

        Patterns combine primitives with 'and' ('&&' or just juxtaposition), 'or' ('||'), 'not' ('!'), parentheses
        and 'C ? A : B' (spaces around ':' are required). Primitives: '[src|dst|src and dst|src or dst] host ADDR',
        '... net PREFIX' (or 'ADDR mask MASK'), '[tcp|udp] [src|dst] port P' (number or name such as www, ssh,
        domain), 'proto P' or a bare protocol (tcp, udp, icmp, ...), 'tcp opt FLAG' (syn, ack, fin, rst, psh, urg),
        'tcp win W', 'icmp type T' (number or name: echo, echo-reply, unreachable, ...), 'ip vers/hl/id/tos/dscp/ttl/len
        V', 'ip frag', 'ip unfrag', 'ip ect', 'ip ce', 'ip[POS:LEN]' and 'tcp[..]'/'udp[..]'/'icmp[..]'/'transp[..]'
        byte fields (1-4 bytes within one aligned word), 'ether host MAC', 'true', 'false'; '-', 'any' or 'all' alone
        match everything. Integer tests take '& MASK' and a relation (=, ==, !=, <, >, <=, >=). A value alone reuses
        the previous primitive's type: 'src port 80 or 81'. Addresses may be AddressInfo names. Names come from a
        built-in table, never from the system's services file.

        Transport-header tests (ports, tcp opt/win, icmp type, transp[..]) are false on fragments other than the
        first and on packets of other protocols; 'tcp port != 5' means TCP with a port other than 5, whereas
        'not tcp port 5' also matches UDP. A test of bytes missing from a short packet is false; 'not' of it is
        true.""",
    keywords = {},
    handlers = {"program (read): the compiled decision tree", "drops (read): packets that matched no rule"},
    example = "IPFilter(allow src host 10.0.0.1 && tcp dst port www, 1 icmp type echo, deny all)",
    seeAlso = {"IPClassifier", "Classifier", "CheckIPHeader"})
public class IPFilter extends ClassifierElement
{
    /** The configuration's arguments as rules: IPClassifier prefixes each with its index. */
    protected List<String> ruleTexts(final List<String> conf, final List<String> errors)
    {
        if (conf.size() == 1 && conf.get(0).trim().isEmpty())
        {
            return List.of();
        }
        return conf;
    }

    @Override
    protected boolean warnsUnusedOutputs()
    {
        return false;
    }

    @Override
    protected ClassifierProgram compile(final List<String> conf, final List<String> errors,
        final List<String> warnings)
    {
        final List<String> texts = ruleTexts(conf, errors);
        if (texts == null)
        {
            return null;
        }
        final ArgContext context = argContext();
        final List<Expr.Rule> rules = new ArrayList<>();
        final int nout = noutputs();
        for (int argno = 0; argno < texts.size(); argno++)
        {
            final List<String> words = IPFilterParser.tokenize(ConfigStrings.unquote(texts.get(argno).trim()));
            if (words.isEmpty())
            {
                errors.add("empty pattern " + argno);
                continue;
            }
            final String prefix = "pattern " + argno + ": ";
            final String slotWord = words.get(0);
            int slot = -1;
            if (slotWord.equals("allow"))
            {
                slot = 0;
                if (nout == 0)
                {
                    errors.add(prefix + "'allow' is meaningless, element has zero outputs");
                }
            }
            else if (slotWord.equals("deny"))
            {
                slot = -1; // 'deny' drops, as 'drop' does (Click 2.1 prints no warning about it)
            }
            else if (slotWord.equals("drop"))
            {
                slot = -1;
            }
            else
            {
                final boolean minus = slotWord.startsWith("-") && slotWord.length() > 1;
                final Long n = IPFilterParser.parseInteger(minus ? slotWord.substring(1) : slotWord);
                if (minus && n != null)
                {
                    errors.add(prefix + "slot '" + slotWord + "' out of range");
                }
                else if (n == null)
                {
                    errors.add(prefix + "unknown slot ID '" + slotWord + "'");
                }
                else if (n >= nout)
                {
                    errors.add(prefix + "slot '" + n + "' out of range");
                }
                else
                {
                    slot = (int)(long)n;
                }
            }
            final List<String> rest = words.subList(1, words.size());
            final Expr e = IPFilterParser.parseExpression(rest, context, prefix, errors, warnings);
            if (e != null)
            {
                rules.add(new Expr.Rule(e, slot));
            }
        }
        if (!errors.isEmpty())
        {
            return null;
        }
        return ProgramCompiler.compile(ClassifierProgram.Layout.IP, rules);
    }
}
