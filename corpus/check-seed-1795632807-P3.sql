-- SPDX-License-Identifier: MIT
-- A case found by the property campaign (schemasync check), shrunk.
-- #region: P3 seed 1795632807
-- property P3 failed: [scratch-db] rows of table t ("a", "a2", "a3", "a4") differ: line 1: expected <x'00ff'|i0|x'00ff'|i1> got <x'00ff'|i0|x'00ff'|i0>
-- found by: schemasync check --seed 1795632807 --cases 1 --jobs 1 (max tables 4)
-- shrunk from 221 to 166 choices; propertiesOnly: the correct plan is not known, replay checks P1-P9
-- observed plan:
--   -- rebuilding table "t": column "a2" definition changed from "Integer primary key" to "Integer"
--   CREATE TABLE "__sqlfu_sync_new_t" ( a int, a2 Integer, a3 int, a4 Integer primary key);
--   INSERT INTO "__sqlfu_sync_new_t" (rowid, "a", "a2", "a3") SELECT rowid, "a", "a2", "a3" FROM "t";
--   DROP TABLE "t";
--   CREATE TABLE "t" ( a int, a2 Integer, a3 int, a4 Integer primary key);
--   INSERT INTO "t" (rowid, "a", "a2", "a3", "a4") SELECT rowid, "a", "a2", "a3", "a4" FROM "__sqlfu_sync_new_t";
--   DROP TABLE "__sqlfu_sync_new_t";
-- config: {"allowDestructive":true,"foreignKeys":false,"propertiesOnly":true}
-- baseline:
create table t ( a int, a2 Integer primary key, a3 int);
-- rows:
insert into "t" ("a", "a2", "a3") values (x'00ff', 0, x'00ff');
-- desired:
create table t ( a int, a2 Integer, a3 int, a4 Integer primary key);
-- #endregion
