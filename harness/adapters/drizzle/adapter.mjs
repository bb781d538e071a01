#!/usr/bin/env node
// SPDX-License-Identifier: MIT
//
// schemasync engine adapter (docs/ENGINES.md, protocol 1, transport "jsonl") for drizzle-kit
// push on better-sqlite3. One JSON request per line on stdin, one reply per line on stdout;
// everything else drizzle-kit prints goes to stderr.
//
//   node harness/adapters/drizzle/adapter.mjs            serve requests
//   node harness/adapters/drizzle/adapter.mjs --pull F   print the schema.ts that pull writes
//                                                        for the definitions in F (debugging)
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

// stdout is the protocol's: keep its writer, send every other write to stderr.
const protocolWrite = process.stdout.write.bind(process.stdout);
process.stdout.write = (chunk, encoding, cb) => process.stderr.write(chunk, encoding, cb);

const here = path.dirname(fileURLToPath(import.meta.url));
const descriptor = JSON.parse(fs.readFileSync(path.join(here, 'engine.json'), 'utf8'));
const { push, pullDefinitions, versions, SyncError } = await import('./drizzle-push.mjs');
const { default: Database } = await import('better-sqlite3');

if (process.argv[2] === '--pull') {
	const { ts } = await pullDefinitions(fs.readFileSync(process.argv[3], 'utf8'));
	process.stderr.write(ts);
	process.exit(0);
}

const reply = (obj) => protocolWrite(JSON.stringify(obj) + '\n');
const DEFAULT_EXCLUDED = ['sqlfu_migrations', 'd1_migrations'];

async function sync(req) {
	const o = req.options ?? {};
	if (typeof req.db !== 'string' || typeof req.definitions !== 'string')
		throw new SyncError('invalid', 'sync needs "db" (a path) and "definitions" (SQL text)');
	if ((o.strategy ?? 'auto') !== 'auto')
		throw new SyncError('unsupported', `drizzle-kit has no strategy '${o.strategy}'`);
	if ((o.profile ?? 'default') !== 'default')
		throw new SyncError('unsupported', `drizzle-kit has no profile '${o.profile}'`);
	if (!fs.existsSync(req.db))
		throw new SyncError('invalid', `no database file ${req.db}`);
	const sqlite = new Database(req.db, { timeout: 5000 });
	try {
		// better-sqlite3 turns foreign keys on by default; the harness says which it wants.
		sqlite.pragma(`foreign_keys = ${o.foreignKeys === false ? 'OFF' : 'ON'}`);
		const r = await push(sqlite, req.definitions, {
			allowDestructive: o.allowDestructive !== false,
			dryRun: o.dryRun === true,
			excludedTables: o.excludedTables ?? DEFAULT_EXCLUDED,
		});
		return { ok: true, plan: r.plan };
	} finally {
		sqlite.close();
	}
}

async function handle(req) {
	switch (req.op) {
	case 'hello':
		return {
			ok: true,
			protocol: 1,
			name: descriptor.name,
			version: versions['drizzle-kit'],
			detail: `drizzle-kit ${versions['drizzle-kit']}, drizzle-orm ${versions['drizzle-orm']}, better-sqlite3 ${versions['better-sqlite3']}`,
			capabilities: descriptor.capabilities,
		};
	case 'sync':
		return sync(req);
	default:
		throw new SyncError('invalid', `unknown op '${req.op}'`);
	}
}

const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of rl) {
	if (line.trim() === '')
		continue;
	let req;
	try {
		req = JSON.parse(line);
	} catch (e) {
		reply({ id: null, ok: false, error: { kind: 'invalid', message: `not JSON: ${e.message}` } });
		continue;
	}
	if (req.op === 'bye')
		break;
	try {
		reply({ id: req.id ?? null, ...(await handle(req)) });
	} catch (e) {
		const error = { kind: e instanceof SyncError ? e.kind : 'internal', message: String(e.message ?? e) };
		const out = { id: req.id ?? null, ok: false, error };
		if (e.plan)
			out.plan = e.plan;
		if (e.applied !== undefined)
			out.applied = e.applied;
		if (!(e instanceof SyncError))
			process.stderr.write(`${e.stack ?? e}\n`);
		reply(out);
	}
}
process.exit(0);
