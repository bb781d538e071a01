-- SPDX-License-Identifier: MIT
-- A case found by the property campaign (schemasync check), shrunk.
-- #region: P1 seed 9394037627757686450
-- property P1 failed: [scratch-db] sync failed although the rows fit the desired schema: sqlite: table "t2" is damaged or could not be checked (PRAGMA quick_check: NULL value in t2.a3); refusing to rewrite it, which would lose the rows on damaged pages; nothing was changed
-- found by: schemasync check --case-seed 9394037627757686450 --max-tables 4
-- shrunk from 331 to 307 choices; propertiesOnly: the correct plan is not known, replay checks P1-P10
-- observed plan:
--   -- rebuilding table "T2": name spelling changed from "t2" to "T2"
--   CREATE TABLE "__sqlfu_sync_new_T2" ( a int, a2 int, a3 int not null as (a || 'x') stored, a4 int primary key) without rowid;
--   INSERT INTO "__sqlfu_sync_new_T2" ("a", "a2", "a4") SELECT "a", "a2", "a4" FROM "t2";
--   DROP TABLE "t2";
--   CREATE TABLE "T2" ( a int, a2 int, a3 int not null as (a || 'x') stored, a4 int primary key) without rowid;
--   INSERT INTO "T2" ("a", "a2", "a4") SELECT "a", "a2", "a4" FROM "__sqlfu_sync_new_T2";
--   DROP TABLE "__sqlfu_sync_new_T2";
-- observed error: table "t2" is damaged or could not be checked (PRAGMA quick_check: NULL value in t2.a3); refusing to rewrite it, which would lose the rows on damaged pages; nothing was changed
-- config: {"allowDestructive":true,"foreignKeys":false,"propertiesOnly":true}
-- baseline:
create table t2 ( a int, a2 int, a3 int not null as (a || 'x') stored, a4 int primary key) without rowid;
-- rows:
insert into "t2" ("a", "a2", "a4") values (0, 0, 0);
-- desired:
create table T2 ( a int, a2 int, a3 int not null as (a || 'x') stored, a4 int primary key) without rowid;
-- #endregion
