--[[
  Adds a prompt schedule unless its channel has one with the same timing, zone and category, the
  given id is taken, or the channel has the most schedules allowed.

  Input:
    KEYS[1]  the workspace's schedules (hash id -> JSON { channel, cron or rule, tz, category, ... })
    KEYS[2]  the workspace's counter for schedule IDs

    ARGV[1]  channel
    ARGV[2]  timing: the cron expression, or the rule of a shift-relative or one-off schedule
    ARGV[3]  time zone
    ARGV[4]  category
    ARGV[5]  the schedule as JSON
    ARGV[6]  the most schedules a channel may have
    ARGV[7]  the id to use, or '' for the next number

  Output:
    { 'added', id } | { 'duplicate', id of the same schedule } | { 'exists', id } | { 'full', '' }
]]
--- @include "includes/decodeTable.lua"

local all = redis.call('HGETALL', KEYS[1])
local count = 0
for i = 1, #all, 2 do
  local s = decodeTable(all[i + 1])
  if s and s.channel == ARGV[1] then
    if (s.rule or s.cron) == ARGV[2] and s.tz == ARGV[3] and s.category == ARGV[4] then
      return { 'duplicate', all[i] }
    end
    count = count + 1
  end
end
if ARGV[7] ~= '' and redis.call('HEXISTS', KEYS[1], ARGV[7]) == 1 then return { 'exists', ARGV[7] } end
if count >= tonumber(ARGV[6]) then return { 'full', '' } end
local id = ARGV[7]
if id == '' then id = tostring(redis.call('INCR', KEYS[2])) end
redis.call('HSET', KEYS[1], id, ARGV[5])
return { 'added', id }
