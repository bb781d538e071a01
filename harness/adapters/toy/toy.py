#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""toy: a deliberately simple schema-sync engine behind the adapter protocol (docs/ENGINES.md).

Without --break it is correct enough for simple cases: tables created and dropped, trailing
columns added with ALTER TABLE ADD COLUMN, every other table change by a rebuild that copies
the common columns (rowids kept), indexes / views / triggers dropped and recreated, all in
one BEGIN IMMEDIATE transaction, foreign keys checked before commit. Each --break switch
spoils exactly one property, so tests can prove that each oracle fires through an adapter
(see README.md beside this file).

  toy.py [--break NAME[,NAME...]]                      jsonl transport (stdin/stdout)
  toy.py --command [--break NAME] DB DEFINITIONS ALLOW_DESTRUCTIVE FOREIGN_KEYS STRATEGY \
         PROFILE [DRY_RUN]                             command transport
The switches can also come from the environment: TOY_BREAK=name,name.
"""
import json
import os
import re
import signal
import sqlite3
import sys
import time

BREAKS = {
    "rebuild-drops-rows": "a rebuild copies no rows (P3 rows preserved)",
    "no-transaction": "statements run in autocommit: a failure half-applies (P5 atomic)",
    "leave-scratch": "a scratch table __sqlfu_sync_toy is left behind (P1 converged, P5/P9 leftovers)",
    "ignore-check": "CHECK constraints are ignored when comparing tables (P1 converged)",
    "not-idempotent": "every table is rebuilt on every sync, changed or not (P2 idempotent)",
    "lie-success": "a failed sync is rolled back but reported as success (P1 converged)",
    "skip-fk-check": "rebuilds run without foreign_key_check before commit (P6 integrity)",
    "ignore-destructive": "allowDestructive=false is ignored (P8 guard)",
    "hang": "a sync never answers (the harness' per-case timeout and restart)",
    "crash": "the adapter exits in the middle of a sync (the harness' restart)",
    "chatter": "prints engine chatter on stdout, breaking the jsonl framing (protocol errors)",
}
SCRATCH = "__toy_new_"
DEFAULT_EXCLUDED = ["sqlfu_migrations", "d1_migrations"]
VERSION = "1.0"


class SyncError(Exception):
    def __init__(self, kind, message, plan=None):
        super().__init__(message)
        self.kind = kind
        self.plan = plan


def q(name):
    return '"' + name.replace('"', '""') + '"'


def norm(sql):
    """The text of a statement up to formatting: comments, identifier quoting, IF NOT EXISTS,
    FOR EACH ROW, white space and case dropped (string literals are folded too: a toy)."""
    s = re.sub(r"--[^\n]*|/\*.*?\*/", " ", sql, flags=re.S)
    s = re.sub(r'"((?:[^"]|"")*)"', lambda m: m.group(1).replace('""', '"'), s)
    s = re.sub(r"`((?:[^`]|``)*)`", lambda m: m.group(1).replace("``", "`"), s)
    s = re.sub(r"\[([^\]]*)\]", r"\1", s)
    s = re.sub(r"\bif\s+not\s+exists\b|\bfor\s+each\s+row\b", " ", s, flags=re.I)
    s = " ".join(s.split()).rstrip(";").strip()
    s = re.sub(r"\s*([(),])\s*", r"\1", s)
    return s.lower()


NAME = r'(?:"(?:[^"]|"")*"|\[[^\]]*\]|`(?:[^`]|``)*`|[^\s(]+)'


def split_create_table(sql):
    """(head up to the name, body from the opening parenthesis) of a CREATE TABLE."""
    m = re.match(r"\s*create\s+table\s+(?:if\s+not\s+exists\s+)?" + NAME + r"\s*", sql, re.I | re.S)
    if not m:
        raise SyncError("unsupported", "cannot parse: " + sql[:80])
    return sql[: m.end()], sql[m.end():]


def top_level_items(body):
    """The comma-separated items inside the outer parentheses of a table body, and the tail."""
    depth, items, cur, i, quote = 0, [], "", 0, None
    while i < len(body):
        ch = body[i]
        if quote:
            cur += ch
            if ch == quote:
                quote = None
        elif ch in "'\"`":
            quote = ch
            cur += ch
        elif ch == "[":
            quote = "]"
            cur += ch
        elif ch == "(":
            depth += 1
            if depth > 1:
                cur += ch
        elif ch == ")":
            depth -= 1
            if depth == 0:
                items.append(cur.strip())
                return items, body[i + 1:]
            cur += ch
        elif ch == "," and depth == 1:
            items.append(cur.strip())
            cur = ""
        else:
            cur += ch
        i += 1
    raise SyncError("unsupported", "unbalanced table body")


def strip_checks(body):
    return re.sub(r",?\s*(constraint\s+\S+\s+)?check\s*\((?:[^()]|\([^()]*\))*\)", "", body, flags=re.I)


class Schema:
    def __init__(self, db, excluded):
        ex = {n.lower() for n in excluded}
        self.tables, self.others = {}, {}
        rows = db.execute(
            "select type, name, tbl_name, sql from sqlite_schema where sql is not null "
            "and name not like 'sqlite\\_%' escape '\\' order by rowid").fetchall()
        for typ, name, tbl, sql in rows:
            if tbl.lower() in ex:
                continue
            if typ == "table":
                cols = [r[1] for r in db.execute("select * from pragma_table_xinfo(?)", (name,))]
                gen = {r[1] for r in db.execute("select * from pragma_table_xinfo(?)", (name,)) if r[6]}
                self.tables[name.lower()] = {"name": name, "sql": sql, "cols": cols, "gen": gen}
            else:
                self.others[(typ, name.lower())] = {"type": typ, "name": name, "tbl": tbl, "sql": sql}


# What ALTER TABLE ADD COLUMN cannot add (SQLite's rules, simplified): such a column means a rebuild.
ADD_COLUMN_NOT = re.compile(r"\b(unique|primary|not null|current_\w+|references|generated)\b|\bas\(|default\(")


def plan_sync(live, desired, breaks, allow_destructive):
    """Returns (statements, destructive statements, tables rebuilt)."""
    pre, mid, post, destructive, rebuilt = [], [], [], [], set()
    same = (lambda a, b: norm(strip_checks(a)) == norm(strip_checks(b))) if "ignore-check" in breaks \
        else (lambda a, b: norm(a) == norm(b))
    for key, t in live.tables.items():
        if key not in desired.tables:
            mid.append(f"DROP TABLE {q(t['name'])}")
            destructive.append(mid[-1])
    for key, d in desired.tables.items():
        t = live.tables.get(key)
        if t is None:
            mid.append(d["sql"])
            continue
        _, lbody = split_create_table(t["sql"])
        _, dbody = split_create_table(d["sql"])
        if t["name"] == d["name"] and same(lbody, dbody) and "not-idempotent" not in breaks:
            continue
        # Trailing new columns only: ALTER TABLE ADD COLUMN.
        litems, ltail = top_level_items(lbody)
        ditems, dtail = top_level_items(dbody)
        k = len(d["cols"]) - len(t["cols"])
        if (t["name"] == d["name"] and k > 0 and d["cols"][: len(t["cols"])] == t["cols"]
                and len(ditems) == len(litems) + k and norm(dtail) == norm(ltail)
                and [norm(x) for x in ditems[:-k]] == [norm(x) for x in litems]
                and not any(ADD_COLUMN_NOT.search(norm(x)) for x in ditems[-k:])
                and "not-idempotent" not in breaks):
            for item in ditems[-k:]:
                mid.append(f"ALTER TABLE {q(t['name'])} ADD COLUMN {item}")
            continue
        # Rebuild: new table under a scratch name, copy, drop, rename.
        rebuilt.add(key)
        new = SCRATCH + d["name"]
        head, body = split_create_table(d["sql"])
        head = re.sub(NAME + r"\s*$", q(new) + " ", head.rstrip() + " ", flags=re.S)
        mid.append(head + body)
        lost = [c for c in t["cols"] if c.lower() not in {x.lower() for x in d["cols"]}]
        if lost:
            destructive.append(f"-- rebuild of {t['name']} drops column(s) {', '.join(lost)}")
        common = [c for c in d["cols"] if c.lower() in {x.lower() for x in t["cols"]}
                  and c not in d["gen"] and c.lower() not in {g.lower() for g in t["gen"]}]
        if "rebuild-drops-rows" not in breaks:
            cols = ", ".join(q(c) for c in common)
            rowid = ""
            if "without rowid" not in norm(d["sql"]) and "without rowid" not in norm(t["sql"]):
                rowid = "rowid, " if cols else "rowid"
            mid.append(f"INSERT INTO {q(new)} ({rowid}{cols}) SELECT {rowid}{cols} FROM {q(t['name'])}")
        mid.append(f"DROP TABLE {q(t['name'])}")
        mid.append(f"ALTER TABLE {q(new)} RENAME TO {q(d['name'])}")
    # Views and triggers: all dropped first, all recreated last (simple and always right);
    # indexes only when new, changed, or on a rebuilt table (the rebuild dropped them).
    vt = lambda schema: {(t, k, norm(o["sql"])) for (t, k), o in schema.others.items() if t != "index"}
    redo_views = bool(mid) or vt(live) != vt(desired)
    for (typ, key), o in live.others.items():
        d = desired.others.get((typ, key))
        if typ != "index" and not redo_views:
            continue
        if d is None:
            destructive.append(f"DROP {typ.upper()} {q(o['name'])}")
        if typ != "index" or d is None or norm(d["sql"]) != norm(o["sql"]):
            pre.append(f"DROP {typ.upper()} IF EXISTS {q(o['name'])}")
    for (typ, key), d in desired.others.items():
        o = live.others.get((typ, key))
        if typ != "index" and not redo_views:
            continue
        if typ != "index" or o is None or norm(o["sql"]) != norm(d["sql"]) or d["tbl"].lower() in rebuilt:
            post.append(d["sql"])
    if "leave-scratch" in breaks:
        mid.insert(0, "CREATE TABLE IF NOT EXISTS __sqlfu_sync_toy(x)")
    return pre + mid + post, destructive, rebuilt


def sync(path, definitions, opts, breaks):
    if "hang" in breaks:
        while True:
            time.sleep(3600)
    if "crash" in breaks:
        os.kill(os.getpid(), signal.SIGKILL)
    if opts.get("strategy", "auto") != "auto":
        raise SyncError("unsupported", "the toy has only the auto strategy")
    if opts.get("profile", "default") != "default":
        raise SyncError("unsupported", "the toy has only the default profile")
    if not os.path.exists(path):
        raise SyncError("invalid", f"no database {path}")
    excluded = opts.get("excludedTables") or DEFAULT_EXCLUDED
    mem = sqlite3.connect(":memory:", isolation_level=None)
    try:
        mem.executescript(definitions)
    except sqlite3.Error as e:
        raise SyncError("invalid", f"definitions: {e}")
    desired = Schema(mem, excluded)
    mem.close()

    db = sqlite3.connect(path, isolation_level=None, timeout=5)
    fk = opts.get("foreignKeys", True)
    txn = "no-transaction" not in breaks
    try:
        live = Schema(db, excluded)
        plan, destructive, rebuilt = plan_sync(live, desired, breaks, opts.get("allowDestructive", True))
        if destructive and opts.get("allowDestructive", True) is False and "ignore-destructive" not in breaks:
            raise SyncError("destructive", "the plan is destructive: " + "; ".join(destructive), plan)
        if opts.get("dryRun"):
            return plan
        # Rebuilds run with enforcement off (a DROP TABLE of a parent would cascade).
        db.execute(f"PRAGMA foreign_keys={'OFF' if rebuilt else ('ON' if fk else 'OFF')}")
        if txn:
            db.execute("BEGIN IMMEDIATE")
        done = None
        try:
            for done in plan:
                db.execute(done)
            if fk and "skip-fk-check" not in breaks:
                bad = db.execute("PRAGMA foreign_key_check").fetchall()
                if bad:
                    raise SyncError("constraint", f"foreign_key_check: {len(bad)} row(s) violate a foreign key", plan)
            if txn:
                db.execute("COMMIT")
        except sqlite3.Error as e:
            if db.in_transaction:
                db.execute("ROLLBACK")
            msg = str(e)
            kind = "constraint" if isinstance(e, sqlite3.IntegrityError) or "constraint" in msg \
                else "busy" if "locked" in msg else "internal"
            raise SyncError(kind, f"{done}: {msg}", plan)
        except SyncError:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        return plan
    finally:
        db.close()


def handle(req, breaks, out):
    op = req.get("op")
    if op == "hello":
        caps = json.load(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "capabilities.json")))
        return {"ok": True, "protocol": 1, "name": "toy", "version": VERSION,
                "breaks": sorted(breaks), "capabilities": caps}
    if op != "sync":
        raise SyncError("invalid", f"unknown op {op!r}")
    if "chatter" in breaks:
        out.write("toy: syncing, please wait\n")
    try:
        return {"ok": True, "plan": sync(req["db"], req["definitions"], req.get("options") or {}, breaks)}
    except SyncError as e:
        if "lie-success" in breaks:
            return {"ok": True, "plan": e.plan or []}
        raise


def serve(breaks):
    out = sys.stdout
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            req = json.loads(line)
        except ValueError as e:
            out.write(json.dumps({"id": None, "ok": False, "error": {"kind": "invalid", "message": str(e)}}) + "\n")
            out.flush()
            continue
        if req.get("op") == "bye":
            break
        try:
            reply = handle(req, breaks, out)
        except SyncError as e:
            reply = {"ok": False, "error": {"kind": e.kind, "message": str(e)}}
            if e.plan is not None:
                reply["plan"] = e.plan
        except Exception as e:  # noqa: BLE001 - the protocol reports every failure
            reply = {"ok": False, "error": {"kind": "internal", "message": f"{type(e).__name__}: {e}"}}
        out.write(json.dumps({"id": req.get("id"), **reply}) + "\n")
        out.flush()


def command(argv, breaks):
    if len(argv) < 6:
        sys.stderr.write("usage: toy.py --command DB DEFINITIONS ALLOW_DESTRUCTIVE FOREIGN_KEYS STRATEGY PROFILE [DRY_RUN]\n")
        return 2
    db, defs, allow, fk, strategy, profile = argv[:6]
    dry = len(argv) > 6 and argv[6] == "true"
    opts = {"allowDestructive": allow == "true", "foreignKeys": fk == "on", "strategy": strategy,
            "profile": profile, "dryRun": dry}
    try:
        if "chatter" in breaks:
            sys.stdout.write("toy: syncing, please wait\n")
        plan = sync(db, open(defs, encoding="utf-8").read(), opts, breaks)
    except SyncError as e:
        if "lie-success" in breaks:
            return 0
        sys.stderr.write(f"{e.kind}: {e}\n")
        return {"refused": 3, "destructive": 3, "constraint": 4, "invalid": 5, "unsupported": 6,
                "busy": 7}.get(e.kind, 1)
    for s in plan:
        sys.stdout.write(s.rstrip().rstrip(";") + ";\n")
    return 0


def main():
    args = sys.argv[1:]
    breaks = {b for b in os.environ.get("TOY_BREAK", "").split(",") if b}
    is_command = False
    while args and args[0].startswith("--"):
        a = args.pop(0)
        if a == "--command":
            is_command = True
        elif a == "--break" and args:
            breaks |= {b for b in args.pop(0).split(",") if b}
        elif a.startswith("--break="):
            breaks |= {b for b in a.split("=", 1)[1].split(",") if b}
        elif a == "--list-breaks":
            for k, v in BREAKS.items():
                print(f"{k:20} {v}")
            return 0
        else:
            sys.stderr.write(f"toy.py: unknown option {a}\n")
            return 2
    unknown = breaks - BREAKS.keys()
    if unknown:
        sys.stderr.write(f"toy.py: unknown --break {', '.join(sorted(unknown))} (see --list-breaks)\n")
        return 2
    return command(args, breaks) if is_command else serve(breaks) or 0


if __name__ == "__main__":
    sys.exit(main())
