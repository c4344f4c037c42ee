// a plain chain with configuration strings and ports
src :: InfiniteSource(DATA \<00 11 22 33>, LIMIT 5, STOP true)
    -> c :: Counter
    -> Strip(14)
    -> Print("got one", MAXLENGTH 64)
    -> Discard;
