--[[
  decodeTable(json): the table a stored JSON value holds, or nil when the value is not valid JSON
  or not an object, so one damaged entry never fails a whole script.
]]
local function decodeTable(json)
  local ok, value = pcall(cjson.decode, json)
  if ok and type(value) == 'table' then return value end
  return nil
end
