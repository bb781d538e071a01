-- SPDX-License-Identifier: MIT
-- A case found by the property campaign (schemasync check), shrunk.
-- #region: P1 seed 801931
-- property P1 failed: [prefix] sync failed although the rows fit the desired schema: sqlite: statement failed: INSERT INTO "__sqlfu_sync_new_t" ("a2", "a") SELECT "a2", "a" FROM "t": datatype mismatch
-- found by: schemasync check --seed 801931 --cases 1 --jobs 1 (max tables 6)
-- shrunk from 112 to 104 choices; propertiesOnly: the correct plan is not known, replay checks P1-P9
-- observed plan:
--   -- rebuilding table "t": table constraints changed
--   CREATE TABLE "__sqlfu_sync_new_t" ( a2 integer primary key, a int, a3 int as (a || 'x'));
--   INSERT INTO "__sqlfu_sync_new_t" ("a2", "a") SELECT "a2", "a" FROM "t";
--   DROP TABLE "t";
--   CREATE TABLE "t" ( a2 integer primary key, a int, a3 int as (a || 'x'));
--   INSERT INTO "t" ("a2", "a") SELECT "a2", "a" FROM "__sqlfu_sync_new_t";
--   DROP TABLE "__sqlfu_sync_new_t";
-- observed error: statement failed: INSERT INTO "__sqlfu_sync_new_t" ("a2", "a") SELECT "a2", "a" FROM "t": datatype mismatch
-- config: {"allowDestructive":true,"foreignKeys":false,"propertiesOnly":true}
-- baseline:
create table t ( a int, a2 int as (a || 'x'), a3 int as (a || 'x'), primary key (a));
-- rows:
insert into "t" ("a") values (0);
-- desired:
create table t ( a2 integer primary key, a int, a3 int as (a || 'x'));
-- #endregion
