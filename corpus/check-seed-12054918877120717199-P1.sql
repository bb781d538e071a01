-- SPDX-License-Identifier: MIT
-- Engine bug found by the property campaign (10-minute run of 2026-12-02, seed 20261203),
-- shrunk; fixed. Inside a caller's transaction with foreign keys enforced, a parent loses
-- the UNIQUE key a child's foreign key names: the rebuild's copy into the parent failed
-- with "foreign key mismatch", because PRAGMA foreign_keys cannot switch enforcement off
-- inside a transaction. The engine now switches it with sqlite3_db_config there.
-- #region: P1 seed 12054918877120717199
-- property P1 failed: [caller transaction, auto] sync failed although the rows fit the desired schema: sqlite: statement failed: INSERT INTO "My Table" (rowid, "a", "a2", "a4") SELECT rowid, "a", "a2", "a4" FROM "__sqlfu_sync_new_My Table": foreign key mismatch - "t" referencing "My Table"
-- found by: schemasync check --case-seed 12054918877120717199 --max-tables 4
-- shrunk from 437 to 375 choices; propertiesOnly: the correct plan is not known, replay checks P1-P10
-- observed plan:
--   -- rebuilding table "My Table": table constraints changed
--   CREATE TABLE "__sqlfu_sync_new_My Table" ( a int check (a is not 'abc'), a2 int primary key desc check (length(a2) < 40), a3 any as (a || 'x'), a4 int) strict;
--   INSERT INTO "__sqlfu_sync_new_My Table" (rowid, "a", "a2", "a4") SELECT rowid, "a", "a2", "a4" FROM "My Table";
--   DROP TABLE "My Table";
--   CREATE TABLE "My Table" ( a int check (a is not 'abc'), a2 int primary key desc check (length(a2) < 40), a3 any as (a || 'x'), a4 int) strict;
--   INSERT INTO "My Table" (rowid, "a", "a2", "a4") SELECT rowid, "a", "a2", "a4" FROM "__sqlfu_sync_new_My Table";
--   DROP TABLE "__sqlfu_sync_new_My Table";
--   -- rebuilding table "t": table constraints changed
--   CREATE TABLE "__sqlfu_sync_new_t" ( a int collate BINARY, a2 int default x'ab', __sqlfu_sync_c default 'it''s' unique references "My Table" on delete restrict on update restrict, a3 int check (a3 is not 'ABC'), check (a2 is not a or a2 is null));
--   INSERT INTO "__sqlfu_sync_new_t" (rowid, "a", "a2", "__sqlfu_sync_c", "a3") SELECT rowid, "a", "a2", "__sqlfu_sync_c", "a3" FROM "t";
--   DROP TABLE "t";
--   CREATE TABLE "t" ( a int collate BINARY, a2 int default x'ab', __sqlfu_sync_c default 'it''s' unique references "My Table" on delete restrict on update restrict, a3 int check (a3 is not 'ABC'), check (a2 is not a or a2 is null));
--   INSERT INTO "t" (rowid, "a", "a2", "__sqlfu_sync_c", "a3") SELECT rowid, "a", "a2", "__sqlfu_sync_c", "a3" FROM "__sqlfu_sync_new_t";
--   DROP TABLE "__sqlfu_sync_new_t";
-- observed error: statement failed: INSERT INTO "My Table" (rowid, "a", "a2", "a4") SELECT rowid, "a", "a2", "a4" FROM "__sqlfu_sync_new_My Table": foreign key mismatch - "t" referencing "My Table"
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true,"callerTransaction":"begin","renameMinRows":239}
-- baseline:
CREATE TABLE "My Table" ( a int CHECK (a IS NOT 'abc'), a2 int PRIMARY KEY DESC CHECK (LENGTH(a2) < 40), a3 any AS (a || 'x'), a4 int, UNIQUE (a2, a)) STRICT;
CREATE TABLE t ( a int COLLATE BINARY, a2 int DEFAULT x'ab', __sqlfu_sync_c DEFAULT 'it''s' UNIQUE REFERENCES "My Table" ON DELETE RESTRICT ON UPDATE RESTRICT, a3 int CHECK (a3 IS NOT 'ABC'), FOREIGN KEY (a, a2) REFERENCES "My Table"(a2, a) ON DELETE RESTRICT, CHECK (a2 IS NOT a OR a2 IS NULL));
-- desired:
create table "My Table" ( a int check (a is not 'abc'), a2 int primary key desc check (length(a2) < 40), a3 any as (a || 'x'), a4 int) strict;
create table t ( a int collate BINARY, a2 int default x'ab', __sqlfu_sync_c default 'it''s' unique references "My Table" on delete restrict on update restrict, a3 int check (a3 is not 'ABC'), check (a2 is not a or a2 is null));
-- #endregion
