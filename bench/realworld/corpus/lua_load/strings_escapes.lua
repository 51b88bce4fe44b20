
local s1 = "tab\tnewline\nquote\" backslash\\ hex\x41 dec\65 utf8\u{48}\u{20AC} z\z
           continued"
local s2 = 'single \'quoted\''
local s3 = [[long
string with ]] .. [==[level ]] two]==]
--[[ block
comment ]] --[==[ another ]==]
return #s1 + #s2 + #s3
