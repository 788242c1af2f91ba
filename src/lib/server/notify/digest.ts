/**
 * Merges queued messages for one target into a single digest, so a rate-limited or failing
 * robot gets one message instead of dropping or piling up many.
 */
import type { NotifyMessage } from './types';

/** Longest digest body; each notifier also truncates to its transport's own limit. */
export const MAX_DIGEST_CHARS = 15_000;

/**
 * Merges messages: highest level first, bodies concatenated (capped), sources listed.
 *
 * @throws Error when `messages` is empty
 * @example
 * const d = mergeMessages([a, b], Date.now()); // d.kind === 'digest', d.sourceIds = [...a.sourceIds, ...b.sourceIds]
 */
export function mergeMessages(messages: readonly NotifyMessage[], nowMs: number): NotifyMessage {
	if (messages.length === 0) throw new Error('mergeMessages: messages must not be empty');
	if (messages.length === 1) return messages[0];
	const sorted = [...messages].sort((a, b) => b.level - a.level || a.createdAtMs - b.createdAtMs);
	const top = sorted[0];
	let text = '';
	let included = 0;
	for (const m of sorted) {
		const part = `${included > 0 ? '\n\n---\n\n' : ''}${m.text}`;
		if (text.length + part.length > MAX_DIGEST_CHARS) break;
		text += part;
		included++;
	}
	if (included < sorted.length) text += `\n\n(+${sorted.length - included} more / 另有 ${sorted.length - included} 条)`;
	return {
		id: `digest:${sorted.map((m) => m.id).join(',').slice(0, 200)}`,
		title: `${top.title} (+${messages.length - 1})`,
		text,
		level: top.level,
		kind: 'digest',
		sound: sorted.some((m) => m.sound),
		createdAtMs: nowMs,
		sourceIds: sorted.flatMap((m) => m.sourceIds),
		data: { digestOf: sorted.map((m) => ({ id: m.id, data: m.data ?? null })) }
	};
}
