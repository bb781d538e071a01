-- SPDX-License-Identifier: MIT
-- A case found by the property campaign (schemasync check), shrunk.
-- #region: P1 seed 993
-- property P1 failed: [scratch-db] live schema differs from desired: line 10: expected <  F -> t upd=NO ACTION del=NO ACTION match=NONE: select->- deferred=0> got <  I <auto:pk> unique=1 partial=0 sql=- keys=[0 0 a d0 binary k1][1 -1 - d0 binary k0]>
-- found by: schemasync check --seed 993 --cases 1 --jobs 1 (max tables 4)
-- shrunk from 363 to 341 choices; propertiesOnly: the correct plan is not known, replay checks P1-P9
-- observed plan:
--   ALTER TABLE "t" ADD COLUMN `select` boolean check (typeof("select") != 'real');
-- config: {"allowDestructive":true,"foreignKeys":false,"propertiesOnly":true}
-- baseline:
create table t ( a int primary key, a2 int default NULL, a3 int, a4 int, check (a2 is not a or a2 is null));
-- desired:
create table t ( a int primary key, a2 int default NULL, a3 int, a4 int, `select` boolean check (typeof("select") != 'real'), foreign key ("select") references t, check (a2 is not a or a2 is null));
-- #endregion
