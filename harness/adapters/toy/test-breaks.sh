#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# Prove that each property check fires through an adapter (ctest adapters.toy_breaks):
#  1. replay: for each toy --break switch and both transports, `schemasync replay --engine
#     toy|toy-command` of harness/adapters/cases/breaks.sql must report the property the
#     switch breaks (timeout / crashed / protocol for the transport switches); without a
#     switch every case passes;
#  2. check: `schemasync check --engine toy` on generated cases drawn from the toy's claims
#     runs clean without a switch, and reports P3 with rebuild-drops-rows, P2 with
#     not-idempotent and an adapter timeout with hang (each shrunk and written).
#
#   harness/adapters/toy/test-breaks.sh SCHEMASYNC OUT_DIR [--transport jsonl|command|both]
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."
ss=${1:?usage: test-breaks.sh SCHEMASYNC OUT_DIR [--transport jsonl|command|both]}
out=${2:?usage: test-breaks.sh SCHEMASYNC OUT_DIR}
transport=both
[ "${3:-}" = --transport ] && transport=${4:-both}
# A pyenv shim costs most of a second per python3 start: prefer Debian's.
export PATH=/usr/bin:$PATH
cases=harness/adapters/cases/breaks.sql
rm -rf "$out"
mkdir -p "$out"

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
	"hang:adapter timeout"
	"crash:adapter crashed"
	"chatter:adapter protocol error"
)
pass=0
fail=0
t0=$SECONDS
result() { # name ok output
	printf '%-52s %s (%d s)\n' "$1" "$([ "$2" = 1 ] && echo ok || echo FAILED)" $((SECONDS - t0))
	t0=$SECONDS
	if [ "$2" = 1 ]; then pass=$((pass + 1)); else
		fail=$((fail + 1))
		sed 's/^/    /' <<<"$3" | head -40
	fi
}

for t in jsonl command; do
	[ "$transport" = both ] || [ "$transport" = "$t" ] || continue
	engine=toy
	[ $t = command ] && engine=toy-command
	for e in "${expect[@]}"; do
		brk=${e%%:*}
		want=${e#*:}
		# chatter cannot break the command transport's framing (stdout is the plan there)
		[ $t = command ] && [ "$brk" = chatter ] && continue
		b=$brk
		[ "$b" = none ] && b=
		# a hung adapter costs the whole timeout per request: 1 s there, 10 s elsewhere
		timeout=10
		[ "$brk" = hang ] && timeout=1
		o=$(TOY_BREAK=$b "$ss" replay --engine $engine --case-timeout $timeout "$cases" 2>&1)
		if [ "$want" = - ]; then
			grep -q '^8 passed, 0 failed$' <<<"$o" && ok=1 || ok=0
		elif [[ $want == P* ]]; then
			grep -qE ": $want: " <<<"$o" && ok=1 || ok=0
		else
			grep -qF "$want" <<<"$o" && ok=1 || ok=0
		fi
		result "replay $t --break ${brk} -> $want" $ok "$o"
	done
done

# check on generated cases (jsonl): clean without a switch, each listed switch caught
check() { # break expect cases timeout
	local b=$1 want=$2 dir=$out/check-${1:-none}
	local o
	o=$(TOY_BREAK=$b "$ss" check --engine toy --seed 1 --cases $3 --jobs 2 --case-timeout $4 \
		--shrink-seconds 3 --quiet --out "$dir" --json "$dir.json" --report "$dir.md" 2>&1)
	local rc=$?
	if [ "$want" = - ]; then
		[ $rc -eq 0 ] && grep -q '"violations":	0' "$dir.json" && ok=1 || ok=0
	else
		# the property failed, a case was written and the replay command printed
		[ $rc -eq 1 ] && grep -qE "^ +[0-9]+ +$want" <<<"$o" &&
			grep -q "replay --engine toy $dir/check-seed-" <<<"$o" && ok=1 || ok=0
	fi
	result "check jsonl --break ${b:-none} -> $want" $ok "$o"
}
if [ "$transport" != command ]; then
	check "" - 150 10
	check rebuild-drops-rows "P3 rows" 40 10
	check not-idempotent "P2 second sync" 40 10
	check hang "P1 adapter timeout" 4 1
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
