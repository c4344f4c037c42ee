package org.jclick.elements.ip;

import static org.jclick.elements.ip.IpTestSupport.TCP;
import static org.jclick.elements.ip.IpTestSupport.run;
import static org.jclick.elements.ip.IpTestSupport.source;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IcmpErrorSharedIdTest
{
    @Test
    void allIcmpErrorsOfARouterShareOneIdCounter()
    {
        // two elements, one packet each: IDs 1 and 2 (Click's counter is one static variable)
        final String err = run(source(TCP) + " -> CheckIPHeader -> ICMPError(1.1.1.1, timeexceeded)"
            + " -> Print(a, MAXLENGTH 8) -> Discard;"
            + source(TCP) + " -> CheckIPHeader -> ICMPError(2.2.2.2, parameterproblem)"
            + " -> Print(b, MAXLENGTH 8) -> Discard;");
        assertTrue(err.contains("| 45000044 00010000\n"), err);
        assertTrue(err.contains("| 45000044 00020000\n"), err);
    }
}
