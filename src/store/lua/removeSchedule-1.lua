--[[
  Removes a schedule, but only when it belongs to the given channel.

  Input:
    KEYS[1]  the workspace's schedules (hash id -> JSON)

    ARGV[1]  schedule id
    ARGV[2]  channel

  Output:
    1 when removed, 0 when the channel has no schedule with that id
]]
--- @include "includes/decodeTable.lua"

local json = redis.call('HGET', KEYS[1], ARGV[1])
if not json then return 0 end
local s = decodeTable(json)
if not s or s.channel ~= ARGV[2] then return 0 end
return redis.call('HDEL', KEYS[1], ARGV[1])
