#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# A short campaign against drizzle-kit push (ctest adapters.drizzle_campaign, label
# adapters-drizzle): `schemasync check --engine drizzle` for 15 s must find violations, write
# the report and the shrunk case files, and the first written case must fail the same way
# when replayed with the command the campaign printed. Exit 77 (ctest: skipped) when the
# adapter's node_modules is not installed (ci/engines-setup drizzle).
#
#   harness/adapters/drizzle/test-campaign.sh SCHEMASYNC OUT_DIR
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."
ss=${1:?usage: test-campaign.sh SCHEMASYNC OUT_DIR}
out=${2:?usage: test-campaign.sh SCHEMASYNC OUT_DIR}
if [ ! -d harness/adapters/drizzle/node_modules/drizzle-kit ] || ! command -v node >/dev/null; then
	echo "SKIPPED: the drizzle adapter is not installed (run ci/engines-setup drizzle; needs node >= 20)"
	exit 77
fi
rm -rf "$out"
mkdir -p "$out"
"$ss" check --engine drizzle --seed 1 --seconds 15 --jobs 2 --shrink-seconds 3 --quiet \
	--out "$out/cases" --report "$out/report.md" --json "$out/report.json" >"$out/check.log" 2>&1
rc=$?
cat "$out/check.log" | sed -n '/^engine:/,$p'
if [ $rc -ne 1 ] || [ ! -s "$out/report.md" ] || [ ! -s "$out/report.json" ]; then
	echo "FAILED: expected violations (exit 1) and a report; exit $rc"
	tail -30 "$out/check.log"
	exit 1
fi
# the first distinct failure that was written: replay it with the printed command
cmd=$(grep -m1 -E '^ +schemasync replay --engine drizzle ' "$out/check.log" | sed 's/^ *schemasync //')
file=${cmd##* }
prop=$(sed -n 's/^-- property \(P[0-9]*\) failed.*/\1/p' "$file" | head -1)
if [ -z "$cmd" ] || [ -z "$prop" ]; then
	echo "FAILED: no written case with a replay command in the output"
	exit 1
fi
# shellcheck disable=SC2086
o=$("$ss" $cmd 2>&1)
echo "$o" | tail -3
if grep -q ": $prop: " <<<"$o" && grep -q "0 passed, 1 failed" <<<"$o"; then
	echo "ok: $file replays as $prop"
	exit 0
fi
echo "FAILED: $file did not fail $prop again"
exit 1
