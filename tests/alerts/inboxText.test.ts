/**
 * The inbox's words (issue 17): every code the engine and the service write to the history, every
 * recipient key form and every metric reads as words in both languages; the inbox's address
 * filters are checked and explained.
 */
import { describe, expect, it } from 'vitest';
import { AGGREGATE_METRICS } from '../../alerts/index';
import type { TransitionType } from '../../alerts/index';
import { alertMessages, eventName, fmtValueVsThreshold, recipientName } from '../../src/lib/i18n/alerts';
import { parseInboxQuery } from '../../src/lib/server/alerts/inboxQuery';

// every TransitionType (alerts/engine/transition.ts), the notice kinds (`notice:<kind>`,
// src/lib/server/alerts/service.ts) and the dispatcher outcomes (delivered / failed / retrying)
const TRANSITIONS: TransitionType[] = ['pending', 'firing', 'escalated', 'acknowledged', 'unacknowledged', 'rearmed', 'resolved'];
const CODES = [...TRANSITIONS, 'notice:firing', 'notice:repeat', 'notice:resolved', 'delivered', 'failed', 'retrying', 'rules-saved'];
const CJK = /[\u4e00-\u9fff]/;

describe('alert words in both languages', () => {
	it('translates every history code; an unknown code is marked, not passed off', () => {
		for (const code of CODES) {
			expect(eventName('zh-CN', code)).toMatch(CJK);
			expect(eventName('en', code)).not.toMatch(CJK);
			expect(eventName('en', code)).not.toContain('⚠');
		}
		expect(eventName('en', 'something-new')).toBe('something-new ⚠');
	});

	it('reads recipient keys and notifier targets as people, never as inapp:inapp:…', () => {
		const ch = (id: string) => ({ chat: '旺旺在线' })[id] ?? id;
		expect(recipientName('zh-CN', 'inapp:inapp:team:chat-t1', ch)).toBe('站内 · 团队 chat-t1');
		expect(recipientName('en', 'inapp:inapp:team:chat-t1')).toBe('in-app · team chat-t1');
		expect(recipientName('zh-CN', 'supervisor:channel=chat', ch)).toBe('旺旺在线 主管');
		expect(recipientName('en', 'team:channel=chat', () => 'Chat')).toBe('Chat teams');
		expect(recipientName('en', 'manager')).toBe('manager');
		expect(recipientName('en', 'webhook:manager-hook')).toBe('webhook manager-hook');
		expect(recipientName('en', 'pager:x')).toBe('pager:x ⚠');
	});

	it('names every metric and shows value against threshold in its unit', () => {
		for (const m of AGGREGATE_METRICS) {
			expect(alertMessages['zh-CN'].metric[m]).toMatch(CJK);
			expect(alertMessages.en.metric[m]).toBeTruthy();
		}
		// 200 s predicted vs 180 s: 3:20 / 3:00; 12.5 SL points vs 10
		expect(fmtValueVsThreshold('en', { kind: 'aggregate', metric: 'predicted_wait_sec', value: 200, threshold: 180 })).toBe('Predicted wait 3:20 / threshold 3:00');
		expect(fmtValueVsThreshold('zh-CN', { kind: 'aggregate', metric: 'sl_deficit_pts', value: 12.5, threshold: 10 })).toBe('服务水平低于目标 12.5 个百分点 / 阈值 10.0 个百分点');
		expect(fmtValueVsThreshold('en', { kind: 'aggregate', metric: 'predicted_wait_sec', value: null, threshold: 180 })).toBe('Predicted wait no data / threshold 3:00');
		expect(fmtValueVsThreshold('en', { kind: 'contact', metric: null, value: 185_000, threshold: 180_000 })).toBe('waiting 3:05 / threshold 3:00');
	});
});

describe('inbox filters from the address', () => {
	const o = { timezone: 'Asia/Shanghai', channels: ['chat', 'phone'], queues: ['presale', 'complaint'] };
	it('defaults to open alerts, 25 a page', () => {
		const q = parseInboxQuery(new URLSearchParams(''), o);
		expect(q.filter).toEqual({ levels: [], channel: null, queue: null, states: ['pending', 'firing', 'acknowledged'], fromMs: null, toMs: null });
		expect([q.offset, q.limit, q.problems]).toEqual([0, 25, []]);
	});

	it('reads level, channel, queue, state, local time range and page', () => {
		const q = parseInboxQuery(new URLSearchParams('level=3&channel=phone&queue=complaint&state=resolved&from=2026-11-11T00:00&to=2026-11-12T00:00&page=3&size=50'), o);
		// 2026-11-11 00:00 in Shanghai (UTC+8) = 2026-11-10T16:00Z
		expect(q.filter).toEqual({ levels: [3], channel: 'phone', queue: 'complaint', states: ['resolved'], fromMs: Date.parse('2026-11-10T16:00:00Z'), toMs: Date.parse('2026-11-11T16:00:00Z') });
		// page 3 of 50 → rows 100..149
		expect([q.offset, q.limit]).toEqual([100, 50]);
	});

	it('reports and ignores bad values instead of failing', () => {
		const q = parseInboxQuery(new URLSearchParams('level=4&channel=fax&state=open-ish&from=yesterday&size=7&page=0'), o);
		expect(q.problems.map((p) => p.field)).toEqual(['level', 'channel', 'state', 'from', 'size', 'page']);
		expect(q.problems[1]).toEqual({ field: 'channel', value: 'fax', allowed: 'chat, phone' });
		expect([q.filter.levels, q.filter.channel, q.offset, q.limit]).toEqual([[], null, 0, 25]);
	});
});
