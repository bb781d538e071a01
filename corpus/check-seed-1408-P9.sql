-- SPDX-License-Identifier: MIT
-- A case found by the property campaign (schemasync check), shrunk.
-- #region: P9 seed 1408
-- property P9 failed: [prefix] materializing wrote outside the scratch area: authorizer code 2 on main.sqlite_sequence (-) inside -
-- found by: schemasync check --seed 1408 --cases 1 --jobs 1 (max tables 4)
-- shrunk from 162 to 114 choices; propertiesOnly: the correct plan is not known, replay checks P1-P9
-- observed plan:
--   -- view "t3" depends on "t", which changes; recreated below
--   DROP VIEW "t3";
--   -- rebuilding table "t": column "a" definition changed from "integer primary key" to "integer primary key autoincrement"
--   CREATE TABLE "__sqlfu_sync_new_t" ( a integer primary key autoincrement);
--   INSERT INTO "__sqlfu_sync_new_t" ("a") SELECT "a" FROM "t";
--   DROP TABLE "t";
--   CREATE TABLE "t" ( a integer primary key autoincrement);
--   INSERT INTO "t" ("a") SELECT "a" FROM "__sqlfu_sync_new_t";
--   UPDATE sqlite_sequence SET seq = max(seq, coalesce((SELECT max(seq) FROM sqlite_sequence WHERE name = '__sqlfu_sync_new_t'), 0)) WHERE name = 't';
--   INSERT INTO sqlite_sequence (name, seq) SELECT 't', max(seq) FROM sqlite_sequence WHERE name = '__sqlfu_sync_new_t' AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 't') HAVING max(seq) IS NOT NULL;
--   DROP TABLE "__sqlfu_sync_new_t";
--   CREATE VIEW "t3" as select a from t;
-- config: {"allowDestructive":true,"foreignKeys":false,"propertiesOnly":true}
-- baseline:
create table t ( a integer primary key);
create table t2 ( a integer primary key, a2 int, a3 int references t);
create view t3 as select a from t;
-- rows:
insert into "t" ("a") values (NULL);
-- desired:
create table t ( a integer primary key autoincrement);
create table t2 ( a integer primary key, a2 int, a3 int references t);
create view t3 as select a from t;
-- #endregion
