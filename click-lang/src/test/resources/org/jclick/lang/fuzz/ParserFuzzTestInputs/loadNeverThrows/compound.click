/* compound classes with formals, overloads and extension */
elementclass Chain { $n, KEY $k |
    input -> q :: Queue($n) -> Unqueue -> output;
}
elementclass Chain { || ... }
elementclass Pair {
    input [0] -> [0] output;
    input [1] -> Tee(2) => [1] output, Discard;
}
a :: Chain(10, KEY x);
Idle -> a -> p :: Pair -> Discard;
Idle -> [1] p [1] -> Discard;
