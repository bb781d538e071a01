#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `check --shard K/N` splits one seed's cases without overlap and without gaps: the two
# halves of a 16-case campaign, merged by ci/check-merge, ran exactly the cases of the whole
# campaign (same case count, same per-property checked counts, same generator labels), and
# the merge refuses a missing shard.
# usage: check_shard.sh SCHEMASYNC CHECK_MERGE WORKDIR
set -u
cli=$1
merge=$2
dir=$3
rm -rf "$dir" && mkdir -p "$dir"
fail() { echo "check_shard: $*"; cat "$dir"/*.txt 2>/dev/null | tail -20; exit 1; }

run() { # NAME ARGS...
	local name=$1
	shift
	"$cli" check --seed 5 --cases 16 --jobs 1 --quiet --out "$dir/failures-$name" \
		--json "$dir/$name.json" "$@" >"$dir/$name.txt" 2>&1
	local rc=$?
	[ "$rc" -le 1 ] || fail "check $* exited $rc"
}
run all
run s0 --shard 0/2
run s1 --shard 1/2
grep -q "shard 1/2" "$dir/s1.txt" || fail "the header does not name the shard"
python3 "$merge" --out "$dir/merged.json" "$dir/s0.json" "$dir/s1.json" >"$dir/merge.txt" 2>&1
python3 - "$dir/all.json" "$dir/merged.json" "$dir/s0.json" <<'PY' || fail "shards differ from the whole"
import json, sys
a, m, s0 = (json.load(open(p)) for p in sys.argv[1:4])
assert a["cases"] == 16 == m["cases"], (a["cases"], m["cases"])
assert 0 < s0["cases"] < 16, s0["cases"]
for p, v in a["properties"].items():
    assert v["checked"] == m["properties"][p]["checked"], (p, v, m["properties"][p])
assert a["labels"] == m["labels"], "generator labels differ"
PY
if python3 "$merge" "$dir/s0.json" >"$dir/missing.txt" 2>&1; then
	fail "check-merge accepted a missing shard"
fi
grep -q "expected 0..1" "$dir/missing.txt" || fail "check-merge did not name the missing shard"
"$cli" check --seed 5 --cases 4 --shard 2/2 >/dev/null 2>&1 && fail "--shard 2/2 accepted"
echo "check_shard: ok"
