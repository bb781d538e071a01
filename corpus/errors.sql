-- SPDX-License-Identifier: MIT
-- Hand-written cases: definitions that must be rejected before anything runs.
-- Cases without -- output: are checked for properties P1-P9 only.

-- #region: virtual table of an unsupported module in definitions
-- baseline:
create table a(x);
-- desired:
create table a(x); create virtual table v using fts4(x);
-- error: "module \"fts4\" is not supported"
-- #endregion

-- #region: insert in definitions
-- baseline:
create table a(x);
-- desired:
create table a(x); insert into a values (1);
-- error: "only CREATE TABLE, INDEX, VIEW and TRIGGER"
-- #endregion

-- #region: temp table in definitions
-- baseline:
create table a(x);
-- desired:
create temp table a(x);
-- error: "TEMP"
-- #endregion

-- #region: sqlite_ name in definitions
-- baseline:
create table a(x);
-- desired:
create table sqlite_x(a);
-- error: "sqlite_"
-- #endregion

-- #region: prefixed name in definitions
-- baseline:
create table a(x);
-- desired:
create table __sqlfu_sync_a(x);
-- error: "scratch prefix"
-- #endregion

-- #region: create table as select
-- baseline:
create table a(x);
-- desired:
create table b as select 1;
-- error: "AS SELECT"
-- #endregion

-- #region: other schema qualifier
-- baseline:
create table a(x);
-- desired:
create table other.b(x);
-- error: "main"
-- #endregion

-- #region: main schema qualifier is fine
-- baseline:
create table a(x);
-- desired:
create table main.a(x);
-- output: <empty>
-- #endregion

-- #region: duplicate definition
-- baseline:
create table a(x);
-- desired:
create table a(x); create table a(y);
-- error: "already exists"
-- #endregion

-- #region: virtual table of an unsupported module in the live database
-- baseline:
create virtual table v using fts4(x); create table a(x);
-- desired:
create table a(x);
-- error: "module \"fts4\" is not supported"
-- #endregion


-- #region: two virtual tables without the ';' between them (found by the campaign of 2026-12-02: the engine read only the module's arguments and took the rest for nothing)
-- baseline:
create table a(x);
create virtual table docs using rtree(id, x0, x1);
-- desired:
create table a(x);
create virtual table docs using rtree ( id, x0, x1)create virtual table search using fts5(title);
-- error: "unexpected text after the module arguments"
-- #endregion

-- #region: a virtual table's module arguments not closed
-- baseline:
create table a(x);
-- desired:
create table a(x);
create virtual table search using fts5(title
-- error: "CREATE VIRTUAL TABLE"
-- #endregion
