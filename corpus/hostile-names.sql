-- SPDX-License-Identifier: MIT
-- Hand-written cases: names that break string-based SQL handling.
-- Cases without -- output: are checked for properties P1-P9 only.

-- #region: hostile table name order
-- baseline:
create table "order"(id integer primary key, "order" text);
-- rows:
insert into "order" values (1, 'v'), (2, NULL);
-- desired:
create table "order"(id integer primary key, "order" int, extra text default 'order'); create index "order_i" on "order"("order");
-- #endregion

-- #region: hostile table name my table
-- baseline:
create table "my table"(id integer primary key, "my table" text);
-- rows:
insert into "my table" values (1, 'v'), (2, NULL);
-- desired:
create table "my table"(id integer primary key, "my table" int, extra text default 'my table'); create index "my table_i" on "my table"("my table");
-- #endregion

-- #region: hostile table name we"ird
-- baseline:
create table "we""ird"(id integer primary key, "we""ird" text);
-- rows:
insert into "we""ird" values (1, 'v'), (2, NULL);
-- desired:
create table "we""ird"(id integer primary key, "we""ird" int, extra text default 'we"ird'); create index "we""ird_i" on "we""ird"("we""ird");
-- #endregion

-- #region: hostile table name it's
-- baseline:
create table "it's"(id integer primary key, "it's" text);
-- rows:
insert into "it's" values (1, 'v'), (2, NULL);
-- desired:
create table "it's"(id integer primary key, "it's" int, extra text default 'it''s'); create index "it's_i" on "it's"("it's");
-- #endregion

-- #region: hostile table name tâble
-- baseline:
create table "tâble"(id integer primary key, "tâble" text);
-- rows:
insert into "tâble" values (1, 'v'), (2, NULL);
-- desired:
create table "tâble"(id integer primary key, "tâble" int, extra text default 'tâble'); create index "tâble_i" on "tâble"("tâble");
-- #endregion

-- #region: hostile table name 名前
-- baseline:
create table "名前"(id integer primary key, "名前" text);
-- rows:
insert into "名前" values (1, 'v'), (2, NULL);
-- desired:
create table "名前"(id integer primary key, "名前" int, extra text default '名前'); create index "名前_i" on "名前"("名前");
-- #endregion

-- #region: hostile table name select
-- baseline:
create table [select](id integer primary key, [select] text);
-- rows:
insert into [select] values (1, 'v'), (2, NULL);
-- desired:
create table [select](id integer primary key, [select] int, extra text default 'select'); create index [select_i] on [select]([select]);
-- #endregion

-- #region: hostile table name MixedCase
-- baseline:
create table MixedCase(id integer primary key, MixedCase text);
-- rows:
insert into MixedCase values (1, 'v'), (2, NULL);
-- desired:
create table MixedCase(id integer primary key, MixedCase int, extra text default 'MixedCase'); create index MixedCase_i on MixedCase(MixedCase);
-- #endregion

-- #region: hostile table name from
-- baseline:
create table `from`(id integer primary key, `from` text);
-- rows:
insert into `from` values (1, 'v'), (2, NULL);
-- desired:
create table `from`(id integer primary key, `from` int, extra text default 'from'); create index `from_i` on `from`(`from`);
-- #endregion

-- #region: column names needing quotes
-- baseline:
create table a("x y" int, "q""t" text, [select] int);
-- rows:
insert into a values (1, 'a', 2);
-- desired:
create table a("x y" text, "q""t" text, [select] int, "é" real);
-- #endregion

