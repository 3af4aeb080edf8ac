--[[
  Moves the instant up to which prompt schedules were evaluated forward, never back.

  Input:
    KEYS[1]  the scheduler's tick (string, ms)

    ARGV[1]  the evaluated instant, ms

  Output:
    1
]]
local cur = tonumber(redis.call('GET', KEYS[1]))
if not cur or cur < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], ARGV[1]) end
return 1
