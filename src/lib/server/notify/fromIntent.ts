/**
 * Bridge from the alert engine's notification intents to notifier messages and jobs.
 */
import { renderIntent, type Locale, type Markup, type NotificationIntent } from '../../../../alerts/index';
import type { DeliveryJobInput } from './dispatcher';
import type { NotifierTarget, NotifyMessage } from './types';

/**
 * Renders an intent as a notifier message; the intent itself travels as `data` (in-app and
 * webhook receivers get the structured alerts).
 *
 * @example
 * const message = messageFromIntent(intent, { locale: 'zh-CN' });
 */
export function messageFromIntent(intent: NotificationIntent, opts: { locale?: Locale; maxLines?: number; markup?: Markup } = {}): NotifyMessage {
	const { title, text } = renderIntent(intent, opts);
	return {
		id: intent.id,
		title,
		text,
		level: intent.level,
		kind: intent.kind,
		sound: intent.sound,
		createdAtMs: intent.createdAtMs,
		sourceIds: [intent.id],
		data: intent
	};
}

/** Dispatch job id of an intent for one target (stable: re-enqueueing after a restart is idempotent). */
export function jobIdFor(intentId: string, targetId: string): string {
	return `${intentId}→${targetId}`;
}

/**
 * Jobs delivering one intent to each of the recipient's targets.
 *
 * @example
 * for (const job of jobsForIntent(intent, resolveTargets(intent.recipient))) dispatcher.enqueue(job);
 */
export function jobsForIntent(intent: NotificationIntent, targets: readonly NotifierTarget[], opts: { locale?: Locale } = {}): DeliveryJobInput[] {
	// event text is escaped for the markup each target reads (alerts/format/renderIntent.ts escapeValue)
	const byMarkup = new Map<Markup, NotifyMessage>();
	const messageFor = (markup: Markup) => {
		let m = byMarkup.get(markup);
		if (!m) byMarkup.set(markup, (m = messageFromIntent(intent, { ...opts, markup })));
		return m;
	};
	return targets.map((target) => ({ id: jobIdFor(intent.id, target.id), intentId: intent.id, target, message: messageFor(markupOf(target)) }));
}

/** DingTalk and WeCom robots render markdown, so does the in-app inbox; Feishu text bots, e-mail and JSON webhooks read plain text. */
export function markupOf(target: NotifierTarget): Markup {
	return target.type === 'dingtalk' || target.type === 'wecom' || target.type === 'inapp' ? 'markdown' : 'text';
}
