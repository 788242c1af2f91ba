/**
 * Notifier transports and the delivery stage. See docs/alerts.md ("Notifiers").
 */
export type {
	ChannelType,
	Clock,
	DingTalkTarget,
	EmailTarget,
	FeishuTarget,
	InAppTarget,
	Notifier,
	NotifierTarget,
	NotifyMessage,
	RateLimit,
	SendContext,
	SendResult,
	WebhookTarget,
	WeComTarget
} from './types';
export { CHANNEL_TYPES } from './types';
export type { InAppMessage, InAppSink } from './inApp';
export type { SmtpConfig } from './email';
export type { NetPolicy, UrlCheck } from './netGuard';
export { checkTargetUrl, isPrivateAddress } from './netGuard';
export { maskUrl, redact, secretsOfUrl } from './redact';
export { dingtalkSign, feishuSign, webhookSignature, WEBHOOK_SIGNATURE_HEADER, WEBHOOK_TIMESTAMP_HEADER } from './signing';
export type { NotifierRegistry, RegistryOptions } from './registry';
export { createNotifierRegistry, DEFAULT_RATE_LIMITS } from './registry';
export type { AttemptReport, DeliveryJobInput, Dispatcher, DispatcherOptions, IntentSettled, PendingJob } from './dispatcher';
export { createDispatcher } from './dispatcher';
export type { RetryPolicy } from './backoff';
export { DEFAULT_RETRY } from './backoff';
export { mergeMessages } from './digest';
export { jobIdFor, jobsForIntent, messageFromIntent } from './fromIntent';
