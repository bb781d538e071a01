-- SPDX-License-Identifier: MIT
-- A case found by the property campaign (schemasync check), shrunk.
-- #region: P1 seed 125853
-- note: this report was a harness false alarm, kept as a regression case of the oracle:
-- SQLite's foreign-key enforcement rejects a REAL child key 3.0 under an INTEGER PRIMARY KEY
-- parent 3 although foreign_key_check accepts it. The reference migration now copies rows
-- under enforcement, so this sync may fail (atomically: P5) or succeed.
-- property P1 failed: [scratch-db] sync failed although the rows fit the desired schema: constraint: COMMIT failed: FOREIGN KEY constraint failed
-- found by: schemasync check --seed 125853 --cases 1 --jobs 1 (max tables 4)
-- shrunk from 222 to 211 choices; propertiesOnly: the correct plan is not known, replay checks P1-P9
-- observed plan:
--   -- rebuilding table "t3": column "a" type changed from INT to DOUBLE PRECISION
--   CREATE TABLE "__sqlfu_sync_new_t3" ( a DOUBLE PRECISION primary key check (length(a) < 40) references t2(a));
--   INSERT INTO "__sqlfu_sync_new_t3" (rowid, "a") SELECT rowid, "a" FROM "t3";
--   DROP TABLE "t3";
--   CREATE TABLE "t3" ( a DOUBLE PRECISION primary key check (length(a) < 40) references t2(a));
--   INSERT INTO "t3" (rowid, "a") SELECT rowid, "a" FROM "__sqlfu_sync_new_t3";
--   DROP TABLE "__sqlfu_sync_new_t3";
-- observed error: COMMIT failed: FOREIGN KEY constraint failed
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table t2 ( a integer primary key autoincrement, a2 int, a3 int, a4 int);
create table t3 ( a int primary key check (length(a) < 40) references t2(a));
-- rows:
insert into "t2" ("a", "a2", "a3", "a4") values (3, 'a', NULL, NULL);
insert into "t3" ("a") values (3);
-- desired:
create table t2 ( a integer primary key autoincrement, a2 int, a3 int, a4 int);
create table t3 ( a DOUBLE PRECISION primary key check (length(a) < 40) references t2(a));
-- #endregion
