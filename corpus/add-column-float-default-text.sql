-- SPDX-License-Identifier: MIT
-- KNOWN ENGINE BUG (corpus/known-failing.txt), found by the property campaign (ci/coverage's
-- 60 s campaign, seed 1, 2026-12-02, with the generator's number spellings in defaults),
-- shrunk. A TEXT column added with a float default written in a non-canonical spelling
-- (1e3; also .5, 2.5E-1, 1e+2, 3.) takes, on the rows that exist, the literal's own text
-- when the engine adds it in place: SQLite's ALTER TABLE ADD COLUMN reads the default of old
-- rows from the token with TEXT affinity ('1e3'), while an INSERT, and so a rebuild (the
-- engine's path in a big schema or for other changes), evaluates it first ('1000.0'). The
-- same definitions thus leave different rows depending on the path the planner picks; P3's
-- reference (the desired table filled by INSERT) expects '1000.0'. Plain SQLite shows it:
--   CREATE TABLE t(a); INSERT INTO t VALUES (1); ALTER TABLE t ADD COLUMN b TEXT DEFAULT 1e3;
--   INSERT INTO t(a) VALUES (2); SELECT quote(b) FROM t;   -- '1e3', '1000.0'
-- A fix: take such a default as not addable in place (rebuild), or refuse it.
-- replay: schemasync replay --include-known-failing corpus/add-column-float-default-text.sql
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
