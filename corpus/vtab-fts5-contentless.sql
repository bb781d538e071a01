-- SPDX-License-Identifier: MIT
-- Contentless FTS5 (content=''): its text is gone, so a change drops its rows: refused without allowDestructive, done with it.

-- #region: contentless fts5 changed without allowDestructive
-- config: {"allowDestructive": false}
-- baseline:
create virtual table c using fts5(a, content='');
-- rows:
insert into c(rowid, a) values (4, 'hello world'), (6, 'world');
-- desired:
create virtual table c using fts5(a, b, content='');
-- error: "refusing destructive changes"
-- #endregion

-- #region: contentless fts5 changed without allowDestructive (foreign keys on)
-- config: {"foreignKeys": true, "allowDestructive": false}
-- baseline:
create virtual table c using fts5(a, content='');
-- rows:
insert into c(rowid, a) values (4, 'hello world'), (6, 'world');
-- desired:
create virtual table c using fts5(a, b, content='');
-- error: "refusing destructive changes"
-- #endregion

-- #region: contentless fts5 changed without allowDestructive (durable-object profile)
-- config: {"profile": "durable-object", "allowDestructive": false}
-- baseline:
create virtual table c using fts5(a, content='');
-- rows:
insert into c(rowid, a) values (4, 'hello world'), (6, 'world');
-- desired:
create virtual table c using fts5(a, b, content='');
-- error: "refusing destructive changes"
-- #endregion

-- #region: contentless fts5 changed
-- baseline:
create virtual table c using fts5(a, content='');
-- rows:
insert into c(rowid, a) values (4, 'hello world'), (6, 'world');
-- desired:
create virtual table c using fts5(a, b, content='');
-- #endregion

-- #region: contentless fts5 changed (foreign keys on)
-- config: {"foreignKeys": true}
-- baseline:
create virtual table c using fts5(a, content='');
-- rows:
insert into c(rowid, a) values (4, 'hello world'), (6, 'world');
-- desired:
create virtual table c using fts5(a, b, content='');
-- #endregion

-- #region: contentless fts5 changed (durable-object profile)
-- config: {"profile": "durable-object"}
-- baseline:
create virtual table c using fts5(a, content='');
-- rows:
insert into c(rowid, a) values (4, 'hello world'), (6, 'world');
-- desired:
create virtual table c using fts5(a, b, content='');
-- #endregion

-- #region: contentless fts5 unchanged
-- baseline:
create virtual table c using fts5(a, content='');
-- rows:
insert into c(rowid, a) values (4, 'hello world');
-- desired:
create virtual table c using fts5(a, content="");
create table t(x);
-- #endregion

-- #region: contentless fts5 unchanged (foreign keys on)
-- config: {"foreignKeys": true}
-- baseline:
create virtual table c using fts5(a, content='');
-- rows:
insert into c(rowid, a) values (4, 'hello world');
-- desired:
create virtual table c using fts5(a, content="");
create table t(x);
-- #endregion

-- #region: contentless fts5 unchanged (durable-object profile)
-- config: {"profile": "durable-object"}
-- baseline:
create virtual table c using fts5(a, content='');
-- rows:
insert into c(rowid, a) values (4, 'hello world');
-- desired:
create virtual table c using fts5(a, content="");
create table t(x);
-- #endregion
