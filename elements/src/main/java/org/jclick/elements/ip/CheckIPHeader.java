package org.jclick.elements.ip;

import org.jclick.dataplane.element.ElementDoc;

/** Click's CheckIPHeader. */
@ElementDoc(
    synopsis = "CheckIPHeader([OFFSET, keywords OFFSET, INTERFACES, BADSRC, GOODDST, CHECKSUM, VERBOSE, DETAILS])",
    category = "ip",
    ports = "one agnostic input; one agnostic output, and an optional push output for bad packets",
    description = """
        Validates the IPv4 header that starts OFFSET bytes into each packet: there must be room for a minimal
        header, the version must be 4, the header length at least 20 bytes, the total length between the header
        length and the bytes present, and (with CHECKSUM) the header checksum must verify. A packet whose source
        address is listed as bad is refused too, unless its destination is listed as good.

        A packet that passes gets its network header annotation (and transport header annotation right after the
        IP header), loses any trailing bytes beyond the IP total length (link-layer padding), and has its
        destination IP annotation set from the header. A packet that fails is counted and leaves on output 1 if
        that output is connected, otherwise it is dropped. The first failure is reported on standard error, every
        one with VERBOSE.

        For compatibility, the arguments may also be given the old way: a space-separated list of bad source
        addresses (to which 0.0.0.0 and 255.255.255.255 are added), then OFFSET.""",
    keywords = {
        "OFFSET: unsigned. Where the IP header starts. Default 0.",
        "INTERFACES: space-separated ADDRESS/PREFIX list of this host's interfaces. Each interface's directed "
            + "broadcast address, 0.0.0.0 and 255.255.255.255 become bad source addresses, and the interface "
            + "addresses good destinations.",
        "BADSRC: space-separated IP addresses refused as source addresses. Default none.",
        "GOODDST: space-separated IP addresses for which a bad source address is accepted. Default none.",
        "CHECKSUM: boolean. Verify the header checksum. Default true.",
        "VERBOSE: boolean. Report every bad packet, not only the first. Default false.",
        "DETAILS: boolean. Count bad packets per reason, for the drop_details handler. Default false."},
    handlers = {
        "drops (read): bad packets seen",
        "drop_details (read, with DETAILS): one line per reason, count TAB reason",
        "offset (read): the OFFSET setting"},
    example = "FromDevice(eth0) -> Strip(14) -> CheckIPHeader(INTERFACES 18.26.4.1/24) -> GetIPAddress(16) -> ...",
    seeAlso = {"CheckIPHeader2", "MarkIPHeader", "SetIPChecksum", "StripIPHeader"})
public final class CheckIPHeader extends IpHeaderCheck
{
    public CheckIPHeader()
    {
        super(true);
    }
}
