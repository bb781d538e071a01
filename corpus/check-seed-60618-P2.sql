-- SPDX-License-Identifier: MIT
-- A case found by the property campaign (schemasync check), shrunk.
-- #region: P2 seed 60618
-- property P2 failed: [prefix] the definitions differ from the baseline only in formatting, but the plan has 2 statements: -- trigger "t2" changed; recreated below
-- DROP TRIGGER "t2";
-- CREATE TRIGGER "t2" after insert on "t" begin select 1; end;
-- 
-- found by: schemasync check --seed 60618 --cases 1 --jobs 1 (max tables 4)
-- shrunk from 84 to 67 choices; the definitions differ from the baseline only in formatting: the correct plan is empty
-- observed plan:
--   -- trigger "t2" changed; recreated below
--   DROP TRIGGER "t2";
--   CREATE TRIGGER "t2" after insert on "t" begin select 1; end;
-- config: {"allowDestructive":true,"foreignKeys":false}
-- baseline:
create table t ( a int);
create trigger t2 after insert on t for each row begin select 1; end;
-- desired:
create table t ( a int);
create trigger t2 after insert on t begin select 1; end;
-- output: <empty>
-- #endregion
