import type { ClickHouseClient } from '@clickhouse/client';
import { DateTime } from 'luxon';
import type { ChannelConfig } from '$lib/types/domain';
import { complaintRepeats } from '../queries/reports/complaintRepeats';
import { kpiRollupRows } from '../queries/reports/kpiRollupRows';
import { resolvedThenReopened } from '../queries/reports/resolvedThenReopened';
import {
	REPORT_DIMS,
	REPORT_PERIODS,
	unsupportedCombination,
	type CountRow,
	type KpiQuery,
	type ReportDim,
	type ReportFilters,
	type QueryPeriod,
	type ReportPeriod,
	type RollupRow
} from '../queries/reports/reportSql';
import type { KpiRow } from '$lib/types/reports';
import { loadPeopleNames, withNames } from './names';
import { historyReportRows, type HistoryReportRow } from '../queries/reports/historyRows';
import { outcomeDayCounts } from '../queries/reports/outcomeDayCounts';
import { settledOutcomeDays } from '../queries/reports/settledOutcomeDays';
import { liveRanges, outcomeBases } from './outcomes';

export interface ReportRequest {
	from: string;
	to: string;
	by: ReportPeriod;
	dims: ReportDim[];
	filters: ReportFilters;
}

export interface ReportSettingsLike {
	fcrWindowDays: number;
	complaintRepeatDays: number;
	complaintQueues: string[];
}

/** The longest range one request may cover (a year and a bit: year-over-year comparisons). */
export const MAX_RANGE_DAYS = 400;

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Parses the query string of GET /api/v1/reports/kpis. Returns the request or the problems, each
 * naming the parameter, what was wrong and what is allowed.
 */
export function parseReportParams(
	sp: URLSearchParams,
	known: { channels: string[]; queues: string[]; categories: string[] }
): ReportRequest | { problems: { field: string; message: string }[] } {
	const problems: { field: string; message: string }[] = [];
	const date = (field: 'from' | 'to'): string => {
		const v = sp.get(field);
		if (!v) {
			problems.push({ field, message: 'is missing; give a date as YYYY-MM-DD (in the configured time zone)' });
			return '';
		}
		if (!DATE_RE.test(v) || !DateTime.fromISO(v).isValid) {
			problems.push({ field, message: `"${v.slice(0, 40)}" is not a date YYYY-MM-DD` });
			return '';
		}
		return v;
	};
	const from = date('from');
	const to = date('to');
	if (from && to) {
		const days = DateTime.fromISO(to).diff(DateTime.fromISO(from), 'days').days;
		if (days < 0) problems.push({ field: 'to', message: `${to} is before from = ${from}; to is the last day included` });
		else if (days + 1 > MAX_RANGE_DAYS) problems.push({ field: 'to', message: `the range is ${days + 1} days; at most ${MAX_RANGE_DAYS} per request` });
	}
	const byRaw = sp.get('by') ?? 'day';
	if (!(REPORT_PERIODS as readonly string[]).includes(byRaw)) {
		problems.push({ field: 'by', message: `"${byRaw.slice(0, 40)}" is not a period; allowed: ${REPORT_PERIODS.join(', ')}` });
	}
	const dims: ReportDim[] = [];
	const dimsRaw = sp.get('dims');
	if (dimsRaw) {
		for (const d of dimsRaw.split(',').map((s) => s.trim()).filter(Boolean)) {
			if (!(REPORT_DIMS as readonly string[]).includes(d)) {
				problems.push({ field: 'dims', message: `"${d.slice(0, 40)}" is not a dimension; allowed: ${REPORT_DIMS.join(', ')}` });
			} else if (!dims.includes(d as ReportDim)) dims.push(d as ReportDim);
		}
	}
	const filters: ReportFilters = {};
	const list = (field: keyof ReportFilters, allowed: string[] | null) => {
		const raw = sp.get(field);
		if (!raw) return;
		const vals = raw.split(',').map((s) => s.trim()).filter(Boolean);
		for (const v of vals) {
			if (allowed ? !allowed.includes(v) : !/^[\x21-\x7e]{1,128}$/.test(v)) {
				problems.push({
					field,
					message: allowed ? `"${v.slice(0, 40)}" is not configured; allowed: ${allowed.join(', ')}` : `"${v.slice(0, 40)}" is not a valid id`
				});
			}
		}
		filters[field] = vals;
	};
	list('channel', known.channels);
	list('queue', known.queues);
	list('team', null);
	list('category', [...known.categories, '']);
	const combo = unsupportedCombination(dims, filters);
	if (combo) problems.push({ field: 'dims', message: combo });
	if (problems.length > 0) return { problems };
	return { from, to, by: byRaw as ReportPeriod, dims, filters };
}

/** [from 00:00, to+1 00:00) in the zone, as epoch ms. */
export function rangeMs(from: string, to: string, timezone: string): { fromMs: number; toMs: number } {
	return {
		fromMs: DateTime.fromISO(from, { zone: timezone }).startOf('day').toMillis(),
		toMs: DateTime.fromISO(to, { zone: timezone }).plus({ days: 1 }).startOf('day').toMillis()
	};
}

/** Row key: period and the dimension values joined by NUL (sorts as the tuple; cheaper than JSON for 36 000 rows). */
const keyOf = (period: string, dims: Record<string, string>, order: ReportDim[]) => {
	let k = period;
	for (const d of order) k += `\u0000${dims[d] ?? ''}`;
	return k;
};

const round = (x: number, digits: number) => {
	const f = 10 ** digits;
	return Math.round(x * f) / f;
};
const pct = (num: number, den: number) => (den > 0 ? round((num / den) * 100, 2) : null);

/** Combines the rollup counters with the contact-level counts into the API's rows (definitions: docs/metrics.md). */
export function combineKpiRows(dims: ReportDim[], rollup: RollupRow[], reopened: CountRow[], complaints: CountRow[]): KpiRow[] {
	const byKey = new Map<string, { r: RollupRow | null; reopened: number; complaints: number; repeated: number; period: string; dims: Record<string, string> }>();
	const get = (period: string, d: Record<string, string>) => {
		const k = keyOf(period, d, dims);
		let e = byKey.get(k);
		if (!e) byKey.set(k, (e = { r: null, reopened: 0, complaints: 0, repeated: 0, period, dims: d }));
		return e;
	};
	for (const r of rollup) get(r.period, r.dims).r = r;
	for (const c of reopened) get(c.period, c.dims).reopened += c.n;
	for (const c of complaints) {
		const e = get(c.period, c.dims);
		e.complaints += c.m;
		e.repeated += c.n;
	}
	const byPerson = dims.includes('agent') || dims.includes('team');
	const rows: KpiRow[] = [];
	// sorted by the map's own keys (built once per row)
	const keys = [...byKey.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
	for (const key of keys) {
		const e = byKey.get(key)!;
		const r = e.r;
		const resolved = r?.resolved ?? 0;
		const row: KpiRow = {
			period: e.period,
			offered: r?.offered ?? 0,
			answered: r?.answered ?? 0,
			abandoned: r?.abandoned ?? 0,
			serviceLevelPct: r ? pct(r.slNum, r.slDen) : null,
			// 即时响应率 is a share of arrivals, which have no agent yet: not attributable to a team or agent
			immediateResponsePct: r && !byPerson ? pct(r.immNum, r.immDen) : null,
			avgFirstResponseSec: r && r.frtCount > 0 ? round(r.frtMsSum / r.frtCount / 1000, 1) : null,
			p90FirstResponseSec: r?.p90FrtSec ?? null,
			ahtSec: r && r.handled > 0 ? round(r.handleMsSum / r.handled / 1000, 1) : null,
			abandonRatePct: r ? pct(r.abandoned, r.offered) : null,
			resolved,
			fcrPct: pct(resolved - e.reopened, resolved),
			complaintRepeatPct: pct(e.repeated, e.complaints),
			csatAvg: r && r.csatCount > 0 ? round(r.csatSum / r.csatCount, 2) : null,
			csatCount: r?.csatCount ?? 0,
			npsScore: r && r.npsCount > 0 ? round(((r.npsPromoters - r.npsDetractors) / r.npsCount) * 100, 1) : null,
			npsCount: r?.npsCount ?? 0
		};
		for (const d of dims) row[d] = e.dims[d] ?? '';
		rows.push(row);
	}
	return rows;
}

/** Imported history has channel and queue only: it joins reports whose dimensions and filters need nothing else. */
export function historyApplies(dims: ReportDim[], filters: ReportFilters): boolean {
	return dims.every((d) => d === 'channel' || d === 'queue') && (filters.team?.length ?? 0) === 0 && (filters.category?.length ?? 0) === 0;
}

const emptyRollup = (period: string, dims: Record<string, string>): RollupRow => ({
	period,
	dims,
	offered: 0,
	answered: 0,
	abandoned: 0,
	resolved: 0,
	slNum: 0,
	slDen: 0,
	immNum: 0,
	immDen: 0,
	frtMsSum: 0,
	frtCount: 0,
	p90FrtSec: null,
	handleMsSum: 0,
	handled: 0,
	csatSum: 0,
	csatCount: 0,
	npsPromoters: 0,
	npsDetractors: 0,
	npsCount: 0
});

/**
 * Adds imported interval history (already "live wins" per interval: historyReportRows) to the events'
 * rollup rows of the same period and channel/queue (docs/metrics.md "Imported history"):
 * offered, answered, abandoned as counted; service level = the file's answered within target over the
 * channel's formula denominator (all imported abandons count as after T: the file does not split them);
 * AHT and mean FRT weighted by answered. 即时响应率, P90 FRT, resolved, FCR, 投诉二次率, CSAT and NPS need
 * contact events and stay the events' own. Returns new rows; the inputs are not changed.
 */
export function addHistory(rollup: RollupRow[], history: HistoryReportRow[], dims: ReportDim[], channels: ChannelConfig[]): RollupRow[] {
	const out = new Map<string, RollupRow>();
	for (const r of rollup) out.set(keyOf(r.period, r.dims, dims), { ...r });
	for (const h of history) {
		const d: Record<string, string> = Object.fromEntries(dims.map((k) => [k, k === 'channel' ? h.channel : h.queue]));
		const k = keyOf(h.period, d, dims);
		let r = out.get(k);
		if (!r) out.set(k, (r = emptyRollup(h.period, d)));
		const formula = channels.find((c) => c.id === h.channel)?.slFormula ?? 'answered_over_answered_plus_late_abandons';
		r.offered += h.offered;
		r.answered += h.answered;
		r.abandoned += h.abandoned;
		r.slNum += h.slWithin;
		r.slDen += formula === 'answered_over_offered' ? h.slOffered : formula === 'answered_over_answered' ? h.slAnswered : h.slAnswered + h.slAbandoned;
		r.frtMsSum += h.waitSecSum * 1000;
		r.frtCount += h.waited;
		r.handleMsSum += h.handleSecSum * 1000;
		r.handled += h.handled;
	}
	return [...out.values()];
}

/**
 * FCR and 投诉二次率 counts for the report (decision 0085): days settled under the current basis are read
 * from report_outcome_day; the other days — the recent ones whose windows are still open, days not
 * settled yet — are computed live from the marks, one range of consecutive days at a time. Hour and
 * weekday × hour reports, and `settled: false`, compute everything live.
 */
export async function outcomeCounts(
	client: ClickHouseClient,
	q: KpiQuery,
	req: { from: string; to: string; by: QueryPeriod; dims: ReportDim[]; filters: ReportFilters },
	ctx: { timezone: string; reports: ReportSettingsLike; settled?: boolean }
): Promise<{ reopened: CountRow[]; complaints: CountRow[] }> {
	const [fcr, complaint] = outcomeBases(ctx.reports, ctx.timezone);
	const byDay = req.by === 'day' || req.by === 'week' || req.by === 'month' || req.by === 'total';
	const part = async (b: typeof fcr, live: (lq: KpiQuery) => Promise<CountRow[]>): Promise<CountRow[]> => {
		if (!byDay || ctx.settled === false) return live(q);
		const settled = await settledOutcomeDays(client, { basis: b.basis, fromDay: req.from, toDay: req.to });
		const out = await outcomeDayCounts(client, {
			basis: b.basis,
			runs: settled.map((s) => s.run),
			fromDay: req.from,
			toDay: req.to,
			by: req.by as 'day' | 'week' | 'month' | 'total',
			dims: req.dims,
			filters: req.filters
		});
		for (const r of liveRanges(req.from, req.to, new Set(settled.map((s) => s.day)))) {
			out.push(...(await live({ ...q, ...rangeMs(r.from, r.to, ctx.timezone) })));
		}
		return out;
	};
	const reopened = await part(fcr, (lq) => resolvedThenReopened(client, lq, ctx.reports.fcrWindowDays));
	const complaints =
		ctx.reports.complaintQueues.length === 0 ? [] : await part(complaint, (lq) => complaintRepeats(client, lq, ctx.reports.complaintRepeatDays, ctx.reports.complaintQueues));
	return { reopened, complaints };
}

/**
 * The whole report, one query after the other on the (heavy) client (one query per connection):
 * the rollup counters, then FCR and 投诉二次率 (settled days read, the rest live). `settled: false`
 * computes FCR and 投诉二次率 live over the whole range (tests compare both paths).
 */
export async function kpiReport(
	client: ClickHouseClient,
	req: Omit<ReportRequest, 'by'> & { by: QueryPeriod },
	ctx: { timezone: string; channels: ChannelConfig[]; reports: ReportSettingsLike; settled?: boolean }
): Promise<KpiRow[]> {
	const q: KpiQuery = { ...rangeMs(req.from, req.to, ctx.timezone), by: req.by, dims: req.dims, filters: req.filters, timezone: ctx.timezone, channels: ctx.channels };
	const events = await kpiRollupRows(client, q);
	const rollup = historyApplies(req.dims, req.filters) ? addHistory(events, await historyReportRows(client, q), req.dims, ctx.channels) : events;
	const { reopened, complaints } = await outcomeCounts(client, q, req, ctx);
	const rows = combineKpiRows(req.dims, rollup, reopened, complaints);
	return req.dims.includes('agent') || req.dims.includes('team') ? withNames(rows, await loadPeopleNames(client)) : rows;
}
