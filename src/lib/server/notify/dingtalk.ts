/**
 * DingTalk custom robot (钉钉自定义机器人): markdown messages, optional 加签 signature.
 *
 * The robot answers HTTP 200 with `{"errcode": N, "errmsg": "…"}`; errcode 0 is success.
 * errcode 130101 = "send too fast, exceed 20 times per minute" (as reported by DingTalk, e.g.
 * ccfos/nightingale#369): DingTalk documents that a robot sending more than 20 messages a
 * minute is throttled for 10 minutes, so the retry waits that long. errcode -1 = system busy
 * (retry). Anything else (310000 signature/keyword/IP check failed, 300001 bad token, …) is a
 * configuration error: not retried.
 */
import { bodyExcerpt, classifyHttpStatus, isFailure, postJson, urlIssues } from './http';
import type { NetPolicy } from './netGuard';
import { maskUrl, secretsOfUrl } from './redact';
import { dingtalkSign } from './signing';
import { truncateUtf8 } from './truncateUtf8';
import type { DingTalkTarget, Notifier, NotifyMessage, SendContext, SendResult } from './types';

export const DINGTALK_THROTTLE_MS = 10 * 60 * 1000;
/** DingTalk robot: 20 messages per minute per robot. */
export const DINGTALK_RATE_LIMITS = [{ max: 20, perMs: 60_000 }];
const MAX_TEXT_BYTES = 18_000;

/**
 * Classifies a DingTalk robot response body.
 *
 * @example
 * classifyDingTalkBody({ errcode: 130101, errmsg: 'send too fast' }, 'POST x'); // retryable, retryAfterMs 600000
 */
export function classifyDingTalkBody(json: unknown, what: string, excerpt = ''): SendResult {
	const body = json as { errcode?: unknown; errmsg?: unknown } | undefined;
	if (!body || typeof body.errcode !== 'number') {
		return { ok: false, retryable: false, error: `${what}: unexpected response${excerpt ? ` ${excerpt}` : ''}` };
	}
	if (body.errcode === 0) return { ok: true };
	const error = `${what}: DingTalk errcode ${body.errcode} ${String(body.errmsg ?? '')}`.trim();
	if (body.errcode === 130101) return { ok: false, retryable: true, error, retryAfterMs: DINGTALK_THROTTLE_MS };
	if (body.errcode === -1) return { ok: false, retryable: true, error };
	return { ok: false, retryable: false, error };
}

/** The request body DingTalk expects for a markdown message. */
export function dingtalkBody(target: DingTalkTarget, message: NotifyMessage): unknown {
	return {
		msgtype: 'markdown',
		markdown: { title: message.title, text: truncateUtf8(message.text, MAX_TEXT_BYTES) },
		at: { atMobiles: target.atMobiles ?? [], isAtAll: target.atAll === true }
	};
}

/**
 * Creates the DingTalk notifier.
 *
 * @example
 * const n = createDingTalkNotifier({ net: {} });
 * await n.send({ id: 'd', type: 'dingtalk', url, secret }, message, { nowMs: Date.now(), timeoutMs: 5000 });
 */
export function createDingTalkNotifier(opts: { net: NetPolicy }): Notifier<DingTalkTarget> {
	const secretsOf = (t: DingTalkTarget) => [...secretsOfUrl(t.url), ...(t.secret ? [t.secret] : [])];
	return {
		type: 'dingtalk',
		validate: (t) => urlIssues(t.url, 'access_token'),
		secretsOf,
		async send(t, message, ctx: SendContext) {
			const secrets = secretsOf(t);
			const url = new URL(t.url);
			if (t.secret) {
				const ts = Math.floor(ctx.nowMs);
				url.searchParams.set('timestamp', String(ts));
				url.searchParams.set('sign', dingtalkSign(t.secret, ts));
			}
			const what = `DingTalk ${maskUrl(t.url)}`;
			const r = await postJson(url.toString(), dingtalkBody(t, message), { timeoutMs: ctx.timeoutMs, net: opts.net, secrets, nowMs: ctx.nowMs });
			if (isFailure(r)) return r;
			if (r.status < 200 || r.status >= 300) return classifyHttpStatus(r.status, r.headers, ctx.nowMs, what, bodyExcerpt(r.bodyText, secrets));
			return classifyDingTalkBody(r.json, what, bodyExcerpt(r.bodyText, secrets));
		}
	};
}
