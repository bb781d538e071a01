#!/usr/bin/env node
// SPDX-License-Identifier: MIT
//
// Handcrafted cases, one per harness label (feature:X, change:X, name:X), printed as JSON
// lines for probe.mjs --cases-file. For each feature two cases: "create:" syncs an empty
// database to a schema using it (does the engine create it faithfully?), "keep:" starts
// from that schema built by hand with rows and adds an unrelated table (does the engine
// leave it alone, or see a difference that is not there?). Each change is one small
// baseline → desired pair on a table with rows.
//
//   node harness/adapters/tools/feature-cases.mjs > /tmp/cases.jsonl
const features = {
	'single-primary-key': 'create table f(a text primary key, b int);',
	'composite-primary-key': 'create table f(a int, b text, c real, primary key (a, b));',
	'integer-primary-key': 'create table f(id integer primary key, b text);',
	'autoincrement': 'create table f(id integer primary key autoincrement, b text);',
	'primary-key-desc': 'create table f(a int, b text, primary key (a desc));',
	'not-null': 'create table f(id integer primary key not null, b text not null);',
	'default': "create table f(id integer primary key not null, b text default 'x', c integer default 3);",
	'default-string-with-quote': "create table f(id integer primary key not null, b text default 'it''s');",
	'default-current-timestamp': 'create table f(id integer primary key not null, b text default current_timestamp);',
	'default-parenthesized': 'create table f(id integer primary key not null, b integer default (1 + 2));',
	'collate': 'create table f(id integer primary key not null, b text collate nocase);',
	'type-empty': 'create table f(id integer primary key not null, b);',
	'type-odd-affinity': 'create table f(id integer primary key not null, b varchar(10), c boolean, d datetime);',
	'unique-column': 'create table f(id integer primary key not null, b text unique);',
	'unique-table': 'create table f(id integer primary key not null, b text, c text, unique (b, c));',
	'check-column': 'create table f(id integer primary key not null, b integer check (b > 0));',
	'check-table': 'create table f(id integer primary key not null, b integer, c integer, check (b < c));',
	'foreign-key': 'create table p(id integer primary key not null);\ncreate table f(id integer primary key not null, p integer references p(id));',
	'fk-cascade': 'create table p(id integer primary key not null);\ncreate table f(id integer primary key not null, p integer references p(id) on delete cascade);',
	'fk-set-null': 'create table p(id integer primary key not null);\ncreate table f(id integer primary key not null, p integer references p(id) on delete set null);',
	'fk-set-default': 'create table p(id integer primary key not null);\ncreate table f(id integer primary key not null, p integer default 1 references p(id) on update set default);',
	'fk-restrict': 'create table p(id integer primary key not null);\ncreate table f(id integer primary key not null, p integer references p(id) on delete restrict);',
	'fk-deferrable': 'create table p(id integer primary key not null);\ncreate table f(id integer primary key not null, p integer references p(id) deferrable initially deferred);',
	'fk-self': 'create table f(id integer primary key not null, parent integer references f(id));',
	'fk-composite': 'create table p(a integer not null, b integer not null, primary key (a, b));\ncreate table f(id integer primary key not null, a integer, b integer, foreign key (a, b) references p(a, b));',
	'generated-virtual': 'create table f(id integer primary key not null, b integer, c integer generated always as (b * 2) virtual);',
	'generated-stored': 'create table f(id integer primary key not null, b integer, c integer generated always as (b * 2) stored);',
	'strict': 'create table f(id integer primary key not null, b text) strict;',
	'without-rowid': 'create table f(id integer primary key not null, b text) without rowid;',
	'index': 'create table f(id integer primary key not null, b text);\ncreate index f_b on f(b);',
	'index-unique': 'create table f(id integer primary key not null, b text);\ncreate unique index f_b on f(b);',
	'index-partial': 'create table f(id integer primary key not null, b text);\ncreate index f_b on f(b) where b is not null;',
	'index-expression': 'create table f(id integer primary key not null, b text);\ncreate index f_b on f(lower(b));',
	'index-desc': 'create table f(id integer primary key not null, b text);\ncreate index f_b on f(b desc);',
	'index-collate': 'create table f(id integer primary key not null, b text);\ncreate index f_b on f(b collate nocase);',
	'view': 'create table f(id integer primary key not null, b text);\ncreate view fv as select b from f;',
	'view-select-star': 'create table f(id integer primary key not null, b text);\ncreate view fv as select * from f;',
	'view-join': 'create table f(id integer primary key not null, b text);\ncreate table g(id integer primary key not null, f integer);\ncreate view fv as select f.b, g.id from f join g on g.f = f.id;',
	'view-on-view': 'create table f(id integer primary key not null, b text);\ncreate view fv as select b from f;\ncreate view fw as select b from fv;',
	'trigger-before': 'create table f(id integer primary key not null, b text);\ncreate trigger ft before insert on f begin select 1; end;',
	'trigger-after': 'create table f(id integer primary key not null, b text);\ncreate table g(x text);\ncreate trigger ft after insert on f begin insert into g values (new.b); end;',
	'trigger-instead-of': 'create table f(id integer primary key not null, b text);\ncreate view fv as select b from f;\ncreate trigger ft instead of insert on fv begin insert into f(b) values (new.b); end;',
	'trigger-update-of': 'create table f(id integer primary key not null, b text);\ncreate trigger ft after update of b on f begin select 1; end;',
	'trigger-when': 'create table f(id integer primary key not null, b text);\ncreate trigger ft after insert on f when new.b is null begin select 1; end;',
	'excluded-table': 'create table f(id integer primary key not null, b text);\ncreate table sqlfu_migrations(name text);',
	'if-not-exists': 'create table if not exists f(id integer primary key not null, b text);',
	'comments': '-- a comment\ncreate table f(id integer primary key not null, /* b */ b text);',
};
const names = {
	'keyword': 'create table "order"(id integer primary key not null, "group" text);',
	'mixed-case': 'create table MyTable(id integer primary key not null, MyCol text);',
	'space': 'create table "my table"(id integer primary key not null, "my col" text);',
	'embedded-quote': 'create table "q""t"(id integer primary key not null, "it\'s" text);',
	'non-ascii': 'create table "名前"(id integer primary key not null, "列" text);',
	'post-posts': 'create table posts(id integer primary key not null, b text);\ncreate index post on posts(b);',
	'prefix-text-inside': "create table f(id integer primary key not null, b text default '__sqlfu_sync_');",
	'like-wildcard': 'create table a_b(id integer primary key not null, b text);',
};
const t = (extra = '') => `create table t(id integer primary key not null, a text, b integer${extra});`;
const rows = "insert into t(id, a, b) values (1, 'x', 1), (2, 'y', 2);\n";
const changes = {
	'add-table': [t(), t() + '\ncreate table u(id integer primary key not null);'],
	'drop-table': [t() + '\ncreate table u(id integer primary key not null);', t()],
	'add-column': [t(), t(', c text')],
	'drop-column': [t(', c text'), t()],
	'column-type': [t(), 'create table t(id integer primary key not null, a text, b text);'],
	'not-null': [t(), 'create table t(id integer primary key not null, a text not null, b integer);'],
	'default': [t(), "create table t(id integer primary key not null, a text default 'd', b integer);"],
	'collation': [t(), 'create table t(id integer primary key not null, a text collate nocase, b integer);'],
	'primary-key': ['create table t(id integer not null, a text, b integer);', t()],
	'check': [t(), t(', check (b > 0)')],
	'unique': [t(), 'create table t(id integer primary key not null, a text unique, b integer);'],
	'foreign-key': [t() + '\ncreate table p(id integer primary key not null);', 'create table p(id integer primary key not null);\ncreate table t(id integer primary key not null, a text, b integer references p(id));'],
	'generated': [t(), t(', c integer generated always as (b + 1) virtual')],
	'strict': [t(), t() .replace(/;$/, ' strict;')],
	'without-rowid': [t(), t().replace(/;$/, ' without rowid;')],
	'autoincrement': [t(), 'create table t(id integer primary key autoincrement not null, a text, b integer);'],
	'index': [t(), t() + '\ncreate index t_a on t(a);'],
	'view': [t() + '\ncreate view tv as select a from t;', t() + '\ncreate view tv as select a, b from t;'],
	'trigger': [t(), t() + '\ncreate trigger tt after insert on t begin select 1; end;'],
	'rename-by-case': [t(), 'create table T(id integer primary key not null, a text, b integer);'],
	'move-column': [t(), 'create table t(id integer primary key not null, b integer, a text);'],
	'formatting-only': [t(), 'CREATE TABLE "t" ( "id" INTEGER PRIMARY KEY NOT NULL , "a" TEXT , "b" INTEGER ) ;'],
};
const out = (c) => console.log(JSON.stringify({ foreignKeys: true, allowDestructive: true, profile: 'default', rejectable: false, rows: '', ...c }));
const rowsFor = (sql) => {
	const m = /create table (?:if not exists )?("(?:[^"]|"")*"|\w+)\(id/i.exec(sql.split('\n').find((l) => /\(id/.test(l)) ?? '');
	return m ? `insert into ${m[1]}(id) values (1), (2);\n` : '';
};
const extra = '\ncreate table zz_extra(id integer primary key not null);';
for (const [label, sql] of [...Object.entries(features).map(([k, v]) => [`feature:${k}`, v]), ...Object.entries(names).map(([k, v]) => [`name:${k}`, v])]) {
	out({ name: `create:${label}`, labels: [label], baseline: '', desired: sql });
	out({ name: `keep:${label}`, labels: [label], baseline: sql, rows: rowsFor(sql), desired: sql + extra });
}
for (const [label, [a, b]] of Object.entries(changes))
	out({ name: `change:${label}`, labels: [`change:${label}`], baseline: a, rows: a.includes('create table t(') || a.includes('create table t ') ? rows : '', desired: b, rejectable: label === 'not-null' || label === 'unique' || label === 'check' || label === 'foreign-key' });
// The guard (P8): destructive changes with allowDestructive=false must be refused.
out({ name: 'guard:drop-table', labels: ['change:drop-table', 'config:allow-destructive-off'], baseline: t() + '\ncreate table u(id integer primary key not null);', rows, desired: t(), allowDestructive: false });
out({ name: 'guard:drop-column', labels: ['change:drop-column', 'config:allow-destructive-off'], baseline: t(', c text'), rows, desired: t(), allowDestructive: false });
// Expected failures (P5): the rows violate the desired schema; the sync must fail atomically.
out({ name: 'reject:check', labels: ['change:check'], baseline: t(), rows, desired: t(', check (b > 5)'), rejectable: true });
out({ name: 'reject:not-null', labels: ['change:not-null'], baseline: t(), rows: rows + "insert into t(id) values (3);\n", desired: 'create table t(id integer primary key not null, a text not null, b integer);', rejectable: true });
