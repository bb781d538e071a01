-- SPDX-License-Identifier: MIT
-- A case found by the property campaign (schemasync check), shrunk, then reduced by hand.
-- #region: P1 seed 495503638920981052
-- property P1 failed: [scratch-db] sync failed although the rows fit the desired schema: sqlite: statement failed: ALTER TABLE "__sqlfu_sync_new_t" RENAME TO "t": error in trigger tr: no such table: main.t
-- found by: ci/coverage's campaign, schemasync check --seed 1 --seconds 60 --jobs 1 (case seed 495503638920981052)
-- t holds 1000 rows, so its rebuild renames the new table into place instead of copying it
-- twice (the engine's path for big tables). A trigger on t2 writes to t; t2 is rebuilt after
-- t, and the engine counts on that rebuild to drop the trigger, but when t's new table is
-- renamed into place the trigger is still there, naming the dropped t, and SQLite's ALTER
-- TABLE RENAME re-validates every trigger: "error in trigger tr: no such table: main.t". With
-- 999 rows (t copied twice, no RENAME) the same sync succeeds. The trigger must be gone before
-- the rename (SPEC §3: dependents dropped before, recreated after).
-- propertiesOnly: the correct plan is not known, replay checks P1-P10
-- config: {"allowDestructive":true,"foreignKeys":false,"propertiesOnly":true}
-- baseline:
create table t (a int, b int);
create table t2 (x int);
create trigger tr after insert on t2 begin update t set a = a where 0; end;
-- rows:
with recursive r(i) as (select 1 union all select i + 1 from r where i < 1000) insert into t (a, b) select i, i from r;
-- desired:
create table t (a int, b text);
create table t2 (x int) strict;
create trigger tr after insert on t2 begin update t set a = a where 0; end;
-- #endregion
