-- SPDX-License-Identifier: MIT
-- In a schema of at least alterCopyMinObjects objects, ADD COLUMN of a small table becomes a
-- copy. The copy must leave new columns to their defaults, as ADD COLUMN would, and keep
-- every row (found by schemasync check with config:alter-copy-min-objects-small; shrunk,
-- then reduced by hand to the change that matters).

-- #region: big schema: a column with a default is added by a copy, rows take the default
-- config: {"alterCopyMinObjects": 2, "propertiesOnly": true}
-- baseline:
create table t (a int);
create table u (x int);
-- rows:
insert into t values (1), (2);
-- desired:
create table t (a int, b text default 'n', c int not null default 0);
create table u (x int);
-- #endregion

-- #region: big schema, foreign keys on: a referencing column with a default is added
-- config: {"alterCopyMinObjects": 3, "foreignKeys": true, "propertiesOnly": true}
-- baseline:
create table p (id integer primary key);
create table c (a text primary key);
create index c_a on c (a);
-- rows:
insert into p values (1);
insert into c values ('k');
-- desired:
create table p (id integer primary key);
create table c (a text primary key, pid integer default 1 references p);
create index c_a on c (a);
-- #endregion
