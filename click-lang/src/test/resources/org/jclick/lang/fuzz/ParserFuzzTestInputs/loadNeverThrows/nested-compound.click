elementclass Inner { $x | input -> Paint($x) -> output }
elementclass Outer { $y | input -> Inner($y) -> Inner(2) -> output }
elementclass Alias Outer;
Idle -> Outer(1) -> Alias(3) -> Discard;
Idle -> a :: Queue -> b :: Unqueue -> Discard;
a, b -> Discard;
