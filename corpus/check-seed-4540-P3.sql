-- SPDX-License-Identifier: MIT
-- A case found by the property campaign (schemasync check), shrunk.
-- #region: P3 seed 4540
-- property P3 failed: [prefix] sync succeeded but SQLite rejects the rows in the desired schema (row of t does not fit: cannot store TEXT value in INT column t.a4)
-- found by: schemasync check --seed 4540 --cases 1 --jobs 1 (max tables 4)
-- shrunk from 190 to 132 choices; propertiesOnly: the correct plan is not known, replay checks P1-P9
-- observed plan:
--   ALTER TABLE "t" ADD COLUMN a4 int default 'it''s';
-- config: {"allowDestructive":true,"foreignKeys":false,"propertiesOnly":true}
-- baseline:
create table t ( a text, a2 int, a3 int) strict;
-- rows:
insert into "t" ("a", "a2", "a3") values ('é名', 0, NULL);
-- desired:
create table t ( a text, a2 int, a3 int, a4 int default 'it''s') strict;
-- #endregion
