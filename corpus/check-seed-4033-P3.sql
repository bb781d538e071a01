-- SPDX-License-Identifier: MIT
-- A case found by the property campaign (schemasync check), shrunk.
-- #region: P3 seed 4033
-- property P3 failed: [scratch-db] sync succeeded but SQLite rejects the rows in the desired schema (row of t does not fit: cannot store REAL value in INT column t.a2)
-- found by: schemasync check --seed 4033 --cases 1 --jobs 1 (max tables 4)
-- shrunk from 118 to 94 choices; propertiesOnly: the correct plan is not known, replay checks P1-P9
-- observed plan:
--   ALTER TABLE "t" ADD COLUMN a2 int default 1.5;
-- config: {"allowDestructive":true,"foreignKeys":false,"propertiesOnly":true}
-- baseline:
create table t ( a integer, primary key (a)) strict;
-- rows:
insert into "t" ("a") values (NULL);
-- desired:
create table t ( a integer, a2 int default 1.5, primary key (a)) strict;
-- #endregion
