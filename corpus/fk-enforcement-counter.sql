-- SPDX-License-Identifier: MIT
-- SQLite's foreign-key enforcement and its foreign_key_check disagree: a REAL child key 1.0
-- under an INTEGER PRIMARY KEY parent 1 passes the check, yet enforcement counts it as a
-- violation. Inside a caller's transaction (enforcement cannot be switched off there) a
-- rebuild that turns the child column REAL left that count up: the sync "succeeded" and the
-- caller's own COMMIT then failed (P10). The engine now fails such a sync itself, atomically
-- (found by the 10-minute campaign of 2026-12-02, seed 20261202, case seed
-- 5294851960173761146; shrunk, then reduced by hand).

-- #region: caller's savepoint: a child key column becomes REAL under an INTEGER PRIMARY KEY parent
-- config: {"foreignKeys": true, "callerTransaction": "savepoint", "deferForeignKeys": true, "propertiesOnly": true}
-- baseline:
create table users (oid integer primary key autoincrement, k boolean not null);
create table MixedCase (name default 1.5 references users (oid) on delete restrict on update set null deferrable initially deferred);
-- rows:
insert into users (oid, k) values (NULL, 1);
insert into MixedCase (name) values (1);
-- desired:
create table users (oid integer primary key autoincrement, k boolean not null);
create table MixedCase (name DOUBLE PRECISION default 1.5 references users (oid) on delete restrict on update set null deferrable initially deferred);
-- #endregion

-- #region: caller's BEGIN: an immediate foreign key column becomes REAL
-- config: {"foreignKeys": true, "callerTransaction": "begin", "propertiesOnly": true}
-- baseline:
create table p (id integer primary key);
create table c (pid int references p (id));
-- rows:
insert into p values (1), (2);
insert into c values (1), (2);
-- desired:
create table p (id integer primary key);
create table c (pid real references p (id));
-- #endregion

-- #region: no caller transaction: the same change syncs (enforcement is switched off)
-- config: {"foreignKeys": true, "propertiesOnly": true}
-- baseline:
create table p (id integer primary key);
create table c (pid int references p (id));
-- rows:
insert into p values (1), (2);
insert into c values (1), (2);
-- desired:
create table p (id integer primary key);
create table c (pid real references p (id));
-- #endregion
