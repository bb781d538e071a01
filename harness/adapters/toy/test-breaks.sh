#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# Prove that each property check fires through an adapter: run the toy engine with each
# --break switch (both transports) on a few handcrafted cases and expect the property that
# switch spoils; with no switch, expect no violation. Uses harness/adapters/tools/probe.mjs
# (node) and build/adapters/ss-casegen (see harness/adapters/README.md).
#
#   harness/adapters/toy/test-breaks.sh [--transport jsonl|command|both]
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."
transport=${2:-both}
[ "${1:-}" = --transport ] || transport=both
# A pyenv shim costs most of a second per python3 start: prefer Debian's.
export PATH=/usr/bin:$PATH
cases=$(mktemp)
trap 'rm -f "$cases"' EXIT
node harness/adapters/tools/feature-cases.mjs >"$cases"
only='^(change:(add-column|check|foreign-key|column-type|drop-column)|guard:drop-table|reject:check|create:feature:view)$'

expect=(
	"none:-"
	"rebuild-drops-rows:P3"
	"no-transaction:P5"
	"leave-scratch:P1"
	"ignore-check:P1"
	"not-idempotent:P2"
	"lie-success:P1"
	"skip-fk-check:P6"
	"ignore-destructive:P8"
	"hang:timeout"
	"crash:crashed"
	"chatter:protocol"
)
pass=0
fail=0
for t in jsonl command; do
	[ "$transport" = both ] || [ "$transport" = "$t" ] || continue
	desc=harness/adapters/toy/engine.json
	[ $t = command ] && desc=harness/adapters/toy/engine-command.json
	for e in "${expect[@]}"; do
		brk=${e%%:*}
		prop=${e#*:}
		# chatter cannot break the command transport's framing (stdout is the plan there).
		[ $t = command ] && [ "$brk" = chatter ] && continue
		b=$brk
		[ "$b" = none ] && b=
		out=$(TOY_BREAK=$b node harness/adapters/tools/probe.mjs "$desc" --all --timeout 3 \
			--cases-file "$cases" --only "$only" 2>&1)
		if [ "$prop" = - ]; then
			ok=$(grep -cE '^(P[0-9]+|timeout|crashed|protocol)[^:]*:' <<<"$out")
			[ "$ok" -eq 0 ] && r=ok || r=FAILED
		else
			grep -qE "^$prop: [1-9]" <<<"$out" && r=ok || r=FAILED
		fi
		printf '%-8s %-20s expect %-9s %s\n' "$t" "$brk" "$prop" "$r"
		if [ $r = ok ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "$out" | sed 's/^/    /'; fi
	done
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
