-- SPDX-License-Identifier: MIT
-- A case found by the property campaign (schemasync check), shrunk.
-- #region: P5 seed 11093239810168696123
-- property P5 failed: [caller transaction, auto] failed sync (destructive: refusing destructive changes (allow destructive is off): DROP TRIGGER "v") removed prefixed object table __sqlfu_sync_it's
-- found by: schemasync check --case-seed 11093239810168696123 --max-tables 4
-- shrunk from 213 to 194 choices; propertiesOnly: the correct plan is not known, replay checks P1-P10
-- A crashed sync left the empty scratch table __sqlfu_sync_t. The sync is refused (allow
-- destructive is off and t2 would be dropped), but it removed the leftover first, outside
-- its transaction: SPEC §1 "the cleanup runs inside the sync's transaction (a refused sync
-- removes nothing)". Replay reports P9 first (the dry run removes it too, known bug
-- check-seed-7776261294207502060-P9.sql); P5 fails as well.
-- observed error: refusing destructive changes (allow destructive is off): DROP TABLE "t2"
-- config: {"allowDestructive":false,"foreignKeys":false,"propertiesOnly":true}
-- baseline:
CREATE TABLE t2 ( a int, a2 int, a3 int COLLATE BINARY CHECK (TYPEOF(a3) != 'real'));
create table __sqlfu_sync_t ( a int, primary key (a));
-- desired:
-- #endregion
