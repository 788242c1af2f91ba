/**
 * npm run bench:ingest — sustained events/s over WebSocket into the embedded engine through the
 * real production server (validation, dedup, live state, batched durable writes, acks), with
 * p50/p99 ack latency; and in the same run the raw engine insert rate of the same rows
 * (@clickhouse/client JSONEachRow, and chDB's native Session.insert), printed as ratios.
 *
 * Also prints the CPU time of the server and of this load generator during the run (they share the
 * machine's cores) and the `uptime` load average; with --profile, the server's CPU profile split by
 * stage (parsing, validation, dedup/bookkeeping, live state, rows + insert, WebSocket frames, board
 * and alerts, GC, idle).
 *
 * Options: --events N (default 600000), --sockets K (2), --window W messages in flight per socket (8),
 * --batch B events per message (1000), --profile (--profile-out FILE keeps the .cpuprofile). Needs
 * build/ (npm run build).
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { bundledMigrations, migrate } from '../src/lib/server/storage/migrate';
import { startServer } from '../tests/helpers/server';
import { summariseProfile, type CpuProfile } from './profileSummary';

const { values: args } = parseArgs({
	options: {
		events: { type: 'string', default: '600000' },
		sockets: { type: 'string', default: '2' },
		window: { type: 'string', default: '8' },
		batch: { type: 'string', default: '1000' },
		'batch-rows': { type: 'string', default: '' },
		profile: { type: 'boolean', default: false },
		'profile-out': { type: 'string', default: '' }
	}
});
const N = Number(args.events);
const SOCKETS = Number(args.sockets);
const WINDOW = Number(args.window);
const BATCH = Number(args.batch);
const KEY = 'bench-key-0123456789abcdef';

const CHANNELS = ['chat', 'phone', 'email', 'ticket'];
const QUEUES = ['presale', 'insale', 'aftersale', 'complaint'];

/** A realistic mix: per contact arrived → answered → resolved → rated, plus agent state changes. */
function makeEvents(n: number, baseMs: number): Record<string, unknown>[] {
	const out: Record<string, unknown>[] = [];
	let c = 0;
	while (out.length < n) {
		const id = `bc${c}`;
		const channel = CHANNELS[c % 4];
		const queue = QUEUES[(c >> 2) % 4];
		const t = baseMs + Math.floor((c / (n / 4)) * 3_000_000);
		const agent = `ag${c % 500}`;
		out.push({ event_id: `${id}-1`, ts: t, type: 'contact.arrived', contact_id: id, channel, queue, customer_id: `cu${c}` });
		out.push({ event_id: `${id}-2`, ts: t + 15_000, type: 'contact.answered', contact_id: id, channel, queue, agent_id: agent, team_id: `t${c % 20}` });
		out.push({ event_id: `${id}-3`, ts: t + 400_000, type: 'contact.resolved', contact_id: id, channel, queue, agent_id: agent });
		if (c % 10 === 0) out.push({ event_id: `ag-${c}`, ts: t, type: 'agent.state', agent_id: agent, state: 'available', channels: [channel], max_concurrency: 3 });
		else out.push({ event_id: `${id}-4`, ts: t + 410_000, type: 'contact.rated', contact_id: id, channel, queue, csat: 1 + (c % 5), nps: c % 11 });
		c++;
	}
	return out.slice(0, n);
}

const pct = (xs: number[], p: number) => {
	const s = [...xs].sort((a, b) => a - b);
	return s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
};

async function benchServer(events: Record<string, unknown>[]) {
	const dir = mkdtempSync(join(tmpdir(), 'bench-ingest-'));
	const profileDir = args.profile ? mkdtempSync(join(tmpdir(), 'bench-ingest-prof-')) : null;
	if (profileDir) process.env.CSOPS_PROFILE_DIR = profileDir; // tests/helpers/server.ts passes --cpu-prof
	const server = await startServer({ DATA_PATH: dir, INGEST_KEYS: `bench:${KEY}`, ...(args['batch-rows'] ? { INGEST_MAX_BATCH_ROWS: args['batch-rows'] } : {}) });
	const messages: string[] = [];
	for (let i = 0; i < events.length; i += BATCH) messages.push(JSON.stringify({ seq: messages.length, events: events.slice(i, i + BATCH) }));
	const latencies: number[] = [];
	let next = 0;
	let accepted = 0;
	let rejected = 0;
	const cpuTicks = () => {
		const f = readFileSync(`/proc/${server.proc.pid}/stat`, 'utf8').split(') ')[1].split(' ');
		return (Number(f[11]) + Number(f[12])) / 100; // utime + stime, in USER_HZ (100/s)
	};
	const serverCpu0 = cpuTicks();
	const clientCpu0 = process.cpuUsage();
	const t0 = performance.now();
	await Promise.all(
		Array.from({ length: SOCKETS }, async () => {
			const ws = new WebSocket(`${server.url.replace('http', 'ws')}/api/v1/events/stream`, { headers: { authorization: `Bearer ${KEY}` } });
			await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
			const sentAt = new Map<number, number>();
			await new Promise<void>((resolve, reject) => {
				const pump = () => {
					while (sentAt.size < WINDOW && next < messages.length) {
						const i = next++;
						sentAt.set(i, performance.now());
						ws.send(messages[i]);
					}
					if (sentAt.size === 0 && next >= messages.length) resolve();
				};
				ws.on('message', (m) => {
					const a = JSON.parse(m.toString()) as { seq: number; accepted?: number; rejected?: unknown[]; error?: string };
					if (a.error) return reject(new Error(a.error));
					latencies.push(performance.now() - sentAt.get(a.seq)!);
					sentAt.delete(a.seq);
					accepted += a.accepted ?? 0;
					rejected += a.rejected?.length ?? 0;
					pump();
				});
				pump();
			});
			ws.close();
		})
	);
	const elapsedSec = (performance.now() - t0) / 1000;
	const serverCpuSec = cpuTicks() - serverCpu0;
	const c = process.cpuUsage(clientCpu0);
	const clientCpuSec = (c.user + c.system) / 1e6;
	const health = (await (await fetch(`${server.url}/api/health`)).json()) as {
		events: { contact: number; agent: number };
		ingest?: { writer?: { batches: number; rows: number; maxInFlight?: number } };
	};
	await server.stop('SIGTERM');
	rmSync(dir, { recursive: true, force: true });
	let profile: string | null = null;
	if (profileDir) {
		delete process.env.CSOPS_PROFILE_DIR;
		const file = readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'));
		profile = file ? summariseProfile(JSON.parse(readFileSync(join(profileDir, file), 'utf8')) as CpuProfile) : 'no profile written';
		if (file && args['profile-out']) copyFileSync(join(profileDir, file), args['profile-out']);
		rmSync(profileDir, { recursive: true, force: true });
	}
	return { elapsedSec, accepted, rejected, stored: health.events.contact + health.events.agent, latencies, serverCpuSec, clientCpuSec, profile, writer: health.ingest?.writer };
}

/** The rows exactly as the server writes them (contact_events / agent_events). */
function toRows(events: Record<string, unknown>[]) {
	const now = Date.now();
	const contact: Record<string, unknown>[] = [];
	const agent: Record<string, unknown>[] = [];
	for (const e of events) {
		if (e.type === 'agent.state') {
			agent.push({ event_id: e.event_id, ts: e.ts, received_at: now, agent_id: e.agent_id, team_id: '', state: e.state, channels: e.channels, max_concurrency: e.max_concurrency, source: 'bench', attrs: '' });
		} else {
			contact.push({
				event_id: e.event_id, ts: e.ts, received_at: now, type: e.type, contact_id: e.contact_id, channel: e.channel, queue: e.queue,
				agent_id: e.agent_id ?? '', team_id: e.team_id ?? '', priority: 0, customer_id: e.customer_id ?? '', to_queue: '', to_agent_id: '',
				csat: e.csat ?? null, nps: e.nps ?? null, wait_ms: e.type === 'contact.answered' ? 15000 : null, handle_ms: e.type === 'contact.resolved' ? 385000 : null,
				source: 'bench', attrs: ''
			});
		}
	}
	return { contact, agent };
}

async function benchRaw(events: Record<string, unknown>[]) {
	const { createClient } = await import('@clickhouse/client');
	const { createChdbConnection } = await import('chdb/connection');
	const { renderMigration, splitStatements } = await import('../src/lib/server/storage/migrate');
	const rows = toRows(events);
	const tables = [['contact_events', rows.contact], ['agent_events', rows.agent]] as const;
	const results = { client: 0, native: 0, nativeCompact: 0, clientCpuUs: 0, nativeCpuUs: 0, nativeCompactCpuUs: 0 };
	/** CPU µs an event of this process (chDB's threads included: the engine runs in-process) since `c0` */
	const cpuPerEvent = (c0: NodeJS.CpuUsage) => {
		const c = process.cpuUsage(c0);
		return (c.user + c.system) / events.length;
	};

	// 1. @clickhouse/client, JSONEachRow objects — the path the server uses, without our pipeline.
	{
		const dir = mkdtempSync(join(tmpdir(), 'bench-raw-client-'));
		const client = createClient({ connection: createChdbConnection({ path: dir }) } as Parameters<typeof createClient>[0]);
		await migrate(client, bundledMigrations(), { cluster: null });
		const c0 = process.cpuUsage();
		const t0 = performance.now();
		let k = 0;
		for (const [table, list] of tables) {
			for (let i = 0; i < list.length; i += 10_000) {
				await client.insert({ table, values: list.slice(i, i + 10_000), format: 'JSONEachRow', clickhouse_settings: { insert_deduplication_token: `raw-c-${k++}` } });
			}
		}
		results.client = events.length / ((performance.now() - t0) / 1000);
		results.clientCpuUs = cpuPerEvent(c0);
		await client.close();
		rmSync(dir, { recursive: true, force: true });
	}
	// 2. chDB's native Session.insert of pre-serialised JSONEachRow bytes (the engine's ceiling from Node).
	{
		const { Session } = await import('chdb');
		const dir = mkdtempSync(join(tmpdir(), 'bench-raw-native-'));
		const session = new Session(dir);
		for (const m of bundledMigrations()) for (const st of splitStatements(renderMigration(m.sql, { cluster: null }))) session.query(st);
		const payloads = tables.map(([table, list]) => {
			const chunks: string[] = [];
			for (let i = 0; i < list.length; i += 10_000) chunks.push(list.slice(i, i + 10_000).map((r) => JSON.stringify(r)).join('\n'));
			return [table, chunks] as const;
		});
		const c0 = process.cpuUsage();
		const t0 = performance.now();
		let k = 0;
		for (const [table, chunks] of payloads) {
			for (const values of chunks) {
				await session.insert({ table, values, format: 'JSONEachRow', settings: { insert_deduplication_token: `raw-n-${k++}` } });
			}
		}
		results.native = events.length / ((performance.now() - t0) / 1000);
		results.nativeCpuUs = cpuPerEvent(c0);
		session.close();
		rmSync(dir, { recursive: true, force: true });
	}
	// 3. The same native insert of the same rows as JSONCompactEachRow (values in column order), the
	// format the server sends since issue 24: printed so the ratio above can be read like for like.
	{
		const { Session } = await import('chdb');
		const dir = mkdtempSync(join(tmpdir(), 'bench-raw-compact-'));
		const session = new Session(dir);
		for (const m of bundledMigrations()) for (const st of splitStatements(renderMigration(m.sql, { cluster: null }))) session.query(st);
		const payloads = tables.map(([table, list]) => {
			const columns = Object.keys(list[0] ?? {});
			const chunks: string[] = [];
			for (let i = 0; i < list.length; i += 10_000) chunks.push(list.slice(i, i + 10_000).map((r) => JSON.stringify(columns.map((c) => r[c]))).join('\n'));
			return [table, columns, chunks] as const;
		});
		const c0 = process.cpuUsage();
		const t0 = performance.now();
		let k = 0;
		for (const [table, columns, chunks] of payloads) {
			for (const values of chunks) {
				await session.insert({ table, columns, values, format: 'JSONCompactEachRow', settings: { insert_deduplication_token: `raw-k-${k++}` } });
			}
		}
		results.nativeCompact = events.length / ((performance.now() - t0) / 1000);
		results.nativeCompactCpuUs = cpuPerEvent(c0);
		session.close();
		rmSync(dir, { recursive: true, force: true });
	}
	return results;
}

const events = makeEvents(N, Date.now() - 3_600_000);
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
console.log(`ingest benchmark: ${N} events, ${SOCKETS} WebSocket(s) × ${WINDOW} messages in flight × ${BATCH} events/message, 2-core machine; load generator on the same machine; load average at start ${loadavg()}`);
const s = await benchServer(events);
const raw = await benchRaw(events);
const rate = s.accepted / s.elapsedSec;
console.log(`server:  ${rate.toFixed(0)} events/s sustained (${s.accepted} accepted, ${s.rejected} rejected, ${s.stored} stored, ${s.elapsedSec.toFixed(2)} s)`);
if (s.writer) console.log(`writer: ${s.writer.batches} batches, ${(s.writer.rows / Math.max(1, s.writer.batches)).toFixed(0)} rows a batch on average (group commit)${s.writer.maxInFlight ? `, at most ${s.writer.maxInFlight} insert(s) in flight` : ''}`);
console.log(`ack latency per ${BATCH}-event message: p50 ${pct(s.latencies, 0.5).toFixed(1)} ms, p99 ${pct(s.latencies, 0.99).toFixed(1)} ms, max ${Math.max(...s.latencies).toFixed(1)} ms`);
console.log(`raw engine, same rows, 10 000-row batches: @clickhouse/client ${raw.client.toFixed(0)} rows/s; chDB native Session.insert (pre-serialised) ${raw.native.toFixed(0)} rows/s`);
console.log(`ratio server / raw: ${((rate / raw.client) * 100).toFixed(1)}% of the client path, ${((rate / raw.native) * 100).toFixed(1)}% of chDB's native insert rate measured in this run (issue 24 target ≥ 60%: ${rate / raw.native >= 0.6 ? 'met' : 'NOT met'})`);
console.log(`like for like: chDB native Session.insert of the same rows as JSONCompactEachRow (the server's format) ${raw.nativeCompact.toFixed(0)} rows/s; server ${((rate / raw.nativeCompact) * 100).toFixed(1)}% of it`);
const serverCpuUs = (s.serverCpuSec * 1e6) / s.accepted;
console.log(
	`CPU µs per event (less sensitive to the machine's load than rates): server ${serverCpuUs.toFixed(1)} (everything: WebSocket, validation, dedup, live state, insert, engine); raw @clickhouse/client ${raw.clientCpuUs.toFixed(1)}; native JSONEachRow ${raw.nativeCpuUs.toFixed(1)}; native JSONCompactEachRow ${raw.nativeCompactCpuUs.toFixed(1)}`
);
console.log(`CPU during the server run (${s.elapsedSec.toFixed(1)} s wall, 2 cores): server process ${s.serverCpuSec.toFixed(1)} s (${((s.serverCpuSec / s.elapsedSec) * 100).toFixed(0)}% of one core, chDB threads included), load generator ${s.clientCpuSec.toFixed(1)} s (${((s.clientCpuSec / s.elapsedSec) * 100).toFixed(0)}%)`);
if (s.profile) console.log(`server main-thread CPU by stage (--profile): ${s.profile}`);
console.log(`load average (uptime) at the end: ${loadavg()}`);
if (s.stored !== N || s.rejected !== 0) {
	console.error(`FAIL: stored ${s.stored} of ${N} events, ${s.rejected} rejected`);
	process.exit(1);
}
