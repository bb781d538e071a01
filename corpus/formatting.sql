-- SPDX-License-Identifier: MIT
-- Hand-written cases: formatting, keyword case, comments and quoting never count.
-- Cases without -- output: are checked for properties P1-P9 only.

-- #region: keyword case only
-- baseline:
create table a(x int not null default 1);
-- desired:
CREATE TABLE a (x INT NOT NULL DEFAULT 1);
-- output: <empty>
-- #endregion

-- #region: quoting styles only
-- baseline:
create table "a b"("x" int); create index [i] on `a b`(x);
-- desired:
create table [a b]([x] int); create index "i" on "a b"("x");
-- output: <empty>
-- #endregion

-- #region: comments and whitespace only
-- baseline:
create table a(x int check (x > 0));
-- desired:
create table a(
  x int -- the x
  check (x>0) /* positive */
);
-- output: <empty>
-- #endregion

-- #region: if not exists only
-- baseline:
create table a(x int); create index i on a(x);
-- desired:
create table if not exists a(x int); create index if not exists i on a(x);
-- output: <empty>
-- #endregion

-- #region: view formatting only
-- baseline:
create table a(x int); create view v as select x from a where x > 0;
-- desired:
create table a(x int); CREATE VIEW v AS SELECT x FROM a WHERE x>0;
-- output: <empty>
-- #endregion

-- #region: trigger formatting only
-- baseline:
create table a(x int); create trigger t after insert on a begin select 1; end;
-- desired:
create table a(x int); CREATE TRIGGER t AFTER INSERT ON a BEGIN SELECT 1; END;
-- output: <empty>
-- #endregion

-- #region: literal case is a change
-- baseline:
create table a(x text default 'a');
-- desired:
create table a(x text default 'A');
-- #endregion

-- #region: empty definitions are refused, not a reason to drop everything
-- (issue 12: a failed `cat` in a deploy script must not drop every table; the engine asks
-- for allow_empty, CLI --allow-empty; a case states its desired schema, so replay allows an
-- empty one unless the config says "allowEmpty": false)
-- config: {"allowEmpty": false}
-- baseline:
create table a(x); create view v as select x from a;
-- rows:
insert into a values (1);
-- desired:

-- error: "definitions: no statement"
-- #endregion

-- #region: comments-only definitions are refused too
-- config: {"allowEmpty": false}
-- baseline:
create table a(x);
-- desired:
/* nothing here */ -- and nothing here
;
-- error: "definitions: no statement"
-- #endregion

-- #region: empty to empty is refused as well (the text is checked, not the database)
-- config: {"allowEmpty": false}
-- baseline:

-- desired:

-- error: "definitions: no statement"
-- #endregion

