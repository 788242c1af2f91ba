/**
 * Notifier transports: shared types. A notifier sends one message to one target and reports
 * whether a failure may be retried (after Alertmanager's notifiers, which return
 * `(retry bool, err error)`).
 */
import type * as v from 'valibot';
import type { DingTalkTargetSchema, EmailTargetSchema, FeishuTargetSchema, InAppTargetSchema, NotifierTargetSchema, RateLimitSchema, WebhookTargetSchema, WeComTargetSchema } from './schemas';

/** Outcome of one send attempt. Error texts never contain secrets (tokens, keys, passwords). */
export type SendResult =
	| { ok: true }
	| { ok: false; retryable: boolean; error: string; retryAfterMs?: number };

/** What a notifier sends: rendered text plus structured data for the in-app and webhook channels. */
export interface NotifyMessage {
	/** Intent id, or a digest id when several messages were merged. */
	id: string;
	title: string;
	/** Markdown body. */
	text: string;
	/** Optional HTML body for e-mail (sent alongside `text`); other channels ignore it. */
	html?: string;
	/** 0 = informational, 1–3 = alert level. */
	level: 0 | 1 | 2 | 3;
	kind: 'firing' | 'resolved' | 'digest' | 'test';
	/** The wall-board plays a sound (L3). */
	sound: boolean;
	createdAtMs: number;
	/** Ids of the messages this one carries (itself, or every message merged into a digest). */
	sourceIds: string[];
	/** Structured payload (e.g. the alert intent) for in-app and webhook targets. */
	data?: unknown;
}

// Targets and rate limits are defined once, as the schemas the config loader checks (schemas.ts).
export type RateLimit = v.InferOutput<typeof RateLimitSchema>;
export type InAppTarget = v.InferOutput<typeof InAppTargetSchema>;
export type DingTalkTarget = v.InferOutput<typeof DingTalkTargetSchema>;
export type WeComTarget = v.InferOutput<typeof WeComTargetSchema>;
export type FeishuTarget = v.InferOutput<typeof FeishuTargetSchema>;
export type WebhookTarget = v.InferOutput<typeof WebhookTargetSchema>;
export type EmailTarget = v.InferOutput<typeof EmailTargetSchema>;
export type NotifierTarget = v.InferOutput<typeof NotifierTargetSchema>;
export type ChannelType = NotifierTarget['type'];
export const CHANNEL_TYPES: readonly ChannelType[] = ['inapp', 'dingtalk', 'wecom', 'feishu', 'webhook', 'email'];

export interface SendContext {
	nowMs: number;
	/** Per-request timeout. */
	timeoutMs: number;
}

/** One transport, registered under its channel type. */
export interface Notifier<T extends NotifierTarget = NotifierTarget> {
	readonly type: T['type'];
	/** Problems with a target's configuration (empty = fine); no I/O. */
	validate(target: T): string[];
	/** Values to mask in any text about this target. */
	secretsOf(target: T): string[];
	send(target: T, message: NotifyMessage, ctx: SendContext): Promise<SendResult>;
}

/** Time source. */
export interface Clock {
	now(): number;
}
