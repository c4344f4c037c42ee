elementclass Rewriter { $pattern |
    input -> r :: IPRewriter(pattern $pattern 0 0, drop) -> output;
}
RatedSource("quoted \"string\" with ) paren", RATE 10)
    -> IPFilter(allow src host 10.0.0.1 && (tcp or udp), deny all)
    -> Rewriter('1.0.0.1 1024-65535# - -')
    -> Script(TYPE PACKET, write c.reset, /* comment ) */ return 0)
    -> c :: Counter -> Discard;
