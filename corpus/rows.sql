-- SPDX-License-Identifier: MIT
-- Hand-written cases: row values of every storage class through rebuilds.
-- Cases without -- output: are checked for properties P1-P9 only.

-- #region: extreme values survive a rebuild
-- baseline:
create table a(x, y int);
-- rows:
insert into a values (9223372036854775807, -9223372036854775808), (1.5e300, -0.0), ('', x''), (x'00ff', NULL), ('é名', 'it''s');
-- desired:
create table a(x, y int, z text default 'z');
-- #endregion

-- #region: rows survive a without rowid rebuild
-- baseline:
create table a(k text primary key, v blob) without rowid;
-- rows:
insert into a values ('', x'00'), ('é', NULL), ('z', 1.25);
-- desired:
create table a(k text primary key, v blob, w int) without rowid;
-- #endregion

-- #region: rowids are kept without an alias
-- baseline:
create table a(x text);
-- rows:
insert into a(rowid, x) values (100, 'a'), (5, 'b'), (-3, 'c');
-- desired:
create table a(x text not null default '');
-- #endregion

-- #region: real to integer affinity
-- baseline:
create table a(x real);
-- rows:
insert into a values (1.0), (1.5), (NULL);
-- desired:
create table a(x integer);
-- #endregion

-- #region: numeric affinity on text
-- baseline:
create table a(x text);
-- rows:
insert into a values ('1e3'), ('12'), ('abc'), ('0x10');
-- desired:
create table a(x numeric);
-- #endregion

