/**
 * The intraday service (src/lib/server/intraday/intradayService.ts) on a synthetic channel: ten
 * weeks of 15-minute history, today running +30 % since opening, read through a stub of the
 * stored-data query (the same rows contact_minute would give), forecast in-process with the same
 * forecastChannel the worker runs. Expected values come from the generator (the +30 %) and from
 * an Erlang C computed here from its textbook formula (independent of forecast/staffing).
 */
import type { ClickHouseClient } from '@clickhouse/client';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { IntradayService } from '../../src/lib/server/intraday/intradayService';
import { createForecastRunner } from '../../src/lib/server/planning/forecastWorker';
import type { ChannelConfig } from '../../src/lib/types/domain';
import type { ChannelSnapshot } from '../../src/lib/types/realtime';

const zone = 'Asia/Shanghai';
const today = DateTime.fromISO('2026-10-21T00:00', { zone }); // a Wednesday
const nowMs = today.plus({ hours: 12, minutes: 5 }).toMillis();
const BUSY = 1.3;

/** Expected contacts per 15 minutes: open 08:00–22:00, a midday and an evening hump. */
function expected(at: DateTime): number {
	const h = at.hour + at.minute / 60;
	if (h < 8 || h >= 22) return 0;
	return 40 * (1 + 0.6 * Math.exp(-(((h - 11) / 2) ** 2)) + 0.4 * Math.exp(-(((h - 20) / 1.5) ** 2)));
}

function rows(): [number, number][] {
	let seed = 7;
	const rnd = () => {
		seed = (seed * 1103515245 + 12345) % 2147483648;
		return seed / 2147483648;
	};
	const out: [number, number][] = [];
	const start = today.minus({ weeks: 10 });
	for (let at = start; at.toMillis() < nowMs - 15 * 60_000 + 1; at = at.plus({ minutes: 15 })) {
		if (at.toMillis() + 15 * 60_000 > nowMs) break; // the current interval is still filling
		const mean = expected(at) * (at >= today ? BUSY : 1);
		if (mean === 0) continue;
		// Poisson-like noise (normal approximation, sd √mean)
		const z = Math.sqrt(-2 * Math.log(rnd() || 1e-12)) * Math.cos(2 * Math.PI * rnd());
		out.push([Math.floor(at.toSeconds()), Math.max(0, Math.round(mean + Math.sqrt(mean) * z))]);
	}
	return out;
}

function stubClient(data: [number, number][]): ClickHouseClient {
	return {
		query: async ({ query, query_params }: { query: string; query_params: { fromSec: number; toSec: number } }) => ({
			// only the interval history is stored here; no handled contacts (AHT comes from the snapshot)
			json: async () => (query.includes('q:planning/intervalHistory') ? data.filter(([t]) => t >= query_params.fromSec && t < query_params.toSec) : [])
		})
	} as unknown as ClickHouseClient;
}

const phone: ChannelConfig = {
	id: 'phone',
	nameZh: '电话',
	nameEn: 'Phone',
	kind: 'realtime',
	slTargetSec: 20,
	slTargetPct: 80,
	slFormula: 'answered_within_over_offered',
	slAbandonGraceSec: 5,
	immediateResponseSec: 60,
	alerts: { l1Sec: 30, l2Sec: 60, l3Sec: 120 },
	concurrency: 1
} as unknown as ChannelConfig;

function snapshot(agents: { available: number; onContact: number; acw: number }, offeredToday: number, ahtSec: number): ChannelSnapshot {
	const w = { offered: offeredToday, answered: 0, abandoned: 0, resolved: 0, serviceLevelPct: 90, immediateResponsePct: null, avgFirstResponseMs: null, p90FirstResponseMs: null, ahtMs: ahtSec * 1000, abandonRatePct: null, csatAvg: null };
	return { channel: 'phone', today: w, last15m: w, agents: { loggedIn: agents.available + agents.onContact + agents.acw, break: 0, ...agents } } as unknown as ChannelSnapshot;
}

/** Erlang C: smallest N with SL = 1 − C(N, A)·e^(−(N−A)·T/AHT) ≥ target and A/N ≤ maxOcc (textbook formula, Koole 2013 ch. 3). */
function erlangCAgents(calls: number, intervalSec: number, ahtSec: number, targetSec: number, sl: number, maxOcc: number): number {
	const A = (calls * ahtSec) / intervalSec;
	for (let N = Math.max(1, Math.ceil(A)); N < 1000; N++) {
		if (N <= A) continue;
		let term = 1;
		let sum = 1;
		for (let k = 1; k < N; k++) {
			term *= A / k;
			sum += term;
		}
		const last = (term * A) / N;
		const pn = (last * N) / (N - A);
		const c = pn / (sum + pn);
		const serviceLevel = 1 - c * Math.exp((-(N - A) * targetSec) / ahtSec);
		if (serviceLevel >= sl && A / N <= maxOcc) return N;
	}
	throw new Error('no N');
}

describe('IntradayService', () => {
	const data = rows();
	const svc = new IntradayService({ client: stubClient(data), runner: createForecastRunner(null), channels: [phone], timezone: zone, now: () => nowMs, log: () => {} });

	it('re-forecasts the rest of today from the stored 15-minute history and reports the day so far against the day-ahead forecast', async () => {
		await svc.refresh();
		const offeredToday = data.filter(([t]) => t >= today.toSeconds()).reduce((a, [, n]) => a + n, 0);
		const v = svc.view(phone, snapshot({ available: 2, onContact: 10, acw: 1 }, offeredToday, 300), nowMs);
		expect(v.note).toBeNull();
		// the whole business day 08:00–22:00 = 56 intervals; re-forecast from 12:00 on = 40
		expect(v.slots.length).toBe(56);
		expect(v.slots.filter((s) => s.reforecast !== null).length).toBe(40);
		expect(v.observedUntilMs).toBe(today.plus({ hours: 12 }).toMillis());
		// +30 % so far (the generator's factor; Poisson noise ±8 %)
		expect(v.vsForecastPct!).toBeGreaterThan(22);
		expect(v.vsForecastPct!).toBeLessThan(38);
		// the rest of today moves from the day-ahead forecast towards the day's +30 % (how far by noon
		// is the filter's business, tested in tests/forecast/volume/reforecastIntraday.test.ts; here,
		// with 4 hours of 15-minute slots of ~50 contacts, it is between +5 % and the +30 %)
		const rest = v.slots.filter((s) => s.reforecast !== null);
		const ratio = rest.reduce((a, s) => a + s.reforecast!, 0) / rest.reduce((a, s) => a + s.dayAhead, 0);
		expect(ratio).toBeGreaterThan(1.05);
		expect(ratio).toBeLessThan(BUSY * 1.08);
		// the 80 % band brackets the re-forecast
		for (const s of rest) expect(s.lo80! <= s.reforecast! && s.reforecast! <= s.hi80!).toBe(true);
		expect(v.forecastToday!).toBeGreaterThan(v.dayAheadToday!);
	}, 60_000);

	it('gives the staffing gap of the current and next 4 intervals: Erlang C with the channel targets and today\'s AHT against the agents serving', () => {
		const snap = snapshot({ available: 2, onContact: 10, acw: 1 }, 1000, 300);
		const v = svc.view(phone, snap, nowMs);
		expect(v.gap.map((g) => DateTime.fromMillis(g.startMs, { zone }).toFormat('HH:mm'))).toEqual(['12:00', '12:15', '12:30', '12:45', '13:00']);
		for (const g of v.gap) {
			expect(g.staffed).toBe(13);
			expect(g.required).toBe(erlangCAgents(g.volume, 900, 300, 20, 0.8, 0.85));
			expect(g.gap).toBe(13 - g.required);
		}
		// fewer agents serving → a bigger shortfall, interval for interval
		const fewer = svc.view(phone, snapshot({ available: 0, onContact: 5, acw: 0 }, 1000, 300), nowMs);
		fewer.gap.forEach((g, i) => expect(g.gap).toBe(v.gap[i].gap - 8));
		expect(fewer.gap.some((g) => g.gap < 0)).toBe(true);
	});

	it('says why there is no gap when nothing was handled today (AHT unknown), and before the first run', () => {
		const snap = snapshot({ available: 2, onContact: 10, acw: 1 }, 1000, 0);
		(snap.today as { ahtMs: number | null }).ahtMs = null;
		(snap.last15m as { ahtMs: number | null }).ahtMs = null;
		expect(svc.view(phone, snap, nowMs).note).toMatch(/handle time/);
		const fresh = new IntradayService({ client: stubClient([]), runner: createForecastRunner(null), channels: [phone], timezone: zone, now: () => nowMs, log: () => {} });
		expect(fresh.view(phone, snap, nowMs).note).toMatch(/first re-forecast/);
	});
});
