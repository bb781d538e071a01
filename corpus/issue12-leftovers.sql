-- SPDX-License-Identifier: MIT
-- Issue 12, defect 2: scratch leftovers (objects named with the prefix that a crashed
-- prefix-strategy sync left in main). A prefixed table that holds rows is not a leftover:
-- the sync stops, and it stops before anything is dropped (before the fix the prefixed
-- index, view and trigger were already gone, each in its own autocommit). Empty leftovers
-- are removed inside the sync's own transaction.
-- default config: {"allowDestructive": true}

-- #region: a prefixed table with rows refuses the sync and nothing is dropped (prefix)
-- config: {"strategy": "prefix"}
-- baseline:
create table t(a);
create table __sqlfu_sync_keep(x);
create index __sqlfu_sync_i on t(a);
create view __sqlfu_sync_v as select a from t;
create trigger __sqlfu_sync_tr after insert on t begin select 1; end;
-- rows:
insert into t values (1);
insert into __sqlfu_sync_keep values ('precious');
-- desired:
create table t(a, b text default 'x');
-- error: "but holds rows"
-- #endregion

-- #region: a prefixed table with rows refuses the sync and nothing is dropped (scratch-db)
-- config: {"strategy": "scratch-db"}
-- baseline:
create table t(a);
create table __sqlfu_sync_keep(x);
create index __sqlfu_sync_i on t(a);
create view __sqlfu_sync_v as select a from t;
create trigger __sqlfu_sync_tr after insert on t begin select 1; end;
-- rows:
insert into t values (1);
insert into __sqlfu_sync_keep values ('precious');
-- desired:
create table t(a, b text default 'x');
-- error: "but holds rows"
-- #endregion
