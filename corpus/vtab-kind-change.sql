-- SPDX-License-Identifier: MIT
-- A table becoming a virtual table, or one module becoming another: dropped and created (destructive).

-- #region: table becomes fts5
-- baseline:
create table d(title, body);
-- rows:
insert into d(rowid, title, body) values (3, 'alpha beta', 'gamma delta'), (10, 'beta', 'epsilon alpha'), (42, 'zeta', null);
-- desired:
create virtual table d using fts5(title, body);
-- #endregion

-- #region: table becomes fts5 (foreign keys on)
-- config: {"foreignKeys": true}
-- baseline:
create table d(title, body);
-- rows:
insert into d(rowid, title, body) values (3, 'alpha beta', 'gamma delta'), (10, 'beta', 'epsilon alpha'), (42, 'zeta', null);
-- desired:
create virtual table d using fts5(title, body);
-- #endregion

-- #region: table becomes fts5 (durable-object profile)
-- config: {"profile": "durable-object"}
-- baseline:
create table d(title, body);
-- rows:
insert into d(rowid, title, body) values (3, 'alpha beta', 'gamma delta'), (10, 'beta', 'epsilon alpha'), (42, 'zeta', null);
-- desired:
create virtual table d using fts5(title, body);
-- #endregion

-- #region: fts5 becomes rtree
-- baseline:
create virtual table d using fts5(title, body);
-- rows:
insert into d(rowid, title, body) values (3, 'alpha beta', 'gamma delta'), (10, 'beta', 'epsilon alpha'), (42, 'zeta', null);
-- desired:
create virtual table d using rtree(id, a, b);
-- #endregion

-- #region: fts5 becomes rtree (foreign keys on)
-- config: {"foreignKeys": true}
-- baseline:
create virtual table d using fts5(title, body);
-- rows:
insert into d(rowid, title, body) values (3, 'alpha beta', 'gamma delta'), (10, 'beta', 'epsilon alpha'), (42, 'zeta', null);
-- desired:
create virtual table d using rtree(id, a, b);
-- #endregion

-- #region: fts5 becomes rtree (durable-object profile)
-- config: {"profile": "durable-object"}
-- baseline:
create virtual table d using fts5(title, body);
-- rows:
insert into d(rowid, title, body) values (3, 'alpha beta', 'gamma delta'), (10, 'beta', 'epsilon alpha'), (42, 'zeta', null);
-- desired:
create virtual table d using rtree(id, a, b);
-- #endregion

-- #region: rtree becomes a table
-- baseline:
create virtual table r using rtree(id, x0, x1, y0, y1);
-- rows:
insert into r values (1, 0, 1, 0, 1), (7, 5, 6, 5, 6), (9, -3, 2.5, 1, 4);
-- desired:
create table r(id integer primary key, x0, x1, y0, y1);
-- #endregion

-- #region: rtree becomes a table (foreign keys on)
-- config: {"foreignKeys": true}
-- baseline:
create virtual table r using rtree(id, x0, x1, y0, y1);
-- rows:
insert into r values (1, 0, 1, 0, 1), (7, 5, 6, 5, 6), (9, -3, 2.5, 1, 4);
-- desired:
create table r(id integer primary key, x0, x1, y0, y1);
-- #endregion

-- #region: rtree becomes a table (durable-object profile)
-- config: {"profile": "durable-object"}
-- baseline:
create virtual table r using rtree(id, x0, x1, y0, y1);
-- rows:
insert into r values (1, 0, 1, 0, 1), (7, 5, 6, 5, 6), (9, -3, 2.5, 1, 4);
-- desired:
create table r(id integer primary key, x0, x1, y0, y1);
-- #endregion
