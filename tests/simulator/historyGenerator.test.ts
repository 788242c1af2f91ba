import { describe, expect, it } from 'vitest';
import { DEFAULT_CHANNELS, DEFAULT_QUEUES } from '../../src/lib/server/config/defaults';
import { waitBucketSec } from '../../src/lib/server/live/metrics';
import {
	generateHistory,
	historyChunkBounds,
	intervalsIn,
	inverseNormal,
	planHistory,
	type BackfillRow
} from '../../src/lib/server/simulator/historyGenerator';
import { VolumeModel } from '../../src/lib/server/simulator/volumeModel';

const TZ = 'Asia/Shanghai';
const opts = { channels: DEFAULT_CHANNELS, queues: DEFAULT_QUEUES, timezone: TZ };
/** 2025-12-15 09:07 +08:00: not on an interval edge, so the last interval is partial */
const END = Date.UTC(2025, 11, 15, 1, 7);

function all(plan: ReturnType<typeof planHistory>): BackfillRow[] {
	const rows: BackfillRow[] = [];
	for (const c of generateHistory(plan, opts)) rows.push(...c.rows);
	return rows;
}

describe('history generator', () => {
	const plan = planHistory(END, 40, TZ, 7);
	const rows = all(plan);

	it('starts at local midnight `days` days before the end day and splits at UTC month starts', () => {
		expect(new Date(plan.fromMs).toISOString()).toBe('2025-11-04T16:00:00.000Z'); // 2025-11-05 00:00 +08:00
		expect(historyChunkBounds(plan).map((b) => new Date(b.fromMs).toISOString())).toEqual([
			'2025-11-04T16:00:00.000Z',
			'2025-12-01T00:00:00.000Z'
		]);
	});

	it('writes the full grid: one row per channel, queue and 15-minute interval, the partial last one included', () => {
		const intervals = 40 * 96 + 37; // 40 whole days + 00:00…09:07 of the last day = 36 whole intervals and one partial
		expect(intervalsIn(plan.fromMs, plan.toMs)).toBe(intervals);
		expect(rows.length).toBe(intervals * DEFAULT_CHANNELS.length * DEFAULT_QUEUES.length);
		const keys = new Set(rows.map((r) => `${r.minute}|${r.channel}|${r.queue}`));
		expect(keys.size).toBe(rows.length);
		expect(rows.every((r) => r.origin === 'backfill')).toBe(true);
		expect(rows.at(-1)!.minute).toBe('2025-12-15 01:00:00');
	});

	it('is deterministic in the plan (a resumed run regenerates identical rows)', () => {
		expect(all(planHistory(END, 40, TZ, 7))).toEqual(rows);
		expect(all(planHistory(END, 40, TZ, 8))).not.toEqual(rows);
	});

	it('keeps every row internally consistent', () => {
		const bad: string[] = [];
		for (const r of rows) {
			const [ak, av] = r.answered_wait_hist;
			const [bk, bv] = r.abandoned_wait_hist;
			const sum = (a: number[]) => a.reduce((x, y) => x + y, 0);
			if (sum(av) !== r.answered) bad.push(`answered hist ≠ answered at ${r.minute}`);
			if (sum(bv) !== r.abandoned) bad.push(`abandoned hist ≠ abandoned at ${r.minute}`);
			// bucket keys are edges of the migration's rule: an edge maps to itself
			for (const k of [...ak, ...bk]) if (k !== 4294967295 && waitBucketSec(k * 1000) !== k) bad.push(`bad bucket ${k}`);
			if ([...ak.slice(1)].some((k, i) => k <= ak[i])) bad.push('unsorted keys');
			if (r.handled !== r.resolved || r.resolved < r.answered) bad.push(`resolved/handled at ${r.minute}`);
			if (r.csat_count > r.resolved || r.csat_sum < r.csat_count || r.csat_sum > 5 * r.csat_count) bad.push('csat');
			if (r.nps_promoters + r.nps_detractors > r.nps_count) bad.push('nps');
			if (r.channel === 'email' || r.channel === 'ticket') {
				if (r.abandoned !== 0) bad.push('deferred abandon');
			} else if (r.answered + r.abandoned !== r.offered) bad.push(`realtime answered + abandoned ≠ offered at ${r.minute}`);
			if (bad.length > 3) break;
		}
		expect(bad).toEqual([]);
	});

	it('answers e-mail from a backlog over hours, chat and phone in seconds', () => {
		const mean = (ch: string) => {
			const rs = rows.filter((r) => r.channel === ch);
			return rs.reduce((a, r) => a + r.wait_answered_ms_sum, 0) / rs.reduce((a, r) => a + r.answered, 0) / 1000;
		};
		expect(mean('email')).toBeGreaterThan(3600);
		expect(mean('chat')).toBeLessThan(120);
		// the backlog is worked off: over 40 days nearly every e-mail is answered
		const em = rows.filter((r) => r.channel === 'email');
		const offered = em.reduce((a, r) => a + r.offered, 0);
		expect(em.reduce((a, r) => a + r.answered, 0) / offered).toBeGreaterThan(0.97);
	});

	it('lands near the domain figures on normal days, like live mode', () => {
		// 2025-11-26 … 2025-12-08: after the Double 11 tail, before the Double 12 ramp
		const days = rows.filter((r) => r.minute >= '2025-11-25 16:00:00' && r.minute < '2025-12-08 16:00:00');
		const rt = days.filter((r) => r.channel === 'chat' || r.channel === 'phone');
		const offered = rt.reduce((a, r) => a + r.offered, 0);
		let within60 = 0;
		for (const r of rt) r.answered_wait_hist[0].forEach((k, i) => (within60 += k <= 60 ? r.answered_wait_hist[1][i] : 0));
		// Oracle: domain.md 即时响应率 82%; live mode's normal days measured 0.75–0.88 (simulator.test.ts)
		expect(within60 / offered).toBeGreaterThan(0.75);
		expect(within60 / offered).toBeLessThan(0.92);
		const csat = days.reduce((a, r) => a + r.csat_sum, 0) / days.reduce((a, r) => a + r.csat_count, 0);
		expect(csat).toBeGreaterThan(4.0); // domain: CSAT 4.2 (4.0–4.3 by segment)
		expect(csat).toBeLessThan(4.4);
		const aht = days.reduce((a, r) => a + r.handle_ms_sum, 0) / days.reduce((a, r) => a + r.handled, 0) / 60_000;
		expect(aht).toBeGreaterThan(10); // domain: AHT 12 min on average
		expect(aht).toBeLessThan(14);
	});

	it('inverseNormal matches the standard normal table', () => {
		// Oracle: standard normal quantiles (e.g. Abramowitz & Stegun table 26.5): z(0.975) = 1.959964, z(0.9) = 1.281552
		expect(inverseNormal(0.975)).toBeCloseTo(1.959964, 5);
		expect(inverseNormal(0.1)).toBeCloseTo(-1.281552, 5);
		expect(inverseNormal(0.5)).toBeCloseTo(0, 9);
		expect(inverseNormal(0.001)).toBeCloseTo(-3.090232, 5);
		expect(() => inverseNormal(1)).toThrow(/inverseNormal/);
	});
});

describe('volume model calendar', () => {
	const model = new VolumeModel({ ...opts, seed: 1 });
	const day = (date: string) => model.dayAt(Date.parse(`${date}T12:00:00+08:00`));
	const total = (date: string) => day(date).channelTotal.reduce((a, b) => a + b, 0);

	it('puts the lunar holidays on their dates for each year', () => {
		// Oracle: Hong Kong Observatory Gregorian–lunar table: Spring Festival 2025-01-29, 2026-02-17;
		// Dragon Boat 2025-05-31; Mid-Autumn 2025-10-06 (inside the National Day week).
		expect(day('2025-01-29').calendar.some((c) => c.startsWith('Spring Festival') && c.endsWith('core'))).toBe(true);
		expect(day('2026-02-17').calendar.some((c) => c.startsWith('Spring Festival') && c.endsWith('core'))).toBe(true);
		expect(day('2025-05-31').calendar.some((c) => c.startsWith('Dragon Boat') && c.endsWith('core'))).toBe(true);
		expect(day('2026-02-17').dayNumber - day('2025-01-29').dayNumber).toBe(384);
		expect(total('2025-01-29') / total('2025-01-08')).toBeLessThan(0.5);
		expect(total('2026-02-17') / total('2026-01-14')).toBeLessThan(0.5);
	});

	it('makes Double 11 a 3–5× day with its 00:00 spike, and the after-sales tail lean to after-sale', () => {
		const d11 = day('2025-11-11');
		const ratio = total('2025-11-11') / total('2025-12-03');
		expect(ratio).toBeGreaterThan(3);
		expect(ratio).toBeLessThan(5);
		const chat = d11.intervalWeights[0];
		// the first hour of the day holds far more than a normal first hour (≈ 1%)
		expect(chat[0] + chat[1] + chat[2] + chat[3]).toBeGreaterThan(0.05);
		const aftersale = DEFAULT_QUEUES.findIndex((q) => q.id === 'aftersale');
		expect(day('2025-11-13').queueShares[0][aftersale]).toBeGreaterThan(day('2025-12-03').queueShares[0][aftersale] * 1.3);
	});

	it('spreads each day exactly: interval weights and queue shares sum to 1', () => {
		const d = day('2025-06-18');
		for (const w of d.intervalWeights) expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
		for (const s of d.queueShares) expect(s.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
		expect(d.intervalCount).toBe(96);
	});
});
