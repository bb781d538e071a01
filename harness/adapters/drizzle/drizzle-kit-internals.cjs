// SPDX-License-Identifier: MIT
//
// Reach the functions `drizzle-kit pull` and `drizzle-kit push` run for SQLite, inside one
// Node process. drizzle-kit/api exports pushSQLiteSchema (push from imported schema objects)
// but not the introspector and TypeScript generator of `pull`; those live only in the CLI
// bundle (bin.cjs). We compile that bundle as a module with its last statement (the CLI's
// `run([...commands], {...})`) turned off and a few of its module-scope bindings exported.
// The bundle is pinned by package-lock.json; if a different drizzle-kit no longer matches
// the markers below, loading fails loudly instead of guessing.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');

const binPath = path.join(path.dirname(require.resolve('drizzle-kit', { paths: [__dirname] })), 'bin.cjs');
const RUN_MARKER = 'run([generate, migrate, pull, push, studio, up, check, drop, exportRaw, ...legacy], {';

const wanted = [
	// modules to initialise (esbuild __esm wrappers)
	'init_sqliteIntrospect', 'init_sqliteSerializer', 'init_sqliteImports', 'init_snapshotsDiffer',
	'init_sqlitePushUtils', 'init_sqliteSchema', 'init_introspect_sqlite', 'init_migrate',
	'init_global',
	// pull: introspect a database into a snapshot, snapshot into schema.ts text
	'fromDatabase3', 'schemaToTypeScript',
	// push: introspect the live database, serialize the TS schema, diff, data-loss checks
	'sqlitePushIntrospect', 'prepareFromExports3', 'generateSqliteSnapshot', 'sqliteSchema',
	'squashSqliteScheme', 'applySqliteSnapshotsDiff', 'logSuggestionsAndReturn', 'originUUID',
];

function load() {
	let src = fs.readFileSync(binPath, 'utf8');
	const at = src.lastIndexOf(RUN_MARKER);
	if (at < 0)
		throw new Error(`${binPath}: CLI entry point not found; this adapter is written for the drizzle-kit version in package-lock.json`);
	for (const name of wanted) {
		if (!new RegExp(`\\b${name}\\b`).test(src))
			throw new Error(`${binPath}: '${name}' not found; drizzle-kit version mismatch`);
	}
	src = src.slice(0, at) + 'false && ' + src.slice(at);
	src = src.replace(/^#!.*\n/, '\n');
	const getters = wanted.map((n) => `get ${n}() { return ${n}; }`).join(',\n');
	src += `\nmodule.exports = {\n${getters}\n};\n`;
	const m = new Module(binPath, module);
	m.filename = binPath;
	m.paths = Module._nodeModulePaths(path.dirname(binPath));
	m._compile(src, binPath);
	const k = m.exports;
	k.init_global();
	k.init_sqliteSchema();
	k.init_sqliteSerializer();
	k.init_sqliteImports();
	k.init_introspect_sqlite();
	k.init_sqliteIntrospect();
	k.init_snapshotsDiffer();
	k.init_sqlitePushUtils();
	return k;
}

module.exports = load();
