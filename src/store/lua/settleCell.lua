--[[
  Settles one cell, once: stores its parts (anonymous figures and decisions), the viewers whose
  decision differs from a part's base decision, moves its private answers on to the remainder when it
  split, and deletes the cell with every user ID it held. A cell already settled is left alone, so
  replicas and viewers racing to settle it store it once.

  Input:
    KEYS[1] open       the channel's open cells (zset id -> settle time)
    KEYS[2] cell       the cell (hash "user|anchor" -> score .. p|v)
    KEYS[3] settled    the channel's settled parts (zset JSON -> end ms)
    KEYS[4] remainder  the remainder's cell key (any key of the slot when unused)
    KEYS[5..] one flips key per flip, in the order of the flips below (a viewer's flips, zset)

    ARGV[1] cellId
    ARGV[2] number of parts P, then P pairs (end ms, JSON)
    then    number of flips F, then F pairs (end ms, part id), the flip's key being KEYS[4 + its number]
    then    remainder id ('' when none), its settle time, its lifetime (seconds left), number of fields M, then M pairs
    then    lifetime of settled data (seconds left; 0 or less deletes it)

  Output: 1 when settled now, 0 when it already was.
]]
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then return 0 end
local i = 2
local parts = tonumber(ARGV[i]); i = i + 1
for _ = 1, parts do
  redis.call('ZADD', KEYS[3], ARGV[i], ARGV[i + 1]); i = i + 2
end
local flips = tonumber(ARGV[i]); i = i + 1
for f = 1, flips do
  redis.call('ZADD', KEYS[4 + f], ARGV[i], ARGV[i + 1])
  i = i + 2
end
local remId, remSettle, remKeep = ARGV[i], ARGV[i + 1], ARGV[i + 2]; i = i + 3
local fields = tonumber(ARGV[i]); i = i + 1
if remId ~= '' and fields > 0 then
  for _ = 1, fields do
    redis.call('HSET', KEYS[4], ARGV[i], ARGV[i + 1]); i = i + 2
  end
  redis.call('ZADD', KEYS[1], 'NX', remSettle, remId)
  if redis.call('TTL', KEYS[4]) < 0 then redis.call('EXPIRE', KEYS[4], remKeep) end
else
  i = i + 2 * fields
end
local keep = ARGV[i]
redis.call('EXPIRE', KEYS[3], keep)
for f = 1, flips do redis.call('EXPIRE', KEYS[4 + f], keep) end
redis.call('DEL', KEYS[2])
redis.call('ZREM', KEYS[1], ARGV[1])
return 1
