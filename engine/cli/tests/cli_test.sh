#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# End-to-end tests of the schemasync CLI (ctest label cli):
#   cli_test.sh PATH/TO/schemasync PATH/TO/examples/demo
# Each check asserts an exact exit status and exact (or exactly derived) output, and prints
# "ok N - name" or "not ok N - name" with the evidence. Exit status 1 when any check failed.
# Needs bash, sqlite3 and python3 (ci/setup installs them).
set -uo pipefail

cli="${1:?usage: cli_test.sh SCHEMASYNC DEMO_DIR}"
demo="${2:?usage: cli_test.sh SCHEMASYNC DEMO_DIR}"
cli="$(cd "$(dirname "$cli")" && pwd)/$(basename "$cli")"
demo="$(cd "$demo" && pwd)"

t="$(mktemp -d "${TMPDIR:-/tmp}/ss-cli-test.XXXXXX")"
trap 'rm -rf "$t"' EXIT
cd "$t"

n=0
failures=0
out="$t/stdout"
err="$t/stderr"
rc=0

# run CMD...: run the CLI with CMD, capture stdout, stderr and the exit status in $rc.
run() {
	rc=0
	"$cli" "$@" >"$out" 2>"$err" || rc=$?
}

# run_in FILE CMD...: run with FILE on standard input.
run_in() {
	local input="$1"
	shift
	rc=0
	"$cli" "$@" <"$input" >"$out" 2>"$err" || rc=$?
}

pass() {
	n=$((n + 1))
	echo "ok $n - $1"
}

fail() {
	n=$((n + 1))
	failures=$((failures + 1))
	echo "not ok $n - $1"
	shift
	local line
	for line in "$@"; do
		echo "#   $line"
	done
	echo "#   exit status: $rc"
	echo "#   stdout: $(head -c 2000 "$out" 2>/dev/null | sed 's/^/    /')"
	echo "#   stderr: $(head -c 2000 "$err" 2>/dev/null | sed 's/^/    /')"
}

# check NAME CONDITION-COMMAND...: pass when the command succeeds.
check() {
	local name="$1"
	shift
	if "$@"; then
		pass "$name"
	else
		fail "$name" "failed: $*"
	fi
}

exit_is() { [ "$rc" -eq "$1" ]; }
stdout_empty() { [ ! -s "$out" ]; }
stderr_has() { grep -qiF -- "$1" "$err"; }
stdout_has() { grep -qiF -- "$1" "$out"; }
same_file() { cmp -s "$1" "$2"; }

# The schema and every row of db $1, to compare "unchanged".
snapshot() {
	sqlite3 "$1" "select type, name, tbl_name, sql from sqlite_schema order by type, name;" \
		"select name, seq from sqlite_sequence order by name;" 2>/dev/null
	local tbl
	for tbl in $(sqlite3 "$1" "select name from sqlite_schema where type = 'table'
			and name not like 'sqlite!_%' escape '!' order by name"); do
		echo "== $tbl"
		sqlite3 "$1" "select rowid, * from \"$tbl\" order by rowid" 2>/dev/null ||
			sqlite3 "$1" "select * from \"$tbl\" order by 1"
	done
}

# Every row of posts with its rowid, and the AUTOINCREMENT counter, of db $1.
posts_rows() {
	sqlite3 "$1" "select rowid, id, author_id, title, status from posts order by rowid;" \
		"select name, seq from sqlite_sequence order by name;"
}

# The CHECK of desired.sql: 'archived' allowed, 'deleted' refused (in a copy of db $1).
check_in_force() {
	cp "$1" "$t/check.db" &&
		sqlite3 "$t/check.db" "update posts set status = 'archived' where id = 1" &&
		! sqlite3 "$t/check.db" "update posts set status = 'deleted' where id = 1" 2>/dev/null
}

# json EXPR: evaluate a python expression over the JSON document on stdout (bound to j).
json() {
	python3 -c 'import json,sys
j = json.load(open(sys.argv[1]))
sys.exit(0 if eval("(" + sys.argv[2] + ")") else 1)' "$out" "$1" 2>>"$t/json-errors"
}

# ---- command line --------------------------------------------------------------------------
run --version
check "--version exits 0 and prints the version" \
	eval 'exit_is 0 && grep -q "^schemasync [0-9][0-9.]* (SQLite 3\." "$out"'
run --help
check "--help prints usage to stdout, exit 0" eval 'exit_is 0 && stdout_has "usage:" && [ ! -s "$err" ]'
run
check "no arguments: usage on stderr, exit 2" eval 'exit_is 2 && stdout_empty && stderr_has "usage:"'
run frobnicate
check "unknown command: exit 2" eval 'exit_is 2 && stdout_empty && stderr_has "unknown command"'
run sync x.db
check "sync without --definitions: exit 2" eval 'exit_is 2 && stdout_empty && [ ! -e x.db ]'
run sync --definitions "$demo/baseline.sql"
check "sync without DB: exit 2" eval 'exit_is 2 && stdout_empty'
run sync x.db --definitions "$demo/baseline.sql" --strategy fastest
check "bad --strategy: exit 2" eval 'exit_is 2 && stderr_has "--strategy" && [ ! -e x.db ]'
run sync x.db --definitions "$demo/baseline.sql" --foreign-keys maybe
check "bad --foreign-keys: exit 2" eval 'exit_is 2 && stderr_has "--foreign-keys"'
run sync x.db --definitions "$demo/baseline.sql" --profile lambda
check "bad --profile: exit 2" eval 'exit_is 2 && stderr_has "--profile"'
run sync x.db --definitions "$demo/baseline.sql" --frobnicate
check "unknown option: exit 2" eval 'exit_is 2 && stderr_has "--frobnicate"'
run sync x.db --definitions
check "option without value: exit 2" eval 'exit_is 2 && stderr_has "needs a value"'
run diff "$demo/baseline.sql"
check "diff with one file: exit 2" eval 'exit_is 2 && stdout_empty'
run inspect
check "inspect without DB: exit 2" eval 'exit_is 2 && stdout_empty'
run sync x.db --definitions "$t/no-such-file.sql"
check "missing definitions file: exit 1" eval 'exit_is 1 && stdout_empty && stderr_has "no-such-file.sql"'
run sync "$t/no/such/dir/x.db" --definitions "$demo/baseline.sql"
check "unopenable database: exit 1" eval 'exit_is 1 && stdout_empty && stderr_has "cannot open"'
run inspect "$t/absent.db"
check "inspect of a missing file: exit 1, file not created" \
	eval 'exit_is 1 && stdout_empty && [ ! -e "$t/absent.db" ]'
if { "$cli" check --help 2>&1 || true; } | grep -q "usage: schemasync check"; then
	pass "check is built in (harness present)"
else
	run check
	check "check without the harness: exit 2, 'not built'" \
		eval 'exit_is 2 && stdout_empty && stderr_has "not built"'
fi
if ! { "$cli" bench --help 2>&1 || true; } | grep -q "usage: schemasync bench"; then
	run bench
	check "bench without the bench library: exit 2, 'not built'" \
		eval 'exit_is 2 && stdout_empty && stderr_has "not built"'
fi

# ---- sync: create, rows, dry run, apply, idempotence --------------------------------------
db="$t/demo.db"
run sync "$db" --definitions "$demo/baseline.sql"
check "sync creates the baseline in a new database" \
	eval 'exit_is 0 && [ "$(grep -ciE "^create table" "$out")" = 2 ] &&
		[ "$(grep -ciE "^create index" "$out")" = 1 ]'
check "baseline objects exist" \
	eval '[ "$(sqlite3 "$db" "select group_concat(name, \",\") from (select name from
		sqlite_schema where name not like \"sqlite%\" order by name)")" = "authors,posts,posts_author" ]'
run sync "$db" --definitions "$demo/baseline.sql"
check "second sync of the baseline prints nothing, exit 0" \
	eval 'exit_is 0 && [ ! -s "$out" ] && stderr_has "already in sync"'

sqlite3 "$db" <"$demo/rows.sql"
snapshot "$db" >"$t/before.txt"
posts_rows "$db" >"$t/rows-before.txt"

run inspect "$db"
cp "$out" "$t/inspect.txt"
check "inspect prints the schema dump, exit 0" \
	eval 'exit_is 0 && stdout_has "authors" && stdout_has "posts_author"'
run inspect "$db" --json
check "inspect --json: objects 3, dump equals the text output" \
	eval 'exit_is 0 && json "j[\"objects\"] == 3 and
		j[\"dump\"].rstrip(\"\\n\") == open(\"$t/inspect.txt\").read().rstrip(\"\\n\")"'

run sync "$db" --definitions "$demo/desired.sql" --dry-run
cp "$out" "$t/dry.sql"
check "dry run plans, exit 0" eval 'exit_is 0 && [ -s "$t/dry.sql" ]'
check "dry run: an ALTER TABLE ADD COLUMN for authors.email" \
	eval 'grep -qiE "^alter table \"?authors\"? add column \"?email\"? text;$" "$t/dry.sql"'
check "dry run: a reason comment for the posts rebuild" \
	eval 'grep -qiE "^-- .*posts" "$t/dry.sql"'
check "dry run: the new index and the view" \
	eval 'grep -qiE "^create index \"?posts_status\"?" "$t/dry.sql" &&
		grep -qiE "^create view \"?published_posts\"?" "$t/dry.sql"'
snapshot "$db" >"$t/after-dry.txt"
check "dry run changes nothing" same_file "$t/before.txt" "$t/after-dry.txt"

run sync "$db" --definitions "$demo/desired.sql" --dry-run --json
check "--json: ok, strategy, timings, error null" \
	eval 'exit_is 0 && json "j[\"ok\"] is True and j[\"strategy\"] in (\"scratch-db\", \"prefix\")
		and j[\"error\"] is None and sorted(j[\"timings_usec\"]) ==
		[\"apply\", \"inspect\", \"materialize\", \"plan\"]"'
check "--json: statements and reasons rebuild the SQL text exactly" \
	eval 'json "\"\".join((\"-- \" + s[\"reason\"] + \"\\n\" if s[\"reason\"] else \"\") +
		s[\"sql\"] + \";\\n\" for s in j[\"statements\"]) == open(\"$t/dry.sql\").read()"'
check "--json: nothing destructive in the demo plan" \
	eval 'json "not any(s[\"destructive\"] for s in j[\"statements\"])"'

run diff "$demo/baseline.sql" "$demo/desired.sql"
check "diff prints the same plan as the dry run" eval 'exit_is 0 && same_file "$out" "$t/dry.sql"'
run_in "$demo/desired.sql" diff "$demo/baseline.sql" -
check "diff reads DESIRED from stdin" eval 'exit_is 0 && same_file "$out" "$t/dry.sql"'
run diff "$demo/desired.sql" "$demo/desired.sql"
check "diff of identical schemas prints nothing" eval 'exit_is 0 && stdout_empty'

run sync "$db" --definitions "$demo/desired.sql" --dry-run --strategy prefix
cp "$out" "$t/dry-prefix.sql"
run sync "$db" --definitions "$demo/desired.sql" --dry-run --strategy scratch-db
check "prefix and scratch-db plan byte-identically" \
	eval 'exit_is 0 && same_file "$out" "$t/dry.sql" && same_file "$t/dry-prefix.sql" "$t/dry.sql"'
run sync "$db" --definitions "$demo/desired.sql" --dry-run --strategy prefix --json
check "--strategy prefix is reported in --json" eval 'exit_is 0 && json "j[\"strategy\"] == \"prefix\""'

run_in "$demo/desired.sql" sync "$db" --definitions - --foreign-keys on
check "sync from stdin applies exactly the dry-run plan" \
	eval 'exit_is 0 && same_file "$out" "$t/dry.sql"'
check "rows kept by the sync (rowids included)" eval 'posts_rows "$db" >"$t/rows-after.txt" &&
	same_file "$t/rows-before.txt" "$t/rows-after.txt"'
check "integrity ok and foreign keys hold" \
	eval '[ "$(sqlite3 "$db" "pragma integrity_check")" = ok ] &&
		[ -z "$(sqlite3 "$db" "pragma foreign_key_check")" ]'
check "the changed CHECK is in force" check_in_force "$db"
run sync "$db" --definitions "$demo/desired.sql"
check "second sync prints nothing, exit 0" eval 'exit_is 0 && [ ! -s "$out" ]'
run sync "$db" --definitions "$demo/desired.sql" --json
check "second sync --json: ok and zero statements" \
	eval 'exit_is 0 && json "j[\"ok\"] is True and j[\"statements\"] == []"'

# ---- the destructive guard -----------------------------------------------------------------
cat >"$t/drop-view-index.sql" <<'EOF'
create table authors (id integer primary key, name text not null, email text);
create table posts (
	id integer primary key autoincrement,
	author_id integer not null references authors (id) on delete cascade,
	title text not null,
	status text not null default 'draft' check (status in ('draft', 'published', 'archived'))
);
create index posts_author on posts (author_id);
EOF
cat >"$t/authors-only.sql" <<'EOF'
create table authors (id integer primary key, name text not null, email text);
EOF
snapshot "$db" >"$t/before-guard.txt"
run sync "$db" --definitions "$t/authors-only.sql"
check "dropping a table without --allow-destructive: exit 1, stdout empty" \
	eval 'exit_is 1 && stdout_empty'
check "the refusal names what would be dropped" eval 'stderr_has "posts"'
snapshot "$db" >"$t/after-guard.txt"
check "the refused sync changed nothing" same_file "$t/before-guard.txt" "$t/after-guard.txt"
run sync "$db" --definitions "$t/authors-only.sql" --json
check "refusal --json: ok false, destructive error, the refused drop flagged" \
	eval 'exit_is 1 && json "j[\"ok\"] is False and \"DESTRUCTIVE\" in j[\"error\"][\"code\"].upper()
		and \"posts\" in j[\"error\"][\"message\"]"'
run sync "$db" --definitions "$t/authors-only.sql" --dry-run
check "dry run of a destructive plan without --allow-destructive: exit 1, stdout empty" \
	eval 'exit_is 1 && stdout_empty && stderr_has "posts"'
run diff "$demo/desired.sql" "$t/authors-only.sql"
check "diff of a destructive change without --allow-destructive: exit 1" \
	eval 'exit_is 1 && stdout_empty'
run diff "$demo/desired.sql" "$t/authors-only.sql" --allow-destructive
check "diff --allow-destructive prints the drops" \
	eval 'exit_is 0 && grep -qiE "^drop table \"?posts\"?;$" "$out" &&
		grep -qiE "^drop view \"?published_posts\"?;$" "$out"'
run sync "$db" --definitions "$t/drop-view-index.sql"
check "dropping a view and an index is destructive too: exit 1" \
	eval 'exit_is 1 && stdout_empty && stderr_has "published_posts"'
run sync "$db" --definitions "$t/authors-only.sql" --allow-destructive
check "--allow-destructive drops the table, prints the drop" \
	eval 'exit_is 0 && grep -qiE "^drop table \"?posts\"?;$" "$out" &&
		[ "$(sqlite3 "$db" "select count(*) from sqlite_schema where name = \"posts\"")" = 0 ] &&
		[ "$(sqlite3 "$db" "select count(*) from authors")" = 3 ]'

# ---- diff validates BASELINE before running it ---------------------------------------------
: >"$t/empty.sql"
victim="$t/victim.db"
sqlite3 "$victim" "create table secrets (v); insert into secrets values ('keep me');"
cp "$victim" "$t/victim-before.db"
cat >"$t/hostile-baseline.sql" <<EOF
create table t (a);
attach '$victim' as v;
delete from v.secrets;
attach '$t/created-by-diff.db' as n;
create table n.x (a);
vacuum into '$t/vacuumed-by-diff.db';
EOF
run diff "$t/hostile-baseline.sql" "$demo/baseline.sql" --allow-destructive
check "diff refuses a BASELINE with ATTACH / DELETE / VACUUM INTO: exit 1, names the file" \
	eval 'exit_is 1 && stdout_empty && stderr_has "hostile-baseline.sql"'
check "the refused BASELINE ran nothing: attached file unchanged, no file created" \
	eval 'same_file "$victim" "$t/victim-before.db" && [ ! -e "$t/created-by-diff.db" ] &&
		[ ! -e "$t/vacuumed-by-diff.db" ]'
printf 'create table t (a);\ninsert into t values (1);\n' >"$t/rows-baseline.sql"
run diff "$t/rows-baseline.sql" "$demo/baseline.sql" --allow-destructive
check "diff refuses a BASELINE with rows (INSERT): exit 1" eval 'exit_is 1 && stdout_empty'
run diff "$demo/baseline.sql" "$t/hostile-baseline.sql" --allow-destructive
check "diff refuses such a DESIRED before running BASELINE: exit 1" \
	eval 'exit_is 1 && stdout_empty && same_file "$victim" "$t/victim-before.db" &&
		[ ! -e "$t/created-by-diff.db" ]'
run diff "$t/empty.sql" "$demo/baseline.sql"
check "diff from an empty BASELINE creates everything: exit 0" \
	eval 'exit_is 0 && [ "$(grep -ciE "^create table" "$out")" = 2 ]'

# ---- failures are atomic -------------------------------------------------------------------
db2="$t/fail.db"
sqlite3 "$db2" "create table t (id integer primary key, v text);
	insert into t (v) values ('a'), ('a'), ('b');"
snapshot "$db2" >"$t/fail-before.txt"
printf 'create table t (id integer primary key, v text unique);\n' >"$t/unique.sql"
run sync "$db2" --definitions "$t/unique.sql"
check "a new UNIQUE violated by rows: exit 1, stdout empty, message" \
	eval 'exit_is 1 && stdout_empty && [ -s "$err" ]'
snapshot "$db2" >"$t/fail-after.txt"
check "the failed sync changed nothing" same_file "$t/fail-before.txt" "$t/fail-after.txt"
check "no scratch objects left behind" \
	eval '[ "$(sqlite3 "$db2" "select count(*) from sqlite_schema where name like \"%sqlfu%\"")" = 0 ]'
printf 'create table t (id integer primary key, v text);\ninsert into t values (9, 9);\n' \
	>"$t/invalid.sql"
run sync "$db2" --definitions "$t/invalid.sql"
check "definitions with an INSERT are rejected: exit 1, stdout empty" \
	eval 'exit_is 1 && stdout_empty && [ -s "$err" ]'
snapshot "$db2" >"$t/fail-after2.txt"
check "the rejected definitions changed nothing" same_file "$t/fail-before.txt" "$t/fail-after2.txt"
run sync "$db2" --definitions "$t/invalid.sql" --json
check "rejected definitions --json: ok false, error set, no strategy" \
	eval 'exit_is 1 && json "j[\"ok\"] is False and j[\"error\"][\"message\"] != \"\""'
printf 'create table t (id integer primary key, v text);\0create table u (x);\n' >"$t/nul.sql"
run sync "$db2" --definitions "$t/nul.sql"
check "definitions with a NUL byte are rejected: exit 1" eval 'exit_is 1 && stderr_has "NUL"'

# ---- profiles --------------------------------------------------------------------------------
db3="$t/do.db"
run sync "$db3" --definitions "$demo/baseline.sql" --profile durable-object --json
check "durable-object profile: auto picks prefix" \
	eval 'exit_is 0 && json "j[\"ok\"] is True and j[\"strategy\"] == \"prefix\""'
run sync "$db3" --definitions "$demo/desired.sql" --profile durable-object --strategy scratch-db
check "durable-object profile: scratch-db fails cleanly, exit 1" eval 'exit_is 1 && stdout_empty'
run sync "$db3" --definitions "$demo/baseline.sql" --profile durable-object
check "durable-object profile: second sync empty" eval 'exit_is 0 && stdout_empty'

# ---- empty definitions -----------------------------------------------------------------------
: >"$t/empty.sql"
printf -- '-- nothing here\n/* nor here */\n' >"$t/comments.sql"
run sync "$t/new.db" --definitions "$t/empty.sql"
check "empty definitions are refused without --allow-empty: exit 1" \
	eval 'exit_is 1 && stdout_empty && stderr_has "--allow-empty"'
run sync "$t/new.db" --definitions "$t/empty.sql" --allow-empty
check "empty definitions on an empty database with --allow-empty: exit 0, nothing printed" \
	eval 'exit_is 0 && stdout_empty'
db4="$t/empty-target.db"
sqlite3 "$db4" "create table keep (a); insert into keep values (1); create table other (b);"
snapshot "$db4" >"$t/empty-before.txt"
for defs in empty comments; do
	run sync "$db4" --definitions "$t/$defs.sql" --allow-destructive
	check "$defs definitions with --allow-destructive drop nothing without --allow-empty" \
		eval 'exit_is 1 && stdout_empty && stderr_has "no statement"'
	run_in "$t/$defs.sql" sync "$db4" --definitions - --allow-destructive
	check "$defs definitions from a pipe are refused too" \
		eval 'exit_is 1 && stdout_empty && stderr_has "no statement"'
done
run_in /dev/null sync "$db4" --definitions - --allow-destructive --dry-run
check "an empty pipe is refused by a dry run too" eval 'exit_is 1 && stdout_empty'
snapshot "$db4" >"$t/empty-after.txt"
check "the refused empty syncs changed nothing" same_file "$t/empty-before.txt" "$t/empty-after.txt"
run diff "$demo/baseline.sql" "$t/empty.sql" --allow-destructive
check "diff to empty definitions is refused without --allow-empty" eval 'exit_is 1 && stdout_empty'
run diff "$demo/baseline.sql" "$t/empty.sql" --allow-destructive --allow-empty
check "diff --allow-empty to empty definitions drops everything" \
	eval 'exit_is 0 && grep -qiE "^drop table \"?posts\"?;$" "$out"'
run sync "$db4" --definitions "$t/comments.sql" --allow-destructive --allow-empty
check "--allow-empty --allow-destructive syncs to an empty schema" \
	eval 'exit_is 0 && [ "$(sqlite3 "$db4" "select count(*) from sqlite_schema")" = 0 ]'
run sync --help
check "sync --help documents --allow-empty" eval 'exit_is 0 && stdout_has "--allow-empty"'

echo "# $failures failed out of $n checks"
if [ -s "$t/json-errors" ]; then
	echo "# JSON evaluation errors:"
	sed 's/^/#   /' "$t/json-errors"
fi
[ "$failures" -eq 0 ]
