-- SPDX-License-Identifier: MIT
-- A case found by the property campaign (schemasync check), shrunk, then reduced by hand.
-- #region: P1 seed 8500901811021478532
-- property P1 failed: [scratch-db] live schema differs from desired: line 3: expected <  C 1 Rowid type=int ...> got <  C 1 rowid type=int ...>
-- found by: schemasync check --seed 15 (case seed 8500901811021478532)
-- A column named rowid (it hides the rowid; _rowid_ and oid still reach it) is renamed by
-- case to Rowid: the sync plans nothing and the live spelling stays rowid (SPEC §2: after a
-- sync the live spelling equals the desired one). The same rename of a column b, or of a
-- column named oid, is applied.
-- propertiesOnly: the correct plan is not known, replay checks P1-P10
-- config: {"allowDestructive":true,"foreignKeys":false,"propertiesOnly":true}
-- baseline:
create table t (a int, rowid int);
-- desired:
create table t (a int, Rowid int);
-- #endregion
