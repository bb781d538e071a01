-- SPDX-License-Identifier: MIT
-- A case found by the property campaign (schemasync check), shrunk.
-- #region: P1 seed 1796169216
-- property P1 failed: [scratch-db] sync failed although the rows fit the desired schema: sqlite: table "t" is damaged or could not be checked (PRAGMA quick_check: TEXT value in t.a); refusing to rewrite it, which would lose the rows on damaged pages; nothing was changed
-- found by: schemasync check --seed 1796169216 --cases 1 --jobs 1 (max tables 4)
-- shrunk from 150 to 118 choices; propertiesOnly: the correct plan is not known, replay checks P1-P9
-- observed plan:
--   -- rebuilding table "t": column "a2" definition changed from "int as (a || 'x')" to "int"
--   CREATE TABLE "__sqlfu_sync_new_t" ( a2 int, a3 int, primary key (a3)) without rowid;
--   INSERT INTO "__sqlfu_sync_new_t" ("a3") SELECT "a3" FROM "t";
--   DROP TABLE "t";
--   CREATE TABLE "t" ( a2 int, a3 int, primary key (a3)) without rowid;
--   INSERT INTO "t" ("a2", "a3") SELECT "a2", "a3" FROM "__sqlfu_sync_new_t";
--   DROP TABLE "__sqlfu_sync_new_t";
-- observed error: table "t" is damaged or could not be checked (PRAGMA quick_check: TEXT value in t.a); refusing to rewrite it, which would lose the rows on damaged pages; nothing was changed
-- config: {"allowDestructive":true,"foreignKeys":false,"propertiesOnly":true}
-- baseline:
create table t ( a int default '名', a2 int as (a || 'x'), a3 int, primary key (a3)) without rowid;
-- rows:
insert into "t" ("a", "a3") values (0, 0);
-- desired:
create table t ( a2 int, a3 int, primary key (a3)) without rowid;
-- #endregion
