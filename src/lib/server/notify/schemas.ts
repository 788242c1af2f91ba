/**
 * The notifier targets and the SMTP server as they come from the config file, as valibot schemas:
 * the config loader checks them with these (every problem named by its path, e.g.
 * `alerts.targets[1].url`), and their TypeScript types are inferred from them (types.ts re-exports),
 * so a field added here is checked and typed at once. Unknown keys are refused: a misspelt `secret`
 * must not silently send unsigned requests. Docs: docs/alerts.md; decision 0023.
 */
import * as v from 'valibot';

const text = (what: string) => v.pipe(v.string(`${what} must be text`), v.trim(), v.nonEmpty(`${what} must not be empty`));
const httpUrl = v.pipe(
	v.string('must be a URL'),
	v.trim(),
	v.url('must be a URL such as https://example.com/hook'),
	v.check((u) => /^https?:\/\//i.test(u), 'must start with http:// or https://')
);
const email = v.pipe(v.string('must be an e-mail address'), v.trim(), v.email('must be an e-mail address such as ops@example.com'));
const positiveInt = (what: string) => v.pipe(v.number(`${what} must be a number`), v.integer(`${what} must be a whole number`), v.minValue(1, `${what} must be ≥ 1`));

/** Sliding-window rate limit: at most `max` sends in any `perMs` window. */
export const RateLimitSchema = v.strictObject({ max: positiveInt('max'), perMs: positiveInt('perMs') });

const base = {
	/** Stable id (rate limits and queues are per target; routes name it). */
	id: text('id'),
	/** Overrides the channel type's default rate limits. */
	rateLimits: v.optional(v.array(RateLimitSchema, 'must be a list of {max, perMs}'))
};

export const InAppTargetSchema = v.strictObject({
	...base,
	type: v.literal('inapp'),
	/** Who sees it on the board / inbox (e.g. the recipient key `team:T1`). */
	audience: text('audience')
});

export const DingTalkTargetSchema = v.strictObject({
	...base,
	type: v.literal('dingtalk'),
	/** Robot webhook `https://oapi.dingtalk.com/robot/send?access_token=…` (a secret). */
	url: httpUrl,
	/** 加签 secret (`SEC…`); when set, requests carry timestamp and sign. */
	secret: v.optional(text('secret')),
	atMobiles: v.optional(v.array(text('a mobile number'))),
	atAll: v.optional(v.boolean('must be true or false'))
});

export const WeComTargetSchema = v.strictObject({
	...base,
	type: v.literal('wecom'),
	/** Group robot webhook `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…` (a secret). */
	url: httpUrl,
	mentionedMobiles: v.optional(v.array(text('a mobile number')))
});

export const FeishuTargetSchema = v.strictObject({
	...base,
	type: v.literal('feishu'),
	/** Custom bot webhook `https://open.feishu.cn/open-apis/bot/v2/hook/…` (a secret). */
	url: httpUrl,
	/** 签名校验 secret; when set, the body carries timestamp and sign. */
	secret: v.optional(text('secret'))
});

export const WebhookTargetSchema = v.strictObject({
	...base,
	type: v.literal('webhook'),
	url: httpUrl,
	/** When set, requests carry an HMAC-SHA256 signature header (see signing.ts). */
	secret: v.optional(text('secret')),
	/** Extra headers (values treated as secrets in error texts). */
	headers: v.optional(v.record(v.string(), v.string('header values must be text')))
});

export const EmailTargetSchema = v.strictObject({
	...base,
	type: v.literal('email'),
	to: v.pipe(v.array(email, 'must be a list of e-mail addresses'), v.minLength(1, 'must name at least one address')),
	cc: v.optional(v.array(email, 'must be a list of e-mail addresses'))
});

export const NotifierTargetSchema = v.variant(
	'type',
	[InAppTargetSchema, DingTalkTargetSchema, WeComTargetSchema, FeishuTargetSchema, WebhookTargetSchema, EmailTargetSchema],
	'type must be one of dingtalk, wecom, feishu, webhook, email, inapp'
);

export const SmtpConfigSchema = v.strictObject({
	host: text('host'),
	port: v.pipe(positiveInt('port'), v.maxValue(65_535, 'port must be ≤ 65535')),
	/** TLS from the start (port 465). */
	secure: v.optional(v.boolean('must be true or false')),
	/** Require STARTTLS. */
	requireTLS: v.optional(v.boolean('must be true or false')),
	/** Never try STARTTLS (local test servers). */
	ignoreTLS: v.optional(v.boolean('must be true or false')),
	auth: v.optional(v.strictObject({ user: v.string('must be text'), pass: v.string('must be text') })),
	/** From address, e.g. `"客服预警" <alerts@example.com>`. */
	from: text('from'),
	/** Connection / greeting timeout, ms (default 10 000). */
	connectionTimeoutMs: v.optional(positiveInt('connectionTimeoutMs'))
});

/** The keys a target of this `type` may have (for "unknown key" messages). */
export function targetKeys(parent: unknown): string[] | null {
	const type = (parent as { type?: unknown } | null)?.type;
	const option = NotifierTargetSchema.options.find((o) => o.entries.type.literal === type);
	return option ? Object.keys(option.entries) : null;
}

/**
 * `prefix.path: message` for each problem valibot found (the config loader's wording). `allowed`
 * names the keys an object may have, given the object, for "unknown key" problems.
 */
export function describeIssues(prefix: string, issues: readonly v.BaseIssue<unknown>[], allowed?: (parent: unknown) => string[] | null): string[] {
	return issues.map((issue) => {
		const path = issue.path ?? [];
		const field = `${prefix}${path.map((p) => (typeof p.key === 'number' ? `[${p.key}]` : `.${String(p.key)}`)).join('')}`;
		if (issue.type === 'strict_object' || issue.type === 'object') {
			if (issue.received === 'undefined') return `${field}: is required`;
			const keys = allowed?.(path.at(-1)?.input);
			return `${field}: unknown key${keys ? ` (allowed: ${keys.join(', ')})` : ''}`;
		}
		return `${field}: ${issue.message}`;
	});
}
