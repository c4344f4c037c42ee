package org.jclick.elements.debug;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.jclick.dataplane.args.Args;
import org.jclick.dataplane.args.BoolArg;
import org.jclick.dataplane.args.StringArg;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.element.SimpleElement;
import org.jclick.dataplane.packet.Packet;

/** Click's ARPPrint. */
@ElementDoc(
    synopsis = "ARPPrint([LABEL, KEYWORDS])",
    category = "debugging",
    ports = "one agnostic input, one agnostic output",
    description = """
        Prints a tcpdump-like line for each ARP packet (the ARP header at the network header annotation, as
        ARPQuerier, ARPResponder and Classifier-fed paths leave it), to standard error (or OUTFILE), and passes
        the packet on unchanged. Packets without a network header annotation pass silently. The line is LABEL
        and a colon (when LABEL is not empty), the timestamp, with ETHER the Ethernet source and destination,
        then as Click prints them:

          arp who-has TPA [(THA)] tell SPA       arp reply SPA is-at SHA
          rarp who-is THA tell SHA               rarp reply THA at TPA
          invarp who-is THA tell SHA             invarp reply THA at TPA
          arp-#OP                                truncated-arp (LEN)

        with 'trailer-' before the line for trailer-protocol packets and 'hardware #N' after it for hardware
        other than Ethernet. Ethernet addresses print in Click's form, 00-1A-2B-3C-4D-5E. As in Click, a packet
        whose protocol is not IP (or whose address lengths do not fit it) prints nothing.""",
    keywords = {
        "LABEL: string. Printed first. Default empty.",
        "TIMESTAMP: boolean. Print the timestamp annotation. Default true.",
        "ETHER: boolean. Print the Ethernet addresses ('SRC > DST: ') when the packet has an Ethernet header "
            + "before the ARP header. Default false.",
        "ACTIVE: boolean. Print at all. Default true.",
        "OUTFILE: filename. Write the lines to this file instead of standard error."},
    handlers = {"active (read/write): the ACTIVE setting"},
    example = "FromDevice(eth0) -> c :: Classifier(12/0806, -);  c[0] -> Strip(14) -> MarkIPHeader -> ARPPrint -> ...",
    seeAlso = {"IPPrint", "Print", "ARPQuerier"})
public final class ARPPrint extends SimpleElement
{
    private static final int ETHERTYPE_IP = 0x0800;
    private static final int ETHERTYPE_TRAIL = 0x1000;
    private static final int ARPHRD_ETHER = 1;
    private static final int ARP_HEADER = 8;

    private byte[] label = new byte[0];
    private boolean printTimestamp = true;
    private boolean printEther;
    private volatile boolean active = true;
    private String outfileName;
    private OutputStream outfile;
    private boolean writeFailed;
    private final TextLine line = new TextLine();

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        final Args.Value<String> lab = new Args.Value<>("");
        final boolean[] f = {true, false, true};
        final Args.Value<String> file = new Args.Value<>();
        if (complete(args(conf)
            .readPositional("LABEL", StringArg.STRING, lab)
            .read("TIMESTAMP", BoolArg.INSTANCE, v -> f[0] = v)
            .read("ETHER", BoolArg.INSTANCE, v -> f[1] = v)
            .read("ACTIVE", BoolArg.INSTANCE, v -> f[2] = v)
            .read("OUTFILE", StringArg.STRING, file), errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        label = lab.get().getBytes(StandardCharsets.ISO_8859_1);
        printTimestamp = f[0];
        printEther = f[1];
        active = f[2];
        outfileName = file.isPresent() && !file.get().isEmpty() ? file.get() : null;
        return 0;
    }

    @Override
    public int initialize(final ErrorHandler errh)
    {
        if (outfileName != null)
        {
            try
            {
                outfile = new BufferedOutputStream(Files.newOutputStream(Path.of(outfileName)), 1 << 16);
            }
            catch (final IOException | RuntimeException e)
            {
                return errh.error(outfileName + ": " + e.getMessage());
            }
        }
        return 0;
    }

    @Override
    public void cleanup(final CleanupStage stage)
    {
        if (outfile != null)
        {
            try
            {
                outfile.close();
            }
            catch (final IOException e)
            {
                // nothing more to do at cleanup
            }
            outfile = null;
        }
    }

    @Override
    public Packet simpleAction(final Packet p)
    {
        if (!active || !p.hasNetworkHeader())
        {
            return p;
        }
        final TextLine sa = line;
        sa.reset();
        if (label.length > 0)
        {
            sa.put(label).put(": ");
        }
        if (printTimestamp)
        {
            sa.putTimestamp(p.timestampNs()).put(": ");
        }
        final int len = p.length();
        final int nh = p.networkHeaderOffset();
        if (printEther)
        {
            final int x = p.hasMacHeader() ? p.macHeaderOffset() : 0;
            if (x + 14 <= nh && x + 14 <= len)
            {
                sa.putEther(p, x + 6).put(" > ").putEther(p, x).put(": ");
            }
        }
        final int networkLength = len - nh;
        // Click reads the 28-byte Ethernet/IP ARP body whatever the length; jclick reads it only inside the buffer
        if (networkLength < ARP_HEADER || nh + 28 > len + p.tailroom())
        {
            sa.put("truncated-arp (").put(networkLength).put(')');
        }
        else
        {
            final int hrd = p.u16(nh);
            final int pro = p.u16(nh + 2);
            final int hln = p.u8(nh + 4);
            final int pln = p.u8(nh + 5);
            final int op = p.u16(nh + 6);
            if ((pro != ETHERTYPE_IP && pro != ETHERTYPE_TRAIL) || pln != 4 || hln == 0)
            {
                // Click builds 'arp-#OP for proto #PRO (PLN) hardware #HRD (HLN)' here but returns before printing it
                return p;
            }
            // click_ether_arp: sha at 8, spa at 14, tha at 18, tpa at 24 (Ethernet-sized addresses)
            final int sha = nh + 8;
            final int spa = nh + 14;
            final int tha = nh + 18;
            final int tpa = nh + 24;
            if (pro == ETHERTYPE_TRAIL)
            {
                sa.put("trailer-");
            }
            switch (op)
            {
                case 1 ->
                {
                    sa.put("arp who-has ").putIp(p.u32(tpa));
                    boolean zero = true;
                    for (int i = 0; i < hln; i++)
                    {
                        if (p.u8(tha + i) != 0)
                        {
                            zero = false;
                            break;
                        }
                    }
                    if (!zero)
                    {
                        sa.put(" (").putEther(p, tha).put(')');
                    }
                    sa.put(" tell ").putIp(p.u32(spa));
                }
                case 2 -> sa.put("arp reply ").putIp(p.u32(spa)).put(" is-at ").putEther(p, sha);
                case 3 -> sa.put("rarp who-is ").putEther(p, tha).put(" tell ").putEther(p, sha);
                case 4 -> sa.put("rarp reply ").putEther(p, tha).put(" at ").putIp(p.u32(tpa));
                case 8 -> sa.put("invarp who-is ").putEther(p, tha).put(" tell ").putEther(p, sha);
                case 9 -> sa.put("invarp reply ").putEther(p, tha).put(" at ").putIp(p.u32(tpa));
                default -> sa.put("arp-#").put(op);
            }
            if (hrd != ARPHRD_ETHER)
            {
                sa.put("hardware #").put(hrd);
            }
        }
        sa.put('\n');
        try
        {
            if (outfile != null)
            {
                sa.writeTo(outfile);
            }
            else
            {
                sa.writeTo(System.err);
                System.err.flush();
            }
        }
        catch (final IOException e)
        {
            if (!writeFailed)
            {
                writeFailed = true;
                ErrorHandler.stderr().warning(name() + " :: ARPPrint: " + outfileName + ": " + e.getMessage());
            }
        }
        return p;
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("active", () -> Boolean.toString(active));
        addWriteHandler("active", (v, errh) ->
        {
            final Boolean b = BoolArg.parseOrNull(v.trim());
            if (b == null)
            {
                return errh.error("expected boolean");
            }
            active = b;
            return 0;
        });
    }
}
