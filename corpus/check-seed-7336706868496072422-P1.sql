-- SPDX-License-Identifier: MIT
-- Engine bug found by the property campaign (10-minute run of 2026-12-02, seed 20261203),
-- shrunk; fixed. The schema holds a trigger whose body writes to a table that does not
-- exist (an external-content FTS5 index's sync trigger left behind by its index). SQLite
-- accepts such a trigger, but ALTER TABLE RENAME and DROP COLUMN re-validate every trigger
-- and refused: "error in trigger ...: no such table". The sync now rolls back and plans
-- again without those ALTER TABLE statements (copying under the final name).
-- #region: P1 seed 7336706868496072422
-- property P1 failed: [scratch-db] sync failed although the rows fit the desired schema: sqlite: statement failed: ALTER TABLE "__sqlfu_sync_new_it's" RENAME TO "it's": error in trigger Notes_src_ai: no such table: main.Notes
-- found by: schemasync check --case-seed 7336706868496072422 --max-tables 4
-- shrunk from 378 to 316 choices; propertiesOnly: the correct plan is not known, replay checks P1-P10
-- observed plan:
--   -- rebuilding table "it's": column "a4" cannot be added in place (its foreign key is a table constraint)
--   CREATE TABLE "__sqlfu_sync_new_it's" ( a int primary key, a2 int, a3 any as (a || 'x') stored, a4 int check (a4 is not 'abc'), foreign key (a4) references "it's"(a), check (a is not a2 or a is null)) strict, without rowid;
--   INSERT INTO "__sqlfu_sync_new_it's" ("a", "a2") SELECT "a", "a2" FROM "it's";
--   DROP TABLE "it's";
--   ALTER TABLE "__sqlfu_sync_new_it's" RENAME TO "it's";
-- observed error: statement failed: ALTER TABLE "__sqlfu_sync_new_it's" RENAME TO "it's": error in trigger Notes_src_ai: no such table: main.Notes
-- config: {"allowDestructive":true,"foreignKeys":false,"propertiesOnly":true}
-- baseline:
create table "it's" ( a int primary key, a2 int, a3 any as (a || 'x') stored, check (a is not a2 or a is null)) strict, without rowid;
create table Notes_src(id integer primary key, title text, extra int);
create trigger "Notes_src_ai" after insert on "Notes_src" begin insert into "Notes"(rowid, "title") values (new.id, new."title"); end;
-- rows:
with recursive r(i) as (select 1 union all select i + 1 from r where i < 1000) insert or ignore into "it's" ("a", "a2") select i, (i * 7919) % 100003 - 50000 from r;
-- desired:
create table "it's" ( a int primary key, a2 int, a3 any as (a || 'x') stored, a4 int check (a4 is not 'abc'), foreign key (a4) references "it's"(a), check (a is not a2 or a is null)) strict, without rowid;
create table Notes_src(id integer primary key, title text, extra int);
create trigger "Notes_src_ai" after insert on "Notes_src" begin insert into "Notes"(rowid, "title") values (new.id, new."title"); end;
-- #endregion
