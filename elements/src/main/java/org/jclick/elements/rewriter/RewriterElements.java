package org.jclick.elements.rewriter;

import java.util.List;

import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementProvider;

/** The element classes of package {@code org.jclick.elements.rewriter}. */
public final class RewriterElements implements ElementProvider
{
    @Override
    public List<Class<? extends Element>> elementClasses()
    {
        return List.of(
            IPRewriter.class,
            TCPRewriter.class,
            UDPRewriter.class,
            IPRewriterPatterns.class,
            RoundRobinIPMapper.class,
            SourceIPHashMapper.class,
            MaglevMapper.class,
            IPAddrRewriter.class,
            IPAddrPairRewriter.class,
            ICMPPingRewriter.class,
            ICMPRewriter.class,
            FTPPortMapper.class
        );
    }
}
