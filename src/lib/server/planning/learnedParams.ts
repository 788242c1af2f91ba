import type { ClickHouseClient } from '@clickhouse/client';
import { ahtByHour } from '../queries/planning/ahtByHour';
import { chatHandleEvents } from '../queries/planning/chatHandleEvents';
import type { LearnedParams } from '$lib/types/planning';

export type { LearnedParams };

/**
 * Parameters learned from what is stored: AHT per channel / queue / hour over the last `weeks`
 * weeks (aggregate), and chat AHT per concurrency level from the raw events of the last `chatDays`
 * days: for each agent, a chat's level is the number of chats the agent held when it was picked up
 * (itself included); its handle time is pickup → closure.
 */
export async function learnParams(client: ClickHouseClient, p: { nowMs: number; timezone: string; weeks?: number; chatDays?: number; chatChannel?: string }): Promise<LearnedParams> {
	const toMs = p.nowMs;
	const fromMs = toMs - (p.weeks ?? 8) * 7 * 86_400_000;
	const rows = await ahtByHour(client, { fromSec: Math.floor(fromMs / 1000), toSec: Math.floor(toMs / 1000), timezone: p.timezone });
	const aht: LearnedParams['aht'] = {};
	const acc = new Map<string, { handled: number; ms: number; byHour: { handled: number; ms: number }[] }>();
	for (const r of rows) {
		const a = aht[r.channel] ?? (aht[r.channel] = { ahtSec: null, handled: 0, byHourSec: Array(24).fill(null), byQueueSec: {} });
		let c = acc.get(r.channel);
		if (!c) acc.set(r.channel, (c = { handled: 0, ms: 0, byHour: Array.from({ length: 24 }, () => ({ handled: 0, ms: 0 })) }));
		if (r.hour === -1) {
			a.byQueueSec[r.queue] = r.ahtSec;
			c.handled += r.handled;
			c.ms += r.ahtSec * r.handled;
		} else {
			c.byHour[r.hour].handled += r.handled;
			c.byHour[r.hour].ms += r.ahtSec * r.handled;
		}
	}
	for (const [ch, c] of acc) {
		aht[ch].handled = c.handled;
		aht[ch].ahtSec = c.handled > 0 ? c.ms / c.handled : null;
		aht[ch].byHourSec = c.byHour.map((h) => (h.handled > 0 ? h.ms / h.handled : null));
	}
	const chatFrom = toMs - (p.chatDays ?? 7) * 86_400_000;
	const levelSums = new Map<number, { ms: number; n: number }>();
	let agent = '';
	const open = new Map<string, { atMs: number; level: number }>();
	await chatHandleEvents(client, { fromMs: chatFrom, toMs, channel: p.chatChannel ?? 'chat' }, (e) => {
		if (e.agentId !== agent) {
			agent = e.agentId;
			open.clear();
		}
		if (e.type === 'contact.answered') {
			if (!open.has(e.contactId)) open.set(e.contactId, { atMs: e.tsMs, level: open.size + 1 });
		} else {
			const o = open.get(e.contactId);
			if (!o) return;
			open.delete(e.contactId);
			const s = levelSums.get(o.level) ?? { ms: 0, n: 0 };
			s.ms += e.tsMs - o.atMs;
			s.n++;
			levelSums.set(o.level, s);
		}
	});
	const chatAhtByConcurrency = [...levelSums]
		.sort((a, b) => a[0] - b[0])
		.map(([level, s]) => ({ level, ahtSec: s.ms / s.n / 1000, chats: s.n }));
	return { ahtWindow: { fromMs, toMs }, chatWindow: { fromMs: chatFrom, toMs }, aht, chatAhtByConcurrency };
}
