
local Animal = {} Animal.__index = Animal
function Animal.new(name, sound) local self = setmetatable({}, Animal) self.name = name self.sound = sound return self end
function Animal:speak() return self.name .. " says " .. self.sound end
local Dog = setmetatable({}, {__index = Animal}) Dog.__index = Dog
function Dog.new(name) local self = Animal.new(name, "woof") return setmetatable(self, Dog) end
function Dog:fetch(item) return self.name .. " fetches the " .. (item or "ball") end
local d = Dog.new("Rex")
return d:speak(), d:fetch(), d:fetch "stick", Dog.new{"table call"}
