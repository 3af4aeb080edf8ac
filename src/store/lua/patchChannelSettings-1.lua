--[[
  Changes some settings of one channel (zone, pooling, reactions, shifts, pause...), keeping the
  others, and says what they were and are.

  Input:
    KEYS[1]   the workspace's channel settings (hash channel -> JSON object)

    ARGV[1]   channel
    ARGV[2..] pairs: setting name, new value ('' removes the setting)

  Output:
    { the settings' JSON before ('' when none), after ('' when none are left) }
]]
--- @include "includes/decodeTable.lua"

local old = redis.call('HGET', KEYS[1], ARGV[1])
local v = (old and decodeTable(old)) or {}
for i = 2, #ARGV, 2 do
  if ARGV[i + 1] == '' then v[ARGV[i]] = nil else v[ARGV[i]] = ARGV[i + 1] end
end
if next(v) == nil then
  redis.call('HDEL', KEYS[1], ARGV[1])
  return { old or '', '' }
end
local new = cjson.encode(v)
redis.call('HSET', KEYS[1], ARGV[1], new)
return { old or '', new }
