-- SPDX-License-Identifier: MIT
-- A case found by the property campaign (schemasync check), shrunk.
-- #region: P1 seed 5581
-- property P1 failed: [scratch-db] sync failed although the rows fit the desired schema: sqlite: statement failed: ALTER TABLE "t" DROP COLUMN "a": cannot drop column "a": no other columns exist
-- found by: schemasync check --seed 5581 --cases 1 --jobs 1 (max tables 4)
-- shrunk from 64 to 61 choices; propertiesOnly: the correct plan is not known, replay checks P1-P9
-- observed plan:
--   ALTER TABLE "t" DROP COLUMN "a";
--   ALTER TABLE "t" ADD COLUMN a2 int;
-- observed error: statement failed: ALTER TABLE "t" DROP COLUMN "a": cannot drop column "a": no other columns exist
-- config: {"allowDestructive":true,"foreignKeys":false,"propertiesOnly":true}
-- baseline:
create table t ( a int);
-- desired:
create table t ( a2 int);
-- #endregion
