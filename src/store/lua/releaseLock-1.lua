--[[
  Releases a lock only while it is still ours: it may have expired and been taken by another replica.

  Input:
    KEYS[1]  the lock (string: its owner's token)

    ARGV[1]  our token

  Output:
    1 when released, 0 when the lock was not ours (or gone)
]]
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
