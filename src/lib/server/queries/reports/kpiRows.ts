import type { ClickHouseClient } from '@clickhouse/client';
import type { ChannelConfig } from '$lib/types/domain';
import { queryColumns, streamRows } from '../stream';

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

const FORMULA_CODE: Record<ChannelConfig['slFormula'], number> = {
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
function dayPeriodExpr(by: ReportPeriod): string {
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

const hist = (h: string, cond: string) => `arraySum((k, v) -> if(${cond}, v, toUInt64(0)), ${h}.1, ${h}.2)`;

/**
 * Counters per period × dims from the rollups (day-grain where it serves, else hourly). Service level and
 * 即时响应率 use each channel's own T, grace, formula and kind (as on the board): every rollup row has one
 * channel, so its histograms are reduced to that channel's within-T / late-abandon / grace counts and
 * its denominator right there, and those add up across channels. The P90 of first response needs the
 * merged histogram: the rows' bucket keys and counts are concatenated (groupArray + arrayFlatten), sorted
 * by key and walked to ⌈0.9 n⌉ — several times cheaper than merging with sumMap (a hash map per group;
 * measured: decision 0080). Runs on the heavy connection.
 */
export async function kpiRollupRows(client: ClickHouseClient, q: KpiQuery): Promise<RollupRow[]> {
	const dimCols = q.dims.map((d) => DIM_COLUMN[d]);
	const f = filterSql(q.filters);
	const src = rollupSource(q);
	const dimSel = dimCols.map((c) => `, ${c}`).join('');
	const sql = `
		SELECT period${dimSel}, offered, answered, abandoned, resolved, sl_num, sl_den, imm_num, imm_den, frt_ms_sum, handle_ms_sum, handled,
		  csat_sum, csat_count, nps_promoters, nps_detractors, nps_count,
		  if(n_frt = 0, NULL, sk[arrayFirstIndex(c -> c >= toUInt64(ceil(0.9 * n_frt)), arrayCumSum(sv))]) AS p90_frt_sec
		FROM (
		  SELECT period${dimSel},
		    sum(offered) AS offered, sum(answered) AS answered, sum(abandoned) AS abandoned, sum(resolved) AS resolved,
		    sum(within_t_r) AS sl_num, sum(sl_den_r) AS sl_den, sum(imm_num_r) AS imm_num, sum(imm_den_r) AS imm_den,
		    sum(frt_ms_sum) AS frt_ms_sum, sum(handle_ms_sum) AS handle_ms_sum, sum(handled) AS handled,
		    sum(csat_sum) AS csat_sum, sum(csat_count) AS csat_count,
		    sum(nps_promoters) AS nps_promoters, sum(nps_detractors) AS nps_detractors, sum(nps_count) AS nps_count,
		    arrayFlatten(groupArray(answered_wait_hist.1)) AS ks, arrayFlatten(groupArray(answered_wait_hist.2)) AS vs,
		    arraySort(ks) AS sk, arraySort((v, k) -> k, vs, ks) AS sv, arraySum(vs) AS n_frt
		  FROM (
		    SELECT period${dimSel}, offered, answered, abandoned, resolved, frt_ms_sum, handle_ms_sum, handled,
		      csat_sum, csat_count, nps_promoters, nps_detractors, nps_count, answered_wait_hist, within_t_r,
		      toInt64(multiIf(fml = 0, toInt64(answered + ab_after_t_r), fml = 1, toInt64(answered + abandoned) - toInt64(ab_in_grace_r), toInt64(answered))) AS sl_den_r,
		      if(rt = 1, imm_within_r, toUInt64(0)) AS imm_num_r,
		      if(rt = 1, offered, toUInt64(0)) AS imm_den_r
		    FROM (
		      SELECT ${src.timeCol === 'day' ? dayPeriodExpr(q.by as ReportPeriod) : periodExpr(q.by, 'hour')} AS period${dimSel}, offered, answered, abandoned, resolved,
		        frt_ms_sum, handle_ms_sum, handled, csat_sum, csat_count, nps_promoters, nps_detractors, nps_count, answered_wait_hist,
		        transform(channel, {chIds: Array(String)}, {chT: Array(UInt32)}, toUInt32(0)) AS t,
		        transform(channel, {chIds: Array(String)}, {chGrace: Array(UInt32)}, toUInt32(0)) AS g,
		        transform(channel, {chIds: Array(String)}, {chImm: Array(UInt32)}, toUInt32(0)) AS imm,
		        transform(channel, {chIds: Array(String)}, {chFormula: Array(UInt8)}, toUInt8(0)) AS fml,
		        transform(channel, {chIds: Array(String)}, {chRealtime: Array(UInt8)}, toUInt8(0)) AS rt,
		        ${hist('answered_wait_hist', 'k <= t')} AS within_t_r,
		        ${hist('abandoned_wait_hist', 'k > t')} AS ab_after_t_r,
		        ${hist('abandoned_wait_hist', 'k <= g AND g > 0')} AS ab_in_grace_r,
		        ${hist('arrival_wait_hist', 'k <= imm')} AS imm_within_r
		      FROM ${src.table}
		      WHERE ${src.range}${f.sql}
		    )
		  )
		  GROUP BY period${dimSel}
		)`;
	const NUM = ['offered', 'answered', 'abandoned', 'resolved', 'sl_num', 'sl_den', 'imm_num', 'imm_den', 'frt_ms_sum', 'handle_ms_sum', 'handled', 'csat_sum', 'csat_count', 'nps_promoters', 'nps_detractors', 'nps_count'];
	const { n, col } = await queryColumns(
		client,
		'reports/kpiRollupRows',
		sql,
		{
			tz: q.timezone,
			fromMs: q.fromMs,
			toMs: q.toMs,
			chIds: q.channels.map((c) => c.id),
			chT: q.channels.map((c) => c.slTargetSec),
			chGrace: q.channels.map((c) => c.slAbandonGraceSec),
			chImm: q.channels.map((c) => c.immediateResponseSec),
			chFormula: q.channels.map((c) => FORMULA_CODE[c.slFormula]),
			chRealtime: q.channels.map((c) => (c.kind === 'realtime' ? 1 : 0)),
			...f.params
		},
		['period', ...dimCols, ...NUM, 'p90_frt_sec'],
		['p90_frt_sec']
	);
	const num = (c: string, i: number) => Number(col[c][i]);
	const out: RollupRow[] = [];
	for (let i = 0; i < n; i++) {
		const p90 = col.p90_frt_sec[i];
		out.push({
			period: String(col.period[i]),
			dims: Object.fromEntries(q.dims.map((d) => [d, String(col[DIM_COLUMN[d]][i])])),
			offered: num('offered', i),
			answered: num('answered', i),
			abandoned: num('abandoned', i),
			resolved: num('resolved', i),
			slNum: num('sl_num', i),
			slDen: num('sl_den', i),
			immNum: num('imm_num', i),
			immDen: num('imm_den', i),
			frtMsSum: num('frt_ms_sum', i),
			frtCount: num('answered', i),
			p90FrtSec: p90 === null || p90 === undefined ? null : Number(p90),
			handleMsSum: num('handle_ms_sum', i),
			handled: num('handled', i),
			csatSum: num('csat_sum', i),
			csatCount: num('csat_count', i),
			npsPromoters: num('nps_promoters', i),
			npsDetractors: num('nps_detractors', i),
			npsCount: num('nps_count', i)
		});
	}
	return out;
}

export interface CountRow {
	period: string;
	dims: Record<string, string>;
	n: number;
	m: number;
}

/**
 * FCR part: resolutions in [from, to) that were followed by a reopen of the same contact within
 * `windowDays` (n), per period × dims of the resolution event. The reopen set is small, so it is
 * read once and the resolutions are narrowed to its contacts before the join.
 */
export async function resolvedThenReopened(client: ClickHouseClient, q: KpiQuery, windowDays: number): Promise<CountRow[]> {
	const dimCols = q.dims.map((d) => DIM_COLUMN[d]);
	const dimSel = dimCols.map((c) => `, ${c}`).join('');
	const f = filterSql(q.filters);
	const reopens = `SELECT contact_key, ts FROM report_marks
		WHERE type = 'contact.reopened' AND ts > fromUnixTimestamp64Milli({fromMs: Int64}, 'UTC')
		  AND ts <= fromUnixTimestamp64Milli({toMs: Int64}, 'UTC') + toIntervalDay({w: UInt32})`;
	const sql = `
		SELECT ${periodExpr(q.by, 'r.ts')} AS period${dimCols.map((c) => `, r.${c} AS ${c}`).join('')}, count() AS rep_n, 0 AS tot_m
		FROM (
		  -- only resolutions of contacts that were reopened at all: a key-only scan against the small reopen
		  -- set (PREWHERE), so the other columns and the join see ~5 % of the resolutions
		  SELECT ts, contact_key${dimSel} FROM report_marks
		  PREWHERE contact_key IN (SELECT contact_key FROM (${reopens}))
		  WHERE type = 'contact.resolved' AND ts >= fromUnixTimestamp64Milli({fromMs: Int64}, 'UTC')
		    AND ts < fromUnixTimestamp64Milli({toMs: Int64}, 'UTC')${f.sql}
		) AS r
		INNER JOIN (SELECT contact_key, groupArray(ts) AS rts FROM (${reopens}) GROUP BY contact_key) AS o ON r.contact_key = o.contact_key
		WHERE arrayExists(x -> x > r.ts AND x <= r.ts + toIntervalDay({w: UInt32}), o.rts)
		GROUP BY period${dimCols.map((c) => `, ${c}`).join('')}`;
	return countRows(client, 'reports/resolvedThenReopened', sql, q, { w: windowDays, ...f.params });
}

/**
 * 投诉二次率 part: complaint-queue arrivals in [from, to) (m) and those followed within `windowDays`
 * by another complaint-queue arrival of the same customer or by a reopen of the same contact (n).
 */
export async function complaintRepeats(
	client: ClickHouseClient,
	q: KpiQuery,
	windowDays: number,
	complaintQueues: string[]
): Promise<CountRow[]> {
	if (complaintQueues.length === 0) return [];
	const dimCols = q.dims.map((d) => DIM_COLUMN[d]);
	const f = filterSql(q.filters);
	const sql = `
		SELECT ${periodExpr(q.by, 'c.ts')} AS period${dimCols.map((col) => `, c.${col} AS ${col}`).join('')},
		  countIf(arrayExists(x -> x.1 != c.contact_key AND x.2 > c.ts AND x.2 <= c.ts + toIntervalDay({w: UInt32}), nx.nexts)
		       OR arrayExists(x -> x > c.ts AND x <= c.ts + toIntervalDay({w: UInt32}), o.rts)) AS rep_n,
		  count() AS tot_m
		FROM (
		  SELECT ts, contact_key, customer_key${dimCols.map((col) => `, ${col}`).join('')} FROM report_marks
		  WHERE type = 'contact.arrived' AND queue IN {cq: Array(String)}
		    AND ts >= fromUnixTimestamp64Milli({fromMs: Int64}, 'UTC') AND ts < fromUnixTimestamp64Milli({toMs: Int64}, 'UTC')${f.sql}
		) AS c
		LEFT JOIN (
		  SELECT customer_key, groupArray((contact_key, ts)) AS nexts FROM report_marks
		  WHERE type = 'contact.arrived' AND queue IN {cq: Array(String)} AND customer_key != 0
		    AND ts >= fromUnixTimestamp64Milli({fromMs: Int64}, 'UTC')
		    AND ts <= fromUnixTimestamp64Milli({toMs: Int64}, 'UTC') + toIntervalDay({w: UInt32})
		  GROUP BY customer_key
		  -- a customer with one complaint contact cannot repeat: keep the hash table to those with two or more
		  HAVING count() > 1
		) AS nx ON c.customer_key = nx.customer_key
		LEFT JOIN (
		  SELECT contact_key, groupArray(ts) AS rts FROM report_marks
		  WHERE type = 'contact.reopened' AND ts > fromUnixTimestamp64Milli({fromMs: Int64}, 'UTC')
		    AND ts <= fromUnixTimestamp64Milli({toMs: Int64}, 'UTC') + toIntervalDay({w: UInt32})
		  GROUP BY contact_key
		) AS o ON c.contact_key = o.contact_key
		GROUP BY period${dimCols.map((col) => `, ${col}`).join('')}`;
	return countRows(client, 'reports/complaintRepeats', sql, q, { w: windowDays, cq: complaintQueues, ...f.params });
}

async function countRows(
	client: ClickHouseClient,
	tag: string,
	sql: string,
	q: KpiQuery,
	extra: Record<string, unknown>
): Promise<CountRow[]> {
	const dimCols = q.dims.map((d) => DIM_COLUMN[d]);
	const { n, col } = await queryColumns(client, tag, sql, { tz: q.timezone, fromMs: q.fromMs, toMs: q.toMs, ...extra }, ['period', ...dimCols, 'rep_n', 'tot_m']);
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

export interface Distributions {
	/** [bucket upper edge in seconds (migration 0002 rule), count] ascending */
	firstResponse: [number, number][];
	handle: [number, number][];
	abandonWait: [number, number][];
}

/** Histograms of first-response waits, handle times and waits before abandoning, from the channel × queue rollup. */
export async function reportDistributions(client: ClickHouseClient, q: Pick<KpiQuery, 'fromMs' | 'toMs' | 'filters'>): Promise<Distributions> {
	const f = filterSql(q.filters);
	const table = (q.filters.team?.length ?? 0) > 0 ? 'report_hour' : 'report_hour_cq';
	let out: Distributions = { firstResponse: [], handle: [], abandonWait: [] };
	const pairs = (h: [unknown[], unknown[]]): [number, number][] => h[0].map((k, i) => [Number(k), Number(h[1][i])]);
	await streamRows<{ a: [unknown[], unknown[]]; h: [unknown[], unknown[]]; b: [unknown[], unknown[]] }>(
		client,
		'reports/distributions',
		`SELECT sumMap(answered_wait_hist) AS a, sumMap(handle_hist) AS h, sumMap(abandoned_wait_hist) AS b FROM ${table}
		 WHERE hour >= toDateTime(intDiv({fromMs: Int64}, 1000), 'UTC') AND hour < toDateTime(intDiv({toMs: Int64}, 1000), 'UTC')${f.sql}`,
		{ fromMs: q.fromMs, toMs: q.toMs, ...f.params },
		(r) => (out = { firstResponse: pairs(r.a), handle: pairs(r.h), abandonWait: pairs(r.b) })
	);
	return out;
}
