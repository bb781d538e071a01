-- SPDX-License-Identifier: MIT
-- Inside a caller's transaction with foreign keys on (enforcement cannot be switched off
-- there), a rebuilt table gains a foreign key to a table the same plan creates, which
-- references it back: the copy into the rebuilt table needs that parent to exist. Found by
-- the 10-minute campaign of 2026-12-02 (seed 20261202, case seed 1719579477666972759;
-- shrunk, then reduced by hand); fixed: with enforcement on, every new table is created
-- before any rebuild (plan_build.c, pass_tables).

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
