
local function sum(...)
  local s = 0
  for _, v in ipairs({...}) do s = s + v end
  return s, select("#", ...), ...
end
local co = coroutine.wrap(function(a, b)
  local c = coroutine.yield(a + b)
  local d, e = coroutine.yield(c * 2)
  return d + e
end)
local t <close> = setmetatable({}, {__close = function() end})
return sum(1, 2, 3), co(1, 2), co(10), co(3, 4)
