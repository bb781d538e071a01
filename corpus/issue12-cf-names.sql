-- SPDX-License-Identifier: MIT
-- Issue 12, defect 6: names starting with _cf_ are Cloudflare's internals only under the
-- durable-object profile. Elsewhere they are ordinary names: inspected, compared, created
-- and dropped like any other, the same way by both strategies (before the fix scratch-db
-- never created _cf_x and prefix created it and then failed on every later sync).
-- default config: {"allowDestructive": true}

-- #region: a _cf_ table and index are created in the default profile, a live one dropped
-- baseline:
create table t(a);
create table _cf_old(z);
-- rows:
insert into t values (1);
-- desired:
create table t(a);
create table _cf_x(a, b text);
create index _cf_i on _cf_x(b);
-- output:
DROP TABLE "_cf_old";
CREATE TABLE "_cf_x"(a, b text);
CREATE INDEX "_cf_i" on "_cf_x"(b);
-- #endregion

-- #region: a live _cf_ table that equals its definition plans nothing
-- baseline:
create table _CF_Data(k text primary key, v blob) without rowid;
-- rows:
insert into _CF_Data values ('a', x'01');
-- desired:
create table _CF_Data (k TEXT PRIMARY KEY, v BLOB) WITHOUT ROWID;
-- output: <empty>
-- #endregion

-- #region: under the durable-object profile a _cf_ definition is refused up front
-- config: {"profile": "durable-object"}
-- baseline:
create table t(a);
-- desired:
create table t(a);
create table _cf_mine(x);
-- error: "names starting with _cf_ are reserved under the durable-object profile"
-- #endregion

-- #region: under the profile an index on a _cf_ table is refused too
-- config: {"profile": "durable-object"}
-- baseline:
create table t(a);
-- desired:
create table t(a);
create index kv_value on _cf_KV(value);
-- error: "names starting with _cf_ are reserved under the durable-object profile"
-- #endregion
