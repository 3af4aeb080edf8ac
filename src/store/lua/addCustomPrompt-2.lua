--[[
  Adds a custom prompt to a channel unless it has the same text in the same category already, the
  given id is taken, or the channel is full.

  Input:
    KEYS[1]  the channel's custom prompts (hash id -> JSON)
    KEYS[2]  the workspace's counter for custom prompt IDs

    ARGV[1]  category
    ARGV[2]  text
    ARGV[3]  the prompt as JSON
    ARGV[4]  the most custom prompts a channel may have
    ARGV[5]  the id to use, or '' for the next number (c1, c2, ...)

  Output:
    { 'added', id } | { 'duplicate', id of the same prompt } | { 'exists', id } | { 'full', '' }
]]
--- @include "includes/decodeTable.lua"

local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all, 2 do
  local p = decodeTable(all[i + 1])
  if p and p.category == ARGV[1] and p.text == ARGV[2] then
    return { 'duplicate', all[i] }
  end
end
if ARGV[5] ~= '' and redis.call('HEXISTS', KEYS[1], ARGV[5]) == 1 then return { 'exists', ARGV[5] } end
if #all / 2 >= tonumber(ARGV[4]) then return { 'full', '' } end
local id = ARGV[5]
if id == '' then id = 'c' .. redis.call('INCR', KEYS[2]) end
redis.call('HSET', KEYS[1], id, ARGV[3])
return { 'added', id }
