// deliberately wrong: undefined element, bad ports, unterminated config
Idle -> [5] nosuch;
x :: Queue; x :: Queue;
elementclass Bad { $a, $a | input -> output };
Idle -> Bad(1, 2, 3) -> Discard
q :: Queue(1, "unterminated
