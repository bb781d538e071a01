-- SPDX-License-Identifier: MIT
-- A table rebuilt without RENAME (the stash, or the copy under its final name: fewer rows
-- than renameMinRows) is dropped and created again two statements apart: the views that
-- read it and the triggers of other tables that write to it stay in place (docs/CONTRACT.md,
-- "Dependents"). Renamed into place, it takes them down first: RENAME re-validates them.

-- #region: view and another table's trigger stay over a small rebuilt table
-- baseline:
create table a(x int, y text);
create table log(n int);
create view v as select x from a;
create trigger t_log after insert on log begin insert into a(x) values (new.n); end;
-- rows:
insert into a values (1, 'one'), (2, 'two');
-- desired:
create table a(x text, y text);
create table log(n int);
create view v as select x from a;
create trigger t_log after insert on log begin insert into a(x) values (new.n); end;
-- output:
CREATE TABLE "__sqlfu_sync_stash" (r, c1, c2);
-- rebuilding table "a": column "x" type changed from INT to TEXT
INSERT INTO "__sqlfu_sync_stash" (r, c1, c2) SELECT rowid, "x", "y" FROM "a";
DROP TABLE "a";
CREATE TABLE "a"(x text, y text);
INSERT INTO "a" (rowid, "x", "y") SELECT r, c1, c2 FROM "__sqlfu_sync_stash";
DELETE FROM "__sqlfu_sync_stash";
DROP TABLE "__sqlfu_sync_stash";
-- #endregion

-- #region: renamed into place, the same dependents go first and come back
-- config: {"renameMinRows": 1, "propertiesOnly": true}
-- baseline:
create table a(x int, y text);
create table log(n int);
create view v as select x from a;
create view v_on_v as select x from v;
create trigger t_log after insert on log begin insert into a(x) values (new.n); end;
-- rows:
insert into a values (1, 'one'), (2, 'two');
-- desired:
create table a(x text, y text);
create table log(n int);
create view v as select x from a;
create view v_on_v as select x from v;
create trigger t_log after insert on log begin insert into a(x) values (new.n); end;
-- #endregion

-- #region: a changed view takes the unchanged view that reads it down, and brings it back
-- baseline:
create table a(x int, y text);
create view v as select x from a;
create view v_on_v as select x from v;
-- desired:
create table a(x int, y text);
create view v as select x, y from a;
create view v_on_v as select x from v;
-- output:
-- view "v_on_v" depends on "v", which changes; recreated below
DROP VIEW "v_on_v";
-- view "v" changed; recreated below
DROP VIEW "v";
CREATE VIEW "v" as select x, y from a;
CREATE VIEW "v_on_v" as select x from v;
-- #endregion
