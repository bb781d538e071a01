-- SPDX-License-Identifier: MIT
-- A case found by the property campaign (schemasync check), shrunk.
-- #region: P5 seed 1098
-- property P5 failed: [prefix] failed sync (sqlite: statement failed: INSERT INTO "__sqlfu_sync_new_t" ("a", "a2") SELECT "a", "a2" FROM "t": datatype mismatch) changed the database: line 4: expected <table t on t: CREATE TABLE t ( a int, a2 int, primary key (a, a2), check (a2 is not a or a2 is null))> got <table sqlite_sequence on sqlite_sequence: CREATE TABLE sqlite_sequence(name,seq)>
-- found by: schemasync check --seed 1098 --cases 1 --jobs 1 (max tables 4)
-- shrunk from 195 to 165 choices; propertiesOnly: the correct plan is not known, replay checks P1-P9
-- observed plan:
--   -- view "t3" depends on "t", which changes; recreated below
--   DROP VIEW "t3";
--   -- rebuilding table "t": table constraints changed
--   CREATE TABLE "__sqlfu_sync_new_t" ( a integer primary key autoincrement, a2 int, a3 int, check (a2 is not a or a2 is null));
--   INSERT INTO "__sqlfu_sync_new_t" ("a", "a2") SELECT "a", "a2" FROM "t";
--   DROP TABLE "t";
--   CREATE TABLE "t" ( a integer primary key autoincrement, a2 int, a3 int, check (a2 is not a or a2 is null));
--   INSERT INTO "t" ("a", "a2", "a3") SELECT "a", "a2", "a3" FROM "__sqlfu_sync_new_t";
--   UPDATE sqlite_sequence SET seq = max(seq, coalesce((SELECT max(seq) FROM sqlite_sequence WHERE name = '__sqlfu_sync_new_t'), 0)) WHERE name = 't';
--   INSERT INTO sqlite_sequence (name, seq) SELECT 't', max(seq) FROM sqlite_sequence WHERE name = '__sqlfu_sync_new_t' AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 't') HAVING max(seq) IS NOT NULL;
--   DROP TABLE "__sqlfu_sync_new_t";
--   CREATE VIEW "t3" as select * from t;
--   CREATE TRIGGER "t" after update of a on "t" begin update t set a = a where 0; end;
-- observed error: statement failed: INSERT INTO "__sqlfu_sync_new_t" ("a", "a2") SELECT "a", "a2" FROM "t": datatype mismatch
-- config: {"allowDestructive":true,"foreignKeys":false,"propertiesOnly":true}
-- baseline:
create table t ( a int, a2 int, primary key (a, a2), check (a2 is not a or a2 is null));
create table t2 ( a int, a2 int);
create table sqlfu_migrations ( name text primary key, applied_at text);
create view t3 as select * from t;
create trigger t after update of a on t begin update t set a = a where 0; end;
-- rows:
insert into "t" ("a", "a2") values ('a', 0);
-- desired:
create table t ( a integer primary key autoincrement, a2 int, a3 int, check (a2 is not a or a2 is null));
create table t2 ( a int, a2 int);
create view t3 as select * from t;
create trigger t after update of a on t begin update t set a = a where 0; end;
-- #endregion
