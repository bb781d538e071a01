-- SPDX-License-Identifier: MIT
-- A case found by the property campaign (schemasync check, 10-minute run of 2026-12-02, seed
-- 20261203), shrunk. Inside a caller's transaction with foreign keys enforced, the plan
-- dropped a parent table whose child has a foreign key to a table the plan creates; the
-- implicit DELETE of the DROP resolves the child's keys and failed with "no such table".
-- Fixed: with enforcement on, new tables are created before any table is dropped or rebuilt
-- (plan_build.c, pass_create_tables_early).
-- #region: P1 seed 6927602881159179756
-- property P1 failed: [caller transaction, auto] sync failed although the rows fit the desired schema: sqlite: statement failed: DROP TABLE "x__sqlfu_sync_y": no such table: main.t
-- found by: schemasync check --case-seed 6927602881159179756 --max-tables 4
-- shrunk from 527 to 389 choices; propertiesOnly: the correct plan is not known, replay checks P1-P10
-- observed plan:
--   DROP TABLE "x__sqlfu_sync_y";
--   CREATE TABLE "t" ( a int primary key desc);
--   -- rebuilding table "名前": table constraints changed
--   CREATE TABLE "__sqlfu_sync_new_名前" ( "é" integer primary key check (length("é") < 40), a NUMERIC default 0, a2 int default 0 references t(a) on delete restrict on update restrict deferrable initially immediate);
--   INSERT INTO "__sqlfu_sync_new_名前" ("é", "a", "a2") SELECT "é", "a", "a2" FROM "名前";
--   DROP TABLE "名前";
--   CREATE TABLE "名前" ( "é" integer primary key check (length("é") < 40), a NUMERIC default 0, a2 int default 0 references t(a) on delete restrict on update restrict deferrable initially immediate);
--   INSERT INTO "名前" ("é", "a", "a2") SELECT "é", "a", "a2" FROM "__sqlfu_sync_new_名前";
--   DROP TABLE "__sqlfu_sync_new_名前";
-- observed error: statement failed: DROP TABLE "x__sqlfu_sync_y": no such table: main.t
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true,"callerTransaction":"begin","deferForeignKeys":true,"renameMinRows":1112}
-- baseline:
create table x__sqlfu_sync_y ( x__sqlfu_sync_c int, a int default 0, a2 as (typeof(a)) stored, a3 default 0 check (typeof(a3) != 'real'), primary key (x__sqlfu_sync_c, a3));
create table "名前" ( "é" integer primary key check (length("é") < 40), a NUMERIC default 0, a2 int default 0 references t(a) on delete restrict on update restrict deferrable initially immediate, foreign key (a, a2) references x__sqlfu_sync_y(x__sqlfu_sync_c, a3) match simple on delete set default);
-- desired:
create table t ( a int primary key desc);
create table "名前" ( "é" integer primary key check (length("é") < 40), a NUMERIC default 0, a2 int default 0 references t(a) on delete restrict on update restrict deferrable initially immediate);
-- #endregion
