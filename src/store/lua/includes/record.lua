-- A person's record of one answer: "score|at|src|cellId", `at` in seconds (base 36), src b, c or
-- r:<emoji>. The cell settles an hour after its end, which its id carries ("d<start>.<end>", base 36
-- seconds), so a record does not repeat it: kept short, a person's records stay in Redis's compact
-- encoding.
local function parseRecord(rec)
  if not rec then return nil end
  local score, at, src, cell = string.match(rec, '^(%d)|(%w+)|([^|]*)|([^|]*)$')
  if not score then return nil end
  local finish = string.match(cell, '%.(%w+)$')
  return {
    score = score,
    at = tonumber(at, 36),
    src = src,
    cell = cell,
    settle = finish and (tonumber(finish, 36) * 1000 + 3600000) or 0,
  }
end
