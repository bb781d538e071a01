#!/usr/bin/env node
// SPDX-License-Identifier: MIT
//
// probe: a small stand-in for `schemasync check` against an engine descriptor, until the
// harness' C side speaks docs/ENGINES.md. It draws the harness' own generated cases
// (ss-casegen gen), skips those whose labels the engine does not claim (as the generator will
// do), builds the databases with the sqlite3 shell, asks the engine through its descriptor's
// transport (jsonl or command), and checks with the harness' own oracle dumps (ss-casegen):
//   P1 converged (schema dump of live == desired alone), P2 idempotent (second sync: empty
//   plan and unchanged schema), P3 (row counts of kept tables; a weak stand-in), P5 atomic
//   (failed sync: full dump unchanged), P6 (integrity_check, foreign_key_check when foreign
//   keys are on), P8 (allowDestructive=false: no name lost), transport failures (timeout,
//   crashed, protocol: the adapter is restarted), and, for information only, "failed?" (a sync that
//   failed although the generator did not mark the case rejectable; not a verdict).
//
//   node harness/adapters/tools/probe.mjs ENGINE.json [--seed S] [--cases N] [--max-tables N]
//        [--all] [--casegen PATH] [--verbose] [--keep DIR] [--labels] [--skips]
//        [--timeout S] [--cases-file F.jsonl [--only REGEX] --each | --plans]   (handcrafted cases, e.g. from feature-cases.mjs)
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
	const i = args.indexOf(name);
	return i >= 0 ? args[i + 1] : dflt;
};
const enginePath = args[0];
if (!enginePath || enginePath.startsWith('--')) {
	console.error('usage: probe.mjs ENGINE.json [--seed S] [--cases N] [--max-tables N] [--all] [--verbose]');
	process.exit(2);
}
const seed = Number(opt('--seed', 1));
const cases = Number(opt('--cases', 50));
const maxTables = opt('--max-tables', '4');
const casegen = opt('--casegen', process.env.SS_CASEGEN ?? 'build/release/harness/adapters/ss-casegen');
const verbose = args.includes('--verbose');
const all = args.includes('--all');
const keep = opt('--keep', null);
const timeoutSec = Number(opt('--timeout', 30));
const only = opt('--only', null) ? new RegExp(opt('--only')) : null;
const desc = JSON.parse(fs.readFileSync(enginePath, 'utf8'));
const here = path.dirname(path.resolve(enginePath));
const build = path.resolve(opt('--build', 'build/release'));
const expand = (s) => s.replace(/\{here\}/g, here).replace(/\{build\}/g, build);
const caps = desc.capabilities ?? JSON.parse(fs.readFileSync(path.resolve(here, desc.capabilitiesFile), 'utf8'));
const wild = (list, name) => !list || list.includes('*') || list.includes(name);

const claimed = (labels) => {
	for (const l of labels) {
		const [kind, name] = l.split(':');
		if (kind === 'feature' && !wild(caps.features, name)) return `feature:${name}`;
		if (kind === 'change' && !wild(caps.changes, name)) return `change:${name}`;
		if (kind === 'name' && !wild(caps.names, name)) return `name:${name}`;
	}
	return null;
};

// ---- transports ----
class Jsonl {
	constructor(command) {
		this.command = command;
		this.start();
	}
	start() {
		this.p = spawn(this.command[0], this.command.slice(1), { stdio: ['pipe', 'pipe', verbose ? 'inherit' : 'ignore'] });
		this.waiting = new Map();
		this.id = 0;
		const fail = (kind, message) => {
			for (const w of this.waiting.values()) w({ ok: false, transport: kind, error: { kind: 'internal', message } });
			this.waiting.clear();
		};
		this.p.on('exit', (code, sig) => fail('crashed', `adapter exited (${sig ?? code})`));
		this.p.stdin.on('error', () => {});
		readline.createInterface({ input: this.p.stdout }).on('line', (line) => {
			let r;
			try {
				r = JSON.parse(line);
			} catch {
				fail('protocol', `not a protocol line on stdout: ${line.slice(0, 80)}`);
				this.p.kill('SIGKILL');
				return;
			}
			const w = this.waiting.get(r.id);
			this.waiting.delete(r.id);
			if (w) w(r);
		});
	}
	restart() {
		this.p.removeAllListeners('exit');
		this.p.kill('SIGKILL');
		this.start();
		return this.request({ op: 'hello', protocol: 1 });
	}
	request(obj) {
		const id = ++this.id;
		return new Promise((resolve) => {
			const timer = setTimeout(() => {
				this.waiting.delete(id);
				resolve({ ok: false, transport: 'timeout', error: { kind: 'internal', message: `no reply within ${timeoutSec} s` } });
			}, timeoutSec * 1000);
			this.waiting.set(id, (r) => {
				clearTimeout(timer);
				resolve(r);
			});
			this.p.stdin.write(JSON.stringify({ id, ...obj }) + '\n');
		});
	}
	async sync(db, definitions, options) {
		const r = await this.request({ op: 'sync', db, definitions, options });
		if (r.transport) await this.restart();
		return r;
	}
	close() {
		this.p.stdin.write('{"op":"bye"}\n');
		this.p.stdin.end();
	}
}
class Command {
	constructor(template) {
		this.template = template;
	}
	async request() {
		return { ok: true, protocol: 1, name: desc.name, capabilities: caps };
	}
	async sync(db, definitions, o) {
		const defs = path.join(path.dirname(db), 'definitions.sql');
		fs.writeFileSync(defs, definitions);
		const vals = { db, definitions: defs, allowDestructive: String(o.allowDestructive), foreignKeys: o.foreignKeys ? 'on' : 'off', strategy: o.strategy, profile: o.profile, dryRun: String(o.dryRun) };
		const argv = this.template.map((t) => t.replace(/\{(\w+)\}/g, (m, k) => (k in vals ? vals[k] : m)));
		const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', timeout: timeoutSec * 1000, killSignal: 'SIGKILL' });
		if (r.error || r.signal) return { ok: false, transport: r.error?.code === 'ETIMEDOUT' ? 'timeout' : 'crashed', error: { kind: 'internal', message: String(r.error ?? r.signal) } };
		if (r.status === 0) return { ok: true, plan: r.stdout.split(/;\n/).map((s) => s.replace(/^--.*\n/gm, '').trim()).filter(Boolean) };
		const kinds = { 3: 'refused', 4: 'constraint', 5: 'invalid', 6: 'unsupported', 7: 'busy' };
		return { ok: false, error: { kind: kinds[r.status] ?? 'internal', message: r.stderr.trim() } };
	}
	close() {}
}

const sqlite = (db, sql) => spawnSync('sqlite3', ['-bail', db], { input: sql, encoding: 'utf8' });
const dumpOf = (kind, db) => execFileSync(casegen, [kind, db], { encoding: 'utf8' });
// Every table, index, view, trigger and column name (lowercased), for P8.
const names = (db) => new Set(sqlite(db, "select type || ' ' || name from sqlite_schema where name not like 'sqlite_%' union all select 'column ' || m.name || '.' || p.name from sqlite_schema m join pragma_table_xinfo(m.name) p where m.type = 'table' and m.name not like 'sqlite_%';").stdout.toLowerCase().split('\n').filter(Boolean));
const counts = (db) => {
	const r = sqlite(db, "select name from sqlite_schema where type='table' and name not like 'sqlite_%';");
	const out = {};
	for (const t of r.stdout.split('\n').filter(Boolean)) {
		const q = sqlite(db, `select count(*) from "${t.replace(/"/g, '""')}";`);
		out[t.toLowerCase()] = q.stdout.trim();
	}
	return out;
};

// A column's declared type reduced to its affinity (SQLite's rules, section 3.1 of datatype3):
// an engine that claims only some "types" may respell others; that is reported apart.
const affinity = (t) => {
	const u = t.toUpperCase();
	if (u.includes('INT')) return 'integer';
	if (/CHAR|CLOB|TEXT/.test(u)) return 'text';
	if (u === '' || u.includes('BLOB')) return 'blob';
	if (/REAL|FLOA|DOUB/.test(u)) return 'real';
	return 'numeric';
};
const affinityOnly = (dump) => dump.replace(/ type=(.*?) notnull=/g, (m, t) => ` type=${affinity(t)} notnull=`);

// Every claimed name must be one of the generator's labels: a typo must not mean "claims nothing".
{
	const known = new Set(execFileSync(casegen, ['labels'], { encoding: 'utf8' }).split('\n').filter(Boolean));
	for (const [field, kind] of [['features', 'feature'], ['changes', 'change'], ['names', 'name']]) {
		for (const n of caps[field] ?? []) {
			if (n !== '*' && !known.has(`${kind}:${n}`)) {
				console.error(`${enginePath}: capabilities.${field}: unknown label '${n}'`);
				process.exit(2);
			}
		}
	}
}

const engine = desc.transport === 'jsonl'
	? new Jsonl(desc.command.map(expand))
	: new Command(desc.template.map(expand));
const hello = await engine.request({ op: 'hello', protocol: 1 });
console.log(`engine: ${hello.name} ${hello.version ?? ''} (${desc.transport})`);

const casesFile = opt('--cases-file', null);
const lines = casesFile ? fs.readFileSync(casesFile, 'utf8').split('\n').filter(Boolean) : execFileSync(casegen, ['gen', '--seed', String(seed), '--cases', String(cases), '--max-tables', maxTables], { encoding: 'utf8', maxBuffer: 1 << 28 }).split('\n').filter(Boolean);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-probe-'));
const stats = { cases: 0, skipped: 0, skippedBy: {}, invalid: 0, ok: 0, failed: 0, violations: {} };
const perLabel = {};
const t0 = Date.now();
let syncMs = 0;
let caseNo = 0;

for (const line of lines) {
	const c = JSON.parse(line);
	if (only && !only.test(c.name ?? '')) continue;
	const unclaimed = all ? null : claimed(c.labels)
		?? (caps.profiles && !caps.profiles.includes(c.profile) ? `profile:${c.profile}` : null)
		?? (!c.allowDestructive && caps.refusesDestructive === false ? 'config:allow-destructive-off' : null);
	if (unclaimed) {
		stats.skipped++;
		stats.skippedBy[unclaimed] = (stats.skippedBy[unclaimed] ?? 0) + 1;
		continue;
	}
	const dir = path.join(tmp, `case-${++caseNo}`);
	fs.mkdirSync(dir);
	const pristine = path.join(dir, 'pristine.db'), desired = path.join(dir, 'desired.db'), live = path.join(dir, 'live.db');
	const fk = c.foreignKeys ? 'PRAGMA foreign_keys=ON;\n' : '';
	fs.writeFileSync(pristine, '');
	fs.writeFileSync(desired, ''); // an empty file is an empty database
	if (sqlite(pristine, fk + c.baseline + c.rows).status !== 0 || sqlite(desired, c.desired).status !== 0) {
		stats.invalid++;
		continue;
	}
	fs.copyFileSync(pristine, live);
	stats.cases++;
	const options = { strategy: 'auto', allowDestructive: c.allowDestructive, foreignKeys: c.foreignKeys, profile: c.profile, dryRun: false };
	const t = Date.now();
	const r = await engine.sync(live, c.desired, options);
	syncMs += Date.now() - t;
	const bad = [];
	if (r.transport) bad.push([r.transport, r.error.message]);
	if (r.ok) {
		const integ = sqlite(live, 'PRAGMA integrity_check;').stdout.trim();
		const fkc = sqlite(live, 'PRAGMA foreign_key_check;').stdout.trim();
		if (integ !== 'ok' || (c.foreignKeys && fkc !== '')) bad.push(['P6', `integrity_check: ${integ.slice(0, 80)}; foreign_key_check: ${fkc.slice(0, 80)}`]);
		if (!c.allowDestructive) {
			const lost = [...names(pristine)].filter((n) => !names(live).has(n));
			if (lost.length) bad.push(['P8', `allowDestructive=false but lost ${lost.join(', ').slice(0, 160)}`]);
		}
		stats.ok++;
		const want = dumpOf('schema', desired), got = dumpOf('schema', live);
		if (want !== got) {
			const a = want.split('\n'), b = got.split('\n');
			const i = a.findIndex((l, k) => l !== b[k]);
			const onlyType = affinityOnly(want) === affinityOnly(got);
			if (!onlyType || !caps.types)
				bad.push([onlyType ? 'P1-declared-type' : 'P1', `desired: ${a[i]} | live: ${b[i]}`]);
		}
		const before = counts(pristine), after = counts(live);
		for (const [t2, n] of Object.entries(before)) {
			if (t2 in after && after[t2] !== n) bad.push(['P3', `${t2}: ${n} rows before, ${after[t2]} after`]);
		}
		const r2 = await engine.sync(live, c.desired, options);
		if (!r2.ok) bad.push(['P2', `second sync failed: ${r2.error?.message}`]);
		else if ((r2.plan && r2.plan.length) || dumpOf('schema', live) !== got) bad.push(['P2', `second sync: ${(r2.plan ?? []).join('; ').slice(0, 200)}`]);
	} else {
		stats.failed++;
		const k = r.error?.kind;
		if (r.transport) {
			// the adapter died or hung: the harness restarts it; atomicity is still judged
		}
		if (dumpOf('full', live) !== dumpOf('full', pristine)) bad.push(['P5', `failed (${k}) and changed the database: ${r.error?.message?.slice(0, 200)}`]);
		if (!c.rejectable && k !== 'refused' && k !== 'destructive') bad.push(['failed?', `${k}: ${r.error?.message?.slice(0, 200)}`]);
	}
	for (const l of c.labels) {
		perLabel[l] ??= { n: 0, bad: 0 };
		perLabel[l].n++;
		if (bad.length) perLabel[l].bad++;
	}
	for (const [p, msg] of bad) {
		stats.violations[p] ??= { n: 0, first: [] };
		stats.violations[p].n++;
		if (stats.violations[p].first.length < 3) stats.violations[p].first.push(`seed ${c.seed}: ${msg}`);
	}
	if (verbose && bad.length) console.log(`seed ${c.seed}: ${bad.map((b) => b.join(': ')).join(' / ')}`);
	if (args.includes('--plans')) console.log(`${c.name ?? c.seed}: ${r.ok ? 'ok' : `failed (${r.error?.kind}): ${r.error?.message}`}\n    ${(r.plan ?? []).map((x) => x.replace(/\s+/g, ' ')).join('\n    ')}`);
	if (args.includes('--each')) console.log(`${String(c.name ?? c.seed).padEnd(34)} ${r.ok ? 'ok' : `failed (${r.error?.kind})`}${bad.length ? '  ' + bad.map((b) => b.join(': ')).join(' / ') : ''}`);
	if (!keep) fs.rmSync(dir, { recursive: true });
}
engine.close();
if (keep) fs.renameSync(tmp, keep);
else fs.rmSync(tmp, { recursive: true });

const secs = (Date.now() - t0) / 1000;
console.log(`cases run: ${stats.cases} (synced ok ${stats.ok}, failed ${stats.failed}), skipped (unclaimed): ${stats.skipped}, invalid: ${stats.invalid}`);
console.log(`time: ${secs.toFixed(1)} s; syncs: ${(syncMs / 1000).toFixed(1)} s for ${stats.cases + stats.ok} requests (${((stats.cases + stats.ok) / (syncMs / 1000 || 1)).toFixed(1)} syncs/s)`);
for (const [p, v] of Object.entries(stats.violations)) {
	console.log(`${p}: ${v.n}`);
	for (const f of v.first) console.log(`   ${f}`);
}
if (args.includes('--labels')) {
	const rows = Object.entries(perLabel).sort((a, b) => b[1].bad / b[1].n - a[1].bad / a[1].n);
	for (const [l, v] of rows) console.log(`  ${l.padEnd(36)} ${String(v.bad).padStart(4)} / ${v.n}`);
}
if (args.includes('--skips')) console.log(stats.skippedBy);
// 'failed?' is informational: without the harness' reference migration the probe cannot tell
// a wrongly failed sync from rows that do not fit the desired schema.
process.exit(Object.keys(stats.violations).some((p) => p !== 'failed?') ? 1 : 0);
