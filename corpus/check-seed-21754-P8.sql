-- SPDX-License-Identifier: MIT
-- A case found by the property campaign (schemasync check), shrunk.
-- #region: P8 seed 21754
-- property P8 failed: [scratch-db] allowDestructive=false but index idx2 was dropped
-- found by: schemasync check --seed 21754 --cases 1 --jobs 1 (max tables 4)
-- shrunk from 298 to 294 choices; propertiesOnly: the correct plan is not known, replay checks P1-P9
-- observed plan:
--   -- view "v2" depends on "v", which changes; recreated below
--   DROP VIEW "v2";
--   -- view "v" depends on "idx", which changes; recreated below
--   DROP VIEW "v";
--   -- rebuilding table "idx": column "Order2" definition changed from "any generated always as (length([value])) stored" to "any as (length(value)) stored"
--   CREATE TABLE "__sqlfu_sync_new_idx" ( value blob, c blob default 'it''s' collate BINARY, "Order" any as (value || 'x') stored, Order2 any as (length(value)) stored, primary key (value)) strict;
--   INSERT INTO "__sqlfu_sync_new_idx" (rowid, "value", "c") SELECT rowid, "value", "c" FROM "idx";
--   DROP TABLE "idx";
--   CREATE TABLE "idx" ( value blob, c blob default 'it''s' collate BINARY, "Order" any as (value || 'x') stored, Order2 any as (length(value)) stored, primary key (value)) strict;
--   INSERT INTO "idx" (rowid, "value", "c") SELECT rowid, "value", "c" FROM "__sqlfu_sync_new_idx";
--   DROP TABLE "__sqlfu_sync_new_idx";
--   CREATE INDEX "from" on "t2" (c);
--   CREATE VIEW "v" as select value from idx;
--   CREATE VIEW "v2" as select * from v;
-- config: {"allowDestructive":false,"foreignKeys":true,"propertiesOnly":true}
-- baseline:
create table "idx" ( value blob,
  `c` blob default 'it''s' collate BINARY, "Order" any as ([value] || 'x') stored, Order2 any generated always as (length([value])) stored, primary key (value)) strict;
create table "MixedCase" ( [é] integer primary key, `x y` DOUBLE PRECISION, "a" blob as (typeof("é")), `é2` DOUBLE PRECISION not null unique) without rowid;
create table if not exists t2 (
  `c` primary key collate BINARY);
create table `select` (
  name boolean default CURRENT_TIMESTAMP check (length([name]) < 40),
  primary key (`name`));
create unique index `group` on [t2] (`c` desc);
create index idx2 on idx (abs([c]) collate RTRIM desc) where "c" is not null;
create view v as select `value` from idx;
create view v2 as select * from [v];
-- rows:
insert into "t2" ("c") values ('A');
insert into "t2" ("c") values (1049);
-- desired:
create table idx ( value blob, c blob default 'it''s' collate BINARY, "Order" any as (value || 'x') stored, Order2 any as (length(value)) stored, primary key (value)) strict;
create table MixedCase ( "é" integer primary key, "x y" DOUBLE PRECISION, a blob as (typeof("é")), "é2" DOUBLE PRECISION not null unique) without rowid;
create table t2 ( c primary key collate BINARY);
create table "select" ( name boolean default CURRENT_TIMESTAMP check (length(name) < 40), primary key (name));
create unique index "group" on t2 (c desc);
create index "from" on t2 (c);
create view v as select value from idx;
create view v2 as select * from v;
-- #endregion
