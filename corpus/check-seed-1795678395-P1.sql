-- SPDX-License-Identifier: MIT
-- A case found by the property campaign (schemasync check), shrunk. An oracle false alarm:
-- no column is kept, so the reference copied nothing and took the refusal (a new NOT NULL
-- column without default on a table with rows) for a failure of the engine.
-- #region: P1 seed 1795678395
-- property P1 failed: [scratch-db] sync failed although the rows fit the desired schema: refused: refusing to change table "t2": new NOT NULL (without default) column "a2" would need values invented for its existing rows
-- found by: schemasync check --seed 1795678395 --cases 1 --jobs 1 (max tables 5)
-- shrunk from 385 to 294 choices; propertiesOnly: the correct plan is not known, replay checks P1-P9
-- observed error: refusing to change table "t2": new NOT NULL (without default) column "a2" would need values invented for its existing rows
-- config: {"allowDestructive":true,"foreignKeys":false,"propertiesOnly":true}
-- baseline:
create table t2 ( a int, primary key (a)) without rowid;
-- rows:
insert into "t2" ("a") values (0);
-- desired:
create table t2 ( a2 int not null);
-- error: "would need values invented"
-- #endregion
