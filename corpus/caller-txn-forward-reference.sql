-- SPDX-License-Identifier: MIT
-- KNOWN ENGINE BUG (corpus/known-failing.txt): inside a caller's transaction with foreign
-- keys on (enforcement cannot be switched off there), a rebuilt table that gains a foreign
-- key to a table the same plan creates later has its rows copied while that parent does not
-- exist yet: SQLite stops the copy with "no such table", and the sync fails although the
-- rows fit (P1). The plan should create the parent first, or the engine refuse up front
-- (found by the 10-minute campaign of 2026-12-02, seed 20261202, case seed
-- 1719579477666972759; shrunk, then reduced by hand).

-- #region: caller's transaction: a rebuilt table references a table created later in the plan
-- config: {"foreignKeys": true, "callerTransaction": "begin", "propertiesOnly": true}
-- baseline:
create table g (id integer primary key, n int);
-- rows:
insert into g values (1, 2);
-- desired:
create table g (id integer primary key, n int, s any unique references "it's_new");
create table "it's_new" (k text primary key, r int references g (id));
-- #endregion
