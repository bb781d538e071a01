-- SPDX-License-Identifier: MIT
-- Issue 12, defect 8: SQLite accepts a view that selects from itself (directly or through
-- other views) and fails only when it is used; the sync refuses it up front, the same way
-- under both strategies. Names that merely look like a cycle (a column or an alias with a
-- view's name, a CTE that shadows it) are not refused.
-- default config: {"allowDestructive": true}

-- #region: a view selecting from itself is refused
-- baseline:
create table t(a);
-- rows:
insert into t values (1);
-- desired:
create table t(a);
create view v as select * from v;
-- error: "view \"v\" is circularly defined"
-- #endregion

-- #region: two views selecting from each other are refused
-- baseline:
create table t(a);
create view a as select a from t;
-- desired:
create table t(a);
create view a as select * from b;
create view b as select * from a;
-- error: "circularly defined"
-- #endregion

-- #region: a name that only looks circular is fine
-- baseline:
create table t(a);
-- desired:
create table t(a);
create view v as with v(x) as (select 1) select x from v;
create view w as select a as w from t;
-- output:
CREATE VIEW "v" as with v(x) as (select 1) select x from v;
CREATE VIEW "w" as select a as w from t;
-- #endregion
