# 1 "anonymous.click"
Idle -> { input -> Counter -> output } -> Discard;
Idle -> ( Paint(1) -> Print ) -> Discard;
x :: { $a | input -> SetIPAddress($a) -> output }(1.2.3.4);
Idle -> x -> [0, 1] s :: StaticSwitch(0) [1, 0] -> Discard;
s [1] ~> Discard;
