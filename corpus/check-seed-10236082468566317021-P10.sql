-- SPDX-License-Identifier: MIT
-- A case found by the property campaign (schemasync check), shrunk by hand.
-- #region: P10 seed 10236082468566317021
-- property P10 failed: [caller transaction, auto] PRAGMA defer_foreign_keys was 0 before the sync, 1 after it succeeded
-- found by: schemasync check --seed 3 (case seed 10236082468566317021)
-- The caller has a transaction open (BEGIN) and passes a SAVEPOINT txn hook; foreign keys are
-- on. Enforcement cannot be switched off inside a transaction, so the engine sets
-- PRAGMA defer_foreign_keys=ON in it and never restores it: after the sync the caller's
-- transaction runs with deferred foreign keys (SPEC §4: the connection is as the caller left it).
-- propertiesOnly: the correct plan is not known, replay checks P1-P10
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true,"callerTransaction":"begin"}
-- baseline:
create table t (a int);
-- desired:
create table t (a int, b int);
-- #endregion
