-- SPDX-License-Identifier: MIT
-- String literals holding a backslash. SQLite has no backslash escapes: in 'C:\' the quote
-- after the backslash closes the literal, and 'A\''B' is A, a backslash, a quote, B. A
-- tokenizer that reads \' as an escaped quote (MySQL's rule) finds an unterminated literal
-- (found by schemasync check with literal:backslash; shrunk).

-- #region: an unchanged default 'A\''B' plans nothing
-- config: {"foreignKeys": true}
-- baseline:
create table a3 (id int default 'A\''B', a int);
-- desired:
create table a3 (id int default 'A\''B', a int);
-- output: <empty>
-- #endregion

-- #region: an unchanged trigger with 'C:\' in its WHEN and body plans nothing
-- baseline:
create table t (c NUMERIC not null);
create trigger tr before insert on t when new.c is not 'C:\' begin select 'C:\'; end;
-- desired:
create table t (c NUMERIC not null);
create trigger tr before insert on t when new.c is not 'C:\' begin select 'C:\'; end;
-- output: <empty>
-- #endregion

-- #region: a column with default 'C:\' is added, and a CHECK literal changes case
-- config: {"propertiesOnly": true}
-- baseline:
create table t (a text check (a is not 'a\''b'));
-- rows:
insert into t values ('x'), ('C:\');
-- desired:
create table t (a text check (a is not 'A\''B'), b text default 'C:\');
-- #endregion

-- #region: a view filtering on 'c:\' becomes 'C:\'
-- config: {"propertiesOnly": true}
-- baseline:
create table t (a text);
create view v as select a from t where a is not 'c:\';
-- rows:
insert into t values ('c:\'), ('C:\');
-- desired:
create table t (a text);
create view v as select a from t where a is not 'C:\';
-- #endregion
