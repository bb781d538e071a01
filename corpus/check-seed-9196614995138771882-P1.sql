-- SPDX-License-Identifier: MIT
-- A case found by the property campaign (schemasync check, 10-minute run of 2026-12-02, seed
-- 20261203), shrunk. Inside a caller's transaction with foreign keys enforced, a parent
-- ("from") loses the key its child ("order") referenced, and the child's new version
-- references a new table instead: the parent was rebuilt first and its copy failed with
-- "foreign key mismatch". Fixed: a rebuilt child whose new version references no rebuilt
-- table is rebuilt before its parents (plan_build.c, rebuilt_child_first).
-- #region: P1 seed 9196614995138771882
-- property P1 failed: [caller transaction, auto] sync failed although the rows fit the desired schema: sqlite: statement failed: INSERT INTO "from" (rowid, "post") SELECT rowid, "post" FROM "__sqlfu_sync_new_from": foreign key mismatch - "order" referencing "from"
-- found by: schemasync check --case-seed 9196614995138771882 --max-tables 4
-- shrunk from 504 to 438 choices; propertiesOnly: the correct plan is not known, replay checks P1-P10
-- observed plan:
--   -- view "v" depends on "from", which changes; recreated below
--   DROP VIEW "v";
--   CREATE TABLE "users" ( c bigint default 'it''s ' collate BINARY, a boolean default x'ff' collate BINARY, "select" integer default 'C:\ ' unique, select2 int as (length(c)), "é" Integer as (typeof("select")), name blob default '名' check (name <> 'bad'), __sqlfu_sync_c decimal(10,2) as ("select" || 'x'), "default" varchar(10) default x'ff' unique, posts bigint default 0 check (length(posts) < 40), "Key" datetime not null default (abs(-5)) unique, primary key (c, name));
--   -- rebuilding table "from": column "post" definition changed from "Integer primary key desc not null default (1 + 2)" to "Integer not null default (1 + 2)"
--   CREATE TABLE "__sqlfu_sync_new_from" ( post Integer not null default (1 + 2));
--   INSERT INTO "__sqlfu_sync_new_from" (rowid, "post") SELECT rowid, "post" FROM "from";
--   DROP TABLE "from";
--   CREATE TABLE "from" ( post Integer not null default (1 + 2));
--   INSERT INTO "from" (rowid, "post") SELECT rowid, "post" FROM "__sqlfu_sync_new_from";
--   DROP TABLE "__sqlfu_sync_new_from";
--   -- rebuilding table "order": column "Key" definition changed from "integer default '' references [from] on delete restrict on update restrict" to "integer default ''"
--   CREATE TABLE "__sqlfu_sync_new_order" ( "Order" real primary key desc not null default NULL, post real default -1, value any unique, "Key" integer default '', foreign key (post, "Key") references users(c, name) match simple on delete set null) strict, without rowid;
--   INSERT INTO "__sqlfu_sync_new_order" ("Order", "post", "value", "Key") SELECT "Order", "post", "value", "Key" FROM "order";
--   DROP TABLE "order";
--   CREATE TABLE "order" ( "Order" real primary key desc not null default NULL, post real default -1, value any unique, "Key" integer default '', foreign key (post, "Key") references users(c, name) match simple on delete set null) strict, without rowid;
--   INSERT INTO "order" ("Order", "post", "value", "Key") SELECT "Order", "post", "value", "Key" FROM "__sqlfu_sync_new_order";
--   DROP TABLE "__sqlfu_sync_new_order";
--   CREATE VIEW "v" as select "select" from "users" where "select" in (select "post" from "from");
--   CREATE TRIGGER "tr" instead of update on "v" begin select case when 0 then 0 else 1 end;
--   end;
-- observed error: statement failed: INSERT INTO "from" (rowid, "post") SELECT rowid, "post" FROM "__sqlfu_sync_new_from": foreign key mismatch - "order" referencing "from"
-- config: {"allowDestructive":true,"foreignKeys":true,"propertiesOnly":true,"callerTransaction":"savepoint","deferForeignKeys":true,"authorizer":true}
-- baseline:
create table [from] ( "post" Integer primary key desc not null default (1 + 2));
create table if not exists `order` ( -- note
[Order] real primary key desc not null default NULL, -- note
post real default -1, [value] any unique,
  "Key" integer default '' references [from] on delete restrict on update restrict, -- note
foreign key (post, `Key`) references `users`(`c`, `name`) match simple on delete set null) strict, without rowid;
create view main.v as select "select" from "users" where "select" in (select "post" from "from");
create trigger tr instead of update on "v" begin select case when 0 then 0 else 1 end;
end;
-- desired:
create table users ( c bigint default 'it''s ' collate BINARY, a boolean default x'ff' collate BINARY, "select" integer default 'C:\ ' unique, select2 int as (length(c)), "é" Integer as (typeof("select")), name blob default '名' check (name <> 'bad'), __sqlfu_sync_c decimal(10,2) as ("select" || 'x'), "default" varchar(10) default x'ff' unique, posts bigint default 0 check (length(posts) < 40), "Key" datetime not null default (abs(-5)) unique, primary key (c, name));
create table "from" ( post Integer not null default (1 + 2));
create table "order" ( "Order" real primary key desc not null default NULL, post real default -1, value any unique, "Key" integer default '', foreign key (post, "Key") references users(c, name) match simple on delete set null) strict, without rowid;
create view v as select "select" from users where "select" in (select post from "from");
create trigger tr instead of update on v begin select case when 0 then 0 else 1 end;
end;
-- #endregion
