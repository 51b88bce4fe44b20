
local out = {}
for i = 10, 1, -2 do out[#out + 1] = i end
for k, v in pairs({a = 1, b = 2}) do out[k] = v end
local n = 0
while n < 5 do n = n + 1 if n == 3 then goto continue end ::continue:: end
repeat n = n - 1 until n <= 0
if n == 0 then n = 1 elseif n < 0 then n = -1 else n = 2 end
do local x <const> = 42; n = n + x end
return out, n
