package org.jclick.elements.ip;

import java.util.List;

import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementProvider;

/** The element classes of package {@code org.jclick.elements.ip}. */
public final class IPElements implements ElementProvider
{
    @Override
    public List<Class<? extends Element>> elementClasses()
    {
        return List.of(
            CheckIPHeader.class,
            CheckIPHeader2.class,
            MarkIPHeader.class,
            StripIPHeader.class,
            UnstripIPHeader.class,
            CheckTCPHeader.class,
            CheckUDPHeader.class,
            CheckICMPHeader.class,
            GetIPAddress.class,
            SetIPAddress.class,
            StoreIPAddress.class,
            DecIPTTL.class,
            SetIPChecksum.class,
            SetTCPChecksum.class,
            SetUDPChecksum.class,
            SetIPDSCP.class,
            MarkIPCE.class,
            IPEncap.class,
            UDPIPEncap.class,
            ICMPIPEncap.class,
            IPFragmenter.class,
            IPReassembler.class,
            IPMirror.class,
            ICMPError.class,
            ICMPPingResponder.class,
            FixIPSrc.class,
            IPGWOptions.class,
            IPInputCombo.class,
            IPOutputCombo.class
        );
    }
}
