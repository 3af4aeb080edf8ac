--[[
  Deletes everything of one person in a workspace: every answer and note, their entries in every open
  cell and remainder still waiting to settle, their reactions on prompts, and their markers. Settled
  parts hold no user IDs and are left as they are.

  Input:
    KEYS[1] channels   the workspace's prompt channels (hash channel -> ...)
    KEYS[2] person     the person's markers (hash)
    KEYS[3] answers    the person's answers and notes (hash)
    KEYS[4] oldest     the workspace's people with answers (zset)
    KEYS[5..] extra keys to delete (caches holding the person's ID)
    ARGV[1] user
    ARGV[2] prefix of open cells per channel ("...:open:")  (then .. channel)
    ARGV[3] prefix of cells ("...:cell:")                   (then .. channel .. ':' .. id)
    ARGV[4] prefix of prompt reactions ("...:prx:")         (then .. channel .. ':' .. ts)
    ARGV[5] now (ms): an open cell whose settlement time has passed counts as settled and is left to
            settle (the bot settles due cells before it forgets; an operator's tool without Slack
            leaves them)

  Output: the number of answers deleted.
]]
--- @include "includes/record.lua"
local user = ARGV[1]
local now = tonumber(ARGV[5])
local deleted = 0
local all = redis.call('HGETALL', KEYS[3])
for j = 1, #all, 2 do
  local anchor = all[j]
  if string.sub(anchor, 1, 2) ~= 'n:' and parseRecord(all[j + 1]) then
    deleted = deleted + 1
    local channel, ts = string.match(anchor, '^([^:]+):(.*)$')
    if channel and string.sub(ts, 1, 1) ~= 'c' then
      redis.call('HDEL', ARGV[4] .. channel .. ':' .. ts, user)
    end
  end
end
redis.call('DEL', KEYS[3])
redis.call('ZREM', KEYS[4], user)
local mark = user .. '|'
for _, channel in ipairs(redis.call('HKEYS', KEYS[1])) do
  for _, id in ipairs(redis.call('ZRANGEBYSCORE', ARGV[2] .. channel, '(' .. now, '+inf')) do
    local cell = ARGV[3] .. channel .. ':' .. id
    for _, f in ipairs(redis.call('HKEYS', cell)) do
      if string.sub(f, 1, #mark) == mark then redis.call('HDEL', cell, f) end
    end
  end
end
redis.call('DEL', KEYS[2])
for x = 5, #KEYS do redis.call('DEL', KEYS[x]) end
return deleted
