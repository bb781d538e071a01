-- SPDX-License-Identifier: MIT
-- A case found by the property campaign (schemasync check), shrunk.
-- #region: P1 seed 1520
-- property P1 failed: [prefix] live schema differs from desired: line 2: expected <  C 0 order type=int notnull=0 dflt=- pk=0 hidden=0 coll=BINARY gen=-> got <  C 0 Order type=int notnull=0 dflt=- pk=0 hidden=0 coll=BINARY gen=->
-- found by: schemasync check --seed 1520 --cases 1 --jobs 1 (max tables 4)
-- shrunk from 75 to 34 choices; propertiesOnly: the correct plan is not known, replay checks P1-P9
-- config: {"allowDestructive":true,"foreignKeys":false,"propertiesOnly":true}
-- baseline:
create table t ( "Order" int);
-- desired:
create table t ( "order" int);
-- #endregion
