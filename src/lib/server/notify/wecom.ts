/**
 * WeCom group robot (企业微信群机器人): markdown messages. The key in the webhook URL is the only
 * credential (no signature). The robot answers HTTP 200 with `{"errcode": N, "errmsg": "…"}`:
 * 0 = success; 45009 = API call frequency over the limit (WeCom documents 20 messages a minute
 * per robot) → retry after a minute; -1 = system busy → retry; anything else (93000 invalid
 * webhook URL, 40008 invalid message type, …) → not retried. Markdown content is limited to
 * 4096 bytes.
 */
import { bodyExcerpt, classifyHttpStatus, isFailure, postJson, urlIssues } from './http';
import type { NetPolicy } from './netGuard';
import { maskUrl, secretsOfUrl } from './redact';
import { truncateUtf8 } from './truncateUtf8';
import type { Notifier, NotifyMessage, SendContext, SendResult, WeComTarget } from './types';

export const WECOM_RATE_LIMITS = [{ max: 20, perMs: 60_000 }];
const MAX_MARKDOWN_BYTES = 4096;

/**
 * Classifies a WeCom robot response body.
 *
 * @example
 * classifyWeComBody({ errcode: 45009, errmsg: 'api freq out of limit' }, 'POST x'); // retryable, 60 s
 */
export function classifyWeComBody(json: unknown, what: string, excerpt = ''): SendResult {
	const body = json as { errcode?: unknown; errmsg?: unknown } | undefined;
	if (!body || typeof body.errcode !== 'number') {
		return { ok: false, retryable: false, error: `${what}: unexpected response${excerpt ? ` ${excerpt}` : ''}` };
	}
	if (body.errcode === 0) return { ok: true };
	const error = `${what}: WeCom errcode ${body.errcode} ${String(body.errmsg ?? '')}`.trim();
	if (body.errcode === 45009) return { ok: false, retryable: true, error, retryAfterMs: 60_000 };
	if (body.errcode === -1) return { ok: false, retryable: true, error };
	return { ok: false, retryable: false, error };
}

export function wecomBody(target: WeComTarget, message: NotifyMessage): unknown {
	const mentions = (target.mentionedMobiles ?? []).map((m) => `<@${m}>`).join(' ');
	const content = truncateUtf8(mentions ? `${message.text}\n${mentions}` : message.text, MAX_MARKDOWN_BYTES);
	return { msgtype: 'markdown', markdown: { content } };
}

/**
 * Creates the WeCom notifier.
 *
 * @example
 * const n = createWeComNotifier({ net: {} });
 */
export function createWeComNotifier(opts: { net: NetPolicy }): Notifier<WeComTarget> {
	const secretsOf = (t: WeComTarget) => secretsOfUrl(t.url);
	return {
		type: 'wecom',
		validate: (t) => urlIssues(t.url, 'key'),
		secretsOf,
		async send(t, message, ctx: SendContext) {
			const secrets = secretsOf(t);
			const what = `WeCom ${maskUrl(t.url)}`;
			const r = await postJson(t.url, wecomBody(t, message), { timeoutMs: ctx.timeoutMs, net: opts.net, secrets, nowMs: ctx.nowMs });
			if (isFailure(r)) return r;
			if (r.status < 200 || r.status >= 300) return classifyHttpStatus(r.status, r.headers, ctx.nowMs, what, bodyExcerpt(r.bodyText, secrets));
			return classifyWeComBody(r.json, what, bodyExcerpt(r.bodyText, secrets));
		}
	};
}
