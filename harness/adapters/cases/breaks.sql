-- SPDX-License-Identifier: MIT
-- Eight of features.sql's cases, each of which some toy --break switch gets wrong: the
-- adapters ctest replays them through the toy (harness/adapters/toy/test-breaks.sh), once
-- per switch and transport, and expects the property the switch breaks.

-- #region: create:feature:view
-- labels: feature:view
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
-- desired:
create table f(id integer primary key not null, b text);
create view fv as select b from f;
-- #endregion

-- #region: change:add-column
-- labels: change:add-column
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table t(id integer primary key not null, a text, b integer);
-- rows:
insert into t(id, a, b) values (1, 'x', 1), (2, 'y', 2);
-- desired:
create table t(id integer primary key not null, a text, b integer, c text);
-- #endregion

-- #region: change:drop-column
-- labels: change:drop-column
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table t(id integer primary key not null, a text, b integer, c text);
-- rows:
insert into t(id, a, b) values (1, 'x', 1), (2, 'y', 2);
-- desired:
create table t(id integer primary key not null, a text, b integer);
-- #endregion

-- #region: change:column-type
-- labels: change:column-type
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table t(id integer primary key not null, a text, b integer);
-- rows:
insert into t(id, a, b) values (1, 'x', 1), (2, 'y', 2);
-- desired:
create table t(id integer primary key not null, a text, b text);
-- #endregion

-- #region: change:check
-- labels: change:check
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table t(id integer primary key not null, a text, b integer);
-- rows:
insert into t(id, a, b) values (1, 'x', 1), (2, 'y', 2);
-- desired:
create table t(id integer primary key not null, a text, b integer, check (b > 0));
-- #endregion

-- #region: change:foreign-key
-- labels: change:foreign-key
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table t(id integer primary key not null, a text, b integer);
create table p(id integer primary key not null);
-- rows:
insert into t(id, a, b) values (1, 'x', 1), (2, 'y', 2);
-- desired:
create table p(id integer primary key not null);
create table t(id integer primary key not null, a text, b integer references p(id));
-- #endregion

-- #region: guard:drop-table
-- labels: change:drop-table config:allow-destructive-off
-- config: {"allowDestructive":false,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table t(id integer primary key not null, a text, b integer);
create table u(id integer primary key not null);
-- rows:
insert into t(id, a, b) values (1, 'x', 1), (2, 'y', 2);
-- desired:
create table t(id integer primary key not null, a text, b integer);
-- #endregion

-- #region: reject:check
-- labels: change:check
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table t(id integer primary key not null, a text, b integer);
-- rows:
insert into t(id, a, b) values (1, 'x', 1), (2, 'y', 2);
-- desired:
create table t(id integer primary key not null, a text, b integer, check (b > 5));
-- #endregion
