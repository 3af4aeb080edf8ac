--[[
  Takes a person's pending check-in, but only the one a button names: GET, compare the id, DEL in
  one step, so a button pressed twice (or on two devices) stores once, and an older message's button
  cannot take a newer check-in.

  Input:
    KEYS[1]  the person's pending check-in (string "<id>|<payload>")

    ARGV[1]  the id the button carries

  Output:
    the payload, or nil when nothing with that id is pending
]]
local v = redis.call('GET', KEYS[1])
if not v then return false end
local sep = string.find(v, '|', 1, true)
if not sep or string.sub(v, 1, sep - 1) ~= ARGV[1] then return false end
redis.call('DEL', KEYS[1])
return string.sub(v, sep + 1)
