#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# Smoke test of the drizzle-kit adapter over its jsonl transport: hello, one sync that drizzle
# gets right (add a column), and one one-table change that drizzle gets wrong (the same added
# column on a table whose INTEGER PRIMARY KEY was declared without NOT NULL: drizzle's push
# rebuilds the table, its INSERT ... SELECT names the new column in the old table, the
# statement fails, and since push runs without a transaction the live database keeps a
# half-made "__new_t"). Prints every request, reply and the schema afterwards.
#
#   ci/engines-setup drizzle && harness/adapters/drizzle/smoke.sh
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if [ ! -d "$here/node_modules/drizzle-kit" ]; then
	echo "smoke.sh: run ci/engines-setup drizzle first" >&2
	exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

sqlite3 "$tmp/ok.db" "create table t(id integer primary key not null, a text);
insert into t values (1, 'x'), (2, 'y');"
sqlite3 "$tmp/bad.db" "create table t(id integer primary key, a text);
insert into t values (1, 'x'), (2, 'y');"

req() { # id db definitions
	node -e 'const [id, db, definitions] = process.argv.slice(1);
		console.log(JSON.stringify({ id: Number(id), op: "sync", db, definitions,
			options: { strategy: "auto", allowDestructive: true, foreignKeys: true, profile: "default", dryRun: false } }))' "$@"
}
{
	echo '{"id":1,"op":"hello","protocol":1}'
	req 2 "$tmp/ok.db" 'create table t(id integer primary key not null, a text, b integer default 3);'
	req 3 "$tmp/bad.db" 'create table t(id integer primary key, a text, b integer default 3);'
	echo '{"op":"bye"}'
} >"$tmp/requests"

echo "== requests"
cat "$tmp/requests"
echo "== replies"
node "$here/adapter.mjs" <"$tmp/requests" 2>"$tmp/stderr"
for db in ok bad; do
	echo "== $db.db afterwards"
	sqlite3 "$tmp/$db.db" .schema "select 'rows in t: ' || count(*) from t"
done
