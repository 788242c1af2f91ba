import type { ChannelConfig } from '$lib/types/domain';

/** What the live state knows of an open contact (LiveState's contact records have these fields). */
export interface OpenContact {
	contactId: string;
	channel: string;
	queue: string;
	answeredMs: number | null;
}

/**
 * The events that close the contacts an earlier simulator run left open (a crash or kill -9, where no
 * clean `stop` ran), as a clean stop would (simulator.ts `stop`): a chat or call still waiting is
 * abandoned, what was in hand is resolved, and an e-mail or ticket is never abandoned — the desk
 * answers and closes it, marked `closed_by = 'simulator_restart'` so reports can tell.
 * Only contacts whose id starts with `prefix` (the run's own) are touched.
 */
export function closingEvents(contacts: Iterable<OpenContact>, channels: readonly ChannelConfig[], prefix: string, nowMs: number): Record<string, unknown>[] {
	const realtime = new Set(channels.filter((ch) => ch.kind === 'realtime').map((ch) => ch.id));
	const out: Record<string, unknown>[] = [];
	for (const c of contacts) {
		if (!c.contactId.startsWith(prefix)) continue;
		const base = { ts: nowMs, contact_id: c.contactId, channel: c.channel, queue: c.queue };
		if (c.answeredMs !== null) out.push({ ...base, event_id: `${c.contactId}-restart-${nowMs}`, type: 'contact.resolved' });
		else if (realtime.has(c.channel)) out.push({ ...base, event_id: `${c.contactId}-restart-${nowMs}`, type: 'contact.abandoned' });
		else {
			const attrs = { closed_by: 'simulator_restart' };
			const agent_id = `${c.channel}-desk`;
			out.push({ ...base, event_id: `${c.contactId}-restart-a-${nowMs}`, type: 'contact.answered', agent_id, attrs });
			out.push({ ...base, event_id: `${c.contactId}-restart-r-${nowMs}`, type: 'contact.resolved', agent_id, attrs });
		}
	}
	return out;
}
