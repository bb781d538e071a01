-- SPDX-License-Identifier: MIT
-- FTS5 options: UNINDEXED, prefix, tokenize, detail, columnsize; formatting alone plans nothing.

-- #region: fts5 column becomes UNINDEXED
-- baseline:
create virtual table d using fts5(title, body);
-- rows:
insert into d(rowid, title, body) values (3, 'alpha beta', 'gamma delta'), (10, 'beta', 'epsilon alpha'), (42, 'zeta', null);
-- desired:
create virtual table d using fts5(title, body unindexed);
-- #endregion

-- #region: fts5 column becomes UNINDEXED (foreign keys on)
-- config: {"foreignKeys": true}
-- baseline:
create virtual table d using fts5(title, body);
-- rows:
insert into d(rowid, title, body) values (3, 'alpha beta', 'gamma delta'), (10, 'beta', 'epsilon alpha'), (42, 'zeta', null);
-- desired:
create virtual table d using fts5(title, body unindexed);
-- #endregion

-- #region: fts5 column becomes UNINDEXED (durable-object profile)
-- config: {"profile": "durable-object"}
-- baseline:
create virtual table d using fts5(title, body);
-- rows:
insert into d(rowid, title, body) values (3, 'alpha beta', 'gamma delta'), (10, 'beta', 'epsilon alpha'), (42, 'zeta', null);
-- desired:
create virtual table d using fts5(title, body unindexed);
-- #endregion

-- #region: fts5 prefix indexes added
-- baseline:
create virtual table d using fts5(title, body);
-- rows:
insert into d(rowid, title, body) values (3, 'alpha beta', 'gamma delta'), (10, 'beta', 'epsilon alpha'), (42, 'zeta', null);
-- desired:
create virtual table d using fts5(title, body, prefix='2 3');
-- #endregion

-- #region: fts5 prefix indexes added (foreign keys on)
-- config: {"foreignKeys": true}
-- baseline:
create virtual table d using fts5(title, body);
-- rows:
insert into d(rowid, title, body) values (3, 'alpha beta', 'gamma delta'), (10, 'beta', 'epsilon alpha'), (42, 'zeta', null);
-- desired:
create virtual table d using fts5(title, body, prefix='2 3');
-- #endregion

-- #region: fts5 prefix indexes added (durable-object profile)
-- config: {"profile": "durable-object"}
-- baseline:
create virtual table d using fts5(title, body);
-- rows:
insert into d(rowid, title, body) values (3, 'alpha beta', 'gamma delta'), (10, 'beta', 'epsilon alpha'), (42, 'zeta', null);
-- desired:
create virtual table d using fts5(title, body, prefix='2 3');
-- #endregion

-- #region: fts5 tokenizer changed
-- baseline:
create virtual table d using fts5(title, body);
-- rows:
insert into d(rowid, title, body) values (3, 'alpha beta', 'gamma delta'), (10, 'beta', 'epsilon alpha'), (42, 'zeta', null);
-- desired:
create virtual table d using fts5(title, body, tokenize='porter unicode61');
-- #endregion

-- #region: fts5 tokenizer changed (foreign keys on)
-- config: {"foreignKeys": true}
-- baseline:
create virtual table d using fts5(title, body);
-- rows:
insert into d(rowid, title, body) values (3, 'alpha beta', 'gamma delta'), (10, 'beta', 'epsilon alpha'), (42, 'zeta', null);
-- desired:
create virtual table d using fts5(title, body, tokenize='porter unicode61');
-- #endregion

-- #region: fts5 tokenizer changed (durable-object profile)
-- config: {"profile": "durable-object"}
-- baseline:
create virtual table d using fts5(title, body);
-- rows:
insert into d(rowid, title, body) values (3, 'alpha beta', 'gamma delta'), (10, 'beta', 'epsilon alpha'), (42, 'zeta', null);
-- desired:
create virtual table d using fts5(title, body, tokenize='porter unicode61');
-- #endregion

-- #region: fts5 detail and columnsize changed
-- baseline:
create virtual table d using fts5(title, body);
-- rows:
insert into d(rowid, title, body) values (3, 'alpha beta', 'gamma delta'), (10, 'beta', 'epsilon alpha'), (42, 'zeta', null);
-- desired:
create virtual table d using fts5(title, body, detail=column, columnsize=0);
-- #endregion

-- #region: fts5 detail and columnsize changed (foreign keys on)
-- config: {"foreignKeys": true}
-- baseline:
create virtual table d using fts5(title, body);
-- rows:
insert into d(rowid, title, body) values (3, 'alpha beta', 'gamma delta'), (10, 'beta', 'epsilon alpha'), (42, 'zeta', null);
-- desired:
create virtual table d using fts5(title, body, detail=column, columnsize=0);
-- #endregion

-- #region: fts5 detail and columnsize changed (durable-object profile)
-- config: {"profile": "durable-object"}
-- baseline:
create virtual table d using fts5(title, body);
-- rows:
insert into d(rowid, title, body) values (3, 'alpha beta', 'gamma delta'), (10, 'beta', 'epsilon alpha'), (42, 'zeta', null);
-- desired:
create virtual table d using fts5(title, body, detail=column, columnsize=0);
-- #endregion

-- #region: fts5 UNINDEXED in another case (nothing to do; found by the campaign, seed 11435455192666755863)
-- baseline:
create virtual table d using fts5("title" UNINDEXED, body, content='');
-- desired:
create virtual table d using fts5(title unindexed, body, content="");
-- #endregion

-- #region: fts5 UNINDEXED in another case (nothing to do; found by the campaign, seed 11435455192666755863) (foreign keys on)
-- config: {"foreignKeys": true}
-- baseline:
create virtual table d using fts5("title" UNINDEXED, body, content='');
-- desired:
create virtual table d using fts5(title unindexed, body, content="");
-- #endregion

-- #region: fts5 UNINDEXED in another case (nothing to do; found by the campaign, seed 11435455192666755863) (durable-object profile)
-- config: {"profile": "durable-object"}
-- baseline:
create virtual table d using fts5("title" UNINDEXED, body, content='');
-- desired:
create virtual table d using fts5(title unindexed, body, content="");
-- #endregion

-- #region: fts5 options reformatted (nothing to do)
-- baseline:
create virtual table d using fts5(title, body, prefix='2 3', tokenize='porter ascii');
-- rows:
insert into d(rowid, title, body) values (3, 'alpha beta', 'gamma delta'), (10, 'beta', 'epsilon alpha'), (42, 'zeta', null);
-- desired:
CREATE VIRTUAL TABLE "d" USING FTS5 (title,body, tokenize = "porter   ascii", prefix=3, prefix=2, detail=full);
-- #endregion

-- #region: fts5 options reformatted (nothing to do) (foreign keys on)
-- config: {"foreignKeys": true}
-- baseline:
create virtual table d using fts5(title, body, prefix='2 3', tokenize='porter ascii');
-- rows:
insert into d(rowid, title, body) values (3, 'alpha beta', 'gamma delta'), (10, 'beta', 'epsilon alpha'), (42, 'zeta', null);
-- desired:
CREATE VIRTUAL TABLE "d" USING FTS5 (title,body, tokenize = "porter   ascii", prefix=3, prefix=2, detail=full);
-- #endregion

-- #region: fts5 options reformatted (nothing to do) (durable-object profile)
-- config: {"profile": "durable-object"}
-- baseline:
create virtual table d using fts5(title, body, prefix='2 3', tokenize='porter ascii');
-- rows:
insert into d(rowid, title, body) values (3, 'alpha beta', 'gamma delta'), (10, 'beta', 'epsilon alpha'), (42, 'zeta', null);
-- desired:
CREATE VIRTUAL TABLE "d" USING FTS5 (title,body, tokenize = "porter   ascii", prefix=3, prefix=2, detail=full);
-- #endregion
