
local function counter(start)
  local n = start or 0
  return function(step) n = n + (step or 1); return n end
end
local c = counter(10)
for i = 1, 3 do c(i) end
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
return c(), fib(10)
