-- A person's record of one answer: "score|atSec|src|cellId|settleMs" (src: b, c or r:<emoji>).
local function parseRecord(rec)
  if not rec then return nil end
  local score, at, src, cell, settle = string.match(rec, '^(%d)|(%d+)|([^|]*)|([^|]*)|(%d+)$')
  if not score then return nil end
  return { score = score, at = at, src = src, cell = cell, settle = settle }
end
