
local a, b = 0x7fffffffffffffff, -0x10
local f = 3.14e-2 + 0x1.8p3 + .5 + 5.
local i = 7 // 2 + 7 % 3 + 2 ^ 10
local bits = (a & 0xff) | (b ~ 3) << 4 >> 2 ~ ~0
local cmp = (1 < 2) and (2 <= 2) and (3 > 1) and (4 >= 4) and (5 ~= 6) and not (1 == 2)
local cat = "x" .. 1 .. 2.5
return a, b, f, i, bits, cmp, cat
