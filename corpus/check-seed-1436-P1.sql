-- SPDX-License-Identifier: MIT
-- A case found by the property campaign (schemasync check), shrunk.
-- #region: P1 seed 1436
-- property P1 failed: [prefix] live schema differs from desired: line 7: expected <  F -> t upd=NO ACTION del=NO ACTION match=NONE: a3->- deferred=0> got <>
-- found by: schemasync check --seed 1436 --cases 1 --jobs 1 (max tables 4)
-- shrunk from 287 to 254 choices; propertiesOnly: the correct plan is not known, replay checks P1-P9
-- observed plan:
--   ALTER TABLE "t3" ADD COLUMN a3 int;
-- config: {"allowDestructive":true,"foreignKeys":false,"propertiesOnly":true}
-- baseline:
create table t3 ( a int, a2 int references t);
-- desired:
create table t3 ( a int, a2 int, a3 int, foreign key (a2) references t, foreign key (a3) references t);
-- #endregion
