-- A JSON encoder, long enough to exercise the parser's tables and jumps.
local json = {}
local escapes = {['"'] = '\\"', ['\\'] = '\\\\', ['\b'] = '\\b', ['\f'] = '\\f', ['\n'] = '\\n', ['\r'] = '\\r', ['\t'] = '\\t'}
local function encode_string(s)
  return '"' .. s:gsub('[%c"\\]', function(c)
    return escapes[c] or string.format('\\u%04x', c:byte()) end) .. '"'
end
local encode
local function encode_table(t, stack)
  if stack[t] then error('circular reference') end
  stack[t] = true
  local out, n = {}, 0
  for k in pairs(t) do n = n + 1 end
  if n == #t then
    for i = 1, #t do out[i] = encode(t[i], stack) end
    stack[t] = nil
    return '[' .. table.concat(out, ',') .. ']'
  end
  for k, v in pairs(t) do
    if type(k) ~= 'string' then error('non-string key: ' .. tostring(k)) end
    out[#out + 1] = encode_string(k) .. ':' .. encode(v, stack)
  end
  stack[t] = nil
  return '{' .. table.concat(out, ',') .. '}'
end
function encode(v, stack)
  local kind = type(v)
  if kind == 'nil' then return 'null'
  elseif kind == 'boolean' then return tostring(v)
  elseif kind == 'number' then
    if v ~= v or v == math.huge or v == -math.huge then error('bad number') end
    return math.type(v) == 'integer' and tostring(v) or string.format('%.14g', v)
  elseif kind == 'string' then return encode_string(v)
  elseif kind == 'table' then return encode_table(v, stack or {})
  end
  error('cannot encode ' .. kind)
end
json.encode = function(v) return encode(v, {}) end
local sample0 = json.encode({id = 0, name = 'n0', tags = {'a', 'b', 0}, ok = false})
local sample1 = json.encode({id = 1, name = 'n1', tags = {'a', 'b', 1}, ok = true})
local sample2 = json.encode({id = 2, name = 'n2', tags = {'a', 'b', 2}, ok = false})
local sample3 = json.encode({id = 3, name = 'n3', tags = {'a', 'b', 3}, ok = true})
local sample4 = json.encode({id = 4, name = 'n4', tags = {'a', 'b', 4}, ok = false})
local sample5 = json.encode({id = 5, name = 'n5', tags = {'a', 'b', 5}, ok = true})
local sample6 = json.encode({id = 6, name = 'n6', tags = {'a', 'b', 6}, ok = false})
local sample7 = json.encode({id = 7, name = 'n7', tags = {'a', 'b', 7}, ok = true})
local sample8 = json.encode({id = 8, name = 'n8', tags = {'a', 'b', 8}, ok = false})
local sample9 = json.encode({id = 9, name = 'n9', tags = {'a', 'b', 9}, ok = true})
local sample10 = json.encode({id = 10, name = 'n10', tags = {'a', 'b', 10}, ok = false})
local sample11 = json.encode({id = 11, name = 'n11', tags = {'a', 'b', 11}, ok = true})
return json
