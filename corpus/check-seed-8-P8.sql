-- SPDX-License-Identifier: MIT
-- A case found by the property campaign (schemasync check), shrunk.
-- #region: P8 seed 8
-- property P8 failed: [prefix] allowDestructive=false but trigger t was dropped
-- found by: schemasync check --seed 8 --cases 1 --jobs 1 (max tables 4)
-- shrunk from 287 to 272 choices; propertiesOnly: the correct plan is not known, replay checks P1-P9
-- observed plan:
--   -- view "t6" depends on "t3", which changes; recreated below
--   DROP VIEW "t6";
--   -- rebuilding table "t3": column "a4" cannot be added in place (NOT NULL without a default)
--   CREATE TABLE "__sqlfu_sync_new_t3" ( a int, a2 int, a3 int, a4 int not null, primary key (a2, a));
--   INSERT INTO "__sqlfu_sync_new_t3" (rowid, "a", "a2", "a3") SELECT rowid, "a", "a2", "a3" FROM "t3";
--   DROP TABLE "t3";
--   CREATE TABLE "t3" ( a int, a2 int, a3 int, a4 int not null, primary key (a2, a));
--   INSERT INTO "t3" (rowid, "a", "a2", "a3", "a4") SELECT rowid, "a", "a2", "a3", "a4" FROM "__sqlfu_sync_new_t3";
--   DROP TABLE "__sqlfu_sync_new_t3";
--   CREATE VIEW "t6" as select * from t3;
-- config: {"allowDestructive":false,"foreignKeys":false,"propertiesOnly":true}
-- baseline:
create table t3 ( a int, a2 int, a3 int, primary key (a2, a));
create view t6 as select * from t3;
create trigger t instead of insert on t6 begin select 1; end;
-- desired:
create table t3 ( a int, a2 int, a3 int, a4 int not null, primary key (a2, a));
create view t6 as select * from t3;
-- #endregion
