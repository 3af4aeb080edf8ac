#!/usr/bin/env bash
# Runs the tests with the clock moved to another moment, to find tests that only pass on some dates
# (a fixed test clock that a real one overtakes, a daylight-saving change, the turn of a year).
#
#   npm run test:at -- '2027-03-28 00:40'                 # every test, 20 minutes before Europe's clocks go forward
#   npm run test:at -- '2028-02-29 12:00' test/unit/x.test.ts
#
# Needs faketime (Debian: apt-get install faketime). The clock keeps running from the moment given
# (UTC), in every Node process the tests start. Redis stays on the real clock: libfaketime hangs
# redis-server, and the bot never relies on Redis's clock agreeing with its own (lifetimes are handed
# over as seconds left, and replicas' clocks differ anyway).
set -euo pipefail
if [ $# -lt 1 ]; then
  echo "usage: npm run test:at -- 'YYYY-MM-DD HH:MM' [test files...]" >&2
  exit 2
fi
command -v faketime >/dev/null || { echo "test:at needs faketime (Debian: apt-get install faketime)" >&2; exit 2; }
target=$(date -u -d "$1" +%s) || { echo "not a date: $1" >&2; exit 2; }
shift

# redis-server and redis-cli without the fake clock, first on PATH.
shims=$(mktemp -d)
trap 'rm -rf "$shims"' EXIT
for tool in redis-server redis-cli; do
  real=$(command -v "$tool") || continue
  printf '#!/bin/sh\nunset LD_PRELOAD FAKETIME FAKETIME_DONT_FAKE_MONOTONIC\nexec %s "$@"\n' "$real" >"$shims/$tool"
  chmod +x "$shims/$tool"
done

offset=$((target - $(date -u +%s)))
echo "tests at $(date -u -d "@$target" '+%Y-%m-%d %H:%M:%S') UTC (clock moved by ${offset} s)"
# Timers keep the real monotonic clock, so waits and timeouts are not stretched.
PATH="$shims:$PATH" FAKETIME_DONT_FAKE_MONOTONIC=1 faketime -f "+${offset}s" npm test -- "$@"
