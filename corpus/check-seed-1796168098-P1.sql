-- SPDX-License-Identifier: MIT
-- A case found by the property campaign (schemasync check), shrunk.
-- #region: P1 seed 1796168098
-- property P1 failed: [prefix] sync failed although the rows fit the desired schema: sqlite: table "t3" is damaged or could not be checked (PRAGMA quick_check: NULL value in t3.a); refusing to rewrite it, which would lose the rows on damaged pages; nothing was changed
-- found by: schemasync check --seed 1796168098 --cases 1 --jobs 1 (max tables 4)
-- shrunk from 286 to 181 choices; propertiesOnly: the correct plan is not known, replay checks P1-P9
-- observed plan:
--   -- rebuilding table "t3": column "a" definition changed from "int" to "int not null"
--   CREATE TABLE "__sqlfu_sync_new_t3" ( a int not null, a2 int as (a || 'x'), a3 int, primary key (a3, a), check (a3 is not a or a3 is null)) without rowid;
--   INSERT INTO "__sqlfu_sync_new_t3" ("a", "a3") SELECT "a", "a3" FROM "t3";
--   DROP TABLE "t3";
--   CREATE TABLE "t3" ( a int not null, a2 int as (a || 'x'), a3 int, primary key (a3, a), check (a3 is not a or a3 is null)) without rowid;
--   INSERT INTO "t3" ("a", "a3") SELECT "a", "a3" FROM "__sqlfu_sync_new_t3";
--   DROP TABLE "__sqlfu_sync_new_t3";
-- observed error: table "t3" is damaged or could not be checked (PRAGMA quick_check: NULL value in t3.a); refusing to rewrite it, which would lose the rows on damaged pages; nothing was changed
-- config: {"allowDestructive":true,"foreignKeys":false,"propertiesOnly":true}
-- baseline:
create table t3 ( a int, a2 int as (a || 'x'), a3 int, primary key (a3, a), check (`a3` is not "a" or a3 is null)) without rowid;
-- rows:
insert into "t3" ("a", "a3") values (0, '');
-- desired:
create table t3 ( a int not null, a2 int as (a || 'x'), a3 int, primary key (a3, a), check (a3 is not a or a3 is null)) without rowid;
-- #endregion
