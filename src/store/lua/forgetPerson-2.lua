--[[
  Deletes everything of one person in a workspace: every answer and note (whatever day it was written),
  their entries in every open cell and remainder, their reactions on prompts, and their markers.
  Settled parts hold no user IDs and are left as they are.

  Input:
    KEYS[1] channels   the workspace's prompt channels (hash channel -> ...)
    KEYS[2] person     the person's markers (hash)
    ARGV[1] user
    ARGV[2] prefix of the person's buckets ("...:ua:<user>:")
    ARGV[3] prefix of the days' writer sets ("...:ud:")
    ARGV[4] prefix of open cells per channel ("...:open:")  (then .. channel)
    ARGV[5] prefix of cells ("...:cell:")                   (then .. channel .. ':' .. id)
    ARGV[6] prefix of prompt reactions ("...:prx:")         (then .. channel .. ':' .. ts)
    ARGV[7] number of days D, then D day names (YYYYMMDD)
    then    number of extra keys X to delete, then X key names (caches holding the person's ID)
    then    now (ms): an open cell whose settlement time has passed counts as settled and is left to settle
            (the bot settles due cells before it forgets; an operator's tool without Slack leaves them)

  Output: the number of answers deleted.
]]
--- @include "includes/record.lua"
local user = ARGV[1]
local deleted = 0
local days = tonumber(ARGV[7])
local now = tonumber(ARGV[9 + days + tonumber(ARGV[8 + days])])
for d = 1, days do
  local day = ARGV[7 + d]
  local bucket = ARGV[2] .. day
  local all = redis.call('HGETALL', bucket)
  for j = 1, #all, 2 do
    local anchor = all[j]
    if string.sub(anchor, 1, 2) ~= 'n:' and parseRecord(all[j + 1]) then
      deleted = deleted + 1
      local channel, ts = string.match(anchor, '^([^:]+):(.*)$')
      if channel and string.sub(ts, 1, 1) ~= 'c' then
        redis.call('HDEL', ARGV[6] .. channel .. ':' .. ts, user)
      end
    end
  end
  redis.call('DEL', bucket)
  redis.call('SREM', ARGV[3] .. day, user)
end
local mark = user .. '|'
for _, channel in ipairs(redis.call('HKEYS', KEYS[1])) do
  for _, id in ipairs(redis.call('ZRANGEBYSCORE', ARGV[4] .. channel, '(' .. now, '+inf')) do
    local cell = ARGV[5] .. channel .. ':' .. id
    local fields = redis.call('HKEYS', cell)
    for _, f in ipairs(fields) do
      if string.sub(f, 1, #mark) == mark then redis.call('HDEL', cell, f) end
    end
  end
end
redis.call('DEL', KEYS[2])
local extra = tonumber(ARGV[8 + days])
for x = 1, extra do redis.call('DEL', ARGV[8 + days + x]) end
return deleted
