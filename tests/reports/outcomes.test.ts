import { describe, expect, it } from 'vitest';
import { daysToSettle, lastSettleableDay, liveRanges, outcomeBases } from '../../src/lib/server/reports/outcomes';

const at = (iso: string) => Date.parse(`${iso}+08:00`);

describe('which FCR / 投诉二次率 days can be settled (decision 0085)', () => {
	it('a day settles once it has ended, its window has passed and the lateness limit after it', () => {
		// day 11-10 (Asia/Shanghai) ends 11-11 00:00; + 7 × 24 h = 11-18 00:00; + 24 h lateness = 11-19 00:00
		expect(lastSettleableDay(at('2026-11-19T00:00:00'), 'Asia/Shanghai', 7, 86_400)).toBe('2026-11-10');
		// one millisecond earlier 11-10 is still open (a reopen at 11-17 23:59:59.999 may arrive until 11-18 23:59:59.999)
		expect(lastSettleableDay(at('2026-11-19T00:00:00') - 1, 'Asia/Shanghai', 7, 86_400)).toBe('2026-11-09');
		// mid-day: 11-19 15:00 − 8 days = 11-11 15:00, inside 11-11, so 11-10 is the last closed one
		expect(lastSettleableDay(at('2026-11-19T15:00:00'), 'Asia/Shanghai', 7, 86_400)).toBe('2026-11-10');
		// a 1-day window and 60 s lateness: 11-12 00:01 − 1 day − 60 s = 11-11 00:00 → 11-10
		expect(lastSettleableDay(at('2026-11-12T00:01:00'), 'Asia/Shanghai', 1, 60)).toBe('2026-11-10');
		// the same instant seen from UTC: 11-11 16:01 UTC − 1 day − 60 s = 11-10 16:00 UTC, inside UTC day 11-10 → 11-09
		expect(lastSettleableDay(at('2026-11-12T00:01:00'), 'UTC', 1, 60)).toBe('2026-11-09');
	});

	it('settles the missing days newest first, at most `limit`', () => {
		const settled = new Set(['2026-11-02', '2026-11-04']);
		expect(daysToSettle('2026-11-01', '2026-11-05', settled, 10)).toEqual(['2026-11-05', '2026-11-03', '2026-11-01']);
		expect(daysToSettle('2026-11-01', '2026-11-05', settled, 2)).toEqual(['2026-11-05', '2026-11-03']);
		expect(daysToSettle(null, '2026-11-05', settled, 10)).toEqual([]);
		expect(daysToSettle('2026-11-06', '2026-11-05', settled, 10)).toEqual([]);
	});

	it('a report computes live only the runs of days that are not settled', () => {
		// 11-01 … 11-10 with 11-01–11-03 and 11-06 settled: live 11-04–11-05 and 11-07–11-10
		const settled = new Set(['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-06']);
		expect(liveRanges('2026-11-01', '2026-11-10', settled)).toEqual([
			{ from: '2026-11-04', to: '2026-11-05' },
			{ from: '2026-11-07', to: '2026-11-10' }
		]);
		expect(liveRanges('2026-11-01', '2026-11-03', settled)).toEqual([]);
		// across a month end
		expect(liveRanges('2026-10-30', '2026-11-01', new Set())).toEqual([{ from: '2026-10-30', to: '2026-11-01' }]);
	});

	it('the basis names window, complaint queues (in order) and zone: a configuration change is a new basis', () => {
		const [fcr, complaint] = outcomeBases({ fcrWindowDays: 7, complaintRepeatDays: 3, complaintQueues: ['vip-complaint', 'complaint'] }, 'Asia/Shanghai');
		expect(fcr.basis).toBe('fcr|w=7|tz=Asia/Shanghai');
		expect(complaint.basis).toBe('complaint|w=3|q=complaint,vip-complaint|tz=Asia/Shanghai');
		expect(outcomeBases({ fcrWindowDays: 9, complaintRepeatDays: 3, complaintQueues: [] }, 'Asia/Shanghai')[0].basis).not.toBe(fcr.basis);
	});
});
