#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A campaign must survive a case that crashes or hangs its worker: report both seeds,
# write both cases, count them as failures (exit 1) and still run every other case.
# usage: check_lost.sh SCHEMASYNC WORKDIR
set -u
cli=$1
dir=$2
rm -rf "$dir" && mkdir -p "$dir"
fail() { echo "check_lost: $*"; cat "$dir/out.txt"; exit 1; }

"$cli" check --seed 100 --cases 12 --jobs 2 --quiet --out "$dir/failures" \
	--json "$dir/summary.json" --case-timeout 2 --test-crash-at 3 --test-hang-at 6 \
	>"$dir/out.txt" 2>&1
rc=$?
[ "$rc" -eq 1 ] || fail "exit status $rc, expected 1"
grep -q "crash: signal 6 .* at seed 103" "$dir/out.txt" || fail "crash at seed 103 not reported"
grep -q "timeout: a case ran longer than 2 s at seed 106" "$dir/out.txt" ||
	fail "hang at seed 106 not reported"
[ -s "$dir/failures/check-seed-103-lost.sql" ] || fail "no case file for seed 103"
[ -s "$dir/failures/check-seed-106-lost.sql" ] || fail "no case file for seed 106"
grep -q '"cases":[[:space:]]*12' "$dir/summary.json" || fail "not every case ran"
grep -q '"lost":[[:space:]]*2' "$dir/summary.json" || fail "lost cases not counted"
# the written case replays (it did not crash the engine: the crash was forced)
"$cli" replay "$dir/failures/check-seed-103-lost.sql" >/dev/null 2>&1 ||
	fail "the written case does not replay"
echo "check_lost: ok (crash and hang reported, cases written, 12 of 12 cases ran)"
