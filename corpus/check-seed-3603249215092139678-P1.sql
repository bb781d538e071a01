-- SPDX-License-Identifier: MIT
-- A case found by the property campaign (schemasync check), shrunk, then reduced by hand.
-- #region: P1 seed 3603249215092139678
-- property P1 failed: [caller transaction, auto] sync failed although the rows fit the desired schema: sqlite: statement failed: INSERT INTO "g" ... SELECT ... FROM "__sqlfu_sync_new_g": foreign key mismatch - "t" referencing "g"
-- found by: schemasync check --seed 9 (case seed 3603249215092139678)
-- The caller has a transaction open and foreign keys on, so enforcement cannot be switched
-- off. g loses the key that t's foreign key names; the engine rebuilds g first, while t still
-- references g(k), and SQLite fails the copy with "foreign key mismatch" (an SS_E_SQLITE
-- error). No table holds rows: the change is possible (rebuild t first, or drop its foreign
-- key first); SPEC §4 allows a clear refusal where it is not, not an obscure failure.
-- (Replay reports the known P10 bug of this config first; P1 fails as well.)
-- propertiesOnly: the correct plan is not known, replay checks P1-P10
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true,"callerTransaction":"begin"}
-- baseline:
create table g (k real primary key);
create table t (a int references g(k));
-- desired:
create table g (k real);
create table t (a int);
-- #endregion
