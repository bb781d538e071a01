#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# Smoke test of `schemasync bench` (ctest label bench): a tiny run over every family must exit
# 0 and write JSON that parses with every phase present and none failed; the SVG is written;
# --compare of a run against itself passes; the C port of gen_cases.py matches the Python
# generator byte for byte when python3 is around. No timing assertions.
# Usage: smoke.sh SCHEMASYNC JSON_CHECK WORKDIR
set -euo pipefail

cli="$1"
check="$2"
work="$3"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
gen="$here/../../../shared/bench/gen_cases.py"
rm -rf "$work"
mkdir -p "$work"

"$cli" bench --sizes 10,50 --repeat 1 --family all --json "$work/out.json" --svg "$work/out.svg"
"$check" "$work/out.json"
grep -q '<polyline' "$work/out.svg"
"$cli" bench --input "$work/out.json" --compare "$work/out.json" --tolerance 0 >/dev/null

"$cli" bench --emit 50 "$work"
"$cli" bench --pair "$work/N50.baseline.sql" "$work/N50.desired.sql" --repeat 1 \
	--phases plan,sync --json "$work/pair.json" >/dev/null
"$check" "$work/pair.json"

if command -v python3 >/dev/null 2>&1 && [ -f "$gen" ]; then
	python3 "$gen" "$work/py" 1 10 50 >/dev/null
	for n in 1 10 50; do
		"$cli" bench --emit "$n" "$work"
		cmp "$work/N$n.baseline.sql" "$work/py/N$n.baseline.sql"
		cmp "$work/N$n.desired.sql" "$work/py/N$n.desired.sql"
	done
	echo "smoke: the C generator matches gen_cases.py"
fi
echo "smoke: ok"
