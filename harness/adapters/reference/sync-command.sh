#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# The reference engine behind the adapter protocol's "command" transport (docs/ENGINES.md):
#
#   sync-command.sh DB DEFINITIONS_FILE ALLOW_DESTRUCTIVE(true|false) FOREIGN_KEYS(on|off) \
#                   STRATEGY PROFILE [DRY_RUN(true|false)]
#
# runs `schemasync sync DB --definitions FILE ... --json` and maps its report to the
# protocol's exit statuses: 0 synced (stdout: the plan as SQL), 3 refused (refused or
# destructive: nothing changed), 4 constraint, 5 invalid, 6 unsupported, 7 busy, 1 any other
# failure; the message goes to stderr. The CLI is $SCHEMASYNC, else build/release's.
set -uo pipefail

if [ $# -lt 6 ]; then
	echo "usage: $0 DB DEFINITIONS ALLOW_DESTRUCTIVE FOREIGN_KEYS STRATEGY PROFILE [DRY_RUN]" >&2
	exit 2
fi
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
cli=${SCHEMASYNC:-$root/build/release/engine/cli/schemasync}
if [ ! -x "$cli" ]; then
	echo "sync-command.sh: no schemasync CLI at $cli (build it, or set SCHEMASYNC)" >&2
	exit 1
fi

args=(sync "$1" --definitions "$2" --foreign-keys "$4" --strategy "$5" --profile "$6" --json)
[ "$3" = true ] && args+=(--allow-destructive)
[ "${7:-false}" = true ] && args+=(--dry-run)
[ "${8:-false}" = true ] && args+=(--allow-empty)

report=$("$cli" "${args[@]}" 2>/dev/null)
status=$?
# An empty report is a usage error or a crash: say so rather than guess.
if [ -z "$report" ]; then
	echo "sync-command.sh: schemasync exited $status without a report" >&2
	exit 1
fi
# /usr/bin/python3 first: a pyenv shim costs most of a second per call.
py=/usr/bin/python3
[ -x "$py" ] || py=python3
printf '%s' "$report" | "$py" -c '
import json, sys
r = json.loads(sys.stdin.read())
if r["ok"]:
    for s in r["statements"]:
        if s["reason"]:
            print("-- " + s["reason"])
        print(s["sql"] + ";")
    sys.exit(0)
code = (r.get("error") or {}).get("code", "")
msg = (r.get("error") or {}).get("message", "failed")
print(f"{code}: {msg}", file=sys.stderr)
busy = "database is locked" in msg or "table is locked" in msg
sys.exit({"refused": 3, "destructive": 3, "constraint": 4, "invalid-definitions": 5,
          "unsupported": 6}.get(code, 7 if busy else 1))
'
