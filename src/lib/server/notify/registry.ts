/**
 * Notifier registry keyed by channel type (after hyperdx's alert transports). Built once at
 * start-up with the in-app sink, SMTP settings and the outbound network policy; `send` never
 * throws and never lets a secret into its error text.
 */
import { createDingTalkNotifier, DINGTALK_RATE_LIMITS } from './dingtalk';
import { createEmailNotifier, type SmtpConfig } from './email';
import { createFeishuNotifier, FEISHU_RATE_LIMITS } from './feishu';
import { createInAppNotifier, type InAppSink } from './inApp';
import type { NetPolicy } from './netGuard';
import { redact } from './redact';
import type { ChannelType, Clock, Notifier, NotifierTarget, NotifyMessage, RateLimit, SendResult } from './types';
import { createWebhookNotifier } from './webhook';
import { createWeComNotifier, WECOM_RATE_LIMITS } from './wecom';

/** Default per-target rate limits by channel type (vendor limits, see each notifier). */
export const DEFAULT_RATE_LIMITS: Partial<Record<ChannelType, RateLimit[]>> = {
	dingtalk: DINGTALK_RATE_LIMITS,
	wecom: WECOM_RATE_LIMITS,
	feishu: FEISHU_RATE_LIMITS
};

export interface RegistryOptions {
	/** Outbound URL policy; default refuses private targets. */
	net?: NetPolicy;
	/** In-app sink (the WebSocket hub); without it the in-app channel is not registered. */
	inApp?: InAppSink;
	/** SMTP settings; without them the e-mail channel is not registered. */
	smtp?: SmtpConfig;
	/** Per-request timeout, ms (default 10 000). */
	timeoutMs?: number;
	/** Time for signatures (default Date.now). */
	clock?: Clock;
}

export interface NotifierRegistry {
	get(type: ChannelType): Notifier | undefined;
	/** Adds or replaces the notifier of its type. */
	register(notifier: Notifier): void;
	types(): ChannelType[];
	/** Configuration problems of a target (unknown type included); empty = fine. */
	validate(target: NotifierTarget): string[];
	/** Values of the target to mask anywhere they could be shown. */
	secretsOf(target: NotifierTarget): string[];
	send(target: NotifierTarget, message: NotifyMessage): Promise<SendResult>;
	close(): void;
}

/**
 * Creates the registry with the built-in transports.
 *
 * @example
 * const registry = createNotifierRegistry({ inApp: hubSink, smtp: env.smtp, net: { allowHosts: env.notifyAllowHosts } });
 */
export function createNotifierRegistry(opts: RegistryOptions = {}): NotifierRegistry {
	const net = opts.net ?? {};
	const timeoutMs = opts.timeoutMs ?? 10_000;
	const clock = opts.clock ?? { now: () => Date.now() };
	const notifiers = new Map<ChannelType, Notifier>();
	const closers: Array<() => void> = [];
	const add = (n: Notifier) => notifiers.set(n.type, n);
	add(createDingTalkNotifier({ net }) as unknown as Notifier);
	add(createWeComNotifier({ net }) as unknown as Notifier);
	add(createFeishuNotifier({ net }) as unknown as Notifier);
	add(createWebhookNotifier({ net }) as unknown as Notifier);
	if (opts.inApp) add(createInAppNotifier({ sink: opts.inApp }) as unknown as Notifier);
	if (opts.smtp) {
		const email = createEmailNotifier({ smtp: opts.smtp });
		closers.push(() => email.close());
		add(email as unknown as Notifier);
	}

	const registry: NotifierRegistry = {
		get: (type) => notifiers.get(type),
		register: (n) => void notifiers.set(n.type, n),
		types: () => [...notifiers.keys()],
		validate(target) {
			const n = notifiers.get(target.type);
			if (!n) return [`no notifier for channel type ${JSON.stringify(target.type)}; registered: ${[...notifiers.keys()].join(', ')}`];
			if (typeof target.id !== 'string' || target.id.length === 0) return ['id must be a non-empty string'];
			return n.validate(target).map((issue) => redact(issue, n.secretsOf(target)));
		},
		secretsOf(target) {
			return notifiers.get(target.type)?.secretsOf(target) ?? [];
		},
		async send(target, message) {
			const n = notifiers.get(target.type);
			if (!n) return { ok: false, retryable: false, error: `no notifier for channel type ${JSON.stringify(target.type)}` };
			const secrets = n.secretsOf(target);
			const issues = registry.validate(target);
			if (issues.length > 0) return { ok: false, retryable: false, error: `target ${target.id}: ${issues.join('; ')}` };
			try {
				const r = await n.send(target, message, { nowMs: clock.now(), timeoutMs });
				return r.ok ? r : { ...r, error: redact(r.error, secrets) };
			} catch (e) {
				return { ok: false, retryable: false, error: redact(`target ${target.id}: notifier ${target.type} threw: ${(e as Error).message}`, secrets) };
			}
		},
		close() {
			for (const c of closers) c();
		}
	};
	return registry;
}
