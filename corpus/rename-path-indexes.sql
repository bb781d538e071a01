-- SPDX-License-Identifier: MIT
-- A rebuilt table with at least renameMinRows rows takes its name by ALTER TABLE RENAME (the
-- big-table path). Its indexes, unchanged ones included, must exist afterwards: they were
-- dropped with the old table, and a rename does not bring them back (found by schemasync
-- check with config:rename-min-rows-small; shrunk).

-- #region: renamed into place: an unchanged index on the rebuilt table is created again
-- config: {"renameMinRows": 1, "propertiesOnly": true}
-- baseline:
create table t2 (a integer primary key, a3 int default 'abc');
create index t3 on t2 (a);
-- rows:
insert into "t2" ("a", "a3") values (0, 0);
-- desired:
create table t2 (a integer primary key, a3 int default 'ABC');
create index t3 on t2 (a);
-- #endregion

-- #region: renamed into place: a unique and a partial index survive a column type change
-- config: {"renameMinRows": 3, "foreignKeys": true, "propertiesOnly": true}
-- baseline:
create table t (a int, b text);
create unique index t_a on t (a);
create index t_b on t (b) where b is not null;
-- rows:
insert into t values (1, 'x'), (2, NULL), (3, 'z');
-- desired:
create table t (a int, b blob);
create unique index t_a on t (a);
create index t_b on t (b) where b is not null;
-- #endregion
