-- SPDX-License-Identifier: MIT
-- Hand-written cases run under the durable-object profile (SPEC §6).
-- Cases without -- output: are checked for properties P1-P9 only.

-- #region: durable object: auto picks prefix
-- config: {"profile": "durable-object"}
-- baseline:
create table a(x int);
-- rows:
insert into a values (1);
-- desired:
create table a(x int, y text default 'n');
-- #endregion

-- #region: durable object: rebuild
-- config: {"profile": "durable-object"}
-- baseline:
create table a(x int);
-- rows:
insert into a values (1);
-- desired:
create table a(x text);
-- #endregion

-- #region: durable object: scratch-db fails cleanly
-- config: {"profile": "durable-object", "strategy": "scratch-db"}
-- baseline:
create table a(x int);
-- rows:
insert into a values (1);
-- desired:
create table a(x int, y int);
-- error: "durable-object"
-- #endregion

-- #region: durable object: parent rebuild never loses children
-- PEER-BUGS: drizzle-orm#4938, D1 ignores foreign_keys=OFF: refuse or keep rows, never lose them
-- config: {"profile": "durable-object"}
-- baseline:
create table p(id integer primary key, n int); create table c(p_id int references p(id) on delete cascade);
-- rows:
insert into p values (1, 1); insert into c values (1);
-- desired:
create table p(id integer primary key, n text); create table c(p_id int references p(id) on delete cascade);
-- #endregion

-- #region: durable object: views and triggers
-- config: {"profile": "durable-object"}
-- baseline:
create table a(x int); create view v as select x from a;
-- desired:
create table a(x int, y int); create view v as select x, y from a; create trigger t after insert on a begin select 1; end;
-- #endregion

