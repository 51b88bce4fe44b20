
local Vec = {}
Vec.__index = Vec
function Vec.new(x, y) return setmetatable({x = x, y = y}, Vec) end
function Vec.__add(a, b) return Vec.new(a.x + b.x, a.y + b.y) end
function Vec:len() return math.sqrt(self.x ^ 2 + self.y ^ 2) end
Vec.__tostring = function(v) return ("(%g, %g)"):format(v.x, v.y) end
local t = {1, 2, 3, [10] = "ten", ["key with space"] = true, nested = {a = {b = {c = 1}}}}
t[#t + 1] = Vec.new(1, 2) + Vec.new(3, 4)
return t
