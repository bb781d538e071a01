-- SPDX-License-Identifier: MIT
-- A case found by the property campaign (schemasync check), shrunk.
-- #region: P10 seed 10961951141837681752
-- property P10 failed: [caller transaction, auto] the caller's COMMIT failed after the sync failed: SQL logic error
-- found by: schemasync check --case-seed 10961951141837681752 --max-tables 4
-- shrunk from 422 to 405 choices; propertiesOnly: the correct plan is not known, replay checks P1-P10
-- observed plan:
--   -- trigger "t2" depends on "a", which changes; recreated below
--   DROP TRIGGER "t2";
--   -- rebuilding table "a": column "a" definition changed from "int" to "int references t2(a)"
--   CREATE TABLE "__sqlfu_sync_new_a" ( a int references t2(a), a2 int default 'abc', a3 int check (length(a3) < 40), a4 int default 'abc', primary key (a2, a)) without rowid;
--   INSERT INTO "__sqlfu_sync_new_a" ("a", "a2", "a3", "a4") SELECT "a", "a2", "a3", "a4" FROM "a";
--   DROP TABLE "a";
--   CREATE TABLE "a" ( a int references t2(a), a2 int default 'abc', a3 int check (length(a3) < 40), a4 int default 'abc', primary key (a2, a)) without rowid;
--   INSERT INTO "a" ("a", "a2", "a3", "a4") SELECT "a", "a2", "a3", "a4" FROM "__sqlfu_sync_new_a";
--   DROP TABLE "__sqlfu_sync_new_a";
--   CREATE VIRTUAL TABLE "search" using fts5(title, content='search_src', content_rowid='id');
--   CREATE TRIGGER "t2" after update of a on "t" begin select 1; end;
--   -- filling full-text index "search" from its content table "search_src"
--   INSERT INTO "search"("search") VALUES('rebuild');
-- observed error: FOREIGN KEY constraint failed: 1 new violation(s) after the change; first: row 0 of "a" references a missing row of "t2"
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true,"callerTransaction":"begin"}
-- baseline:
create table t ( a int, a2 int, a3 int default 'abc', primary key (a2, a));
create table a ( a int, a2 int default 'abc', a3 int check (length(a3) < 40), a4 int default 'abc', primary key (a2, a)) without rowid;
create table t2 ( a int primary key) without rowid;
create table t3 ( a int references t2, a2 int check (a2 is not 'abc'), a3 int references t2);
create index t4 on t2 (a);
create trigger t after insert on t begin select 1; end;
create trigger t2 after update of a on t begin select 1; end;
create table search_src(id integer primary key, title text, extra int);
-- rows:
insert into "t" ("a", "a2", "a3") values (0, 0, NULL);
insert into "a" ("a", "a2", "a3", "a4") values (0, 0, 0, 0);
-- desired:
create table t ( a int, a2 int, a3 int default 'abc', primary key (a2, a));
create table a ( a int references t2(a), a2 int default 'abc', a3 int check (length(a3) < 40), a4 int default 'abc', primary key (a2, a)) without rowid;
create table t2 ( a int primary key) without rowid;
create table t3 ( a int references t2, a2 int check (a2 is not 'abc'), a3 int references t2);
create index t4 on t2 (a);
create trigger t after insert on t begin select 1; end;
create trigger t2 after update of a on t begin select 1; end;
create table search_src(id integer primary key, title text, extra int);
create virtual table search using fts5(title, content='search_src', content_rowid='id');
-- #endregion
