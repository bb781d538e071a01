-- SPDX-License-Identifier: MIT
-- Shadow tables belong to their virtual table; a user table that merely has such a suffix is an ordinary table, compared and changed like any other.

-- #region: user tables with shadow-like names beside no owner
-- baseline:
create table d_data(x);
create table r_node(y);
-- rows:
insert into d_data values (1);
insert into r_node values (2);
-- desired:
create table d_data(x, z);
create table r_node(y text);
-- #endregion

-- #region: user tables with shadow-like names beside no owner (foreign keys on)
-- config: {"foreignKeys": true}
-- baseline:
create table d_data(x);
create table r_node(y);
-- rows:
insert into d_data values (1);
insert into r_node values (2);
-- desired:
create table d_data(x, z);
create table r_node(y text);
-- #endregion

-- #region: user tables with shadow-like names beside no owner (durable-object profile)
-- config: {"profile": "durable-object"}
-- baseline:
create table d_data(x);
create table r_node(y);
-- rows:
insert into d_data values (1);
insert into r_node values (2);
-- desired:
create table d_data(x, z);
create table r_node(y text);
-- #endregion

-- #region: user table with an FTS5 suffix beside a contentless owner
-- baseline:
create virtual table c using fts5(a, content='');
create table c_content(k);
-- rows:
insert into c_content values (5);
-- desired:
create virtual table c using fts5(a, content='');
create table c_content(k, v);
-- #endregion

-- #region: user table with an FTS5 suffix beside a contentless owner (foreign keys on)
-- config: {"foreignKeys": true}
-- baseline:
create virtual table c using fts5(a, content='');
create table c_content(k);
-- rows:
insert into c_content values (5);
-- desired:
create virtual table c using fts5(a, content='');
create table c_content(k, v);
-- #endregion

-- #region: shadow tables of a recreated fts5 follow it
-- baseline:
create virtual table d using fts5(title, body);
create table d_datax(x);
-- rows:
insert into d(rowid, title, body) values (3, 'alpha beta', 'gamma delta'), (10, 'beta', 'epsilon alpha'), (42, 'zeta', null);
insert into d_datax values (1);
-- desired:
create virtual table d using fts5(title, body, columnsize=0);
create table d_datax(x, y);
-- #endregion

-- #region: shadow tables of a recreated fts5 follow it (foreign keys on)
-- config: {"foreignKeys": true}
-- baseline:
create virtual table d using fts5(title, body);
create table d_datax(x);
-- rows:
insert into d(rowid, title, body) values (3, 'alpha beta', 'gamma delta'), (10, 'beta', 'epsilon alpha'), (42, 'zeta', null);
insert into d_datax values (1);
-- desired:
create virtual table d using fts5(title, body, columnsize=0);
create table d_datax(x, y);
-- #endregion

-- #region: shadow tables of a recreated fts5 follow it (durable-object profile)
-- config: {"profile": "durable-object"}
-- baseline:
create virtual table d using fts5(title, body);
create table d_datax(x);
-- rows:
insert into d(rowid, title, body) values (3, 'alpha beta', 'gamma delta'), (10, 'beta', 'epsilon alpha'), (42, 'zeta', null);
insert into d_datax values (1);
-- desired:
create virtual table d using fts5(title, body, columnsize=0);
create table d_datax(x, y);
-- #endregion

-- #region: a trigger named like a shadow table of a virtual table is an ordinary trigger
-- (triggers have their own namespace: inspection once skipped every object of that name)
-- baseline:
create virtual table ft using fts5(body);
create table t(a, n);
create trigger ft_data after insert on t begin update t set n = 1 where rowid = new.rowid; end;
-- rows:
insert into t values ('x', 0);
-- desired:
create virtual table ft using fts5(body);
create table t(a, n);
create trigger ft_data after insert on t begin update t set n = 2 where rowid = new.rowid; end;
-- #endregion
