/* block ; */ create table t(x) -- line ; comment
; /* unterminated