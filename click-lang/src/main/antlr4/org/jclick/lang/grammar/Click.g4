grammar Click;
config : EOF ;
WS : [ \t\r\n]+ -> skip ;
