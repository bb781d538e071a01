-- SPDX-License-Identifier: MIT
-- Handcrafted cases for engines under test (docs/ENGINES.md), one or two per generator label:
-- "create:X" syncs an empty database to a schema using feature X (does the engine create it
-- faithfully?), "keep:X" starts from that schema, built by hand with rows, and adds an
-- unrelated table (does the engine leave it alone?), "change:X" is one small change of class
-- X on a table with rows, "guard:" drops something with allowDestructive off (P8), "reject:"
-- adds a constraint the rows violate (the sync must fail atomically, P5). The correct plan is
-- engine-specific: replay checks the properties only.
--
--   schemasync replay --engine drizzle harness/adapters/cases/features.sql
--   schemasync replay --engine toy --properties-only harness/adapters/cases/features.sql

-- #region: create:feature:single-primary-key
-- labels: feature:single-primary-key
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
-- desired:
create table f(a text primary key, b int);
-- #endregion

-- #region: keep:feature:single-primary-key
-- labels: feature:single-primary-key
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table f(a text primary key, b int);
-- desired:
create table f(a text primary key, b int);
create table zz_extra(id integer primary key not null);
-- #endregion

-- #region: create:feature:composite-primary-key
-- labels: feature:composite-primary-key
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
-- desired:
create table f(a int, b text, c real, primary key (a, b));
-- #endregion

-- #region: keep:feature:composite-primary-key
-- labels: feature:composite-primary-key
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table f(a int, b text, c real, primary key (a, b));
-- desired:
create table f(a int, b text, c real, primary key (a, b));
create table zz_extra(id integer primary key not null);
-- #endregion

-- #region: create:feature:integer-primary-key
-- labels: feature:integer-primary-key
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
-- desired:
create table f(id integer primary key, b text);
-- #endregion

-- #region: keep:feature:integer-primary-key
-- labels: feature:integer-primary-key
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table f(id integer primary key, b text);
-- rows:
insert into f(id) values (1), (2);
-- desired:
create table f(id integer primary key, b text);
create table zz_extra(id integer primary key not null);
-- #endregion

-- #region: create:feature:autoincrement
-- labels: feature:autoincrement
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
-- desired:
create table f(id integer primary key autoincrement, b text);
-- #endregion

-- #region: keep:feature:autoincrement
-- labels: feature:autoincrement
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table f(id integer primary key autoincrement, b text);
-- rows:
insert into f(id) values (1), (2);
-- desired:
create table f(id integer primary key autoincrement, b text);
create table zz_extra(id integer primary key not null);
-- #endregion

-- #region: create:feature:primary-key-desc
-- labels: feature:primary-key-desc
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
-- desired:
create table f(a int, b text, primary key (a desc));
-- #endregion

-- #region: keep:feature:primary-key-desc
-- labels: feature:primary-key-desc
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table f(a int, b text, primary key (a desc));
-- desired:
create table f(a int, b text, primary key (a desc));
create table zz_extra(id integer primary key not null);
-- #endregion

-- #region: create:feature:not-null
-- labels: feature:not-null
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
-- desired:
create table f(id integer primary key not null, b text not null);
-- #endregion

-- #region: keep:feature:not-null
-- labels: feature:not-null
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table f(id integer primary key not null, b text not null);
-- rows:
insert into f(id, b) values (1, 'x'), (2, 'y');
-- desired:
create table f(id integer primary key not null, b text not null);
create table zz_extra(id integer primary key not null);
-- #endregion

-- #region: create:feature:default
-- labels: feature:default
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
-- desired:
create table f(id integer primary key not null, b text default 'x', c integer default 3);
-- #endregion

-- #region: keep:feature:default
-- labels: feature:default
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table f(id integer primary key not null, b text default 'x', c integer default 3);
-- rows:
insert into f(id) values (1), (2);
-- desired:
create table f(id integer primary key not null, b text default 'x', c integer default 3);
create table zz_extra(id integer primary key not null);
-- #endregion

-- #region: create:feature:default-string-with-quote
-- labels: feature:default-string-with-quote
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
-- desired:
create table f(id integer primary key not null, b text default 'it''s');
-- #endregion

-- #region: keep:feature:default-string-with-quote
-- labels: feature:default-string-with-quote
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table f(id integer primary key not null, b text default 'it''s');
-- rows:
insert into f(id) values (1), (2);
-- desired:
create table f(id integer primary key not null, b text default 'it''s');
create table zz_extra(id integer primary key not null);
-- #endregion

-- #region: create:feature:default-current-timestamp
-- labels: feature:default-current-timestamp
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
-- desired:
create table f(id integer primary key not null, b text default current_timestamp);
-- #endregion

-- #region: keep:feature:default-current-timestamp
-- labels: feature:default-current-timestamp
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table f(id integer primary key not null, b text default current_timestamp);
-- rows:
insert into f(id) values (1), (2);
-- desired:
create table f(id integer primary key not null, b text default current_timestamp);
create table zz_extra(id integer primary key not null);
-- #endregion

-- #region: create:feature:default-parenthesized
-- labels: feature:default-parenthesized
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
-- desired:
create table f(id integer primary key not null, b integer default (1 + 2));
-- #endregion

-- #region: keep:feature:default-parenthesized
-- labels: feature:default-parenthesized
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table f(id integer primary key not null, b integer default (1 + 2));
-- rows:
insert into f(id) values (1), (2);
-- desired:
create table f(id integer primary key not null, b integer default (1 + 2));
create table zz_extra(id integer primary key not null);
-- #endregion

-- #region: create:feature:collate
-- labels: feature:collate
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
-- desired:
create table f(id integer primary key not null, b text collate nocase);
-- #endregion

-- #region: keep:feature:collate
-- labels: feature:collate
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table f(id integer primary key not null, b text collate nocase);
-- rows:
insert into f(id) values (1), (2);
-- desired:
create table f(id integer primary key not null, b text collate nocase);
create table zz_extra(id integer primary key not null);
-- #endregion

-- #region: create:feature:type-empty
-- labels: feature:type-empty
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
-- desired:
create table f(id integer primary key not null, b);
-- #endregion

-- #region: keep:feature:type-empty
-- labels: feature:type-empty
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table f(id integer primary key not null, b);
-- rows:
insert into f(id) values (1), (2);
-- desired:
create table f(id integer primary key not null, b);
create table zz_extra(id integer primary key not null);
-- #endregion

-- #region: create:feature:type-odd-affinity
-- labels: feature:type-odd-affinity
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
-- desired:
create table f(id integer primary key not null, b varchar(10), c boolean, d datetime);
-- #endregion

-- #region: keep:feature:type-odd-affinity
-- labels: feature:type-odd-affinity
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table f(id integer primary key not null, b varchar(10), c boolean, d datetime);
-- rows:
insert into f(id) values (1), (2);
-- desired:
create table f(id integer primary key not null, b varchar(10), c boolean, d datetime);
create table zz_extra(id integer primary key not null);
-- #endregion

-- #region: create:feature:unique-column
-- labels: feature:unique-column
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
-- desired:
create table f(id integer primary key not null, b text unique);
-- #endregion

-- #region: keep:feature:unique-column
-- labels: feature:unique-column
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table f(id integer primary key not null, b text unique);
-- rows:
insert into f(id) values (1), (2);
-- desired:
create table f(id integer primary key not null, b text unique);
create table zz_extra(id integer primary key not null);
-- #endregion

-- #region: create:feature:unique-table
-- labels: feature:unique-table
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
-- desired:
create table f(id integer primary key not null, b text, c text, unique (b, c));
-- #endregion

-- #region: keep:feature:unique-table
-- labels: feature:unique-table
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table f(id integer primary key not null, b text, c text, unique (b, c));
-- rows:
insert into f(id) values (1), (2);
-- desired:
create table f(id integer primary key not null, b text, c text, unique (b, c));
create table zz_extra(id integer primary key not null);
-- #endregion

-- #region: create:feature:check-column
-- labels: feature:check-column
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
-- desired:
create table f(id integer primary key not null, b integer check (b > 0));
-- #endregion

-- #region: keep:feature:check-column
-- labels: feature:check-column
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table f(id integer primary key not null, b integer check (b > 0));
-- rows:
insert into f(id) values (1), (2);
-- desired:
create table f(id integer primary key not null, b integer check (b > 0));
create table zz_extra(id integer primary key not null);
-- #endregion

-- #region: create:feature:check-table
-- labels: feature:check-table
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
-- desired:
create table f(id integer primary key not null, b integer, c integer, check (b < c));
-- #endregion

-- #region: keep:feature:check-table
-- labels: feature:check-table
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table f(id integer primary key not null, b integer, c integer, check (b < c));
-- rows:
insert into f(id) values (1), (2);
-- desired:
create table f(id integer primary key not null, b integer, c integer, check (b < c));
create table zz_extra(id integer primary key not null);
-- #endregion

-- #region: create:feature:foreign-key
-- labels: feature:foreign-key
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
-- desired:
create table p(id integer primary key not null);
create table f(id integer primary key not null, p integer references p(id));
-- #endregion

-- #region: keep:feature:foreign-key
-- labels: feature:foreign-key
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table p(id integer primary key not null);
create table f(id integer primary key not null, p integer references p(id));
-- rows:
insert into p(id) values (1), (2);
-- desired:
create table p(id integer primary key not null);
create table f(id integer primary key not null, p integer references p(id));
create table zz_extra(id integer primary key not null);
-- #endregion

-- #region: create:feature:fk-cascade
-- labels: feature:fk-cascade
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
-- desired:
create table p(id integer primary key not null);
create table f(id integer primary key not null, p integer references p(id) on delete cascade);
-- #endregion

-- #region: keep:feature:fk-cascade
-- labels: feature:fk-cascade
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table p(id integer primary key not null);
create table f(id integer primary key not null, p integer references p(id) on delete cascade);
-- rows:
insert into p(id) values (1), (2);
-- desired:
create table p(id integer primary key not null);
create table f(id integer primary key not null, p integer references p(id) on delete cascade);
create table zz_extra(id integer primary key not null);
-- #endregion

-- #region: create:feature:fk-set-null
-- labels: feature:fk-set-null
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
-- desired:
create table p(id integer primary key not null);
create table f(id integer primary key not null, p integer references p(id) on delete set null);
-- #endregion

-- #region: keep:feature:fk-set-null
-- labels: feature:fk-set-null
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table p(id integer primary key not null);
create table f(id integer primary key not null, p integer references p(id) on delete set null);
-- rows:
insert into p(id) values (1), (2);
-- desired:
create table p(id integer primary key not null);
create table f(id integer primary key not null, p integer references p(id) on delete set null);
create table zz_extra(id integer primary key not null);
-- #endregion

-- #region: create:feature:fk-set-default
-- labels: feature:fk-set-default
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
-- desired:
create table p(id integer primary key not null);
create table f(id integer primary key not null, p integer default 1 references p(id) on update set default);
-- #endregion

-- #region: keep:feature:fk-set-default
-- labels: feature:fk-set-default
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table p(id integer primary key not null);
create table f(id integer primary key not null, p integer default 1 references p(id) on update set default);
-- rows:
insert into p(id) values (1), (2);
-- desired:
create table p(id integer primary key not null);
create table f(id integer primary key not null, p integer default 1 references p(id) on update set default);
create table zz_extra(id integer primary key not null);
-- #endregion

-- #region: create:feature:fk-restrict
-- labels: feature:fk-restrict
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
-- desired:
create table p(id integer primary key not null);
create table f(id integer primary key not null, p integer references p(id) on delete restrict);
-- #endregion

-- #region: keep:feature:fk-restrict
-- labels: feature:fk-restrict
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table p(id integer primary key not null);
create table f(id integer primary key not null, p integer references p(id) on delete restrict);
-- rows:
insert into p(id) values (1), (2);
-- desired:
create table p(id integer primary key not null);
create table f(id integer primary key not null, p integer references p(id) on delete restrict);
create table zz_extra(id integer primary key not null);
-- #endregion

-- #region: create:feature:fk-deferrable
-- labels: feature:fk-deferrable
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
-- desired:
create table p(id integer primary key not null);
create table f(id integer primary key not null, p integer references p(id) deferrable initially deferred);
-- #endregion

-- #region: keep:feature:fk-deferrable
-- labels: feature:fk-deferrable
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table p(id integer primary key not null);
create table f(id integer primary key not null, p integer references p(id) deferrable initially deferred);
-- rows:
insert into p(id) values (1), (2);
-- desired:
create table p(id integer primary key not null);
create table f(id integer primary key not null, p integer references p(id) deferrable initially deferred);
create table zz_extra(id integer primary key not null);
-- #endregion

-- #region: create:feature:fk-self
-- labels: feature:fk-self
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
-- desired:
create table f(id integer primary key not null, parent integer references f(id));
-- #endregion

-- #region: keep:feature:fk-self
-- labels: feature:fk-self
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table f(id integer primary key not null, parent integer references f(id));
-- rows:
insert into f(id) values (1), (2);
-- desired:
create table f(id integer primary key not null, parent integer references f(id));
create table zz_extra(id integer primary key not null);
-- #endregion

-- #region: create:feature:fk-composite
-- labels: feature:fk-composite
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
-- desired:
create table p(a integer not null, b integer not null, primary key (a, b));
create table f(id integer primary key not null, a integer, b integer, foreign key (a, b) references p(a, b));
-- #endregion

-- #region: keep:feature:fk-composite
-- labels: feature:fk-composite
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table p(a integer not null, b integer not null, primary key (a, b));
create table f(id integer primary key not null, a integer, b integer, foreign key (a, b) references p(a, b));
-- rows:
insert into f(id) values (1), (2);
-- desired:
create table p(a integer not null, b integer not null, primary key (a, b));
create table f(id integer primary key not null, a integer, b integer, foreign key (a, b) references p(a, b));
create table zz_extra(id integer primary key not null);
-- #endregion

-- #region: create:feature:generated-virtual
-- labels: feature:generated-virtual
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
-- desired:
create table f(id integer primary key not null, b integer, c integer generated always as (b * 2) virtual);
-- #endregion

-- #region: keep:feature:generated-virtual
-- labels: feature:generated-virtual
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table f(id integer primary key not null, b integer, c integer generated always as (b * 2) virtual);
-- rows:
insert into f(id) values (1), (2);
-- desired:
create table f(id integer primary key not null, b integer, c integer generated always as (b * 2) virtual);
create table zz_extra(id integer primary key not null);
-- #endregion

-- #region: create:feature:generated-stored
-- labels: feature:generated-stored
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
-- desired:
create table f(id integer primary key not null, b integer, c integer generated always as (b * 2) stored);
-- #endregion

-- #region: keep:feature:generated-stored
-- labels: feature:generated-stored
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table f(id integer primary key not null, b integer, c integer generated always as (b * 2) stored);
-- rows:
insert into f(id) values (1), (2);
-- desired:
create table f(id integer primary key not null, b integer, c integer generated always as (b * 2) stored);
create table zz_extra(id integer primary key not null);
-- #endregion

-- #region: create:feature:strict
-- labels: feature:strict
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
-- desired:
create table f(id integer primary key not null, b text) strict;
-- #endregion

-- #region: keep:feature:strict
-- labels: feature:strict
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table f(id integer primary key not null, b text) strict;
-- rows:
insert into f(id) values (1), (2);
-- desired:
create table f(id integer primary key not null, b text) strict;
create table zz_extra(id integer primary key not null);
-- #endregion

-- #region: create:feature:without-rowid
-- labels: feature:without-rowid
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
-- desired:
create table f(id integer primary key not null, b text) without rowid;
-- #endregion

-- #region: keep:feature:without-rowid
-- labels: feature:without-rowid
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table f(id integer primary key not null, b text) without rowid;
-- rows:
insert into f(id) values (1), (2);
-- desired:
create table f(id integer primary key not null, b text) without rowid;
create table zz_extra(id integer primary key not null);
-- #endregion

-- #region: create:feature:index
-- labels: feature:index
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
-- desired:
create table f(id integer primary key not null, b text);
create index f_b on f(b);
-- #endregion

-- #region: keep:feature:index
-- labels: feature:index
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table f(id integer primary key not null, b text);
create index f_b on f(b);
-- rows:
insert into f(id) values (1), (2);
-- desired:
create table f(id integer primary key not null, b text);
create index f_b on f(b);
create table zz_extra(id integer primary key not null);
-- #endregion

-- #region: create:feature:index-unique
-- labels: feature:index-unique
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
-- desired:
create table f(id integer primary key not null, b text);
create unique index f_b on f(b);
-- #endregion

-- #region: keep:feature:index-unique
-- labels: feature:index-unique
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table f(id integer primary key not null, b text);
create unique index f_b on f(b);
-- rows:
insert into f(id) values (1), (2);
-- desired:
create table f(id integer primary key not null, b text);
create unique index f_b on f(b);
create table zz_extra(id integer primary key not null);
-- #endregion

-- #region: create:feature:index-partial
-- labels: feature:index-partial
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
-- desired:
create table f(id integer primary key not null, b text);
create index f_b on f(b) where b is not null;
-- #endregion

-- #region: keep:feature:index-partial
-- labels: feature:index-partial
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table f(id integer primary key not null, b text);
create index f_b on f(b) where b is not null;
-- rows:
insert into f(id) values (1), (2);
-- desired:
create table f(id integer primary key not null, b text);
create index f_b on f(b) where b is not null;
create table zz_extra(id integer primary key not null);
-- #endregion

-- #region: create:feature:index-expression
-- labels: feature:index-expression
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
-- desired:
create table f(id integer primary key not null, b text);
create index f_b on f(lower(b));
-- #endregion

-- #region: keep:feature:index-expression
-- labels: feature:index-expression
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table f(id integer primary key not null, b text);
create index f_b on f(lower(b));
-- rows:
insert into f(id) values (1), (2);
-- desired:
create table f(id integer primary key not null, b text);
create index f_b on f(lower(b));
create table zz_extra(id integer primary key not null);
-- #endregion

-- #region: create:feature:index-desc
-- labels: feature:index-desc
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
-- desired:
create table f(id integer primary key not null, b text);
create index f_b on f(b desc);
-- #endregion

-- #region: keep:feature:index-desc
-- labels: feature:index-desc
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table f(id integer primary key not null, b text);
create index f_b on f(b desc);
-- rows:
insert into f(id) values (1), (2);
-- desired:
create table f(id integer primary key not null, b text);
create index f_b on f(b desc);
create table zz_extra(id integer primary key not null);
-- #endregion

-- #region: create:feature:index-collate
-- labels: feature:index-collate
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
-- desired:
create table f(id integer primary key not null, b text);
create index f_b on f(b collate nocase);
-- #endregion

-- #region: keep:feature:index-collate
-- labels: feature:index-collate
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table f(id integer primary key not null, b text);
create index f_b on f(b collate nocase);
-- rows:
insert into f(id) values (1), (2);
-- desired:
create table f(id integer primary key not null, b text);
create index f_b on f(b collate nocase);
create table zz_extra(id integer primary key not null);
-- #endregion

-- #region: create:feature:view
-- labels: feature:view
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
-- desired:
create table f(id integer primary key not null, b text);
create view fv as select b from f;
-- #endregion

-- #region: keep:feature:view
-- labels: feature:view
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table f(id integer primary key not null, b text);
create view fv as select b from f;
-- rows:
insert into f(id) values (1), (2);
-- desired:
create table f(id integer primary key not null, b text);
create view fv as select b from f;
create table zz_extra(id integer primary key not null);
-- #endregion

-- #region: create:feature:view-select-star
-- labels: feature:view-select-star
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
-- desired:
create table f(id integer primary key not null, b text);
create view fv as select * from f;
-- #endregion

-- #region: keep:feature:view-select-star
-- labels: feature:view-select-star
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table f(id integer primary key not null, b text);
create view fv as select * from f;
-- rows:
insert into f(id) values (1), (2);
-- desired:
create table f(id integer primary key not null, b text);
create view fv as select * from f;
create table zz_extra(id integer primary key not null);
-- #endregion

-- #region: create:feature:view-join
-- labels: feature:view-join
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
-- desired:
create table f(id integer primary key not null, b text);
create table g(id integer primary key not null, f integer);
create view fv as select f.b, g.id from f join g on g.f = f.id;
-- #endregion

-- #region: keep:feature:view-join
-- labels: feature:view-join
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table f(id integer primary key not null, b text);
create table g(id integer primary key not null, f integer);
create view fv as select f.b, g.id from f join g on g.f = f.id;
-- rows:
insert into f(id) values (1), (2);
-- desired:
create table f(id integer primary key not null, b text);
create table g(id integer primary key not null, f integer);
create view fv as select f.b, g.id from f join g on g.f = f.id;
create table zz_extra(id integer primary key not null);
-- #endregion

-- #region: create:feature:view-on-view
-- labels: feature:view-on-view
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
-- desired:
create table f(id integer primary key not null, b text);
create view fv as select b from f;
create view fw as select b from fv;
-- #endregion

-- #region: keep:feature:view-on-view
-- labels: feature:view-on-view
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table f(id integer primary key not null, b text);
create view fv as select b from f;
create view fw as select b from fv;
-- rows:
insert into f(id) values (1), (2);
-- desired:
create table f(id integer primary key not null, b text);
create view fv as select b from f;
create view fw as select b from fv;
create table zz_extra(id integer primary key not null);
-- #endregion

-- #region: create:feature:trigger-before
-- labels: feature:trigger-before
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
-- desired:
create table f(id integer primary key not null, b text);
create trigger ft before insert on f begin select 1; end;
-- #endregion

-- #region: keep:feature:trigger-before
-- labels: feature:trigger-before
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table f(id integer primary key not null, b text);
create trigger ft before insert on f begin select 1; end;
-- rows:
insert into f(id) values (1), (2);
-- desired:
create table f(id integer primary key not null, b text);
create trigger ft before insert on f begin select 1; end;
create table zz_extra(id integer primary key not null);
-- #endregion

-- #region: create:feature:trigger-after
-- labels: feature:trigger-after
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
-- desired:
create table f(id integer primary key not null, b text);
create table g(x text);
create trigger ft after insert on f begin insert into g values (new.b); end;
-- #endregion

-- #region: keep:feature:trigger-after
-- labels: feature:trigger-after
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table f(id integer primary key not null, b text);
create table g(x text);
create trigger ft after insert on f begin insert into g values (new.b); end;
-- rows:
insert into f(id) values (1), (2);
-- desired:
create table f(id integer primary key not null, b text);
create table g(x text);
create trigger ft after insert on f begin insert into g values (new.b); end;
create table zz_extra(id integer primary key not null);
-- #endregion

-- #region: create:feature:trigger-instead-of
-- labels: feature:trigger-instead-of
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
-- desired:
create table f(id integer primary key not null, b text);
create view fv as select b from f;
create trigger ft instead of insert on fv begin insert into f(b) values (new.b); end;
-- #endregion

-- #region: keep:feature:trigger-instead-of
-- labels: feature:trigger-instead-of
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table f(id integer primary key not null, b text);
create view fv as select b from f;
create trigger ft instead of insert on fv begin insert into f(b) values (new.b); end;
-- rows:
insert into f(id) values (1), (2);
-- desired:
create table f(id integer primary key not null, b text);
create view fv as select b from f;
create trigger ft instead of insert on fv begin insert into f(b) values (new.b); end;
create table zz_extra(id integer primary key not null);
-- #endregion

-- #region: create:feature:trigger-update-of
-- labels: feature:trigger-update-of
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
-- desired:
create table f(id integer primary key not null, b text);
create trigger ft after update of b on f begin select 1; end;
-- #endregion

-- #region: keep:feature:trigger-update-of
-- labels: feature:trigger-update-of
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table f(id integer primary key not null, b text);
create trigger ft after update of b on f begin select 1; end;
-- rows:
insert into f(id) values (1), (2);
-- desired:
create table f(id integer primary key not null, b text);
create trigger ft after update of b on f begin select 1; end;
create table zz_extra(id integer primary key not null);
-- #endregion

-- #region: create:feature:trigger-when
-- labels: feature:trigger-when
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
-- desired:
create table f(id integer primary key not null, b text);
create trigger ft after insert on f when new.b is null begin select 1; end;
-- #endregion

-- #region: keep:feature:trigger-when
-- labels: feature:trigger-when
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table f(id integer primary key not null, b text);
create trigger ft after insert on f when new.b is null begin select 1; end;
-- rows:
insert into f(id) values (1), (2);
-- desired:
create table f(id integer primary key not null, b text);
create trigger ft after insert on f when new.b is null begin select 1; end;
create table zz_extra(id integer primary key not null);
-- #endregion

-- #region: create:feature:excluded-table
-- labels: feature:excluded-table
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
-- desired:
create table f(id integer primary key not null, b text);
create table sqlfu_migrations(name text);
-- #endregion

-- #region: keep:feature:excluded-table
-- labels: feature:excluded-table
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table f(id integer primary key not null, b text);
create table sqlfu_migrations(name text);
-- rows:
insert into f(id) values (1), (2);
-- desired:
create table f(id integer primary key not null, b text);
create table sqlfu_migrations(name text);
create table zz_extra(id integer primary key not null);
-- #endregion

-- #region: create:feature:if-not-exists
-- labels: feature:if-not-exists
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
-- desired:
create table if not exists f(id integer primary key not null, b text);
-- #endregion

-- #region: keep:feature:if-not-exists
-- labels: feature:if-not-exists
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table if not exists f(id integer primary key not null, b text);
-- rows:
insert into f(id) values (1), (2);
-- desired:
create table if not exists f(id integer primary key not null, b text);
create table zz_extra(id integer primary key not null);
-- #endregion

-- #region: create:feature:comments
-- labels: feature:comments
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
-- desired:
-- a comment
create table f(id integer primary key not null, /* b */ b text);
-- #endregion

-- #region: keep:feature:comments
-- labels: feature:comments
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
-- a comment
create table f(id integer primary key not null, /* b */ b text);
-- rows:
insert into f(id) values (1), (2);
-- desired:
-- a comment
create table f(id integer primary key not null, /* b */ b text);
create table zz_extra(id integer primary key not null);
-- #endregion

-- #region: create:name:keyword
-- labels: name:keyword
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
-- desired:
create table "order"(id integer primary key not null, "group" text);
-- #endregion

-- #region: keep:name:keyword
-- labels: name:keyword
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table "order"(id integer primary key not null, "group" text);
-- rows:
insert into "order"(id) values (1), (2);
-- desired:
create table "order"(id integer primary key not null, "group" text);
create table zz_extra(id integer primary key not null);
-- #endregion

-- #region: create:name:mixed-case
-- labels: name:mixed-case
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
-- desired:
create table MyTable(id integer primary key not null, MyCol text);
-- #endregion

-- #region: keep:name:mixed-case
-- labels: name:mixed-case
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table MyTable(id integer primary key not null, MyCol text);
-- rows:
insert into MyTable(id) values (1), (2);
-- desired:
create table MyTable(id integer primary key not null, MyCol text);
create table zz_extra(id integer primary key not null);
-- #endregion

-- #region: create:name:space
-- labels: name:space
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
-- desired:
create table "my table"(id integer primary key not null, "my col" text);
-- #endregion

-- #region: keep:name:space
-- labels: name:space
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table "my table"(id integer primary key not null, "my col" text);
-- rows:
insert into "my table"(id) values (1), (2);
-- desired:
create table "my table"(id integer primary key not null, "my col" text);
create table zz_extra(id integer primary key not null);
-- #endregion

-- #region: create:name:embedded-quote
-- labels: name:embedded-quote
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
-- desired:
create table "q""t"(id integer primary key not null, "it's" text);
-- #endregion

-- #region: keep:name:embedded-quote
-- labels: name:embedded-quote
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table "q""t"(id integer primary key not null, "it's" text);
-- rows:
insert into "q""t"(id) values (1), (2);
-- desired:
create table "q""t"(id integer primary key not null, "it's" text);
create table zz_extra(id integer primary key not null);
-- #endregion

-- #region: create:name:non-ascii
-- labels: name:non-ascii
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
-- desired:
create table "名前"(id integer primary key not null, "列" text);
-- #endregion

-- #region: keep:name:non-ascii
-- labels: name:non-ascii
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table "名前"(id integer primary key not null, "列" text);
-- rows:
insert into "名前"(id) values (1), (2);
-- desired:
create table "名前"(id integer primary key not null, "列" text);
create table zz_extra(id integer primary key not null);
-- #endregion

-- #region: create:name:post-posts
-- labels: name:post-posts
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
-- desired:
create table posts(id integer primary key not null, b text);
create index post on posts(b);
-- #endregion

-- #region: keep:name:post-posts
-- labels: name:post-posts
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table posts(id integer primary key not null, b text);
create index post on posts(b);
-- rows:
insert into posts(id) values (1), (2);
-- desired:
create table posts(id integer primary key not null, b text);
create index post on posts(b);
create table zz_extra(id integer primary key not null);
-- #endregion

-- #region: create:name:prefix-text-inside
-- labels: name:prefix-text-inside
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
-- desired:
create table f(id integer primary key not null, b text default '__sqlfu_sync_');
-- #endregion

-- #region: keep:name:prefix-text-inside
-- labels: name:prefix-text-inside
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table f(id integer primary key not null, b text default '__sqlfu_sync_');
-- rows:
insert into f(id) values (1), (2);
-- desired:
create table f(id integer primary key not null, b text default '__sqlfu_sync_');
create table zz_extra(id integer primary key not null);
-- #endregion

-- #region: create:name:like-wildcard
-- labels: name:like-wildcard
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
-- desired:
create table a_b(id integer primary key not null, b text);
-- #endregion

-- #region: keep:name:like-wildcard
-- labels: name:like-wildcard
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table a_b(id integer primary key not null, b text);
-- rows:
insert into a_b(id) values (1), (2);
-- desired:
create table a_b(id integer primary key not null, b text);
create table zz_extra(id integer primary key not null);
-- #endregion

-- #region: change:add-table
-- labels: change:add-table
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table t(id integer primary key not null, a text, b integer);
-- rows:
insert into t(id, a, b) values (1, 'x', 1), (2, 'y', 2);
-- desired:
create table t(id integer primary key not null, a text, b integer);
create table u(id integer primary key not null);
-- #endregion

-- #region: change:drop-table
-- labels: change:drop-table
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table t(id integer primary key not null, a text, b integer);
create table u(id integer primary key not null);
-- rows:
insert into t(id, a, b) values (1, 'x', 1), (2, 'y', 2);
-- desired:
create table t(id integer primary key not null, a text, b integer);
-- #endregion

-- #region: change:add-column
-- labels: change:add-column
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table t(id integer primary key not null, a text, b integer);
-- rows:
insert into t(id, a, b) values (1, 'x', 1), (2, 'y', 2);
-- desired:
create table t(id integer primary key not null, a text, b integer, c text);
-- #endregion

-- #region: change:drop-column
-- labels: change:drop-column
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table t(id integer primary key not null, a text, b integer, c text);
-- rows:
insert into t(id, a, b) values (1, 'x', 1), (2, 'y', 2);
-- desired:
create table t(id integer primary key not null, a text, b integer);
-- #endregion

-- #region: change:column-type
-- labels: change:column-type
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table t(id integer primary key not null, a text, b integer);
-- rows:
insert into t(id, a, b) values (1, 'x', 1), (2, 'y', 2);
-- desired:
create table t(id integer primary key not null, a text, b text);
-- #endregion

-- #region: change:not-null
-- labels: change:not-null
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table t(id integer primary key not null, a text, b integer);
-- rows:
insert into t(id, a, b) values (1, 'x', 1), (2, 'y', 2);
-- desired:
create table t(id integer primary key not null, a text not null, b integer);
-- #endregion

-- #region: change:default
-- labels: change:default
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table t(id integer primary key not null, a text, b integer);
-- rows:
insert into t(id, a, b) values (1, 'x', 1), (2, 'y', 2);
-- desired:
create table t(id integer primary key not null, a text default 'd', b integer);
-- #endregion

-- #region: change:collation
-- labels: change:collation
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table t(id integer primary key not null, a text, b integer);
-- rows:
insert into t(id, a, b) values (1, 'x', 1), (2, 'y', 2);
-- desired:
create table t(id integer primary key not null, a text collate nocase, b integer);
-- #endregion

-- #region: change:primary-key
-- labels: change:primary-key
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table t(id integer not null, a text, b integer);
-- rows:
insert into t(id, a, b) values (1, 'x', 1), (2, 'y', 2);
-- desired:
create table t(id integer primary key not null, a text, b integer);
-- #endregion

-- #region: change:check
-- labels: change:check
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table t(id integer primary key not null, a text, b integer);
-- rows:
insert into t(id, a, b) values (1, 'x', 1), (2, 'y', 2);
-- desired:
create table t(id integer primary key not null, a text, b integer, check (b > 0));
-- #endregion

-- #region: change:unique
-- labels: change:unique
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table t(id integer primary key not null, a text, b integer);
-- rows:
insert into t(id, a, b) values (1, 'x', 1), (2, 'y', 2);
-- desired:
create table t(id integer primary key not null, a text unique, b integer);
-- #endregion

-- #region: change:foreign-key
-- labels: change:foreign-key
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table t(id integer primary key not null, a text, b integer);
create table p(id integer primary key not null);
-- rows:
insert into t(id, a, b) values (1, 'x', 1), (2, 'y', 2);
-- desired:
create table p(id integer primary key not null);
create table t(id integer primary key not null, a text, b integer references p(id));
-- #endregion

-- #region: change:generated
-- labels: change:generated
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table t(id integer primary key not null, a text, b integer);
-- rows:
insert into t(id, a, b) values (1, 'x', 1), (2, 'y', 2);
-- desired:
create table t(id integer primary key not null, a text, b integer, c integer generated always as (b + 1) virtual);
-- #endregion

-- #region: change:strict
-- labels: change:strict
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table t(id integer primary key not null, a text, b integer);
-- rows:
insert into t(id, a, b) values (1, 'x', 1), (2, 'y', 2);
-- desired:
create table t(id integer primary key not null, a text, b integer) strict;
-- #endregion

-- #region: change:without-rowid
-- labels: change:without-rowid
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table t(id integer primary key not null, a text, b integer);
-- rows:
insert into t(id, a, b) values (1, 'x', 1), (2, 'y', 2);
-- desired:
create table t(id integer primary key not null, a text, b integer) without rowid;
-- #endregion

-- #region: change:autoincrement
-- labels: change:autoincrement
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table t(id integer primary key not null, a text, b integer);
-- rows:
insert into t(id, a, b) values (1, 'x', 1), (2, 'y', 2);
-- desired:
create table t(id integer primary key autoincrement not null, a text, b integer);
-- #endregion

-- #region: change:index
-- labels: change:index
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table t(id integer primary key not null, a text, b integer);
-- rows:
insert into t(id, a, b) values (1, 'x', 1), (2, 'y', 2);
-- desired:
create table t(id integer primary key not null, a text, b integer);
create index t_a on t(a);
-- #endregion

-- #region: change:view
-- labels: change:view
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table t(id integer primary key not null, a text, b integer);
create view tv as select a from t;
-- rows:
insert into t(id, a, b) values (1, 'x', 1), (2, 'y', 2);
-- desired:
create table t(id integer primary key not null, a text, b integer);
create view tv as select a, b from t;
-- #endregion

-- #region: change:trigger
-- labels: change:trigger
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table t(id integer primary key not null, a text, b integer);
-- rows:
insert into t(id, a, b) values (1, 'x', 1), (2, 'y', 2);
-- desired:
create table t(id integer primary key not null, a text, b integer);
create trigger tt after insert on t begin select 1; end;
-- #endregion

-- #region: change:rename-by-case
-- labels: change:rename-by-case
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table t(id integer primary key not null, a text, b integer);
-- rows:
insert into t(id, a, b) values (1, 'x', 1), (2, 'y', 2);
-- desired:
create table T(id integer primary key not null, a text, b integer);
-- #endregion

-- #region: change:move-column
-- labels: change:move-column
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table t(id integer primary key not null, a text, b integer);
-- rows:
insert into t(id, a, b) values (1, 'x', 1), (2, 'y', 2);
-- desired:
create table t(id integer primary key not null, b integer, a text);
-- #endregion

-- #region: change:formatting-only
-- labels: change:formatting-only
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table t(id integer primary key not null, a text, b integer);
-- rows:
insert into t(id, a, b) values (1, 'x', 1), (2, 'y', 2);
-- desired:
CREATE TABLE "t" ( "id" INTEGER PRIMARY KEY NOT NULL , "a" TEXT , "b" INTEGER ) ;
-- #endregion

-- #region: guard:drop-table
-- labels: change:drop-table config:allow-destructive-off
-- config: {"allowDestructive":false,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table t(id integer primary key not null, a text, b integer);
create table u(id integer primary key not null);
-- rows:
insert into t(id, a, b) values (1, 'x', 1), (2, 'y', 2);
-- desired:
create table t(id integer primary key not null, a text, b integer);
-- #endregion

-- #region: guard:drop-column
-- labels: change:drop-column config:allow-destructive-off
-- config: {"allowDestructive":false,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table t(id integer primary key not null, a text, b integer, c text);
-- rows:
insert into t(id, a, b) values (1, 'x', 1), (2, 'y', 2);
-- desired:
create table t(id integer primary key not null, a text, b integer);
-- #endregion

-- #region: reject:check
-- labels: change:check
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table t(id integer primary key not null, a text, b integer);
-- rows:
insert into t(id, a, b) values (1, 'x', 1), (2, 'y', 2);
-- desired:
create table t(id integer primary key not null, a text, b integer, check (b > 5));
-- #endregion

-- #region: reject:not-null
-- labels: change:not-null
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table t(id integer primary key not null, a text, b integer);
-- rows:
insert into t(id, a, b) values (1, 'x', 1), (2, 'y', 2);
insert into t(id) values (3);
-- desired:
create table t(id integer primary key not null, a text not null, b integer);
-- #endregion
