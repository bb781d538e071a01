#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The fault campaigns must notice a damaged database: with SS_FAULTS_TEST_DAMAGE=1 the
# harness adds a table to every faulted run's database before judging it, so each loop
# (oom, io, crash, race) must report violations and the campaign must exit 1. Without the
# hook the same run must pass (exit 0, no violation).
# usage: faults_notice.sh SCHEMASYNC CASEFILE WORKDIR
set -u
cli=$1
cases=$2
dir=$3
rm -rf "$dir" && mkdir -p "$dir"
fail() { echo "faults_notice: $*"; cat "$dir/out.txt"; exit 1; }

run() {
	"$cli" check --faults all --corpus "$cases" --max-points 1 --race-points 1 --jobs 2 --quiet \
		--json "$dir/summary.json" >"$dir/out.txt" 2>&1
}

run
rc=$?
[ "$rc" -eq 0 ] || fail "clean run: exit status $rc, expected 0"

SS_FAULTS_TEST_DAMAGE=1 run
rc=$?
[ "$rc" -eq 1 ] || fail "damaged run: exit status $rc, expected 1"
python3 - "$dir/summary.json" <<'PY' || fail "a loop did not notice the damage"
import json, sys
s = json.load(open(sys.argv[1]))
for kind in ("oom", "io", "crash", "race"):
    k = s["faults"][kind]
    if k["points"] == 0 or k["violations"] == 0:
        sys.exit(f"{kind}: {k['points']} points, {k['violations']} violations")
PY
grep -q "ss_test_damage" "$dir/out.txt" || fail "the violation does not name the damage"
echo "faults_notice: every loop noticed the damage"
