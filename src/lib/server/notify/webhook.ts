/**
 * Generic JSON webhook: POSTs the message (title, text, level, kind, data) as JSON; any 2xx is
 * success. With a secret, requests carry `X-CSOps-Timestamp` and `X-CSOps-Signature`
 * (see signing.ts) so the receiver can verify origin and freshness.
 */
import { bodyExcerpt, classifyHttpStatus, isFailure, postJson, urlIssues } from './http';
import type { NetPolicy } from './netGuard';
import { maskUrl, secretsOfUrl } from './redact';
import { WEBHOOK_SIGNATURE_HEADER, WEBHOOK_TIMESTAMP_HEADER, webhookSignature } from './signing';
import type { Notifier, NotifyMessage, SendContext, WebhookTarget } from './types';

/** The JSON document a webhook receives. */
export interface WebhookPayload {
	id: string;
	title: string;
	text: string;
	level: number;
	kind: NotifyMessage['kind'];
	sound: boolean;
	createdAtMs: number;
	sourceIds: string[];
	data: unknown;
}

export function webhookPayload(message: NotifyMessage): WebhookPayload {
	return {
		id: message.id,
		title: message.title,
		text: message.text,
		level: message.level,
		kind: message.kind,
		sound: message.sound,
		createdAtMs: message.createdAtMs,
		sourceIds: message.sourceIds,
		data: message.data ?? null
	};
}

/**
 * Creates the generic webhook notifier.
 *
 * @example
 * const n = createWebhookNotifier({ net: { allowPrivateTargets: true } });
 */
export function createWebhookNotifier(opts: { net: NetPolicy }): Notifier<WebhookTarget> {
	const secretsOf = (t: WebhookTarget) => [...secretsOfUrl(t.url), ...(t.secret ? [t.secret] : []), ...Object.values(t.headers ?? {})];
	return {
		type: 'webhook',
		validate: (t) => urlIssues(t.url),
		secretsOf,
		async send(t, message, ctx: SendContext) {
			const secrets = secretsOf(t);
			const body = JSON.stringify(webhookPayload(message));
			const headers: Record<string, string> = { ...(t.headers ?? {}) };
			if (t.secret) {
				const ts = Math.floor(ctx.nowMs);
				headers[WEBHOOK_TIMESTAMP_HEADER] = String(ts);
				headers[WEBHOOK_SIGNATURE_HEADER] = webhookSignature(t.secret, ts, body);
			}
			const what = `webhook ${maskUrl(t.url)}`;
			const r = await postJson(t.url, body, { timeoutMs: ctx.timeoutMs, headers, net: opts.net, secrets, nowMs: ctx.nowMs });
			if (isFailure(r)) return r;
			if (r.status >= 200 && r.status < 300) return { ok: true };
			return classifyHttpStatus(r.status, r.headers, ctx.nowMs, what, bodyExcerpt(r.bodyText, secrets));
		}
	};
}
