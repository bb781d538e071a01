-- SPDX-License-Identifier: MIT
-- Syncs that fail under the durable-object profile: the emulated transactionSync() must
-- roll everything back (ROLLBACK TO, never RELEASE, which would commit what the savepoint
-- holds), and the profile's authorizer must still deny user savepoints and _cf_ writes
-- afterwards (P5, P7).

-- #region: durable object: a UNIQUE the rows violate fails after another table changed
-- config: {"profile": "durable-object"}
-- baseline:
create table t (a int);
create table z (x int);
-- rows:
insert into t values (1), (1);
insert into z values (1);
-- desired:
create table t (a int unique);
create table z (x int, y int);
-- error: ""
-- #endregion

-- #region: durable object: a NOT NULL the rows violate fails inside the rebuild
-- config: {"profile": "durable-object"}
-- baseline:
create table p (id integer primary key, v text);
create table c (id integer primary key, pid int references p (id));
create index c_pid on c (pid);
-- rows:
insert into p values (1, NULL), (2, 'x');
insert into c values (1, 1);
-- desired:
create table p (id integer primary key, v text not null);
create table c (id integer primary key, pid int references p (id), note text);
create index c_pid on c (pid);
-- error: ""
-- #endregion
