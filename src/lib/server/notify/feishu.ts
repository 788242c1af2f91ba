/**
 * Feishu / Lark custom bot (飞书自定义机器人): text messages, optional 签名校验 signature in the
 * body. Responses carry `{"code": N, "msg": "…"}` (older bots: `{"StatusCode": N, …}`); 0 is
 * success. Codes 11232 (frequency limited) and 230020 (per-chat rate limit) are rate limits
 * and are retried after a minute, also when they come with HTTP 4xx; 19021 (signature or
 * timestamp check failed), 19022 (IP not allowed), 19024 (keyword check failed), 9499 (bad
 * request) are configuration errors. Feishu bots accept 100 messages a minute and 5 a second.
 */
import { bodyExcerpt, classifyHttpStatus, isFailure, postJson, urlIssues } from './http';
import type { NetPolicy } from './netGuard';
import { maskUrl, secretsOfUrl } from './redact';
import { feishuSign } from './signing';
import { truncateUtf8 } from './truncateUtf8';
import type { FeishuTarget, Notifier, NotifyMessage, SendContext, SendResult } from './types';

export const FEISHU_RATE_LIMITS = [
	{ max: 5, perMs: 1_000 },
	{ max: 100, perMs: 60_000 }
];
const RATE_LIMIT_CODES = new Set([11232, 230020]);
const MAX_TEXT_BYTES = 18_000;

function codeOf(json: unknown): { code: number; msg: string } | null {
	const b = json as { code?: unknown; msg?: unknown; StatusCode?: unknown; StatusMessage?: unknown } | undefined;
	if (b && typeof b.code === 'number') return { code: b.code, msg: String(b.msg ?? '') };
	if (b && typeof b.StatusCode === 'number') return { code: b.StatusCode, msg: String(b.StatusMessage ?? '') };
	return null;
}

/**
 * Classifies a Feishu bot response (status + body).
 *
 * @example
 * classifyFeishuResponse(200, { code: 11232, msg: 'frequency limited' }, 'POST x'); // retryable
 */
export function classifyFeishuResponse(status: number, json: unknown, what: string, excerpt = ''): SendResult | null {
	const c = codeOf(json);
	if (c && RATE_LIMIT_CODES.has(c.code)) return { ok: false, retryable: true, error: `${what}: Feishu code ${c.code} ${c.msg}`.trim(), retryAfterMs: 60_000 };
	if (status < 200 || status >= 300) return null; // let the HTTP status decide
	if (!c) return { ok: false, retryable: false, error: `${what}: unexpected response${excerpt ? ` ${excerpt}` : ''}` };
	if (c.code === 0) return { ok: true };
	return { ok: false, retryable: false, error: `${what}: Feishu code ${c.code} ${c.msg}`.trim() };
}

export function feishuBody(target: FeishuTarget, message: NotifyMessage, nowMs: number): Record<string, unknown> {
	const body: Record<string, unknown> = {
		msg_type: 'text',
		content: { text: truncateUtf8(`${message.title}\n${message.text}`, MAX_TEXT_BYTES) }
	};
	if (target.secret) {
		const ts = Math.floor(nowMs / 1000);
		body.timestamp = String(ts);
		body.sign = feishuSign(target.secret, ts);
	}
	return body;
}

/**
 * Creates the Feishu notifier.
 *
 * @example
 * const n = createFeishuNotifier({ net: {} });
 */
export function createFeishuNotifier(opts: { net: NetPolicy }): Notifier<FeishuTarget> {
	const secretsOf = (t: FeishuTarget) => [...secretsOfUrl(t.url), ...(t.secret ? [t.secret] : [])];
	return {
		type: 'feishu',
		validate: (t) => urlIssues(t.url),
		secretsOf,
		async send(t, message, ctx: SendContext) {
			const secrets = secretsOf(t);
			const what = `Feishu ${maskUrl(t.url)}`;
			const r = await postJson(t.url, feishuBody(t, message, ctx.nowMs), { timeoutMs: ctx.timeoutMs, net: opts.net, secrets, nowMs: ctx.nowMs });
			if (isFailure(r)) return r;
			const excerpt = bodyExcerpt(r.bodyText, secrets);
			return classifyFeishuResponse(r.status, r.json, what, excerpt) ?? classifyHttpStatus(r.status, r.headers, ctx.nowMs, what, excerpt);
		}
	};
}
