-- SPDX-License-Identifier: MIT
-- A case found by the property campaign (schemasync check), shrunk.
-- #region: P8 seed 1950
-- property P8 failed: [prefix] allowDestructive=false but trigger t was dropped
-- found by: schemasync check --seed 1950 --cases 1 --jobs 1 (max tables 4)
-- shrunk from 262 to 250 choices; propertiesOnly: the correct plan is not known, replay checks P1-P9
-- observed plan:
--   -- view "t5" depends on "t", which changes; recreated below
--   DROP VIEW "t5";
--   -- rebuilding table "t": column "a" type changed from INT to TEXT
--   CREATE TABLE "__sqlfu_sync_new_t" ( a text, a2 int check (length(a2) < 40), check (a is not a2 or a is null));
--   INSERT INTO "__sqlfu_sync_new_t" (rowid, "a", "a2") SELECT rowid, "a", "a2" FROM "t";
--   DROP TABLE "t";
--   CREATE TABLE "t" ( a text, a2 int check (length(a2) < 40), check (a is not a2 or a is null));
--   INSERT INTO "t" (rowid, "a", "a2") SELECT rowid, "a", "a2" FROM "__sqlfu_sync_new_t";
--   DROP TABLE "__sqlfu_sync_new_t";
--   CREATE INDEX "t3" on "t" (a);
--   CREATE INDEX "t4" on "t" (a, a2) where a is not null;
--   CREATE INDEX "t6" on "t" (a);
--   CREATE VIEW "t5" as select * from t;
--   CREATE TRIGGER "t2" instead of insert on "t5" begin update t set a = a where 0; end;
-- config: {"allowDestructive":false,"foreignKeys":false,"propertiesOnly":true}
-- baseline:
create table t ( a int, a2 int check (length(a2) < 40), check (a is not a2 or a is null));
create table t2 ( a integer primary key, a2 int, a3 int, a4 int);
create table sqlfu_migrations ( name text primary key, applied_at text);
create index t3 on t (a);
create index t4 on t (a, a2) where a is not null;
create view t5 as select * from t;
create trigger t after insert on t begin select 1; end;
create trigger t2 instead of insert on t5 begin update t set a = a where 0; end;
-- rows:
insert into "t" ("a", "a2") values ('', x'00ff');
insert into "t" ("a", "a2") values (0, '');
insert into "t" ("a", "a2") values (NULL, NULL);
insert into "sqlfu_migrations" ("name", "applied_at") values ('', 'é名');
insert into "sqlfu_migrations" ("name", "applied_at") values (NULL, NULL);
-- desired:
create table t ( a text, a2 int check (length(a2) < 40), check (a is not a2 or a is null));
create table t2 ( a integer primary key, a2 int, a3 int, a4 int);
create index t3 on t (a);
create index t4 on t (a, a2) where a is not null;
create index t6 on t (a);
create view t5 as select * from t;
create trigger t2 instead of insert on t5 begin update t set a = a where 0; end;
-- #endregion
