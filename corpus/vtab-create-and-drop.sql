-- SPDX-License-Identifier: MIT
-- Virtual tables created (FTS5 own content, external content, R*Tree, rtree_i32) and dropped.

-- #region: create fts5, rtree and rtree_i32 beside a table
-- baseline:
create table t(x);
-- rows:
insert into t values (1);
-- desired:
create table t(x);
create virtual table d using fts5(title, body);
create virtual table r using rtree(id, x0, x1);
create virtual table ri using rtree_i32(id, a, b, c, d);
-- #endregion

-- #region: create fts5, rtree and rtree_i32 beside a table (foreign keys on)
-- config: {"foreignKeys": true}
-- baseline:
create table t(x);
-- rows:
insert into t values (1);
-- desired:
create table t(x);
create virtual table d using fts5(title, body);
create virtual table r using rtree(id, x0, x1);
create virtual table ri using rtree_i32(id, a, b, c, d);
-- #endregion

-- #region: create fts5, rtree and rtree_i32 beside a table (durable-object profile)
-- config: {"profile": "durable-object"}
-- baseline:
create table t(x);
-- rows:
insert into t values (1);
-- desired:
create table t(x);
create virtual table d using fts5(title, body);
create virtual table r using rtree(id, x0, x1);
create virtual table ri using rtree_i32(id, a, b, c, d);
-- #endregion

-- #region: create an external-content index over a table with rows (filled by rebuild)
-- baseline:
create table posts(id integer primary key, title text, body text);
-- rows:
insert into posts values (1, 'alpha one', 'x'), (5, 'beta two', 'alpha y'), (8, 'gamma', null);
-- desired:
create table posts(id integer primary key, title text, body text);
create virtual table px using fts5(title, body, content='posts', content_rowid='id');
-- #endregion

-- #region: create an external-content index over a table with rows (filled by rebuild) (foreign keys on)
-- config: {"foreignKeys": true}
-- baseline:
create table posts(id integer primary key, title text, body text);
-- rows:
insert into posts values (1, 'alpha one', 'x'), (5, 'beta two', 'alpha y'), (8, 'gamma', null);
-- desired:
create table posts(id integer primary key, title text, body text);
create virtual table px using fts5(title, body, content='posts', content_rowid='id');
-- #endregion

-- #region: create an external-content index over a table with rows (filled by rebuild) (durable-object profile)
-- config: {"profile": "durable-object"}
-- baseline:
create table posts(id integer primary key, title text, body text);
-- rows:
insert into posts values (1, 'alpha one', 'x'), (5, 'beta two', 'alpha y'), (8, 'gamma', null);
-- desired:
create table posts(id integer primary key, title text, body text);
create virtual table px using fts5(title, body, content='posts', content_rowid='id');
-- #endregion

-- #region: drop fts5 and rtree
-- baseline:
create virtual table d using fts5(title, body);
create virtual table r using rtree(id, x0, x1, y0, y1);
create table t(x);
-- rows:
insert into d(rowid, title, body) values (3, 'alpha beta', 'gamma delta'), (10, 'beta', 'epsilon alpha'), (42, 'zeta', null);
insert into r values (1, 0, 1, 0, 1), (7, 5, 6, 5, 6), (9, -3, 2.5, 1, 4);
-- desired:
create table t(x);
-- #endregion

-- #region: drop fts5 and rtree (foreign keys on)
-- config: {"foreignKeys": true}
-- baseline:
create virtual table d using fts5(title, body);
create virtual table r using rtree(id, x0, x1, y0, y1);
create table t(x);
-- rows:
insert into d(rowid, title, body) values (3, 'alpha beta', 'gamma delta'), (10, 'beta', 'epsilon alpha'), (42, 'zeta', null);
insert into r values (1, 0, 1, 0, 1), (7, 5, 6, 5, 6), (9, -3, 2.5, 1, 4);
-- desired:
create table t(x);
-- #endregion

-- #region: drop fts5 and rtree (durable-object profile)
-- config: {"profile": "durable-object"}
-- baseline:
create virtual table d using fts5(title, body);
create virtual table r using rtree(id, x0, x1, y0, y1);
create table t(x);
-- rows:
insert into d(rowid, title, body) values (3, 'alpha beta', 'gamma delta'), (10, 'beta', 'epsilon alpha'), (42, 'zeta', null);
insert into r values (1, 0, 1, 0, 1), (7, 5, 6, 5, 6), (9, -3, 2.5, 1, 4);
-- desired:
create table t(x);
-- #endregion

-- #region: drop fts5 refused without allowDestructive
-- config: {"allowDestructive": false}
-- baseline:
create virtual table d using fts5(title, body);
create table t(x);
-- rows:
insert into d(rowid, title, body) values (3, 'alpha beta', 'gamma delta'), (10, 'beta', 'epsilon alpha'), (42, 'zeta', null);
-- desired:
create table t(x);
-- error: "refusing destructive changes"
-- #endregion

-- #region: drop fts5 refused without allowDestructive (foreign keys on)
-- config: {"foreignKeys": true, "allowDestructive": false}
-- baseline:
create virtual table d using fts5(title, body);
create table t(x);
-- rows:
insert into d(rowid, title, body) values (3, 'alpha beta', 'gamma delta'), (10, 'beta', 'epsilon alpha'), (42, 'zeta', null);
-- desired:
create table t(x);
-- error: "refusing destructive changes"
-- #endregion

-- #region: drop fts5 refused without allowDestructive (durable-object profile)
-- config: {"profile": "durable-object", "allowDestructive": false}
-- baseline:
create virtual table d using fts5(title, body);
create table t(x);
-- rows:
insert into d(rowid, title, body) values (3, 'alpha beta', 'gamma delta'), (10, 'beta', 'epsilon alpha'), (42, 'zeta', null);
-- desired:
create table t(x);
-- error: "refusing destructive changes"
-- #endregion
