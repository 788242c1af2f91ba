/**
 * What the report statements share (issue 20): the report's dimensions and periods, its filters as
 * SQL, which rollup serves a request, and the reader of the count queries. The statements themselves
 * are one per file beside this one (kpiRollupRows, resolvedThenReopened, complaintRepeats,
 * reportDistributions, …).
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type { ChannelConfig } from '$lib/types/domain';
import { queryColumns } from '../stream';

/** Report dimensions (API names) and their columns in the rollups. */
export const REPORT_DIMS = ['channel', 'queue', 'team', 'agent', 'category', 'tier'] as const;
export type ReportDim = (typeof REPORT_DIMS)[number];
export const DIM_COLUMN: Record<ReportDim, string> = {
	channel: 'channel',
	queue: 'queue',
	team: 'team_id',
	agent: 'agent_id',
	category: 'category',
	tier: 'tier'
};

export const REPORT_PERIODS = ['hour', 'day', 'week', 'month', 'total'] as const;
export type ReportPeriod = (typeof REPORT_PERIODS)[number];
/** API periods plus the heatmap's weekday × hour cell ('1-00' … '7-23', ISO weekday, local hour) */
export type QueryPeriod = ReportPeriod | 'weekday_hour';

export interface ReportFilters {
	channel?: string[];
	queue?: string[];
	team?: string[];
	category?: string[];
}

export interface KpiQuery {
	/** [fromMs, toMs): local-midnight bounds already resolved in the configured zone */
	fromMs: number;
	toMs: number;
	by: QueryPeriod;
	dims: ReportDim[];
	filters: ReportFilters;
	timezone: string;
	channels: ChannelConfig[];
}

/** One row of the rollup part: counters already combined per channel with that channel's SL rule. */
export interface RollupRow {
	period: string;
	dims: Record<string, string>;
	offered: number;
	answered: number;
	abandoned: number;
	resolved: number;
	slNum: number;
	slDen: number;
	immNum: number;
	immDen: number;
	frtMsSum: number;
	/** answers whose wait is in frtMsSum (the events' answered, plus imported rows' answered with an average wait) */
	frtCount: number;
	p90FrtSec: number | null;
	handleMsSum: number;
	handled: number;
	csatSum: number;
	csatCount: number;
	npsPromoters: number;
	npsDetractors: number;
	npsCount: number;
}

export const FORMULA_CODE: Record<ChannelConfig['slFormula'], number> = {
	answered_over_answered_plus_late_abandons: 0,
	answered_over_offered: 1,
	answered_over_answered: 2
};

/** Period label of a UTC DateTime column in the configured zone (matches luxon formatting in kpis.ts). */
export function periodExpr(by: QueryPeriod, col: string): string {
	switch (by) {
		case 'weekday_hour':
			return `concat(toString(toDayOfWeek(${col}, 0, {tz: String})), '-', leftPad(toString(toHour(toTimeZone(${col}, {tz: String}))), 2, '0'))`;
		case 'hour':
			return `formatDateTime(toTimeZone(${col}, {tz: String}), '%Y-%m-%d %H:00')`;
		case 'day':
			return `toString(toDate(${col}, {tz: String}))`;
		case 'week':
			return `toString(toMonday(${col}, {tz: String}))`;
		case 'month':
			return `formatDateTime(toTimeZone(${col}, {tz: String}), '%Y-%m')`;
		case 'total':
			return `'total'`;
	}
}

/** WHERE fragment and params for the filters (values bound as parameters, never spliced). */
export function filterSql(filters: ReportFilters): { sql: string; params: Record<string, unknown> } {
	const parts: string[] = [];
	const params: Record<string, unknown> = {};
	for (const [key, col] of [
		['channel', 'channel'],
		['queue', 'queue'],
		['team', 'team_id'],
		['category', 'category']
	] as const) {
		const vals = filters[key];
		if (vals && vals.length > 0) {
			parts.push(`${col} IN {f_${key}: Array(String)}`);
			params[`f_${key}`] = vals;
		}
	}
	return { sql: parts.map((p) => ` AND ${p}`).join(''), params };
}

/** Team/agent and category/tier live in different rollups (migration 0060); a report takes one side. */
export function unsupportedCombination(dims: ReportDim[], filters: ReportFilters): string | null {
	const person = dims.includes('team') || dims.includes('agent') || (filters.team?.length ?? 0) > 0;
	const kind = dims.includes('category') || dims.includes('tier') || (filters.category?.length ?? 0) > 0;
	return person && kind
		? 'team/agent cannot be combined with category/tier in one report (dims or filters): the rollups keep people by channel and queue, categories and tiers by channel and queue'
		: null;
}

/** The rollup table to read: the channel × queue one unless team/agent is asked for. */
export function rollupTable(dims: ReportDim[], filters: ReportFilters): string {
	return dims.includes('team') || dims.includes('agent') || (filters.team?.length ?? 0) > 0 ? 'report_hour' : 'report_hour_cq';
}

/** The zone of the day-grain rollups (migration 0080 renders its days in this zone). */
export const DAY_ROLLUP_ZONE = 'Asia/Shanghai';

/**
 * Day-grain rollup (migration 0080) or hourly (0060): days serve day, week, month and total in the
 * zone they were cut in; an hour or weekday × hour grain, or another zone, reads the hourly table.
 */
export function rollupSource(q: Pick<KpiQuery, 'by' | 'dims' | 'filters' | 'timezone'>): { table: string; timeCol: 'hour' | 'day'; range: string } {
	const hourly = rollupTable(q.dims, q.filters);
	if (q.timezone === DAY_ROLLUP_ZONE && q.by !== 'hour' && q.by !== 'weekday_hour') {
		return {
			table: hourly.replace('report_hour', 'report_day'),
			timeCol: 'day',
			// [from, to) are local midnights in the zone: whole days
			range: `day >= toDate(fromUnixTimestamp64Milli({fromMs: Int64}, {tz: String}), {tz: String}) AND day < toDate(fromUnixTimestamp64Milli({toMs: Int64}, {tz: String}), {tz: String})`
		};
	}
	return { table: hourly, timeCol: 'hour', range: `hour >= toDateTime(intDiv({fromMs: Int64}, 1000), 'UTC') AND hour < toDateTime(intDiv({toMs: Int64}, 1000), 'UTC')` };
}

/** Period label of a local Date column (the day rollups' `day`, already in the zone). */
export function dayPeriodExpr(by: ReportPeriod): string {
	switch (by) {
		case 'day':
			return 'toString(day)';
		case 'week':
			return 'toString(toMonday(day))';
		case 'month':
			return `formatDateTime(day, '%Y-%m')`;
		case 'total':
			return `'total'`;
		default:
			throw new Error(`reports: no day-grain period for ${by}`);
	}
}


export interface CountRow {
	period: string;
	dims: Record<string, string>;
	n: number;
	m: number;
}

/**
 * Reads a count query (period × dims, `rep_n`, `tot_m`) column by column into CountRows: the live FCR /
 * 投诉二次率 statements (bound with the KpiQuery's zone and range plus `extra`) and the settled days'
 * (`outcomeDayCounts`, its own parameters) alike.
 */
export async function countRows(
	client: ClickHouseClient,
	tag: string,
	sql: string,
	q: Pick<KpiQuery, 'dims'> & Partial<Pick<KpiQuery, 'timezone' | 'fromMs' | 'toMs'>>,
	extra: Record<string, unknown>
): Promise<CountRow[]> {
	const dimCols = q.dims.map((d) => DIM_COLUMN[d]);
	const range = q.timezone === undefined ? {} : { tz: q.timezone, fromMs: q.fromMs, toMs: q.toMs };
	const { n, col } = await queryColumns(client, tag, sql, { ...range, ...extra }, ['period', ...dimCols, 'rep_n', 'tot_m']);
	const out: CountRow[] = [];
	for (let i = 0; i < n; i++) {
		out.push({
			period: String(col.period[i]),
			dims: Object.fromEntries(q.dims.map((d) => [d, String(col[DIM_COLUMN[d]][i])])),
			n: Number(col.rep_n[i]),
			m: Number(col.tot_m[i])
		});
	}
	return out;
}

/** [from, to) over history_intervals' interval_start, bound as {fromMs} / {toMs}. */
export const HISTORY_RANGE = `interval_start >= toDateTime(intDiv({fromMs: Int64}, 1000), 'UTC') AND interval_start < toDateTime(intDiv({toMs: Int64}, 1000), 'UTC')`;

/**
 * The joins the FCR and 投诉二次率 statements share (live and settled), over [from, to + w days]
 * with {fromMs}, {toMs}, {w} (and {cq}, the complaint queues) bound by the caller:
 * each contact's reopen times, and each complaint customer's complaint arrivals (only customers with
 * two or more: one complaint contact cannot repeat).
 */
export const REOPENS_BY_CONTACT = `SELECT contact_key, groupArray(ts) AS rts FROM report_marks
		WHERE type = 'contact.reopened' AND ts > fromUnixTimestamp64Milli({fromMs: Int64}, 'UTC')
		  AND ts <= fromUnixTimestamp64Milli({toMs: Int64}, 'UTC') + toIntervalDay({w: UInt32})
		GROUP BY contact_key`;
export const COMPLAINTS_BY_CUSTOMER = `SELECT customer_key, groupArray((contact_key, ts)) AS nexts FROM report_marks
		WHERE type = 'contact.arrived' AND queue IN {cq: Array(String)} AND customer_key != 0
		  AND ts >= fromUnixTimestamp64Milli({fromMs: Int64}, 'UTC')
		  AND ts <= fromUnixTimestamp64Milli({toMs: Int64}, 'UTC') + toIntervalDay({w: UInt32})
		GROUP BY customer_key
		HAVING count() > 1`;
/** Of complaint arrivals `c` joined with `nx` (COMPLAINTS_BY_CUSTOMER) and `o` (REOPENS_BY_CONTACT): those repeated within w days. */
export const COMPLAINT_REPEATED = `countIf(arrayExists(x -> x.1 != c.contact_key AND x.2 > c.ts AND x.2 <= c.ts + toIntervalDay({w: UInt32}), nx.nexts)
		     OR arrayExists(x -> x > c.ts AND x <= c.ts + toIntervalDay({w: UInt32}), o.rts))`;
