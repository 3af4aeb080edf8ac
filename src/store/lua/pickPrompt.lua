--[[
  Picks a channel's next prompt: within a category nothing repeats until every prompt of it (the
  library's and the channel's custom ones) was used in the channel.

  Input: a varying number of keys, 2 + one per category offered
    KEYS[1]     the channel's custom prompts (hash id -> JSON { category, text, ... })
    KEYS[2]     the channel's counter for 'mixed' (category (k - 1) mod n of the n offered)
    KEYS[3..]   the channel's rotation hash of each category offered, in the order of the ARGV pairs

    ARGV[1]     the wanted category, or 'mixed'
    ARGV[2]     a random number in [0, 1) choosing among the unused prompts
    ARGV[3]     time to live of the rotation state, ms
    ARGV[4..]   pairs: category name, that category's library prompt IDs joined with ','

  Output:
    { prompt id, category, custom text (or '' for a library prompt) }
    an error reply when the category is unknown or has no prompts at all
]]
--- @include "includes/decodeTable.lua"

local LAST = '~last'
local want, r, ttl = ARGV[1], tonumber(ARGV[2]), ARGV[3]
local n = (#ARGV - 3) / 2
local ci
if want == 'mixed' then
  local k = redis.call('INCR', KEYS[2])
  redis.call('PEXPIRE', KEYS[2], ttl)
  ci = ((k - 1) % n) + 1
else
  for i = 1, n do if ARGV[2 + 2 * i] == want then ci = i end end
  if not ci then return redis.error_reply('unknown category ' .. want) end
end
local cat = ARGV[2 + 2 * ci]
local pool, texts = {}, {}
for id in string.gmatch(ARGV[3 + 2 * ci], '[^,]+') do pool[#pool + 1] = id end
local custom = redis.call('HGETALL', KEYS[1])
local mine = {}
for i = 1, #custom, 2 do
  local p = decodeTable(custom[i + 1])
  if p and p.category == cat and type(p.text) == 'string' then
    mine[#mine + 1] = custom[i]
    texts[custom[i]] = p.text
  end
end
table.sort(mine)
for _, id in ipairs(mine) do pool[#pool + 1] = id end
if #pool == 0 then return redis.error_reply('no prompts in category ' .. cat) end
local rot = KEYS[2 + ci]
local used = {}
for _, id in ipairs(redis.call('HKEYS', rot)) do used[id] = true end
local last = redis.call('HGET', rot, LAST)
local cand = {}
for _, id in ipairs(pool) do if not used[id] then cand[#cand + 1] = id end end
if #cand == 0 then
  -- Every prompt was used: a new cycle starts, without repeating the one just posted.
  redis.call('DEL', rot)
  for _, id in ipairs(pool) do if id ~= last or #pool == 1 then cand[#cand + 1] = id end end
end
local idx = math.floor(r * #cand) + 1
if idx > #cand then idx = #cand end
if idx < 1 then idx = 1 end
local pick = cand[idx]
redis.call('HSET', rot, pick, '1', LAST, pick)
redis.call('PEXPIRE', rot, ttl)
return { pick, cat, texts[pick] or '' }
