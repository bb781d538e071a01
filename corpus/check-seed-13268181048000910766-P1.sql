-- SPDX-License-Identifier: MIT
-- A case found by the property campaign (schemasync check, 10-minute run of 2026-12-02, seed
-- 20261204), shrunk. An empty table named with the scratch prefix (a crashed sync's
-- leftover) whose foreign key names a column that is not unique: foreign_key_check, run
-- before the leftovers were dropped, failed the sync with "foreign key mismatch". Fixed: the
-- violations the plan starts from are counted after the leftovers are gone (apply.c,
-- ss__fk_guard_baseline).
-- #region: P1 seed 13268181048000910766
-- property P1 failed: [scratch-db] sync failed although the rows fit the desired schema: sqlite: PRAGMA foreign_key_check: foreign key mismatch - "__sqlfu_sync_t3" referencing "t"
-- found by: schemasync check --case-seed 13268181048000910766 --max-tables 4
-- shrunk from 296 to 235 choices; propertiesOnly: the correct plan is not known, replay checks P1-P10
-- observed plan:
--   DROP TABLE "t";
-- observed error: PRAGMA foreign_key_check: foreign key mismatch - "__sqlfu_sync_t3" referencing "t"
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table t ( a int, a2 int check (length(a2) < 40), a3 int);
create table __sqlfu_sync_t3 ( a int primary key references t(a), a2 int check (a2 is not 'abc'), a3 int as (a || 'x') stored);
-- desired:
-- #endregion
