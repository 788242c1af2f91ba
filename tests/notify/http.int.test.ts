/**
 * Notifiers and the dispatcher against a real local HTTP receiver (no transport mocks).
 * Oracles: the retry policy of issue 8 (retry 5xx/429/timeouts, honour Retry-After, no retry
 * on other 4xx), the vendor signing formulas (recomputed here with node:crypto), the vendor
 * body error codes, and "nothing lost" (every job id reaches the receiver).
 */
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher, type AttemptReport } from '../../src/lib/server/notify/dispatcher';
import { MAX_RESPONSE_BYTES, pinnedPost, RequestTimeoutError } from '../../src/lib/server/notify/pinnedRequest';
import { createNotifierRegistry } from '../../src/lib/server/notify/registry';
import type { NotifierTarget, NotifyMessage } from '../../src/lib/server/notify/types';
import { startReceiver, type Receiver } from './receiver';

const open: Receiver[] = [];
afterEach(async () => {
	await Promise.all(open.splice(0).map((r) => r.close().catch(() => undefined)));
});
async function receiver(...args: Parameters<typeof startReceiver>) {
	const r = await startReceiver(...args);
	open.push(r);
	return r;
}

const message = (id: string, level: 0 | 1 | 2 | 3 = 2): NotifyMessage => ({
	id,
	title: `[L${level}] chat: 1 个告警`,
	text: `**chat** c1 已等待 65s (阈值 60s) — ${id}`,
	level,
	kind: 'firing',
	sound: level === 3,
	createdAtMs: Date.now(),
	sourceIds: [id]
});

const registry = (allowPrivateTargets = true) => createNotifierRegistry({ net: { allowPrivateTargets }, timeoutMs: 2000 });
const fastRetry = { baseDelayMs: 50, maxDelayMs: 400 };

describe('generic webhook via the dispatcher', () => {
	it('retries 5xx until accepted, with a verifiable signature on every attempt', async () => {
		const rx = await receiver((_r, i) => (i < 2 ? { status: 503 } : { status: 200 }));
		const reports: AttemptReport[] = [];
		const d = createDispatcher({ registry: registry(), retry: fastRetry, onResult: (r) => reports.push(r) });
		const target: NotifierTarget = { id: 'wh', type: 'webhook', url: rx.url('/alerts?token=abcdef123456'), secret: 'whsec_fixed' };
		d.enqueue({ id: 'j1', intentId: 'i1', target, message: message('m1') });
		await d.idle();
		expect(rx.requests).toHaveLength(3);
		expect(new Set(rx.requests.map((r) => r.body)).size).toBe(1);
		for (const r of rx.requests) {
			const ts = String(r.headers['x-csops-timestamp']);
			expect(r.headers['x-csops-signature']).toBe(`sha256=${createHmac('sha256', 'whsec_fixed').update(`${ts}.${r.body}`).digest('hex')}`);
		}
		expect(reports.map((r) => [r.attempt, r.result.ok, r.final])).toEqual([
			[1, false, false],
			[2, false, false],
			[3, true, true]
		]);
		expect(reports[0].result).toMatchObject({ retryable: true });
		expect(JSON.stringify(reports)).not.toContain('abcdef123456');
		expect(JSON.stringify(reports)).not.toContain('whsec_fixed');
		expect(rx.requests[0].json).toMatchObject({ id: 'm1', level: 2, kind: 'firing', sourceIds: ['m1'] });
		await d.close();
	});

	it('honours Retry-After on 429', async () => {
		const rx = await receiver((_r, i) => (i === 0 ? { status: 429, headers: { 'retry-after': '1' } } : { status: 204 }));
		const d = createDispatcher({ registry: registry(), retry: fastRetry });
		d.enqueue({ id: 'j1', intentId: 'i1', target: { id: 'wh', type: 'webhook', url: rx.url() }, message: message('m1') });
		await d.idle();
		expect(rx.requests).toHaveLength(2);
		// Retry-After: 1 → the retry comes at least ~1 s later (50 ms scheduling slack)
		expect(rx.requests[1].atMs - rx.requests[0].atMs).toBeGreaterThanOrEqual(950);
		await d.close();
	});

	it('does not retry 400', async () => {
		const rx = await receiver(() => ({ status: 400, body: { error: 'bad payload' } }));
		const reports: AttemptReport[] = [];
		const d = createDispatcher({ registry: registry(), retry: fastRetry, onResult: (r) => reports.push(r) });
		d.enqueue({ id: 'j1', intentId: 'i1', target: { id: 'wh', type: 'webhook', url: rx.url('/h/secretpathtoken0001') }, message: message('m1') });
		await d.idle();
		await new Promise((r) => setTimeout(r, 300)); // a retry would have come by now
		expect(rx.requests).toHaveLength(1);
		expect(reports).toHaveLength(1);
		expect(reports[0]).toMatchObject({ final: true, result: { ok: false, retryable: false } });
		const error = (reports[0].result as { error: string }).error;
		expect(error).toMatch(/HTTP 400/);
		expect(error).not.toContain('secretpathtoken0001');
		await d.close();
	});

	it('retries a request that times out', async () => {
		const rx = await receiver((_r, i) => (i === 0 ? { status: 200, delayMs: 1500 } : { status: 200 }));
		const reports: AttemptReport[] = [];
		const d = createDispatcher({ registry: createNotifierRegistry({ net: { allowPrivateTargets: true }, timeoutMs: 300 }), retry: fastRetry, onResult: (r) => reports.push(r) });
		d.enqueue({ id: 'j1', intentId: 'i1', target: { id: 'wh', type: 'webhook', url: rx.url() }, message: message('m1') });
		await d.idle();
		expect(reports.map((r) => r.result.ok)).toEqual([false, true]);
		expect(reports[0].result).toMatchObject({ retryable: true, error: expect.stringMatching(/timed out after 300 ms/) });
		await d.close();
	});

	it('loses nothing while the receiver is down for a while, then delivers when it is back', async () => {
		const rx = await receiver(() => ({ status: 200 }));
		await rx.close(); // down
		const reports: AttemptReport[] = [];
		const d = createDispatcher({ registry: registry(), retry: { baseDelayMs: 100, maxDelayMs: 300 }, onResult: (r) => reports.push(r) });
		const target: NotifierTarget = { id: 'wh', type: 'webhook', url: rx.url() };
		for (let i = 0; i < 5; i++) {
			d.enqueue({ id: `j${i}`, intentId: `i${i}`, target, message: message(`m${i}`) });
			await new Promise((r) => setTimeout(r, 150));
		}
		await new Promise((r) => setTimeout(r, 600));
		expect(rx.requests).toHaveLength(0);
		expect(reports.some((r) => !r.result.ok && r.result.retryable && /network error/.test(r.result.error))).toBe(true);
		expect(d.pending().map((p) => p.id).sort()).toEqual(['j0', 'j1', 'j2', 'j3', 'j4']);
		await rx.restart(); // back
		await d.idle();
		const delivered = rx.requests.flatMap((r) => (r.json as { sourceIds: string[] }).sourceIds);
		expect(delivered.sort()).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
		// the backlog arrived folded into digests, not as a replay of every failed attempt
		expect(rx.requests.length).toBeLessThanOrEqual(2);
		expect(reports.filter((r) => r.final && r.result.ok).map((r) => r.jobId).sort()).toEqual(['j0', 'j1', 'j2', 'j3', 'j4']);
		await d.close();
	});
});

describe('IM robots against the local receiver', () => {
	it('DingTalk: signed query, markdown body; errcode 130101 (HTTP 200) is a rate limit, 0 is success', async () => {
		const rx = await receiver((_r, i) => ({ status: 200, body: i === 0 ? { errcode: 130101, errmsg: 'send too fast, exceed 20 times per minute' } : { errcode: 0, errmsg: 'ok' } }));
		const secret = 'SEC0123456789abcdef0123456789abcdef';
		const target: NotifierTarget = { id: 'dt', type: 'dingtalk', url: rx.url('/robot/send?access_token=tok0123456789abcdef'), secret, atMobiles: ['13800000000'] };
		const reg = registry();
		const first = await reg.send(target, message('m1', 3));
		expect(first).toMatchObject({ ok: false, retryable: true, retryAfterMs: 600_000 });
		expect((first as { error: string }).error).not.toContain('tok0123456789abcdef');
		expect(await reg.send(target, message('m2', 3))).toEqual({ ok: true });

		const q = rx.requests[0].url.searchParams;
		expect(q.get('access_token')).toBe('tok0123456789abcdef');
		const ts = q.get('timestamp') as string;
		expect(Math.abs(Number(ts) - Date.now())).toBeLessThan(60_000);
		// sign = base64(HmacSHA256(secret, timestamp + "\n" + secret)), URL-decoded by URLSearchParams
		expect(q.get('sign')).toBe(createHmac('sha256', secret).update(`${ts}\n${secret}`).digest('base64'));
		expect(rx.requests[0].json).toMatchObject({ msgtype: 'markdown', markdown: { title: '[L3] chat: 1 个告警' }, at: { atMobiles: ['13800000000'], isAtAll: false } });
	});

	it('WeCom: errcode 45009 is retried, 93000 is not', async () => {
		const rx = await receiver((_r, i) => ({ status: 200, body: [{ errcode: 45009, errmsg: 'api freq out of limit' }, { errcode: 93000, errmsg: 'invalid webhook url' }, { errcode: 0, errmsg: 'ok' }][i] }));
		const target: NotifierTarget = { id: 'wc', type: 'wecom', url: rx.url('/cgi-bin/webhook/send?key=693a91f6-aaaa-bbbb-cccc-0ec2sifa5aaa') };
		const reg = registry();
		expect(await reg.send(target, message('m1'))).toMatchObject({ ok: false, retryable: true, retryAfterMs: 60_000 });
		expect(await reg.send(target, message('m2'))).toMatchObject({ ok: false, retryable: false });
		expect(await reg.send(target, message('m3'))).toEqual({ ok: true });
		expect(rx.requests[2].json).toEqual({ msgtype: 'markdown', markdown: { content: message('m3').text } });
	});

	it('Feishu: signed body; code 19021 is not retried, HTTP 400 with code 11232 is', async () => {
		const rx = await receiver((_r, i) =>
			i === 0 ? { status: 200, body: { code: 19021, msg: 'sign match fail or timestamp is not within one hour from current time', data: {} } } : i === 1 ? { status: 400, body: { code: 11232, msg: 'frequency limited' } } : { status: 200, body: { code: 0, msg: 'success', data: {} } }
		);
		const secret = 'feishuSecret0123';
		const target: NotifierTarget = { id: 'fs', type: 'feishu', url: rx.url('/open-apis/bot/v2/hook/0c1f3b6a-8d2e-4f5a-9b7c-1d2e3f4a5b6c'), secret };
		const reg = registry();
		expect(await reg.send(target, message('m1'))).toMatchObject({ ok: false, retryable: false });
		expect(await reg.send(target, message('m2'))).toMatchObject({ ok: false, retryable: true });
		expect(await reg.send(target, message('m3'))).toEqual({ ok: true });
		const body = rx.requests[0].json as { timestamp: string; sign: string; msg_type: string };
		expect(Math.abs(Number(body.timestamp) - Date.now() / 1000)).toBeLessThan(60);
		// sign = base64(HmacSHA256(key = timestamp + "\n" + secret, message = ""))
		expect(body.sign).toBe(createHmac('sha256', `${body.timestamp}\n${secret}`).update('').digest('base64'));
		expect(body.msg_type).toBe('text');
	});
});

describe('outbound address guard', () => {
	it('refuses the loopback receiver unless allowed by config, without sending anything', async () => {
		const rx = await receiver();
		const refused = await registry(false).send({ id: 'wh', type: 'webhook', url: rx.url('/hook?token=supersecret99') }, message('m1'));
		expect(refused).toMatchObject({ ok: false, retryable: false });
		expect((refused as { error: string }).error).toMatch(/private\/loopback\/link-local address 127\.0\.0\.1; refused/);
		expect((refused as { error: string }).error).not.toContain('supersecret99');
		expect(rx.requests).toHaveLength(0);
		const allowedByHost = createNotifierRegistry({ net: { allowHosts: ['127.0.0.1'] } });
		expect(await allowedByHost.send({ id: 'wh', type: 'webhook', url: rx.url() }, message('m2'))).toEqual({ ok: true });
		expect(rx.requests).toHaveLength(1);
	});

	it('connects only to the address it checked: a name is not resolved a second time (DNS rebinding)', async () => {
		const rx = await receiver();
		let lookups = 0;
		// RFC 6761: .invalid never resolves, so reaching the receiver proves the request used the
		// address the guard checked rather than a second DNS answer.
		const reg = createNotifierRegistry({
			net: {
				allowHosts: ['127.0.0.1'],
				lookup: async () => {
					lookups++;
					return [{ address: '127.0.0.1', family: 4 }];
				}
			}
		});
		expect(await reg.send({ id: 'wh', type: 'webhook', url: `http://rebind.invalid:${rx.port}/hook` }, message('m1'))).toEqual({ ok: true });
		expect(lookups).toBe(1);
		expect(rx.requests).toHaveLength(1);
		expect(rx.requests[0].headers.host).toBe(`rebind.invalid:${rx.port}`);
	});

	it('reads at most 64 KiB of a response body', async () => {
		const rx = await receiver(() => ({ status: 500, body: 'x'.repeat(1024 * 1024) }));
		const res = await pinnedPost(new URL(rx.url()), ['127.0.0.1'], '{}', {}, 2000);
		expect(res.status).toBe(500);
		expect(res.bodyText.length).toBe(MAX_RESPONSE_BYTES);
	});

	it('times out a response whose body stalls after the headers', async () => {
		const server = createServer((_req, res) => {
			res.writeHead(200, { 'content-type': 'application/json' });
			res.write('{"partial":');
		});
		await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
		const port = (server.address() as AddressInfo).port;
		try {
			await expect(pinnedPost(new URL(`http://127.0.0.1:${port}/`), ['127.0.0.1'], '{}', {}, 300)).rejects.toBeInstanceOf(RequestTimeoutError);
		} finally {
			server.closeAllConnections();
			await new Promise((r) => server.close(r));
		}
	});
});
