package org.jclick.elements.ip;

import org.jclick.dataplane.element.ElementDoc;

/** Click's CheckIPHeader2. */
@ElementDoc(
    synopsis = "CheckIPHeader2([OFFSET, keywords OFFSET, INTERFACES, BADSRC, GOODDST, CHECKSUM, VERBOSE, DETAILS])",
    category = "ip",
    ports = "one agnostic input; one agnostic output, and an optional push output for bad packets",
    description = """
        The same checks and annotations as CheckIPHeader, except that the header checksum is not verified unless
        CHECKSUM true is given. Useful where checksums are known good or were offloaded.""",
    keywords = {
        "OFFSET: unsigned. Where the IP header starts. Default 0.",
        "INTERFACES: as for CheckIPHeader.",
        "BADSRC: as for CheckIPHeader.",
        "GOODDST: as for CheckIPHeader.",
        "CHECKSUM: boolean. Verify the header checksum. Default false.",
        "VERBOSE: boolean. Report every bad packet. Default false.",
        "DETAILS: boolean. Keep per-reason counts. Default false."},
    handlers = {"drops (read): bad packets seen", "drop_details (read, with DETAILS): counts per reason"},
    example = "... -> Strip(14) -> CheckIPHeader2 -> ...",
    seeAlso = {"CheckIPHeader", "MarkIPHeader"})
public final class CheckIPHeader2 extends IpHeaderCheck
{
    public CheckIPHeader2()
    {
        super(false);
    }
}
