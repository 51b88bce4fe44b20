#!/usr/bin/lua
for i = 1, 3 do
  for j = 1, 3 do
    if i * j == 4 then goto done end
  end
end
::done::
return 0
