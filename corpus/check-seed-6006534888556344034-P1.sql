-- SPDX-License-Identifier: MIT
-- Engine bug found by the property campaign (10-minute run of 2026-12-02 on the final
-- engine, seed 20261205), shrunk; fixed. Inside a caller's transaction with foreign keys
-- enforced, the live child "t" has a foreign key to a table that does not exist ("posts");
-- the plan drops the child's parent "from" before rebuilding the child, and the DROP's
-- implicit DELETE cascaded into "t", whose dangling key SQLite could not resolve: "no such
-- table: main.posts". The engine now switches enforcement off inside the caller's
-- transaction with sqlite3_db_config (PRAGMA foreign_keys cannot).
-- #region: P1 seed 6006534888556344034
-- property P1 failed: [caller transaction, auto] sync failed although the rows fit the desired schema: sqlite: statement failed: DROP TABLE "from": no such table: main.posts
-- found by: schemasync check --case-seed 6006534888556344034 --max-tables 4
-- shrunk from 447 to 362 choices; propertiesOnly: the correct plan is not known, replay checks P1-P10
-- observed plan:
--   CREATE TABLE "from_new" ( a int, a2 int as (a || 'x'), a3 int, a4 int check (typeof(a4) != 'real'), primary key (a, a4), unique (a3, a));
--   CREATE TABLE "posts_new" ( __sqlfu_sync_c integer primary key autoincrement, a int) strict;
--   DROP TABLE "from";
--   -- rebuilding table "t": table constraints changed
--   CREATE TABLE "__sqlfu_sync_new_t" ( a int, a2 int check (a2 is not 'abc') references posts_new on delete restrict deferrable initially immediate, a3 int, a4 int, primary key (a3, a), foreign key (a, a2) references from_new(a3, a) on delete cascade, unique (a3, a4));
--   INSERT INTO "__sqlfu_sync_new_t" (rowid, "a", "a2", "a3", "a4") SELECT rowid, "a", "a2", "a3", "a4" FROM "t";
--   DROP TABLE "t";
--   CREATE TABLE "t" ( a int, a2 int check (a2 is not 'abc') references posts_new on delete restrict deferrable initially immediate, a3 int, a4 int, primary key (a3, a), foreign key (a, a2) references from_new(a3, a) on delete cascade, unique (a3, a4));
--   INSERT INTO "t" (rowid, "a", "a2", "a3", "a4") SELECT rowid, "a", "a2", "a3", "a4" FROM "__sqlfu_sync_new_t";
--   DROP TABLE "__sqlfu_sync_new_t";
-- observed error: statement failed: DROP TABLE "from": no such table: main.posts
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true,"callerTransaction":"begin","renameMinRows":2093}
-- baseline:
create table "from" ( a int, a2 int as (a || 'x'), a3 int, a4 int check (typeof(a4) != 'real'), primary key (a, a4), unique (a3, a));
create table t ( a int, a2 int check (a2 is not 'abc') references posts on delete restrict deferrable initially immediate, a3 int, a4 int, primary key (a3, a), foreign key (a, a2) references "from"(a3, a) on delete cascade, unique (a3, a4));
-- desired:
create table from_new ( a int, a2 int as (a || 'x'), a3 int, a4 int check (typeof(a4) != 'real'), primary key (a, a4), unique (a3, a));
create table t ( a int, a2 int check (a2 is not 'abc') references posts_new on delete restrict deferrable initially immediate, a3 int, a4 int, primary key (a3, a), foreign key (a, a2) references from_new(a3, a) on delete cascade, unique (a3, a4));
create table posts_new ( __sqlfu_sync_c integer primary key autoincrement, a int) strict;
-- #endregion
