-- SPDX-License-Identifier: MIT
-- FTS5 with its own content: columns added, reordered, dropped; rows and rowids copied.

-- #region: fts5 gains a column
-- baseline:
create virtual table d using fts5(title, body);
-- rows:
insert into d(rowid, title, body) values (3, 'alpha beta', 'gamma delta'), (10, 'beta', 'epsilon alpha'), (42, 'zeta', null);
-- desired:
create virtual table d using fts5(title, body, tag);
-- #endregion

-- #region: fts5 gains a column (foreign keys on)
-- config: {"foreignKeys": true}
-- baseline:
create virtual table d using fts5(title, body);
-- rows:
insert into d(rowid, title, body) values (3, 'alpha beta', 'gamma delta'), (10, 'beta', 'epsilon alpha'), (42, 'zeta', null);
-- desired:
create virtual table d using fts5(title, body, tag);
-- #endregion

-- #region: fts5 gains a column (durable-object profile)
-- config: {"profile": "durable-object"}
-- baseline:
create virtual table d using fts5(title, body);
-- rows:
insert into d(rowid, title, body) values (3, 'alpha beta', 'gamma delta'), (10, 'beta', 'epsilon alpha'), (42, 'zeta', null);
-- desired:
create virtual table d using fts5(title, body, tag);
-- #endregion

-- #region: fts5 columns reordered
-- baseline:
create virtual table d using fts5(title, body);
-- rows:
insert into d(rowid, title, body) values (3, 'alpha beta', 'gamma delta'), (10, 'beta', 'epsilon alpha'), (42, 'zeta', null);
-- desired:
create virtual table d using fts5(body, title);
-- #endregion

-- #region: fts5 columns reordered (foreign keys on)
-- config: {"foreignKeys": true}
-- baseline:
create virtual table d using fts5(title, body);
-- rows:
insert into d(rowid, title, body) values (3, 'alpha beta', 'gamma delta'), (10, 'beta', 'epsilon alpha'), (42, 'zeta', null);
-- desired:
create virtual table d using fts5(body, title);
-- #endregion

-- #region: fts5 columns reordered (durable-object profile)
-- config: {"profile": "durable-object"}
-- baseline:
create virtual table d using fts5(title, body);
-- rows:
insert into d(rowid, title, body) values (3, 'alpha beta', 'gamma delta'), (10, 'beta', 'epsilon alpha'), (42, 'zeta', null);
-- desired:
create virtual table d using fts5(body, title);
-- #endregion

-- #region: fts5 loses a column
-- baseline:
create virtual table d using fts5(title, body);
-- rows:
insert into d(rowid, title, body) values (3, 'alpha beta', 'gamma delta'), (10, 'beta', 'epsilon alpha'), (42, 'zeta', null);
-- desired:
create virtual table d using fts5(title);
-- #endregion

-- #region: fts5 loses a column (foreign keys on)
-- config: {"foreignKeys": true}
-- baseline:
create virtual table d using fts5(title, body);
-- rows:
insert into d(rowid, title, body) values (3, 'alpha beta', 'gamma delta'), (10, 'beta', 'epsilon alpha'), (42, 'zeta', null);
-- desired:
create virtual table d using fts5(title);
-- #endregion

-- #region: fts5 loses a column (durable-object profile)
-- config: {"profile": "durable-object"}
-- baseline:
create virtual table d using fts5(title, body);
-- rows:
insert into d(rowid, title, body) values (3, 'alpha beta', 'gamma delta'), (10, 'beta', 'epsilon alpha'), (42, 'zeta', null);
-- desired:
create virtual table d using fts5(title);
-- #endregion

-- #region: fts5 column renamed by case
-- baseline:
create virtual table d using fts5(title, body);
-- rows:
insert into d(rowid, title, body) values (3, 'alpha beta', 'gamma delta'), (10, 'beta', 'epsilon alpha'), (42, 'zeta', null);
-- desired:
create virtual table d using fts5(Title, body);
-- #endregion

-- #region: fts5 column renamed by case (foreign keys on)
-- config: {"foreignKeys": true}
-- baseline:
create virtual table d using fts5(title, body);
-- rows:
insert into d(rowid, title, body) values (3, 'alpha beta', 'gamma delta'), (10, 'beta', 'epsilon alpha'), (42, 'zeta', null);
-- desired:
create virtual table d using fts5(Title, body);
-- #endregion

-- #region: fts5 column renamed by case (durable-object profile)
-- config: {"profile": "durable-object"}
-- baseline:
create virtual table d using fts5(title, body);
-- rows:
insert into d(rowid, title, body) values (3, 'alpha beta', 'gamma delta'), (10, 'beta', 'epsilon alpha'), (42, 'zeta', null);
-- desired:
create virtual table d using fts5(Title, body);
-- #endregion

-- #region: fts5 with a view on it
-- baseline:
create virtual table d using fts5(title, body);
create view dv as select rowid as id, title from d;
-- rows:
insert into d(rowid, title, body) values (3, 'alpha beta', 'gamma delta'), (10, 'beta', 'epsilon alpha'), (42, 'zeta', null);
-- desired:
create virtual table d using fts5(title, body, tag);
create view dv as select rowid as id, title from d;
-- #endregion

-- #region: fts5 with a view on it (foreign keys on)
-- config: {"foreignKeys": true}
-- baseline:
create virtual table d using fts5(title, body);
create view dv as select rowid as id, title from d;
-- rows:
insert into d(rowid, title, body) values (3, 'alpha beta', 'gamma delta'), (10, 'beta', 'epsilon alpha'), (42, 'zeta', null);
-- desired:
create virtual table d using fts5(title, body, tag);
create view dv as select rowid as id, title from d;
-- #endregion

-- #region: fts5 with a view on it (durable-object profile)
-- config: {"profile": "durable-object"}
-- baseline:
create virtual table d using fts5(title, body);
create view dv as select rowid as id, title from d;
-- rows:
insert into d(rowid, title, body) values (3, 'alpha beta', 'gamma delta'), (10, 'beta', 'epsilon alpha'), (42, 'zeta', null);
-- desired:
create virtual table d using fts5(title, body, tag);
create view dv as select rowid as id, title from d;
-- #endregion
