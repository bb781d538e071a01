-- SPDX-License-Identifier: MIT
-- A case found by the property campaign (schemasync check), shrunk.
-- #region: P5 seed 3521209273392770618
-- property P5 failed: [durable-object auto] failed sync (refused: table "__sqlfu_sync_keep" starts with the scratch prefix "__sqlfu_sync_" but holds rows, so it is not a scratch leftover; rename it or choose another scratch prefix) removed prefixed object index __sqlfu_sync_keep_note
-- found by: schemasync check --case-seed 3521209273392770618 --max-tables 4
-- shrunk from 357 to 334 choices; propertiesOnly: the correct plan is not known, replay checks P1-P10
-- __sqlfu_sync_keep holds rows, so it is no scratch leftover and the sync must refuse
-- "decided before anything is dropped" (SPEC §1); the engine dropped the prefixed index
-- __sqlfu_sync_keep_note first (its cleanup drops triggers, views and indexes before it looks
-- at tables' rows, outside any transaction), so the refused sync changed the database.
-- observed error: table "__sqlfu_sync_keep" starts with the scratch prefix "__sqlfu_sync_" but holds rows, so it is not a scratch leftover; rename it or choose another scratch prefix
-- config: {"allowDestructive":true,"profile":"durable-object","foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table __sqlfu_sync_keep ( id integer primary key, note text);
create index __sqlfu_sync_keep_note on __sqlfu_sync_keep (note);
-- rows:
insert into "__sqlfu_sync_keep" (id, note) values (1, 'mine'), (7, '__sqlfu_sync_ also mine');
-- desired:
-- #endregion
