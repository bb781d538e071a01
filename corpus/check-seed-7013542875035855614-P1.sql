-- SPDX-License-Identifier: MIT
-- A case found by the property campaign (schemasync check), shrunk.
-- #region: P1 seed 7013542875035855614
-- property P1 failed: [prefix] sync failed although the rows fit the desired schema: sqlite: table "t" is damaged or could not be checked (PRAGMA quick_check: TEXT value in t.a2); refusing to rewrite it, which would lose the rows on damaged pages; nothing was changed
-- found by: schemasync check --case-seed 7013542875035855614 --max-tables 4
-- shrunk from 347 to 250 choices; propertiesOnly: the correct plan is not known, replay checks P1-P10
-- observed plan:
--   -- rebuilding table "t": WITHOUT ROWID removed
--   CREATE TABLE "__sqlfu_sync_new_t" ( a2 int default 'abc', a3 int, a4 int, a5 int, a6 int default 'abc', a7 int default 'abc', a8 int, a9 int default 'abc', a10 int, a11 int);
--   INSERT INTO "__sqlfu_sync_new_t" ("a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9", "a10", "a11") SELECT "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9", "a10", "a11" FROM "t";
--   DROP TABLE "t";
--   CREATE TABLE "t" ( a2 int default 'abc', a3 int, a4 int, a5 int, a6 int default 'abc', a7 int default 'abc', a8 int, a9 int default 'abc', a10 int, a11 int);
--   INSERT INTO "t" ("a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9", "a10", "a11") SELECT "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9", "a10", "a11" FROM "__sqlfu_sync_new_t";
--   DROP TABLE "__sqlfu_sync_new_t";
-- observed error: table "t" is damaged or could not be checked (PRAGMA quick_check: TEXT value in t.a2); refusing to rewrite it, which would lose the rows on damaged pages; nothing was changed
-- config: {"allowDestructive":true,"foreignKeys":false,"propertiesOnly":true,"alterCopyMinObjects":1}
-- baseline:
create table t ( a int, a2 int default 'abc', a3 int, a4 int, a5 int, a6 int default 'abc', a7 int default 'abc', a8 int, a9 int default 'abc', a10 int, a11 int, primary key (a, a11)) without rowid;
-- rows:
insert into "t" ("a", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9", "a10", "a11") values (0, 0, x'00ff', 0, NULL, NULL, 'a', 'a', x'00ff', NULL, 'é名');
-- desired:
create table t ( a2 int default 'abc', a3 int, a4 int, a5 int, a6 int default 'abc', a7 int default 'abc', a8 int, a9 int default 'abc', a10 int, a11 int);
-- #endregion
