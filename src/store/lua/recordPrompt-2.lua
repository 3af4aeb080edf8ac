--[[
  Records a posted prompt message and makes it the channel's latest prompt when it is not older
  than the one recorded there.

  Input:
    KEYS[1]  the message's hash { id, cat, at }
    KEYS[2]  the channel's latest prompt hash { ts, at }

    ARGV[1]  prompt id
    ARGV[2]  category
    ARGV[3]  posted at, ms
    ARGV[4]  message ts
    ARGV[5]  time to live of both hashes, ms

  Output:
    1
]]
redis.call('HSET', KEYS[1], 'id', ARGV[1], 'cat', ARGV[2], 'at', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
local cur = tonumber(redis.call('HGET', KEYS[2], 'at'))
if not cur or cur <= tonumber(ARGV[3]) then
  redis.call('HSET', KEYS[2], 'ts', ARGV[4], 'at', ARGV[3])
  redis.call('PEXPIRE', KEYS[2], ARGV[5])
end
return 1
