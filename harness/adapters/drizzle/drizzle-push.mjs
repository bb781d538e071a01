// SPDX-License-Identifier: MIT
//
// `drizzle-kit pull` + `drizzle-kit push --force`, in process, for one SQLite file.
//
// The desired schema reaches drizzle the way a drizzle user's schema would: the definitions
// are executed in an in-memory database, drizzle-kit's own `pull` introspector and code
// generator turn that into schema.ts text, esbuild (drizzle-kit's dependency) compiles it,
// and the exported table/view objects are serialized by drizzle-kit's own serializer. The
// live side, the diff, the data-loss checks and the statements are drizzle-kit push's own
// (src/cli/commands/push.ts, sqlitePush), run with better-sqlite3 as the CLI does.
//
// Two decisions the CLI would ask a human about are answered here, always the same way:
// - rename prompts ("is column y a rename of x?"): no, create the new and drop the old (the
//   prompt's first, default choice);
// - the data-loss prompt: yes when allowDestructive (what --force does), otherwise no, abort
//   (nothing is changed and the sync is reported as refused with kind "destructive").
// Applying is also the CLI's: statements one by one with db.run(). The CLI means to wrap them
// in begin/commit (`isNotD1 ?? await db.run("begin")`) but `??` never runs its right side on
// a boolean, so drizzle-kit 0.31 applies SQLite pushes without a transaction; this adapter
// does the same by default (DRIZZLE_ADAPTER_TRANSACTION=1 wraps them, to show the difference).
import { createRequire } from 'node:module';
import { randomUUID } from 'node:crypto';
import Module from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const kit = require('./drizzle-kit-internals.cjs');
const kitRequire = createRequire(require.resolve('drizzle-kit'));
const esbuild = kitRequire('esbuild');

const pkgVersion = (name) =>
	JSON.parse(fs.readFileSync(path.join(here, 'node_modules', name, 'package.json'), 'utf8')).version;
export const versions = {
	'drizzle-kit': pkgVersion('drizzle-kit'),
	'drizzle-orm': pkgVersion('drizzle-orm'),
	'better-sqlite3': pkgVersion('better-sqlite3'),
};

// What connectToSQLite() gives drizzle-kit for better-sqlite3 (bin.cjs, src/cli/connections.ts).
function connection(sqlite) {
	return {
		query: async (sql, params = []) => sqlite.prepare(sql).bind(params).all(),
		run: async (sql) => {
			sqlite.prepare(sql).run();
		},
	};
}

// The rename prompts, answered "create new / drop old" every time.
const noRenames = async (input) => ({ created: input.created, deleted: input.deleted, moved: [], renamed: [] });
const noColumnRenames = async (input) => ({
	tableName: input.tableName,
	schema: input.schema,
	created: input.created,
	deleted: input.deleted,
	renamed: [],
});

const ansi = /\x1b\[[0-9;]*m/g;

export class SyncError extends Error {
	constructor(kind, message, extra = {}) {
		super(message);
		this.kind = kind;
		Object.assign(this, extra);
	}
}

function tableFilter(excluded) {
	const names = new Set(excluded.map((n) => n.toLowerCase()));
	return (name) => !names.has(String(name).toLowerCase());
}

let moduleCounter = 0;

// definitions (SQL text) → what `drizzle-kit pull` writes as schema.ts, and its snapshot.
export async function pullDefinitions(definitions, excluded = []) {
	const desired = new Database(':memory:');
	try {
		try {
			desired.exec(definitions);
		} catch (e) {
			throw new SyncError('invalid', `definitions: ${e.message}`);
		}
		const res = await kit.fromDatabase3(connection(desired), tableFilter(excluded), () => {});
		const snapshot = { id: kit.originUUID, prevId: '', ...res };
		return { ts: kit.schemaToTypeScript(snapshot, 'camel').file, snapshot };
	} finally {
		desired.close();
	}
}

// schema.ts text → the snapshot drizzle-kit push serializes from it.
export function serializeSchemaTs(ts) {
	let js;
	try {
		js = esbuild.transformSync(ts, { loader: 'ts', format: 'cjs' }).code;
	} catch (e) {
		throw new SyncError('unsupported', `drizzle-kit pull wrote a schema.ts that does not compile: ${e.message}`, { schemaTs: ts });
	}
	const file = path.join(here, `.schema-${process.pid}-${++moduleCounter}.cjs`);
	const m = new Module(file);
	m.filename = file;
	m.paths = Module._nodeModulePaths(here);
	try {
		m._compile(js, file);
	} catch (e) {
		throw new SyncError('unsupported', `drizzle-kit pull wrote a schema.ts that does not load: ${e.message}`, { schemaTs: ts });
	}
	const { tables, views } = kit.prepareFromExports3(m.exports);
	const { version, dialect, ...rest } = kit.generateSqliteSnapshot(Array.from(new Set(tables)), views, undefined);
	return { version, dialect, ...rest };
}

// Plan (and unless dryRun apply) drizzle-kit push of definitions onto the open database.
export async function push(sqlite, definitions, opts = {}) {
	const { allowDestructive = true, dryRun = false, excludedTables = [] } = opts;
	const { ts } = await pullDefinitions(definitions, excludedTables);
	const serialized = serializeSchemaTs(ts);

	const db = connection(sqlite);
	const filters = excludedTables.map((n) => `!${n}`);
	const { schema: prev } = await kit.sqlitePushIntrospect(db, filters);
	const cur = { ...serialized, id: randomUUID(), prevId: prev.id };
	const validatedPrev = kit.sqliteSchema.parse(prev);
	const validatedCur = kit.sqliteSchema.parse(cur);
	const squashedPrev = kit.squashSqliteScheme(validatedPrev, 'push');
	const squashedCur = kit.squashSqliteScheme(validatedCur, 'push');
	const { sqlStatements, statements, _meta } = await kit.applySqliteSnapshotsDiff(
		squashedPrev, squashedCur, noRenames, noColumnRenames, noRenames,
		validatedPrev, validatedCur, 'push');
	if (sqlStatements.length === 0)
		return { plan: [], schemaTs: ts };

	const { shouldAskForApprove, statementsToExecute, infoToPrint } =
		await kit.logSuggestionsAndReturn(db, statements, squashedPrev, squashedCur, _meta);
	if (shouldAskForApprove && !allowDestructive) {
		throw new SyncError('destructive',
			'drizzle-kit push found data-loss statements (push without --force aborts): ' +
			infoToPrint.map((l) => l.replace(ansi, '').trim()).join(' '),
			{ plan: statementsToExecute });
	}
	if (dryRun)
		return { plan: statementsToExecute, schemaTs: ts };

	const txn = process.env.DRIZZLE_ADAPTER_TRANSACTION === '1';
	let done = 0;
	try {
		if (txn)
			await db.run('begin');
		for (const stmt of statementsToExecute) {
			await db.run(stmt);
			done++;
		}
		if (txn)
			await db.run('commit');
	} catch (e) {
		if (txn && sqlite.inTransaction)
			sqlite.exec('rollback');
		const code = String(e.code || '');
		const kind = code.startsWith('SQLITE_CONSTRAINT') ? 'constraint'
			: code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED') ? 'busy'
			: 'internal';
		const failed = statementsToExecute[done] ?? '';
		throw new SyncError(kind, `${failed.replace(/\s+/g, ' ').trim()}: ${e.message}`,
			{ plan: statementsToExecute, applied: txn ? 0 : done });
	}
	return { plan: statementsToExecute, schemaTs: ts };
}
