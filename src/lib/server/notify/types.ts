/**
 * Notifier transports: shared types. A notifier sends one message to one target and reports
 * whether a failure may be retried (after Alertmanager's notifiers, which return
 * `(retry bool, err error)`).
 */

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

/** Sliding-window rate limit: at most `max` sends in any `perMs` window. */
export interface RateLimit {
	max: number;
	perMs: number;
}

interface TargetBase {
	/** Stable id (rate limits and queues are per target). */
	id: string;
	/** Overrides the channel type's default rate limits. */
	rateLimits?: RateLimit[];
}

export interface InAppTarget extends TargetBase {
	type: 'inapp';
	/** Who sees it on the board / inbox (e.g. the recipient key `team:T1`). */
	audience: string;
}
export interface DingTalkTarget extends TargetBase {
	type: 'dingtalk';
	/** Robot webhook `https://oapi.dingtalk.com/robot/send?access_token=…` (a secret). */
	url: string;
	/** 加签 secret (`SEC…`); when set, requests carry timestamp and sign. */
	secret?: string;
	atMobiles?: string[];
	atAll?: boolean;
}
export interface WeComTarget extends TargetBase {
	type: 'wecom';
	/** Group robot webhook `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…` (a secret). */
	url: string;
	mentionedMobiles?: string[];
}
export interface FeishuTarget extends TargetBase {
	type: 'feishu';
	/** Custom bot webhook `https://open.feishu.cn/open-apis/bot/v2/hook/…` (a secret). */
	url: string;
	/** 签名校验 secret; when set, the body carries timestamp and sign. */
	secret?: string;
}
export interface WebhookTarget extends TargetBase {
	type: 'webhook';
	url: string;
	/** When set, requests carry an HMAC-SHA256 signature header (see signing.ts). */
	secret?: string;
	/** Extra headers (values treated as secrets in error texts). */
	headers?: Record<string, string>;
}
export interface EmailTarget extends TargetBase {
	type: 'email';
	to: string[];
	cc?: string[];
}

export type NotifierTarget = InAppTarget | DingTalkTarget | WeComTarget | FeishuTarget | WebhookTarget | EmailTarget;
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
