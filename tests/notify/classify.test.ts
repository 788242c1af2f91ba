/**
 * Failure classification, Retry-After, backoff, rate limiting and digests (pure parts).
 * Oracles: vendor response conventions (DingTalk/WeCom errcode, Feishu code; HTTP 200 with an
 * error code in the body), RFC 9110 (Retry-After, 408), RFC 5321 §4.2.1 (SMTP 4yz transient,
 * 5yz permanent), and hand computation of the backoff and window formulas.
 */
import { describe, expect, it } from 'vitest';
import { backoffDelayMs, DEFAULT_RETRY } from '../../src/lib/server/notify/backoff';
import { classifyDingTalkBody } from '../../src/lib/server/notify/dingtalk';
import { mergeMessages } from '../../src/lib/server/notify/digest';
import { classifySmtpError } from '../../src/lib/server/notify/email';
import { classifyFeishuResponse } from '../../src/lib/server/notify/feishu';
import { classifyHttpStatus, parseRetryAfter } from '../../src/lib/server/notify/http';
import { SlidingWindowLimiter } from '../../src/lib/server/notify/rateLimiter';
import { truncateUtf8 } from '../../src/lib/server/notify/truncateUtf8';
import { classifyWeComBody } from '../../src/lib/server/notify/wecom';
import type { NotifyMessage } from '../../src/lib/server/notify/types';

describe('vendor body codes (HTTP 200 with an error in the body)', () => {
	it('DingTalk', () => {
		expect(classifyDingTalkBody({ errcode: 0, errmsg: 'ok' }, 'x')).toEqual({ ok: true });
		// 130101 "send too fast, exceed 20 times per minute": throttled for 10 minutes
		expect(classifyDingTalkBody({ errcode: 130101, errmsg: 'send too fast, exceed 20 times per minute' }, 'x')).toMatchObject({ ok: false, retryable: true, retryAfterMs: 600_000 });
		expect(classifyDingTalkBody({ errcode: 310000, errmsg: 'sign not match' }, 'x')).toMatchObject({ ok: false, retryable: false, error: 'x: DingTalk errcode 310000 sign not match' });
		expect(classifyDingTalkBody({ errcode: -1, errmsg: 'system busy' }, 'x')).toMatchObject({ retryable: true });
		expect(classifyDingTalkBody(undefined, 'x', '<html>')).toMatchObject({ ok: false, retryable: false });
	});

	it('WeCom', () => {
		expect(classifyWeComBody({ errcode: 0, errmsg: 'ok' }, 'x')).toEqual({ ok: true });
		expect(classifyWeComBody({ errcode: 45009, errmsg: 'api freq out of limit' }, 'x')).toMatchObject({ retryable: true, retryAfterMs: 60_000 });
		expect(classifyWeComBody({ errcode: 93000, errmsg: 'invalid webhook url' }, 'x')).toMatchObject({ retryable: false });
	});

	it('Feishu, including rate limits sent with HTTP 4xx and the legacy StatusCode field', () => {
		expect(classifyFeishuResponse(200, { code: 0, msg: 'success' }, 'x')).toEqual({ ok: true });
		expect(classifyFeishuResponse(200, { StatusCode: 0, StatusMessage: 'success' }, 'x')).toEqual({ ok: true });
		expect(classifyFeishuResponse(400, { code: 11232, msg: 'frequency limited' }, 'x')).toMatchObject({ retryable: true, retryAfterMs: 60_000 });
		expect(classifyFeishuResponse(200, { code: 19021, msg: 'sign match fail or timestamp is not within one hour from current time' }, 'x')).toMatchObject({ retryable: false });
		expect(classifyFeishuResponse(500, { code: 1, msg: 'x' }, 'x')).toBeNull(); // HTTP status decides
	});
});

describe('HTTP status and Retry-After', () => {
	it('retries 5xx, 429 and 408 but no other 4xx or 3xx', () => {
		const h = new Headers();
		expect(classifyHttpStatus(503, h, 0, 'x')).toMatchObject({ retryable: true });
		expect(classifyHttpStatus(429, new Headers({ 'retry-after': '7' }), 0, 'x')).toMatchObject({ retryable: true, retryAfterMs: 7000 });
		expect(classifyHttpStatus(408, h, 0, 'x')).toMatchObject({ retryable: true });
		expect(classifyHttpStatus(400, h, 0, 'x')).toMatchObject({ retryable: false, error: 'x: HTTP 400' });
		expect(classifyHttpStatus(404, h, 0, 'x')).toMatchObject({ retryable: false });
		expect(classifyHttpStatus(302, h, 0, 'x')).toMatchObject({ retryable: false });
	});

	it('parses delay-seconds and HTTP-date, capped at one hour', () => {
		expect(parseRetryAfter('120', 0)).toBe(120_000);
		expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('2015-10-21T07:27:00Z'))).toBe(60_000);
		expect(parseRetryAfter('999999', 0)).toBe(3_600_000);
		expect(parseRetryAfter('soon', 0)).toBeUndefined();
		expect(parseRetryAfter(null, 0)).toBeUndefined();
	});
});

describe('SMTP errors', () => {
	it('4yz transient, 5yz permanent, connection errors retried, auth not', () => {
		expect(classifySmtpError({ responseCode: 451, message: '451 4.7.1 try later' }, 'e')).toMatchObject({ retryable: true });
		expect(classifySmtpError({ responseCode: 550, message: '550 no such user' }, 'e')).toMatchObject({ retryable: false });
		expect(classifySmtpError({ code: 'ECONNECTION', message: 'connect ECONNREFUSED' }, 'e')).toMatchObject({ retryable: true });
		expect(classifySmtpError({ code: 'EAUTH', message: 'Invalid login: pass=hunter22' }, 'e', ['hunter22'])).toMatchObject({ retryable: false, error: 'e: EAUTH Invalid login: pass=***' });
	});
});

describe('backoffDelayMs (equal jitter)', () => {
	it('stays within [cap/2, cap] with cap = min(max, base·2^(n−1))', () => {
		const p = { ...DEFAULT_RETRY, baseDelayMs: 1000, maxDelayMs: 10_000 };
		expect(backoffDelayMs(1, p, () => 0)).toBe(500);
		expect(backoffDelayMs(1, p, () => 0.999999)).toBeCloseTo(1000, 0);
		expect(backoffDelayMs(3, p, () => 0.5)).toBe(3000); // cap 4000 → 2000 + 0.5·2000
		expect(backoffDelayMs(10, p, () => 0)).toBe(5000); // capped at 10 000
		expect(() => backoffDelayMs(0, p)).toThrow(/failedAttempts must be ≥ 1/);
	});
});

describe('SlidingWindowLimiter', () => {
	it('allows max sends per window and says when the next is allowed', () => {
		const l = new SlidingWindowLimiter([{ max: 3, perMs: 60_000 }]);
		for (const t of [0, 10_000, 20_000]) l.record(t);
		expect(l.available(30_000)).toBe(0);
		expect(l.waitMs(30_000)).toBe(30_000); // the send at 0 leaves the window at 60 000
		expect(l.available(60_001)).toBe(1);
	});

	it('applies the tightest of several windows (Feishu 5/s and 100/min)', () => {
		const l = new SlidingWindowLimiter([
			{ max: 5, perMs: 1000 },
			{ max: 100, perMs: 60_000 }
		]);
		for (let i = 0; i < 5; i++) l.record(i);
		expect(l.waitMs(10)).toBe(990);
		expect(() => new SlidingWindowLimiter([{ max: 0, perMs: 1 }])).toThrow(/limits\[0\] must have an integer max ≥ 1/);
	});
});

describe('mergeMessages and truncateUtf8', () => {
	const msg = (id: string, level: 0 | 1 | 2 | 3): NotifyMessage => ({ id, title: `t${id}`, text: `body ${id}`, level, kind: 'firing', sound: level === 3, createdAtMs: 0, sourceIds: [id] });

	it('puts the highest level first and carries every source', () => {
		const d = mergeMessages([msg('a', 1), msg('b', 3), msg('c', 2)], 5);
		expect(d).toMatchObject({ kind: 'digest', level: 3, sound: true, title: 'tb (+2)', sourceIds: ['b', 'c', 'a'], createdAtMs: 5 });
		expect(d.text).toBe('body b\n\n---\n\nbody c\n\n---\n\nbody a');
	});

	it('cuts UTF-8 text on character boundaries', () => {
		expect(truncateUtf8('超时告警', 9)).toBe('超时…');
		expect(Buffer.byteLength(truncateUtf8('告'.repeat(2000), 4096))).toBeLessThanOrEqual(4096);
		expect(truncateUtf8('short', 100)).toBe('short');
	});
});
