import { describe, expect, it } from 'vitest';
import { forecastChartOption, staffingChartOption } from '../../src/lib/planning/charts';
import { errorText, ndjsonLines, NoForecastResult, streamForecast } from '../../src/lib/planning/api';
import { planCsvRows, planRequirement, planSummary } from '../../src/lib/planning/planOutputs';
import { defaultWhatIf, parseScenarioParams, planRequestOf, scenarioSummaryOf, toStaffing, type PlanForm, type WhatIf } from '../../src/lib/planning/scenario';
import type { ChannelPlan } from '../../src/lib/planning/staffingPlan';
import type { ChannelForecast, LearnedParams } from '../../src/lib/types/planning';

// The planning page's parts (issue 23 item 6): the API client, the chart builders, the scenario
// shape and the plan's outputs. Every expected figure below is worked out by hand from the fixture.

const day = (date: string, forecast: number, lo80: number, hi80: number, lo95: number, hi95: number) => ({ date, forecast, lo80, hi80, lo95, hi95, p50: forecast, p80: hi80, p90: hi95, uplift: 1, dayType: 'workday' as const });
const forecast: ChannelForecast = {
	channel: 'phone',
	model: 'topdown',
	modelChosenBy: 'backtest',
	candidates: [],
	historyDaily: [
		{ date: '2026-11-01', count: 100 },
		{ date: '2026-11-02', count: 120 },
		{ date: '2026-11-03', count: 110 }
	],
	points: [],
	daily: [day('2026-11-04', 130.4, 110, 150, 100, 165), day('2026-11-05', 140.6, 118, 160, 105, 180)],
	total: { forecast: 271, p50: 271, p80: 300, p90: 320 },
	events: [{ name: 'Double 11 (双11)', kind: 'promotion', dateStart: '2026-11-05', dateEnd: '2026-11-05', meanUplift: 2, basis: 'learned', occurrences: 2, learnedFrom: [] }],
	overrides: [],
	warnings: [],
	historyDays: 3
};
const labels = { history: 'H', band95: 'B95', band80: 'B80', forecast: 'F', scheduled: 'S', agents: 'A', volume: 'V' };

describe('forecastChartOption', () => {
	const o = forecastChartOption(forecast, labels) as { xAxis: { data: string[] }; series: { name: string; data: (number | null)[]; stack?: string; markArea?: { data: unknown[] } }[] };
	it('puts the history and the forecast days on one date axis', () => {
		expect(o.xAxis.data).toEqual(['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05']);
		expect(o.series[0]).toMatchObject({ name: 'H', data: [100, 120, 110] });
	});
	it('draws each band as its low edge plus its width, after three nulls for the history days', () => {
		const byName = Object.fromEntries(o.series.map((s) => [s.name, s]));
		// 95 %: low 100, 105; width 165 − 100 = 65, 180 − 105 = 75
		expect(byName.lo95.data).toEqual([null, null, null, 100, 105]);
		expect(byName.B95.data).toEqual([null, null, null, 65, 75]);
		expect(byName.lo95.stack).toBe(byName.B95.stack);
		// 80 %: low 110, 118; width 150 − 110 = 40, 160 − 118 = 42
		expect(byName.lo80.data).toEqual([null, null, null, 110, 118]);
		expect(byName.B80.data).toEqual([null, null, null, 40, 42]);
		// the mean rounded: 130.4 → 130, 140.6 → 141
		expect(byName.F.data).toEqual([null, null, null, 130, 141]);
		expect(byName.F.markArea?.data).toEqual([[{ name: 'Double 11 (双11)', xAxis: '2026-11-05' }, { xAxis: '2026-11-05' }]]);
	});
});

const interval = (timestamp: string, volume: number, agents: number, scheduled: number) => ({ timestamp, volume, staffedVolume: volume * 1.25, agents, scheduled, binding: 'sl', serviceLevel: 0.8 });
const plan = (intervals: ReturnType<typeof interval>[], peakScheduled: number, scheduledHours: number): ChannelPlan => ({
	model: 'erlang-c',
	staffedTo: 'p80',
	intervals,
	days: [],
	totals: { volume: intervals.reduce((a, i) => a + i.volume, 0), scheduledHours, peakScheduled, peakDate: '2026-11-04' },
	bindingCounts: { sl: intervals.length }
});
const plans = {
	phone: plan([interval('2026-11-04 09:15', 12.345, 5, 7), interval('2026-11-04 09:00', 10, 4, 6)], 7, 3.25),
	chat: plan([interval('2026-11-04 09:00', 20, 3, 4)], 4, 1)
};

describe('staffingChartOption', () => {
	it('steps scheduled and required agents over the volume, rounded to one decimal', () => {
		const o = staffingChartOption(plans.phone, labels) as { series: { name: string; data: number[] }[] };
		expect(o.series.map((s) => [s.name, s.data])).toEqual([
			['S', [7, 6]],
			['A', [5, 4]],
			['V', [12.3, 10]] // 12.345 → 12.3
		]);
	});
});

describe('plan outputs', () => {
	it('sums scheduled agents per interval over the channels, in time order', () => {
		// 09:00: phone 6 + chat 4 = 10; 09:15: phone 7 only
		expect(planRequirement(plans, 15)).toEqual({ intervalMin: 15, points: [['2026-11-04 09:00', 10], ['2026-11-04 09:15', 7]] });
	});
	it('summarises each channel by its totals', () => {
		expect(planSummary(plans)).toEqual({ phone: plans.phone.totals, chat: plans.chat.totals });
	});
	it('exports a row per interval and a TOTAL row per channel', () => {
		const rows = planCsvRows({ phone: plans.phone });
		expect(rows).toHaveLength(3);
		// 12.345 → 12.35 (two decimals; 12.345 × 100 = 1234.5 rounds up), staffed 12.345 × 1.25 = 15.43125 → 15.43
		expect(rows[0]).toEqual({ channel: 'phone', interval_start: '2026-11-04 09:15', volume: 12.35, staffed_volume: 15.43, staffed_to: 'p80', agents: 5, scheduled_agents: 7, binding_constraint: 'sl', model: 'erlang-c' });
		// total volume 12.345 + 10 = 22.345 → 22.35; peak 7; hours 3.25
		expect(rows[2]).toEqual({ channel: 'phone', interval_start: 'TOTAL', volume: 22.35, staffed_volume: '', staffed_to: '', agents: '', scheduled_agents: 7, binding_constraint: 'scheduled_hours=3.25', model: 'erlang-c' });
	});
});

const form: PlanForm = { channels: ['phone'], queues: [], horizonKind: 'weeks', weeks: 4, eventName: 'double11', customStart: '', customEnd: '', model: 'auto', intervalMin: 15 };
const phone = { id: 'phone', kind: 'realtime' as const, slTargetPct: 80, slTargetSec: 20, concurrency: 1 };

describe('the request and the what-if values', () => {
	it('builds the horizon the form describes', () => {
		expect(planRequestOf(form, []).horizon).toEqual({ kind: 'weeks', weeks: 4 });
		expect(planRequestOf({ ...form, horizonKind: 'event' }, []).horizon).toEqual({ kind: 'event', event: 'double11' });
		expect(planRequestOf({ ...form, horizonKind: 'event', eventName: 'custom', customStart: '2026-12-01', customEnd: '2026-12-03' }, []).horizon).toEqual({ kind: 'event', event: 'custom', dateStart: '2026-12-01', dateEnd: '2026-12-03' });
	});
	it('starts from the learned AHT, else 600 s; chat levels only when each has 20 chats', () => {
		const learned = { aht: { phone: { ahtSec: 432.6 } }, chatAhtByConcurrency: [{ level: 1, ahtSec: 300.4, chats: 25 }, { level: 2, ahtSec: 389.6, chats: 20 }] } as unknown as LearnedParams;
		expect(defaultWhatIf(phone, learned)).toMatchObject({ ahtSec: 433, slTargetPct: 80, targetSec: 20, maxOccupancyPct: 85, quantile: 'p80', concurrencyAht: '' });
		expect(defaultWhatIf(phone, null).ahtSec).toBe(600);
		expect(defaultWhatIf({ id: 'chat', kind: 'realtime', slTargetPct: 80, slTargetSec: 30, concurrency: 2 }, learned).concurrencyAht).toBe('300,390');
		expect(defaultWhatIf({ id: 'email', kind: 'deferred', slTargetPct: 90, slTargetSec: 14_400, concurrency: 1 }, null)).toMatchObject({ ahtSec: 900, maxOccupancyPct: null });
	});
	it('turns percentages into fractions and an emptied field into none', () => {
		const p: WhatIf = { ...defaultWhatIf(phone, null), maxAbandonPct: 5, concurrencyAht: '300, 390 ,x' };
		expect(toStaffing('realtime', p)).toEqual({ kind: 'realtime', ahtSec: 600, targetSec: 20, slTarget: 0.8, maxOccupancy: 0.85, shrinkage: 0.3, patienceSec: null, maxAbandon: 0.05, concurrency: 1, concurrencyAhtSec: [300, 390], quantile: 'p80', volumeFactor: 1 });
		// Svelte leaves an emptied number input undefined: that is "no limit", not NaN
		expect(toStaffing('realtime', { ...p, maxOccupancyPct: undefined as unknown as null, patienceSec: undefined as unknown as null })).toMatchObject({ maxOccupancy: null, patienceSec: null });
	});
});

describe('a saved scenario read back', () => {
	const saved = { request: { ...form, upliftOverrides: [{ eventName: 'Double 11 (双11)', date: '2026-11-11', upliftFactor: 3, reason: 'planner' }] }, staffing: { phone: defaultWhatIf(phone, null) }, requirement: { intervalMin: 15, points: [['2026-11-04 09:00', 10]] } };
	it('loads what the page saved, through JSON', () => {
		const r = parseScenarioParams(JSON.parse(JSON.stringify(saved)));
		expect(r).toEqual({ ok: true, params: saved });
	});
	it('names what keeps a scenario from loading instead of throwing', () => {
		const r = parseScenarioParams({ ...saved, request: { ...saved.request, intervalMin: 20 }, staffing: { phone: { ...saved.staffing.phone, ahtSec: 'x' } } });
		expect(r.ok).toBe(false);
		expect(!r.ok && r.problems.map((p) => p.split(':')[0])).toEqual(['request.intervalMin', 'staffing.phone.ahtSec']);
		expect(parseScenarioParams(null).ok).toBe(false);
	});
	it('reads the comparison columns of a summary, and none from a summary of another shape', () => {
		// the API's summary schema ($lib/types/scenario.ts) is loose: the saved figures come back as saved
		expect(scenarioSummaryOf({ phone: { peakScheduled: 7, scheduledHours: 3.25, volume: 22 } })).toEqual({ phone: { peakScheduled: 7, scheduledHours: 3.25, volume: 22 } });
		expect(scenarioSummaryOf(null)).toEqual({});
		expect(scenarioSummaryOf({ phone: 7 })).toEqual({});
	});
});

/** A fetch answering with `chunks` as the body (an NDJSON stream), or a JSON error. */
const streamOf = (chunks: string[]) =>
	new ReadableStream<Uint8Array>({
		start(c) {
			for (const x of chunks) c.enqueue(new TextEncoder().encode(x));
			c.close();
		}
	});
const fetchWith = (res: Response) => (async () => res) as unknown as typeof fetch;

describe('the forecast stream', () => {
	it('reassembles lines split across chunks, a character split too', async () => {
		const text = '{"a":"双11"}\n{"b":2}\n{"c":3}';
		const bytes = new TextEncoder().encode(text);
		// cut inside "双" (3 bytes in UTF-8, starting at byte 6) and inside the second line
		const body = new ReadableStream<Uint8Array>({
			start(c) {
				c.enqueue(bytes.slice(0, 7));
				c.enqueue(bytes.slice(7, 18));
				c.enqueue(bytes.slice(18));
				c.close();
			}
		});
		const out: unknown[] = [];
		for await (const l of ndjsonLines(body)) out.push(l);
		expect(out).toEqual([{ a: '双11' }, { b: 2 }, { c: 3 }]);
	});

	it('reports progress and returns the result', async () => {
		const progress: unknown[] = [];
		const lines = [{ type: 'progress', step: 'fit', channel: 'phone', done: 0, total: 1 }, { type: 'progress', step: 'done', done: 1, total: 1 }, { type: 'result', request: planRequestOf(form, []), window: { fromDate: '2026-11-04', toDate: '2026-12-01', label: '4 weeks' }, channels: [forecast] }];
		const r = await streamForecast(planRequestOf(form, []), { fetch: fetchWith(new Response(streamOf(lines.map((l) => `${JSON.stringify(l)}\n`)))), onProgress: (p) => progress.push(p) });
		expect(progress).toEqual([lines[0], lines[1]]);
		expect(r).toEqual({ request: lines[2].request, window: lines[2].window, channels: [forecast] });
	});

	it('throws the server\'s words: a refused request with its field, an error line, a stream cut short', async () => {
		const refused = new Response(JSON.stringify({ field: 'horizon.weeks', error: 'must be a whole number of weeks from 1 to 26' }), { status: 400 });
		await expect(streamForecast(planRequestOf(form, []), { fetch: fetchWith(refused) })).rejects.toThrow('horizon.weeks: must be a whole number of weeks from 1 to 26');
		const failed = new Response(streamOf(['{"type":"progress","step":"fit","done":0,"total":1}\n{"type":"error","error":"no history for channel \\"phone\\""}\n']));
		await expect(streamForecast(planRequestOf(form, []), { fetch: fetchWith(failed) })).rejects.toThrow('no history for channel "phone"');
		const cut = new Response(streamOf(['{"type":"progress","step":"fit","done":0,"total":1}\n']));
		await expect(streamForecast(planRequestOf(form, []), { fetch: fetchWith(cut) })).rejects.toBeInstanceOf(NoForecastResult);
		expect(await errorText(new Response('not json', { status: 502 }))).toBe('HTTP 502');
	});
});
