import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { DEFAULT_CHANNELS, DEFAULT_QUEUES } from '../../src/lib/server/config/defaults';
import { validateEvent } from '../../src/lib/server/ingest/contract';
import { ArgError, parseSimulateArgs } from '../../src/lib/server/simulator/cliArgs';

const ROOT = new URL('../../', import.meta.url).pathname;

function runCli(args: string[], timeoutMs = 60_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/simulate.ts', ...args], {
			cwd: ROOT,
			env: { ...process.env, INGEST_KEY: '', DATA_PATH: '/nonexistent-simulate-test' }
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d) => (stdout += d));
		child.stderr.on('data', (d) => (stderr += d));
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`simulate did not exit within ${timeoutMs} ms\n${stdout}\n${stderr}`));
		}, timeoutMs);
		child.on('exit', (code) => {
			clearTimeout(timer);
			resolve({ code, stdout, stderr });
		});
	});
}

describe('npm run simulate', () => {
	it('plays a scenario over the WebSocket ingest protocol and resends what was not acknowledged', async () => {
		const stored = new Map<string, Record<string, unknown>>();
		let rejected = 0;
		let duplicates = 0;
		let messages = 0;
		let connections = 0;
		let dropped = false;
		const ctxBase = {
			channels: new Set(DEFAULT_CHANNELS.map((c) => c.id)),
			queues: new Set(DEFAULT_QUEUES.map((q) => q.id)),
			maxLatenessSec: 86_400,
			maxFutureSkewSec: 300
		};
		const wss = new WebSocketServer({
			port: 0,
			host: '127.0.0.1',
			path: '/api/v1/events/stream',
			verifyClient: (info, cb) => cb(info.req.headers.authorization === 'Bearer test-key', 401)
		});
		wss.on('connection', (ws) => {
			connections++;
			ws.on('message', (data) => {
				messages++;
				const msg = JSON.parse(data.toString()) as { seq: number; events: Record<string, unknown>[] };
				let accepted = 0;
				let dup = 0;
				const rej: unknown[] = [];
				msg.events.forEach((e, index) => {
					const r = validateEvent(e, { ...ctxBase, nowMs: Date.now() });
					if (Array.isArray(r)) rej.push({ index, problems: r });
					else if (stored.has(r.eventId)) dup++;
					else {
						stored.set(r.eventId, e);
						accepted++;
					}
				});
				rejected += rej.length;
				duplicates += dup;
				if (!dropped && messages === 3) {
					// stored, but the connection drops before the answer: the client must resend
					dropped = true;
					ws.terminate();
					return;
				}
				ws.send(JSON.stringify({ seq: msg.seq, accepted, duplicates: dup, rejected: rej }));
			});
		});
		await new Promise((r) => wss.once('listening', r));
		const port = (wss.address() as AddressInfo).port;
		try {
			const out = await runCli([
				'--scenario',
				'double11',
				'--speed',
				'60',
				'--duration-min',
				// long enough that message 3 (dropped below) comes mid-run even on a loaded machine,
				// where the CLI may connect late and batch the first seconds into one message
				'0.25',
				'--url',
				`ws://127.0.0.1:${port}/api/v1/events/stream`,
				'--key',
				'test-key'
			]);
			expect(out.code, out.stdout + out.stderr).toBe(0);
			expect(out.stdout).toMatch(/\[scenario 20\d\d-11-10 2\d:\d\d\] sent \d+ accepted \d+ duplicates \d+ rejected 0/);
			expect(out.stdout).toContain('done.');
			expect(connections).toBeGreaterThanOrEqual(2);
			expect(duplicates).toBeGreaterThan(0); // the dropped message came again, same ids
			expect(rejected).toBe(0);
			expect(stored.size).toBeGreaterThan(100);
			// the closing events leave no contact open
			const open = new Map<string, boolean>();
			for (const e of [...stored.values()].sort((a, b) => (a.ts as number) - (b.ts as number))) {
				if (e.type === 'contact.arrived' || e.type === 'contact.reopened' || e.type === 'contact.transferred') open.set(e.contact_id as string, true);
				if (e.type === 'contact.resolved' || e.type === 'contact.abandoned') open.set(e.contact_id as string, false);
			}
			expect([...open.values()].filter(Boolean).length).toBe(0);
			// and no e-mail or ticket was abandoned to get there (issue 18)
			expect([...stored.values()].filter((e) => e.type === 'contact.abandoned' && (e.channel === 'email' || e.channel === 'ticket'))).toEqual([]);
			// its own ids only: the scenario prefix leads every contact id, never the built-in demo's `sim<seed>-`
			expect([...stored.values()].filter((e) => typeof e.contact_id === 'string' && !(e.contact_id as string).startsWith('double11-sim'))).toEqual([]);
		} finally {
			wss.close();
		}
	}, 60_000);

	it('says what to pass when nothing listens at the address, instead of retrying forever', async () => {
		// a port that was free a moment ago: nothing listens there
		const port = await new Promise<number>((resolve) => {
			const srv = new WebSocketServer({ port: 0, host: '127.0.0.1' }, () => {
				const p = (srv.address() as AddressInfo).port;
				srv.close(() => resolve(p));
			});
		});
		const out = await runCli(['--key', 'k', '--url', `ws://127.0.0.1:${port}/api/v1/events/stream`], 30_000);
		expect(out.code).toBe(2);
		expect(out.stderr).toContain(`cannot connect to ws://127.0.0.1:${port}/api/v1/events/stream (ECONNREFUSED)`);
		expect(out.stderr).toContain('--url ws://HOST:PORT/api/v1/events/stream --key <ingest key>');
	}, 30_000);
});

describe('parseSimulateArgs', () => {
	const parse = (argv: string[], env: Record<string, string> = {}, file: string | null = null) => parseSimulateArgs(argv, env, () => file);
	it('takes the key from --key, else INGEST_KEY, else the local key file', () => {
		expect(parse(['--key', 'a'], { INGEST_KEY: 'b' }, 'c').key).toBe('a');
		expect(parse([], { INGEST_KEY: 'b' }, 'c').key).toBe('b');
		expect(parse([], {}, 'c').key).toBe('c');
		expect(parse([], {}, null).key).toBeNull();
	});
	it('defaults to the server of this checkout: ws://localhost:$PORT (3000 when PORT is unset)', () => {
		expect(parse([]).url).toBe('ws://localhost:3000/api/v1/events/stream');
		expect(parse([], { PORT: '3917' }).url).toBe('ws://localhost:3917/api/v1/events/stream');
		expect(parse(['--url', 'ws://h:1/api/v1/events/stream'], { PORT: '3917' }).url).toBe('ws://h:1/api/v1/events/stream');
	});
	it('takes -h and --help anywhere, and a negative-looking value given with =', () => {
		expect(parse(['-h']).help).toBe(true);
		expect(parse(['--speed', '2', '--help']).help).toBe(true);
		// "-1" after --seed is its value (then out of range), not an option
		expect(() => parse(['--seed', '-1'])).toThrow('--seed "-1": must be an integer from 0 to 2147483647');
	});
	it('accepts --name=value and defaults', () => {
		const a = parse(['--scenario=outage', '--speed=60', '--outage-channel', 'chat']);
		expect(a).toMatchObject({ scenario: 'outage', speed: 60, outageChannel: 'chat', durationMin: null, seed: 20261111 });
	});
	it.each([
		[['--scenario', 'black-friday'], '--scenario "black-friday" is not a scenario; allowed: normal, double11, 618, outage'],
		[['--speed', '0'], '--speed "0": must be a number greater than 0 and at most 60'],
		[['--speed', '61'], '--speed "61": must be a number greater than 0 and at most 60'],
		[['--duration-min', 'x'], '--duration-min "x": must be'],
		[['--seed', '1.5'], '--seed "1.5": must be an integer'],
		[['--url', 'http://x'], 'is not a ws:// or wss:// URL'],
		[['--speed'], '--speed needs a value'],
		[['--speed', '2', '--speed', '3'], 'given twice'],
		[['--outage-channel', 'chat'], 'only applies to --scenario outage'],
		[['--sim-start', '2026-11-11'], 'YYYY-MM-DDTHH:MM'],
		[['--nope', '1'], 'unknown option --nope; allowed: --scenario, --speed, --url, --key, --duration-min, --seed, --volume-scale, --outage-channel, --sim-start, --help'],
		[['-x'], 'unknown option -x; allowed: --scenario'],
		[['--speed', '--seed', '3'], '--speed needs a value'],
		[['--speed=2', '--speed', '3'], '--speed is given twice'],
		[['--help=yes'], '--help takes no value'],
		[['--outage-channel', 'Chat!', '--scenario', 'outage'], '--outage-channel "Chat!" is not a channel id (lower-case letter'],
		[['--volume-scale', '21'], '--volume-scale "21": must be a number greater than 0 and at most 20'],
		[['--', '--speed', '2'], 'unexpected argument "--"'],
		[['stray'], 'unexpected argument "stray": options start with --']
	])('rejects %j', (argv, message) => {
		expect(() => parse(argv)).toThrow(ArgError);
		expect(() => parse(argv)).toThrow(message);
	});
});
