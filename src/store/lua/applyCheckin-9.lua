--[[
  Applies one check-in change of one person, atomically: the person's own record, the open cell the
  answer counts in, the reactions they have on the prompt, and the care and App Home markers.

  Input:
    KEYS[1]  grid           the channel's grid (hash; field v = version)
    KEYS[2]  open           the channel's open cells (zset id -> settle time, ms)
    KEYS[3]  answers        the person's answers and notes (hash anchor -> record, "n:"anchor -> note)
    KEYS[4]  oldest         the workspace's people with answers, by their oldest answer (zset user -> seconds)
    KEYS[5]  event          the Slack event id marker (any key of the slot when there is none)
    KEYS[6]  prompt         the prompt's record (must exist for prompt answers)
    KEYS[7]  reactions      the person's mapped reactions on the prompt (hash user -> "emoji=score,...")
    KEYS[8]  person         the person's markers (hash: care, standalone counts)
    KEYS[9]  home           the person's App Home channel marker (string)

    ARGV[1]  op             set | react | unreact
    ARGV[2]  user
    ARGV[3]  anchor         "<channel>:<prompt ts>" or "<channel>:c<ms><random>"
    ARGV[4]  cellPrefix     key prefix of the channel's cells ("...:cell:<channel>:")
    ARGV[5]  gridVersion    the grid version the caller computed the cell with
    ARGV[6]  cellId         the cell in progress now
    ARGV[7]  cellSettleMs   when it settles
    ARGV[8]  nowMs
    ARGV[9]  keepFor        (seconds) retention + 1 day: the person's keys live that long after this write
    ARGV[10] score          (set, react) 1..5
    ARGV[11] src            b | c | r:<emoji>
    ARGV[12] noteMode       keep | set | clear (set only)
    ARGV[13] note
    ARGV[14] checkPrompt    1: the prompt record must exist and be less than a day old
    ARGV[15] careSeconds    how long one support message lasts (the care marker)
    ARGV[16] standaloneKey  '' or "<channel>|<local day>": a standalone check-in, limited per day
    ARGV[17] standaloneMax
    ARGV[18] reactionsKeepFor (seconds)
    ARGV[19] cellKeepFor    (seconds) retention: a new cell's backstop lifetime
    ARGV[20] hasEvent       1: KEYS[5] marks a Slack event id (a redelivery changes nothing)
    ARGV[21] openMs         how long a prompt takes answers after it was posted
    ARGV[22] shift          the shift in progress now ('' for a channel without shifts)

  Output: { kind, score, previous, care, homeDm }
    kind: stored | withdrawn | unchanged | duplicate | not-prompt | closed | regrid | limit
]]
local op, user, anchor, cellPrefix = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local now = tonumber(ARGV[8])

if redis.call('HGET', KEYS[1], 'v') ~= ARGV[5] then return {'regrid'} end
if ARGV[14] == '1' then
  -- A prompt takes answers for a day after it was posted (its record's `at`, ms).
  local posted = redis.call('HGET', KEYS[6], 'at')
  if not posted then return {'not-prompt'} end
  if now - tonumber(posted) > tonumber(ARGV[21]) then return {'closed'} end
end
if ARGV[20] == '1' then
  if not redis.call('SET', KEYS[5], '1', 'NX', 'EX', 86400) then return {'duplicate'} end
end

local rest = string.sub(anchor, string.find(anchor, ':', 1, true) + 1)
local field = user .. '|' .. rest

--- @include "includes/record.lua"

local function home()
  return redis.call('GET', KEYS[9]) or ''
end

-- An open cell's entry: score, p (private) or v (visible), and the shift the answer was first given in
-- ("4p|night"); a change keeps the shift of the entry it replaces, and an entry without one stays so.
local function cellValue(cell, score, priv, change)
  local v = score .. (priv and 'p' or 'v')
  local was = change and redis.call('HGET', cell, field)
  local shift = ARGV[22]
  if was then shift = string.match(was, '^%d[pv]|(.+)$') or '' end
  if shift ~= '' then v = v .. '|' .. shift end
  return v
end

-- Writes the answer: a new one counts in the cell in progress; a changed one stays in the cell it was
-- first given in, and changes that cell only until it settles.
local function setAnswer(score, src, priv)
  local old = parseRecord(redis.call('HGET', KEYS[3], anchor))
  local cellId, settle = ARGV[6], tonumber(ARGV[7])
  if old then cellId, settle = old.cell, old.settle end
  if settle > now then
    local cell = cellPrefix .. cellId
    redis.call('HSET', cell, field, cellValue(cell, score, priv, old ~= nil))
    -- A cell's first answer opens it; its expiry is a backstop (settling deletes the cell long before).
    if not old and redis.call('ZADD', KEYS[2], 'NX', settle, cellId) == 1 then
      redis.call('EXPIRE', cell, ARGV[19])
      redis.call('EXPIRE', KEYS[2], ARGV[9])
    end
  end
  local sec = math.floor(now / 1000)
  local at36, n = '', sec
  repeat
    local d = n % 36
    at36 = string.sub('0123456789abcdefghijklmnopqrstuvwxyz', d + 1, d + 1) .. at36
    n = math.floor(n / 36)
  until n == 0
  redis.call('HSET', KEYS[3], anchor, score .. '|' .. at36 .. '|' .. src .. '|' .. cellId)
  redis.call('EXPIRE', KEYS[3], ARGV[9])
  redis.call('ZADD', KEYS[4], 'NX', sec, user)
  redis.call('EXPIRE', KEYS[4], ARGV[9])
  return old and old.score or ''
end

local function stored(score, prev)
  local care = ''
  if score == '1' then
    local last = tonumber(redis.call('HGET', KEYS[8], 'care') or '0')
    if now - last >= tonumber(ARGV[15]) * 1000 then
      redis.call('HSET', KEYS[8], 'care', now)
      redis.call('EXPIRE', KEYS[8], ARGV[9])
      care = '1'
    end
  end
  return {'stored', score, prev, care, home()}
end

if op == 'set' then
  if ARGV[16] ~= '' then
    local n = redis.call('HINCRBY', KEYS[8], 's:' .. ARGV[16], 1)
    redis.call('EXPIRE', KEYS[8], ARGV[9])
    if n > tonumber(ARGV[17]) then
      redis.call('HINCRBY', KEYS[8], 's:' .. ARGV[16], -1)
      return {'limit'}
    end
  end
  local prev = setAnswer(ARGV[10], ARGV[11], true)
  if ARGV[12] == 'set' then
    redis.call('HSET', KEYS[3], 'n:' .. anchor, ARGV[13])
  elseif ARGV[12] == 'clear' then
    redis.call('HDEL', KEYS[3], 'n:' .. anchor)
  end
  return stored(ARGV[10], prev)
end

-- react / unreact: the person's mapped reactions on the prompt, oldest first; the newest counts, and it
-- is private when it is one of two or more (the channel cannot tell which one counts).
local emoji = string.sub(ARGV[11], 3)
local list = {}
local cur = redis.call('HGET', KEYS[7], user)
if cur then
  for item in string.gmatch(cur, '[^,]+') do
    local name = string.match(item, '^(.*)=%d$')
    if name ~= emoji then table.insert(list, item) end
  end
end
if op == 'react' then table.insert(list, emoji .. '=' .. ARGV[10]) end
if #list == 0 then redis.call('HDEL', KEYS[7], user) else
  redis.call('HSET', KEYS[7], user, table.concat(list, ','))
  redis.call('EXPIRE', KEYS[7], ARGV[18])
end
local priv = #list >= 2

if op == 'react' then
  return stored(ARGV[10], setAnswer(ARGV[10], ARGV[11], priv))
end

local old = parseRecord(redis.call('HGET', KEYS[3], anchor))
if not old then return {'unchanged'} end
if old.src ~= ARGV[11] then
  -- Another reaction of theirs went: the one that counts may now be the only one left (public again).
  if string.sub(old.src, 1, 2) == 'r:' and old.settle > now then
    redis.call('HSET', cellPrefix .. old.cell, field, cellValue(cellPrefix .. old.cell, old.score, priv, true))
  end
  return {'unchanged'}
end
if #list == 0 then
  redis.call('HDEL', KEYS[3], anchor, 'n:' .. anchor)
  if old.settle > now then redis.call('HDEL', cellPrefix .. old.cell, field) end
  return {'withdrawn', '', old.score, '', home()}
end
local last = list[#list]
local name, score = string.match(last, '^(.*)=(%d)$')
return stored(score, setAnswer(score, 'r:' .. name, priv))
