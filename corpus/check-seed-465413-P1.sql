-- SPDX-License-Identifier: MIT
-- A case found by the property campaign (schemasync check), shrunk.
-- #region: P1 seed 465413
-- property P1 failed: [durable-object auto] sync failed although the rows fit the desired schema: sqlite: statement failed: INSERT INTO "__sqlfu_sync_new_MixedCase" ("default", "select", "select2", "x__sqlfu_sync_c") SELECT "default", "select", "select2", "x__sqlfu_sync_c" FROM "MixedCase": no such table: main.x__sqlfu_sync_y
-- found by: schemasync check --seed 465413 --cases 1 --jobs 1 (max tables 6)
-- shrunk from 441 to 410 choices; propertiesOnly: the correct plan is not known, replay checks P1-P9
-- observed plan:
--   -- rebuilding table "MixedCase": table constraints changed
--   CREATE TABLE "__sqlfu_sync_new_MixedCase" ( "default" integer primary key autoincrement, "select" integer collate BINARY unique, select2 blob not null, x__sqlfu_sync_c integer default (abs(-5)), foreign key (select2, "default") references x__sqlfu_sync_y(c, b), unique (x__sqlfu_sync_c, select2)) strict;
--   INSERT INTO "__sqlfu_sync_new_MixedCase" ("default", "select", "select2", "x__sqlfu_sync_c") SELECT "default", "select", "select2", "x__sqlfu_sync_c" FROM "MixedCase";
--   UPDATE sqlite_sequence SET seq = max(seq, coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'MixedCase'), 0)) WHERE name = '__sqlfu_sync_new_MixedCase';
--   INSERT INTO sqlite_sequence (name, seq) SELECT '__sqlfu_sync_new_MixedCase', seq FROM sqlite_sequence WHERE name = 'MixedCase' AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = '__sqlfu_sync_new_MixedCase');
--   DROP TABLE "MixedCase";
--   CREATE TABLE "MixedCase" ( "default" integer primary key autoincrement, "select" integer collate BINARY unique, select2 blob not null, x__sqlfu_sync_c integer default (abs(-5)), foreign key (select2, "default") references x__sqlfu_sync_y(c, b), unique (x__sqlfu_sync_c, select2)) strict;
--   INSERT INTO "MixedCase" ("default", "select", "select2", "x__sqlfu_sync_c") SELECT "default", "select", "select2", "x__sqlfu_sync_c" FROM "__sqlfu_sync_new_MixedCase";
--   UPDATE sqlite_sequence SET seq = max(seq, coalesce((SELECT max(seq) FROM sqlite_sequence WHERE name = '__sqlfu_sync_new_MixedCase'), 0)) WHERE name = 'MixedCase';
--   INSERT INTO sqlite_sequence (name, seq) SELECT 'MixedCase', max(seq) FROM sqlite_sequence WHERE name = '__sqlfu_sync_new_MixedCase' AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'MixedCase') HAVING max(seq) IS NOT NULL;
--   DROP TABLE "__sqlfu_sync_new_MixedCase";
--   CREATE TABLE "x__sqlfu_sync_y" ( "select" decimal(10,2) not null default 1.5, c datetime default 1.5, b integer unique references MixedCase on delete cascade on update set null, primary key (c, b), foreign key (c, b) references "My Table2"(c, "default") on delete no action);
-- observed error: statement failed: INSERT INTO "__sqlfu_sync_new_MixedCase" ("default", "select", "select2", "x__sqlfu_sync_c") SELECT "default", "select", "select2", "x__sqlfu_sync_c" FROM "MixedCase": no such table: main.x__sqlfu_sync_y
-- config: {"allowDestructive":false,"profile":"durable-object","foreignKeys":true,"propertiesOnly":true}
-- baseline:
CREATE TABLE `MixedCase` ( "default" integer PRIMARY KEY AUTOINCREMENT, -- note
"select" integer COLLATE BINARY UNIQUE, /* c */ [select2] blob NOT NULL, -- note
x__sqlfu_sync_c integer DEFAULT (abs(-5)), /* c */ UNIQUE (`x__sqlfu_sync_c`, `select2`)) STRICT;
-- desired:
create table MixedCase ( "default" integer primary key autoincrement, "select" integer collate BINARY unique, select2 blob not null, x__sqlfu_sync_c integer default (abs(-5)), foreign key (select2, "default") references x__sqlfu_sync_y(c, b), unique (x__sqlfu_sync_c, select2)) strict;
create table x__sqlfu_sync_y ( "select" decimal(10,2) not null default 1.5, c datetime default 1.5, b integer unique references MixedCase on delete cascade on update set null, primary key (c, b), foreign key (c, b) references "My Table2"(c, "default") on delete no action);
-- #endregion
