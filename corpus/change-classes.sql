-- SPDX-License-Identifier: MIT
-- Hand-written cases: every change class of SPEC §3, with rows.
-- Cases without -- output: are checked for properties P1-P9 only.

-- #region: add column with constant default
-- baseline:
create table a(x int);
-- rows:
insert into a values (1), (2);
-- desired:
create table a(x int, y text default 'n');
-- #endregion

-- #region: add column not null with default
-- baseline:
create table a(x int);
-- rows:
insert into a values (1);
-- desired:
create table a(x int, y int not null default 0);
-- #endregion

-- #region: add column null default references, fk on
-- config: {"foreignKeys": true}
-- baseline:
create table p(id integer primary key); create table c(x int);
-- rows:
insert into p values (1); insert into c values (5);
-- desired:
create table p(id integer primary key); create table c(x int, p_id int references p(id));
-- #endregion

-- #region: add column with unique needs a rebuild
-- baseline:
create table a(x int);
-- rows:
insert into a values (1), (2);
-- desired:
create table a(x int, y text unique);
-- #endregion

-- #region: add column with check over existing rows
-- baseline:
create table a(x int);
-- rows:
insert into a values (1);
-- desired:
create table a(x int, y int default 5 check (y > 0));
-- #endregion

-- #region: add virtual generated column
-- baseline:
create table a(x int);
-- rows:
insert into a values (1), (NULL);
-- desired:
create table a(x int, y int as (x * 2));
-- #endregion

-- #region: add stored generated column needs a rebuild
-- baseline:
create table a(x int);
-- rows:
insert into a values (1), (3);
-- desired:
create table a(x int, y int as (x * 2) stored);
-- #endregion

-- #region: add column default current_timestamp needs a rebuild
-- baseline:
create table a(x int);
-- rows:
insert into a values (1);
-- desired:
create table a(x int, at text default current_timestamp);
-- #endregion

-- #region: add column parenthesized default needs a rebuild
-- baseline:
create table a(x int);
-- rows:
insert into a values (1);
-- desired:
create table a(x int, y int default (1 + 2));
-- #endregion

-- #region: add column in the middle
-- baseline:
create table a(x int, z int);
-- rows:
insert into a values (1, 3);
-- desired:
create table a(x int, y int, z int);
-- #endregion

-- #region: add primary key column to a table with rows is refused
-- baseline:
create table a(x int);
-- rows:
insert into a values (1);
-- desired:
create table a(id int primary key, x int);
-- error: "invent"
-- #endregion

-- #region: add not null column without default to a table with rows is refused
-- baseline:
create table a(x int);
-- rows:
insert into a values (1);
-- desired:
create table a(x int, y int not null);
-- error: "invent"
-- #endregion

-- #region: add not null column without default to an empty table
-- baseline:
create table a(x int);
-- desired:
create table a(x int, y int not null);
-- #endregion

-- #region: drop column
-- baseline:
create table a(x int, y int);
-- rows:
insert into a values (1, 2);
-- desired:
create table a(x int);
-- #endregion

-- #region: drop indexed column
-- baseline:
create table a(x int, y int); create index a_y on a(y);
-- rows:
insert into a values (1, 2);
-- desired:
create table a(x int);
-- #endregion

-- #region: drop column used by a view
-- baseline:
create table a(x int, y int); create view v as select x, y from a;
-- rows:
insert into a values (1, 2);
-- desired:
create table a(x int); create view v as select x from a;
-- #endregion

-- #region: drop column used by a trigger
-- baseline:
create table a(x int, y int); create table log(m); create trigger t after update of y on a begin insert into log values (new.y); end;
-- rows:
insert into a values (1, 2);
-- desired:
create table a(x int); create table log(m);
-- #endregion

-- #region: drop column refused without allowDestructive
-- config: {"allowDestructive": false}
-- baseline:
create table a(x int, y int);
-- rows:
insert into a values (1, 2);
-- desired:
create table a(x int);
-- error: "destructive"
-- #endregion

-- #region: drop primary key column
-- baseline:
create table a(id int primary key, x int);
-- rows:
insert into a values (1, 2), (2, 2);
-- desired:
create table a(x int);
-- #endregion

-- #region: column type int to text keeps values
-- baseline:
create table a(x int);
-- rows:
insert into a values (1), (NULL), (2.5), ('t');
-- desired:
create table a(x text);
-- #endregion

-- #region: column type text to integer converts by affinity
-- baseline:
create table a(x text);
-- rows:
insert into a values ('12'), ('a'), ('1.0'), (NULL);
-- desired:
create table a(x integer);
-- #endregion

-- #region: column type case only is not a change
-- baseline:
create table a(x INT);
-- desired:
create table a(x int);
-- output: <empty>
-- #endregion

-- #region: add not null
-- baseline:
create table a(x int);
-- rows:
insert into a values (1);
-- desired:
create table a(x int not null);
-- #endregion

-- #region: add not null over null rows fails atomically
-- baseline:
create table a(x int);
-- rows:
insert into a values (1), (NULL);
-- desired:
create table a(x int not null);
-- error: "NOT NULL"
-- #endregion

-- #region: drop not null
-- baseline:
create table a(x int not null);
-- rows:
insert into a values (1);
-- desired:
create table a(x int);
-- #endregion

-- #region: change default
-- baseline:
create table a(x int default 1);
-- rows:
insert into a(rowid) values (7);
-- desired:
create table a(x int default 2);
-- #endregion

-- #region: default string with quote
-- baseline:
create table a(x text default 'it''s');
-- rows:
insert into a default values;
-- desired:
create table a(x text default 'it''s', y text default 'o''k');
-- #endregion

-- #region: change collation
-- baseline:
create table a(x text);
-- rows:
insert into a values ('A'), ('a');
-- desired:
create table a(x text collate nocase);
-- #endregion

-- #region: collation case only is not a change
-- baseline:
create table a(x text collate NOCASE);
-- desired:
create table a(x text collate nocase);
-- output: <empty>
-- #endregion

-- #region: integer primary key to int primary key keeps rowids
-- baseline:
create table a(id integer primary key, x);
-- rows:
insert into a values (5, 'a'), (9, 'b');
-- desired:
create table a(id int primary key, x);
-- #endregion

-- #region: add composite primary key
-- baseline:
create table a(x int, y int);
-- rows:
insert into a values (1, 1), (1, 2);
-- desired:
create table a(x int, y int, primary key (x, y));
-- #endregion

-- #region: composite primary key over duplicate rows fails
-- baseline:
create table a(x int, y int) ;
-- rows:
insert into a values (1, 1), (1, 1);
-- desired:
create table a(x int, y int, primary key (x, y)) without rowid;
-- error: "UNIQUE"
-- #endregion

-- #region: primary key desc
-- baseline:
create table a(id integer primary key, x);
-- rows:
insert into a values (1, 'a');
-- desired:
create table a(id integer primary key desc, x);
-- #endregion

-- #region: drop primary key
-- baseline:
create table a(id text primary key, x);
-- rows:
insert into a values ('k', 1);
-- desired:
create table a(id text, x);
-- #endregion

-- #region: add column check
-- baseline:
create table a(x int);
-- rows:
insert into a values (1), (2);
-- desired:
create table a(x int check (x > 0));
-- #endregion

-- #region: add check violated by rows fails atomically
-- baseline:
create table a(x int);
-- rows:
insert into a values (1), (2);
-- desired:
create table a(x int check (x > 1));
-- error: "CHECK"
-- #endregion

-- #region: change check
-- baseline:
create table a(x int check (x > 0));
-- rows:
insert into a values (1);
-- desired:
create table a(x int check (x >= 0));
-- #endregion

-- #region: drop check
-- baseline:
create table a(x int, check (x > 0));
-- rows:
insert into a values (1);
-- desired:
create table a(x int);
-- #endregion

-- #region: table check to column check
-- baseline:
create table a(x int, check (x > 0));
-- rows:
insert into a values (1);
-- desired:
create table a(x int check (x > 0));
-- #endregion

-- #region: add unique column
-- baseline:
create table a(x int);
-- rows:
insert into a values (1), (2);
-- desired:
create table a(x int unique);
-- #endregion

-- #region: add unique over duplicates fails atomically
-- baseline:
create table a(x int);
-- rows:
insert into a values (1), (1);
-- desired:
create table a(x int unique);
-- error: "UNIQUE"
-- #endregion

-- #region: add table unique
-- baseline:
create table a(x int, y int);
-- rows:
insert into a values (1, 1), (1, 2);
-- desired:
create table a(x int, y int, unique (x, y));
-- #endregion

-- #region: drop unique
-- baseline:
create table a(x int unique);
-- rows:
insert into a values (1);
-- desired:
create table a(x int);
-- #endregion

-- #region: add foreign key, fk on
-- config: {"foreignKeys": true}
-- baseline:
create table p(id integer primary key); create table c(p_id int);
-- rows:
insert into p values (1); insert into c values (1), (NULL);
-- desired:
create table p(id integer primary key); create table c(p_id int references p(id));
-- #endregion

-- #region: add foreign key violated by rows, fk on, fails
-- config: {"foreignKeys": true}
-- baseline:
create table p(id integer primary key); create table c(p_id int);
-- rows:
insert into p values (1); insert into c values (2);
-- desired:
create table p(id integer primary key); create table c(p_id int references p(id));
-- error: ""
-- #endregion

-- #region: change on delete to cascade, fk on
-- config: {"foreignKeys": true}
-- baseline:
create table p(id integer primary key); create table c(p_id int references p(id));
-- rows:
insert into p values (1), (2); insert into c values (1), (2), (NULL);
-- desired:
create table p(id integer primary key); create table c(p_id int references p(id) on delete cascade);
-- #endregion

-- #region: change on delete to set null, fk on
-- config: {"foreignKeys": true}
-- baseline:
create table p(id integer primary key); create table c(p_id int references p(id));
-- rows:
insert into p values (1), (2); insert into c values (1), (2), (NULL);
-- desired:
create table p(id integer primary key); create table c(p_id int references p(id) on delete set null);
-- #endregion

-- #region: change on delete to set default, fk on
-- config: {"foreignKeys": true}
-- baseline:
create table p(id integer primary key); create table c(p_id int references p(id));
-- rows:
insert into p values (1), (2); insert into c values (1), (2), (NULL);
-- desired:
create table p(id integer primary key); create table c(p_id int references p(id) on delete set default);
-- #endregion

-- #region: change on delete to restrict, fk on
-- config: {"foreignKeys": true}
-- baseline:
create table p(id integer primary key); create table c(p_id int references p(id));
-- rows:
insert into p values (1), (2); insert into c values (1), (2), (NULL);
-- desired:
create table p(id integer primary key); create table c(p_id int references p(id) on delete restrict);
-- #endregion

-- #region: change on delete to no action, fk on
-- config: {"foreignKeys": true}
-- baseline:
create table p(id integer primary key); create table c(p_id int references p(id));
-- rows:
insert into p values (1), (2); insert into c values (1), (2), (NULL);
-- desired:
create table p(id integer primary key); create table c(p_id int references p(id) on delete no action);
-- #endregion

-- #region: add on update cascade and deferrable
-- config: {"foreignKeys": true}
-- baseline:
create table p(id integer primary key); create table c(p_id int references p(id));
-- rows:
insert into p values (1); insert into c values (1);
-- desired:
create table p(id integer primary key); create table c(p_id int references p(id) on update cascade deferrable initially deferred);
-- #endregion

-- #region: drop foreign key
-- config: {"foreignKeys": true}
-- baseline:
create table p(id integer primary key); create table c(p_id int references p(id));
-- rows:
insert into p values (1); insert into c values (1);
-- desired:
create table p(id integer primary key); create table c(p_id int);
-- #endregion

-- #region: self-referencing foreign key
-- config: {"foreignKeys": true}
-- baseline:
create table n(id integer primary key, parent int);
-- rows:
insert into n values (1, NULL), (2, 1), (3, 2);
-- desired:
create table n(id integer primary key, parent int references n(id) on delete cascade);
-- #endregion

-- #region: rebuild a parent keeps cascade children, fk on
-- PEER-BUGS: DROP TABLE of a parent fires ON DELETE CASCADE even with defer_foreign_keys
-- config: {"foreignKeys": true}
-- baseline:
create table p(id integer primary key, name text); create table c(p_id int references p(id) on delete cascade, v text);
-- rows:
insert into p values (1, 'a'), (2, 'b'); insert into c values (1, 'x'), (2, 'y'), (2, 'z');
-- desired:
create table p(id integer primary key, name text not null default ''); create table c(p_id int references p(id) on delete cascade, v text);
-- #endregion

-- #region: rebuild a parent keeps set null children, fk on
-- config: {"foreignKeys": true}
-- baseline:
create table p(id integer primary key, name text); create table c(p_id int references p(id) on delete set null);
-- rows:
insert into p values (1, 'a'); insert into c values (1), (1);
-- desired:
create table p(id integer primary key, name text unique); create table c(p_id int references p(id) on delete set null);
-- #endregion

-- #region: rebuild a parent with fk off
-- baseline:
create table p(id integer primary key, name int); create table c(p_id int references p(id) on delete cascade);
-- rows:
insert into p values (1, 1); insert into c values (1);
-- desired:
create table p(id integer primary key, name text); create table c(p_id int references p(id) on delete cascade);
-- #endregion

-- #region: change generated expression
-- baseline:
create table a(x int, y as (x + 1));
-- rows:
insert into a values (1);
-- desired:
create table a(x int, y as (x + 2));
-- #endregion

-- #region: virtual to stored
-- baseline:
create table a(x int, y as (x + 1) virtual);
-- rows:
insert into a values (1);
-- desired:
create table a(x int, y as (x + 1) stored);
-- #endregion

-- #region: drop generated column
-- baseline:
create table a(x int, y as (x + 1));
-- rows:
insert into a values (1);
-- desired:
create table a(x int);
-- #endregion

-- #region: make table strict
-- baseline:
create table a(x int, y text);
-- rows:
insert into a values (1, 'a'), (NULL, NULL);
-- desired:
create table a(x int, y text) strict;
-- #endregion

-- #region: make table strict with bad values fails
-- baseline:
create table a(x int);
-- rows:
insert into a values ('abc');
-- desired:
create table a(x int) strict;
-- error: ""
-- #endregion

-- #region: drop strict
-- baseline:
create table a(x int) strict;
-- rows:
insert into a values (1);
-- desired:
create table a(x int);
-- #endregion

-- #region: strict any keeps text
-- baseline:
create table a(x any) strict;
-- rows:
insert into a values ('12'), (1), (x'00');
-- desired:
create table a(x any, y text) strict;
-- #endregion

-- #region: make table without rowid
-- baseline:
create table a(id text primary key, x);
-- rows:
insert into a values ('k', 1), ('j', 2);
-- desired:
create table a(id text primary key, x) without rowid;
-- #endregion

-- #region: drop without rowid
-- baseline:
create table a(id text primary key, x) without rowid;
-- rows:
insert into a values ('k', 1);
-- desired:
create table a(id text primary key, x);
-- #endregion

-- #region: add autoincrement keeps counter
-- baseline:
create table a(id integer primary key, x);
-- rows:
insert into a values (10, 'a');
-- desired:
create table a(id integer primary key autoincrement, x);
-- #endregion

-- #region: autoincrement counter survives a rebuild
-- PEER-BUGS: JasperFx/weasel#539, sqlite_sequence must not go backwards
-- baseline:
create table a(id integer primary key autoincrement, x int);
-- rows:
insert into a(x) values (1), (2), (3); delete from a where id = 3;
-- desired:
create table a(id integer primary key autoincrement, x text);
-- #endregion

-- #region: drop autoincrement
-- baseline:
create table a(id integer primary key autoincrement, x);
-- rows:
insert into a(x) values (1);
-- desired:
create table a(id integer primary key, x);
-- #endregion

-- #region: add index
-- baseline:
create table a(x int);
-- rows:
insert into a values (1);
-- desired:
create table a(x int); create index a_x on a(x);
-- #endregion

-- #region: add unique index
-- baseline:
create table a(x int);
-- rows:
insert into a values (1), (2);
-- desired:
create table a(x int); create unique index a_x on a(x);
-- #endregion

-- #region: add unique index over duplicates fails
-- baseline:
create table a(x int);
-- rows:
insert into a values (1), (1);
-- desired:
create table a(x int); create unique index a_x on a(x);
-- error: "UNIQUE"
-- #endregion

-- #region: partial index
-- baseline:
create table a(x int);
-- desired:
create table a(x int); create index a_x on a(x) where x is not null;
-- #endregion

-- #region: expression index
-- baseline:
create table a(x text);
-- desired:
create table a(x text); create index a_x on a(lower(x));
-- #endregion

-- #region: desc and collate index keys
-- baseline:
create table a(x text, y int);
-- desired:
create table a(x text, y int); create index a_xy on a(x collate nocase, y desc);
-- #endregion

-- #region: change index where
-- baseline:
create table a(x int); create index a_x on a(x) where x > 0;
-- desired:
create table a(x int); create index a_x on a(x) where x > 1;
-- #endregion

-- #region: drop index
-- baseline:
create table a(x int); create index a_x on a(x);
-- desired:
create table a(x int);
-- #endregion

-- #region: indexes survive a rebuild
-- PEER-BUGS: go-gorm/sqlite#236, a rebuild that loses indexes
-- baseline:
create table a(x int, y int); create index a_x on a(x); create unique index a_y on a(y desc);
-- rows:
insert into a values (1, 1), (2, 2);
-- desired:
create table a(x int, y text); create index a_x on a(x); create unique index a_y on a(y desc);
-- #endregion

-- #region: add view
-- baseline:
create table a(x int);
-- desired:
create table a(x int); create view v as select x from a;
-- #endregion

-- #region: change view
-- baseline:
create table a(x int, y int); create view v as select x from a;
-- desired:
create table a(x int, y int); create view v as select x, y from a;
-- #endregion

-- #region: view on view
-- baseline:
create table a(x int);
-- desired:
create table a(x int); create view v1 as select x from a; create view v2 as select * from v1;
-- #endregion

-- #region: rebuild under a view on a view
-- PEER-BUGS: sqlite-utils#586, views that reference the table fail during the rename
-- baseline:
create table a(x int); create view v1 as select x from a; create view v2 as select * from v1;
-- rows:
insert into a values (1);
-- desired:
create table a(x text); create view v1 as select x from a; create view v2 as select * from v1;
-- #endregion

-- #region: select star view after add column
-- baseline:
create table a(x int); create view v as select * from a;
-- desired:
create table a(x int, y int); create view v as select * from a;
-- #endregion

-- #region: join view
-- baseline:
create table a(id integer primary key, x); create table b(a_id int, y);
-- desired:
create table a(id integer primary key, x); create table b(a_id int, y); create view ab as select a.x, b.y from a join b on b.a_id = a.id;
-- #endregion

-- #region: drop view
-- baseline:
create table a(x int); create view v as select x from a;
-- desired:
create table a(x int);
-- #endregion

-- #region: add after insert trigger
-- baseline:
create table a(x int); create table log(m);
-- desired:
create table a(x int); create table log(m); create trigger a_ins after insert on a begin insert into log values (new.x); end;
-- #endregion

-- #region: before update of with when
-- baseline:
create table a(x int, y int);
-- desired:
create table a(x int, y int); create trigger a_upd before update of x on a when new.x < 0 begin select raise(abort, 'negative'); end;
-- #endregion

-- #region: instead of trigger on a view
-- baseline:
create table a(x int); create view v as select x from a;
-- desired:
create table a(x int); create view v as select x from a; create trigger v_ins instead of insert on v begin insert into a values (new.x); end;
-- #endregion

-- #region: change trigger body
-- baseline:
create table a(x int); create table log(m); create trigger t after insert on a begin insert into log values (1); end;
-- desired:
create table a(x int); create table log(m); create trigger t after insert on a begin insert into log values (2); end;
-- #endregion

-- #region: drop trigger
-- baseline:
create table a(x int); create trigger t after insert on a begin select 1; end;
-- desired:
create table a(x int);
-- #endregion

-- #region: triggers survive a rebuild
-- baseline:
create table a(x int); create table log(m); create trigger t after delete on a begin insert into log values (old.x); end;
-- rows:
insert into a values (1);
-- desired:
create table a(x text); create table log(m); create trigger t after delete on a begin insert into log values (old.x); end;
-- #endregion

-- #region: trigger on another table writing to the rebuilt table
-- PEER-BUGS: the rename step re-validates triggers of other tables that mention the rebuilt table
-- baseline:
create table a(x int); create table b(y int); create trigger b_ins after insert on b begin insert into a values (new.y); end;
-- rows:
insert into a values (1); insert into b values (2);
-- desired:
create table a(x text); create table b(y int); create trigger b_ins after insert on b begin insert into a values (new.y); end;
-- #endregion

-- #region: add table
-- baseline:
create table a(x int);
-- desired:
create table a(x int); create table b(y int);
-- #endregion

-- #region: drop table
-- baseline:
create table a(x int); create table b(y int);
-- rows:
insert into b values (1);
-- desired:
create table a(x int);
-- #endregion

-- #region: drop table refused without allowDestructive
-- config: {"allowDestructive": false}
-- baseline:
create table a(x int); create table b(y int);
-- desired:
create table a(x int);
-- error: "destructive"
-- #endregion

-- #region: create in foreign-key order
-- config: {"foreignKeys": true}
-- baseline:
create table a(x int);
-- desired:
create table c(b_id int references b(id)); create table b(id integer primary key, a_id int references a2(id)); create table a2(id integer primary key); create table a(x int);
-- #endregion

-- #region: rename table by case
-- sqlfu: Users -> users planned as create-then-drop, which SQLite rejects
-- baseline:
create table Users(id integer primary key, name text);
-- rows:
insert into Users values (1, 'a');
-- desired:
create table users(id integer primary key, name text);
-- #endregion

-- #region: rename column by case
-- baseline:
create table a(Name text);
-- rows:
insert into a values ('x');
-- desired:
create table a(name text);
-- #endregion

-- #region: column moved keeps values by name
-- PEER-BUGS: drizzle-orm#3477, copying by position after a column moved
-- baseline:
create table a(x int, y text);
-- rows:
insert into a values (1, 'one'), (2, 'two');
-- desired:
create table a(y text, x int);
-- #endregion

