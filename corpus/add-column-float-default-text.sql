-- SPDX-License-Identifier: MIT
-- Engine bug found by the property campaign (ci/coverage's 60 s campaign, seed 1,
-- 2026-12-02, with the generator's number spellings in defaults), shrunk; fixed. A TEXT
-- column added with a float default in a non-canonical spelling (1e3; also .5, 2.5E-1,
-- 1e+2, 3.) took, on the rows that existed, the literal's own text when the engine added it
-- in place: SQLite's ALTER TABLE ADD COLUMN reads the default of old rows from the token
-- ('1e3'), while an INSERT, and so a rebuild, evaluates it first ('1000.0'). The planner
-- now rebuilds instead of adding such a column (a REAL literal default in a TEXT or untyped
-- column).
-- #region: P3 seed 5963116383452558131
-- found by: schemasync check --case-seed 5963116383452558131 --max-tables 4
-- config: {"allowDestructive":true,"foreignKeys":false,"propertiesOnly":true}
-- baseline:
create table t ( a int);
-- rows:
with recursive r(i) as (select 1 union all select i + 1 from r where i < 150) insert or ignore into "t" ("a") select i from r;
-- desired:
create table t ( a int, a2 TEXT default 1e3);
-- #endregion
