/**
 * Volume-forecast benchmark on real data: the bank-calls split of
 * tests/fixtures/bank-calls-2003/README.md (train before 2003-10-13, score 10-13…10-24, 1 521
 * five-minute points, 10-14 missing and not scored; MASE scale from the training series with
 * m = one week of open intervals, 845 at 5 minutes).
 *
 * Prints, at 5-min, 30-min and daily level, WAPE / MASE / bias / Cov80 / Cov95 of our chosen model
 * and our snaive/avg4w baselines next to the R anchors; first re-scores the anchors' own forecasts
 * with our metric code (must match anchor_metrics_last2weeks.csv to ~1e-6); then times
 * fit+forecast (median of 5 runs). Nothing here looks at the test weeks before scoring: model
 * choice, hyper-parameters and intervals come from rolling-origin backtests inside the training span.
 *
 * Ends with the rolling-origin scores of ./forecastRolling (issue 22: 11 weekly origins against
 * the anchors of anchor_metrics_rolling.csv, event days separately, met / NOT MET) and the intraday
 * re-forecast comparison of ./forecastIntraday (issue 19).
 *
 * Run: npx tsx bench/forecast.ts [--data DIR] [--runs N] [--no-dev-splits] [--intraday-only] [--rolling-only]
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { printIntradayBench, runIntradayBench } from './forecastIntraday';
import { printRolling, runRolling } from './forecastRolling';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtInEvents, dayNumber, weekdayOfDay, type CalendarEvent } from '../forecast/calendar';
import {
	backtestVolume,
	forecastVolume,
	formatTimestamp,
	parseHistoryCsv,
	scoreForecast,
	type Metrics,
	type ModelName,
	type VolumePoint
} from '../forecast/volume';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const argValue = (name: string) => {
	const i = args.indexOf(name);
	return i >= 0 ? args[i + 1] : undefined;
};
const dataDir = resolve(argValue('--data') ?? resolve(here, '../tests/fixtures/bank-calls-2003'));
const runs = Math.min(9, Math.max(1, Number(argValue("--runs") ?? 5)));

// Known closures in the training span (US federal holidays the centre was shut; README "Data
// quirks"). Ramp and tail of one day: the day before a long weekend and the day after a closure
// are busier — the size of each is learned from earlier closures, never from the test weeks.
const closure = (date: string, name: string): CalendarEvent => ({
	name,
	kind: 'closure',
	dateStart: date,
	dateEnd: date,
	rampDays: 1,
	tailDays: 1,
	source: 'user'
});
const events = [closure('2003-05-26', 'Memorial Day'), closure('2003-07-04', 'Independence Day'), closure('2003-09-01', 'Labor Day')];

const history = parseHistoryCsv(readFileSync(resolve(dataDir, 'bank_calls_5min_2003.csv'), 'utf8'));

// Intraday re-forecast (issue 19), through the forecast CLI; `--intraday-only` prints just this.
const intradayTestDays = ['2003-10-13', '2003-10-14', '2003-10-15', '2003-10-16', '2003-10-17', '2003-10-20', '2003-10-21', '2003-10-22', '2003-10-23', '2003-10-24'];
const intradayLevels = () => [5, 30].map((iv) => runIntradayBench(history, intradayTestDays, iv));
if (args.includes('--intraday-only')) {
	printIntradayBench(intradayLevels());
	process.exit(0);
}

// Rolling origins (issue 22): the 11 weekly origins of anchor_metrics_rolling.csv, the product's
// default model choice (auto) and the same known closures; `--rolling-only` prints just this.
// Printed twice: event-blind (no calendar given, as the issue's "today" figures were taken) and
// with the three known closures (Memorial Day, Independence Day, Labor Day: knowable in advance).
const rolling = () => {
	for (const [label, given] of [
		['model auto, no calendar', []],
		['model auto, the three known closures as events', events]
	] as const) {
		const t0 = performance.now();
		const results = runRolling(history, given, events, dataDir, 'auto');
		printRolling(results, `${label}; ${((performance.now() - t0) / 1000).toFixed(1)} s, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
	}
};
if (args.includes('--rolling-only')) {
	rolling();
	process.exit(0);
}

// --- 1. Our models on the split --------------------------------------------------------------
const report = backtestVolume(history, { holdoutDays: 14, events });
const scored = report.forecasts[report.chosen].length;
if (report.trainEnd !== '2003-10-10' || report.holdoutEnd !== '2003-10-24' || scored !== 1521) {
	throw new Error(`bench: split differs from the README (train end ${report.trainEnd}, holdout end ${report.holdoutEnd}, ${scored} points)`);
}

// --- 2. Anchors re-scored with our metric code ------------------------------------------------
interface AnchorRow {
	level: string;
	method: string;
	values: Record<string, number>;
}
const parseCsv = (text: string) => {
	const [head, ...rows] = text.trim().split(/\r?\n/);
	const cols = head.split(',');
	return rows.map((r) => {
		const cells = r.split(',');
		return Object.fromEntries(cols.map((c, i) => [c, cells[i]]));
	});
};
const anchorMetrics: AnchorRow[] = parseCsv(readFileSync(resolve(dataDir, 'anchor_metrics_last2weeks.csv'), 'utf8')).map((r) => ({
	level: r.level,
	method: r.method,
	values: Object.fromEntries(
		['n', 'MAE', 'WAPE', 'MASE', 'Bias', 'Cov80', 'Cov95', 'seconds'].map((k) => [k, r[k] === 'NA' ? NaN : Number(r[k])])
	)
}));
const anchorRows = parseCsv(readFileSync(resolve(dataDir, 'anchor_forecasts_last2weeks.csv'), 'utf8'));
const levelKey: Record<string, string> = { native: 'native', '30min': '30min', day: 'day' };
const bucketOf = (ts: string, level: string) =>
	level === 'native' ? ts : level === 'day' ? ts.slice(0, 10) : `${ts.slice(0, 14)}${String(Math.floor(Number(ts.slice(14, 16)) / 30) * 30).padStart(2, '0')}`;

function anchorScore(method: string, level: string): Metrics {
	const buckets = new Map<string, { y: number; f: number; lo80: number; hi80: number; lo95: number; hi95: number }>();
	for (const r of anchorRows) {
		const key = bucketOf(r.timestamp, level);
		let b = buckets.get(key);
		if (!b) buckets.set(key, (b = { y: 0, f: 0, lo80: 0, hi80: 0, lo95: 0, hi95: 0 }));
		b.y += Number(r.actual);
		b.f += Number(r[method]);
		if (r[`${method}_lo80`] !== undefined) {
			b.lo80 += Number(r[`${method}_lo80`]);
			b.hi80 += Number(r[`${method}_hi80`]);
			b.lo95 += Number(r[`${method}_lo95`]);
			b.hi95 += Number(r[`${method}_hi95`]);
		}
	}
	const list = [...buckets.values()];
	const withIv = level === 'native' && anchorRows[0][`${method}_lo80`] !== undefined;
	return scoreForecast(
		{
			actual: list.map((b) => b.y),
			forecast: list.map((b) => b.f),
			...(withIv
				? { lo80: list.map((b) => b.lo80), hi80: list.map((b) => b.hi80), lo95: list.map((b) => b.lo95), hi95: list.map((b) => b.hi95) }
				: {})
		},
		report.scale[levelKey[level]].q
	);
}
let maxDiff = 0;
const diffByMethod = new Map<string, number>();
for (const a of anchorMetrics) {
	const m = anchorScore(a.method, a.level);
	const pairs: Array<[number, number]> = [
		[m.n, a.values.n],
		[m.mae, a.values.MAE],
		[m.wapePct, a.values.WAPE],
		[m.mase, a.values.MASE],
		[m.biasPct, a.values.Bias],
		[m.cov80Pct, a.values.Cov80],
		[m.cov95Pct, a.values.Cov95]
	];
	for (const [ours, theirs] of pairs) {
		if (!Number.isFinite(theirs)) continue;
		// Relative to the metric's size: stlf/tbats forecasts are stored rounded to 3 decimals.
		const rel = Math.abs(ours - theirs) / Math.max(1, Math.abs(theirs));
		maxDiff = Math.max(maxDiff, rel);
		diffByMethod.set(a.method, Math.max(diffByMethod.get(a.method) ?? 0, rel));
	}
}

// Our own snaive/avg4w must reproduce the anchors' (same definitions, no missing day in their windows).
const ourVsAnchor = (model: ModelName, column: string) => {
	const ours = new Map(report.forecasts[model].map((p) => [p.timestamp, p.forecast]));
	let d = 0;
	for (const r of anchorRows) {
		if (r.actual === 'NA') continue; // 2003-10-14 is missing and not scored
		d = Math.max(d, Math.abs((ours.get(r.timestamp) ?? NaN) - Number(r[column])));
	}
	return d;
};

// --- 3. Timing: fit + forecast of the chosen pipeline (median of `runs`) -----------------------
const train = history.filter((p) => p.timestamp < '2003-10-13');
const testTimestamps = report.forecasts[report.chosen].map((p) => p.timestamp);
const times: number[] = [];
for (let i = 0; i < runs; i++) {
	const t0 = performance.now();
	forecastVolume(train, { timestamps: testTimestamps, events });
	times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
const medianSec = times[Math.floor(times.length / 2)] / 1000;

// --- 3b. Planning-page scale: two years of 15-minute history, 28-day horizon, built-in events ---
// Deterministic synthetic channel (weekly and yearly pattern, Double 11 ×4 with ramp and tail);
// only the wall time matters here, accuracy on such series is covered by the unit tests.
function syntheticChannel(): VolumePoint[] {
	let seed = 12345;
	const rnd = () => {
		seed = (seed * 1103515245 + 12345) % 2147483648;
		return seed / 2147483648;
	};
	const out: VolumePoint[] = [];
	const first = dayNumber('2024-01-01');
	const d11 = new Set([dayNumber('2024-11-11'), dayNumber('2025-11-11')]);
	for (let day = first; day <= dayNumber('2025-12-31'); day++) {
		const doy = (day - first) % 365;
		const total = 3000 * [1.1, 1.05, 1, 1, 0.95, 0.9, 0.95][weekdayOfDay(day)] * (1 + 0.15 * Math.sin((2 * Math.PI * doy) / 365)) * (d11.has(day) ? 4 : 1);
		for (let s = 0; s < 96; s++) {
			const h = s / 4;
			const shape = h < 8 ? 0 : 0.3 + Math.exp(-((h - 10.5) ** 2) / 3) + Math.exp(-((h - 20.5) ** 2) / 4);
			const mean = (total * shape) / 40;
			out.push({ timestamp: formatTimestamp(day, s * 15), count: Math.max(0, Math.round(mean + Math.sqrt(mean) * (rnd() + rnd() + rnd() - 1.5) * 2)) });
		}
	}
	return out;
}
const channel = syntheticChannel();
const channelEvents = builtInEvents(2024, 2026);
const pageTimes: number[] = [];
for (let i = 0; i < Math.min(runs, 3); i++) {
	const t0 = performance.now();
	forecastVolume(channel, { horizonDays: 28, events: channelEvents });
	pageTimes.push(performance.now() - t0);
}
pageTimes.sort((a, b) => a - b);
const pageSec = pageTimes[Math.floor(pageTimes.length / 2)] / 1000;

// --- 4. Output ---------------------------------------------------------------------------------
const f = (x: number, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : 'NA');
const pad = (s: string, n: number) => s.padEnd(n);
const firstScored = report.forecasts[report.chosen][0].timestamp.slice(0, 10);
console.log(
	`bank-calls-2003 split: train ${report.trainStart}…${report.trainEnd}, scored ${firstScored}…${report.holdoutEnd} (2003-10-14 missing), ${scored} five-minute points`
);
console.log(
	`MASE scale Q (training series, missing days filled from the week before): 5-min ${f(report.scale.native.q, 4)} (m=${report.scale.native.m}), 30-min ${f(report.scale['30min'].q, 4)} (m=${report.scale['30min'].m}), day ${f(report.scale.day.q, 2)} (m=${report.scale.day.m})`
);
console.log(`metric check: anchors re-scored from anchor_forecasts with our code, max relative |diff| vs anchor_metrics = ${maxDiff.toExponential(2)} (${[...diffByMethod].map(([k, v]) => `${k} ${v.toExponential(1)}`).join(", ")})`);
console.log(`baseline check: max |ours − anchor| forecast: snaive ${ourVsAnchor('snaive', 'snaive').toExponential(2)}, avg4w ${ourVsAnchor('avg4w', 'avg4w').toExponential(2)}`);
console.log(
	`model choice (rolling-origin backtests inside training, pooled WAPE %): ${report.candidates.map((c) => `${c.model} ${f(c.wapePct)} (daily ${f(c.dailyWapePct)})`).join(', ')} → chosen: ${report.chosen}`
);
console.log('');
const header = `${pad('level', 7)} ${pad('method', 16)} ${pad('WAPE', 7)} ${pad('MASE', 7)} ${pad('Bias%', 7)} ${pad('Cov80', 6)} ${pad('Cov95', 6)}`;
for (const level of ['native', '30min', 'day']) {
	console.log(header.replace('level  ', level === 'native' ? '5-min  ' : pad(level, 7)));
	const lvlName = level === 'native' ? '5-min' : level;
	for (const a of anchorMetrics.filter((x) => x.level === level)) {
		console.log(
			`${pad(lvlName, 7)} ${pad(`anchor ${a.method}`, 16)} ${pad(f(a.values.WAPE), 7)} ${pad(f(a.values.MASE, 3), 7)} ${pad(f(a.values.Bias), 7)} ${pad(f(a.values.Cov80, 1), 6)} ${pad(f(a.values.Cov95, 1), 6)}`
		);
	}
	for (const model of [report.chosen, 'snaive', 'avg4w'] as ModelName[]) {
		const row = report.rows.find((r) => r.model === model && r.level === level)!;
		const m = row.metrics;
		const name = model === report.chosen ? `ours ${model}*` : `ours ${model}`;
		console.log(`${pad(lvlName, 7)} ${pad(name, 16)} ${pad(f(m.wapePct), 7)} ${pad(f(m.mase, 3), 7)} ${pad(f(m.biasPct), 7)} ${pad(f(m.cov80Pct, 1), 6)} ${pad(f(m.cov95Pct, 1), 6)}`);
	}
	console.log('');
}
const stlfSec = anchorMetrics.find((a) => a.method === 'stlf' && a.level === 'native')!.values.seconds;
console.log(`fit+forecast wall time (ours ${report.chosen}, incl. backtests for model choice and intervals): median ${f(medianSec, 3)} s of ${runs} runs [${times.map((t) => (t / 1000).toFixed(3)).join(', ')}]; stlf anchor ${f(stlfSec, 3)} s`);
console.log(`planning-page scale (2 years of 15-min history = ${channel.length} rows, 28-day horizon, built-in events): median ${f(pageSec, 3)} s of ${pageTimes.length} runs`);

const nat = report.rows.find((r) => r.model === report.chosen && r.level === 'native')!.metrics;
const day = report.rows.find((r) => r.model === report.chosen && r.level === 'day')!.metrics;
const checks: Array<[string, boolean, string]> = [
	['5-min WAPE ≤ 7.5', nat.wapePct <= 7.5, f(nat.wapePct)],
	['5-min MASE ≤ 0.711 (15 % better than stlf 0.836)', nat.mase <= 0.711, f(nat.mase, 3)],
	['daily WAPE ≤ 4.0', day.wapePct <= 4.0, f(day.wapePct)],
	['80 % interval coverage in 75…85 %', nat.cov80Pct >= 75 && nat.cov80Pct <= 85, f(nat.cov80Pct, 1)],
	['fit+forecast < 3 s', medianSec < 3, `${f(medianSec, 3)} s`]
];
console.log('targets (issue 6):');
for (const [name, ok, value] of checks) console.log(`  ${ok ? 'MET    ' : 'NOT MET'} ${name}: ${value}`);

// --- 5. Diagnostics: where the remaining error is (these look at the test weeks on purpose) ----
// Not forecasts — they bound what any forecast could score here, so a reader can tell a model
// gap from a data limit. Printed after the targets and never used by the model.
{
	type Scored = { timestamp: string; actual: number; forecast: number };
	/** Sums actual and forecast per bucket key (a day, a week). */
	const totalsBy = <K>(series: readonly Scored[], key: (timestamp: string) => K) => {
		const out = new Map<K, { actual: number; forecast: number }>();
		for (const p of series) {
			const k = key(p.timestamp);
			const t = out.get(k) ?? { actual: 0, forecast: 0 };
			t.actual += p.actual;
			t.forecast += p.forecast;
			out.set(k, t);
		}
		return out;
	};
	const pts = report.forecasts[report.chosen];
	const byDay = totalsBy(pts, (ts) => ts.slice(0, 10));
	const sumActual = pts.reduce((s, p) => s + p.actual, 0);
	// (a) Oracle daily totals: our intraday split of each day's TRUE total.
	const oracleAbs = pts.reduce((s, p) => {
		const d = byDay.get(p.timestamp.slice(0, 10))!;
		return s + Math.abs(p.actual - (p.forecast * d.actual) / d.forecast);
	}, 0);
	// (b) Poisson floor: E|N − λ| ≈ √(2λ/π) for counts with known mean λ (the oracle-split forecast).
	const poissonAbs = pts.reduce((s, p) => {
		const d = byDay.get(p.timestamp.slice(0, 10))!;
		return s + Math.sqrt((2 * ((p.forecast * d.actual) / d.forecast)) / Math.PI);
	}, 0);
	console.log('');
	console.log('diagnostics (use the test actuals; bounds, not forecasts):');
	console.log(
		`  day totals, ours vs actual: ${[...byDay].map(([d, v]) => `${d.slice(5)} ${f((100 * (v.forecast - v.actual)) / v.actual, 1)}%`).join(', ')}`
	);
	console.log(`  5-min WAPE of our intraday split given the TRUE daily totals: ${f((100 * oracleAbs) / sumActual)} (Poisson noise floor ≈ ${f((100 * poissonAbs) / sumActual)})`);
	// (c) The same pipeline had the planner's calendar marked 2003-10-14 (missing in the data) as a
	// closure with a three-day tail; the tail sizes are learned from the three training closures.
	const withClosure = [...events.map((e) => ({ ...e, tailDays: 3 })), { ...closure('2003-10-14', 'closed (missing in the data)'), tailDays: 3 }];
	const alt = backtestVolume(history, { holdoutDays: 14, events: withClosure });
	const altNat = alt.rows.find((r) => r.model === alt.chosen && r.level === 'native')!.metrics;
	const altDay = alt.rows.find((r) => r.model === alt.chosen && r.level === 'day')!.metrics;
	console.log(
		`  if 2003-10-14 had been declared a closure in advance: 5-min WAPE ${f(altNat.wapePct)}, MASE ${f(altNat.mase, 3)}, daily WAPE ${f(altDay.wapePct)}, Cov80 ${f(altNat.cov80Pct, 1)} (${alt.chosen})`
	);
	// (d) Oracle week levels: each forecast rescaled so that its total over each test week equals
	// that week's actual total. Keeps the method's weekday pattern and intraday split, removes
	// every level error a forecaster could have — what is left is day-to-day and within-day noise.
	// Applied to ours and to the R stlf anchor.
	const weekOf = (ts: string) => Math.floor((dayNumber(ts.slice(0, 10)) - dayNumber('2003-10-13')) / 7);
	const oracleWeekLevel = (series: readonly Scored[]) => {
		const weeks = totalsBy(series, weekOf);
		const scaled = series.map((p) => {
			const w = weeks.get(weekOf(p.timestamp))!;
			return { ...p, forecast: (p.forecast * w.actual) / w.forecast };
		});
		const days = [...totalsBy(scaled, (ts) => ts.slice(0, 10)).values()];
		const nat5 = scoreForecast({ actual: scaled.map((p) => p.actual), forecast: scaled.map((p) => p.forecast) }, report.scale.native.q);
		const dayM = scoreForecast({ actual: days.map((d) => d.actual), forecast: days.map((d) => d.forecast) }, report.scale.day.q);
		return `5-min WAPE ${f(nat5.wapePct)}, MASE ${f(nat5.mase, 3)}, daily WAPE ${f(dayM.wapePct)}`;
	};
	const stlfSeries = anchorRows
		.filter((r) => r.actual !== 'NA')
		.map((r) => ({ timestamp: r.timestamp, actual: Number(r.actual), forecast: Number(r.stlf) }));
	console.log(`  given each test week's TRUE total (level error removed): ours ${oracleWeekLevel(pts)}; stlf ${oracleWeekLevel(stlfSeries)}`);
	console.log(`  (MASE and WAPE scale the same absolute errors here: MASE ≤ 0.711 ⇔ 5-min WAPE ≤ ${f((0.711 * nat.wapePct) / nat.mase)})`);
}

// --- 6. Context: the same code on 16 development fortnights inside the training span ----------
// Train before D, score the next 12 calendar days (10 weekdays), D = every Monday 06-16…09-29 —
// the splits the design constants were set on (docs/forecasting.md, "Tuning log"). Shows how the
// test fortnight compares with typical ones; skip with --no-dev-splits.
if (!args.includes('--no-dev-splits')) {
	const mondays: string[] = [];
	for (let d = dayNumber('2003-06-16'); d <= dayNumber('2003-09-29'); d += 7) mondays.push(formatTimestamp(d, 0).slice(0, 10));
	const models: Array<ModelName> = ['topdown', 'avg4w', 'snaive'];
	const sums = new Map(models.map((m) => [m, { w5: 0, mase: 0, wd: 0, cov80: 0 }]));
	for (const monday of mondays) {
		const end = formatTimestamp(dayNumber(monday) + 12, 0).slice(0, 10);
		const dev = backtestVolume(history.filter((p) => p.timestamp < end), { holdoutDays: 12, events, model: 'topdown' });
		for (const m of models) {
			const nat5 = dev.rows.find((r) => r.model === m && r.level === 'native')!.metrics;
			const dayM = dev.rows.find((r) => r.model === m && r.level === 'day')!.metrics;
			const acc = sums.get(m)!;
			acc.w5 += nat5.wapePct;
			acc.mase += nat5.mase;
			acc.wd += dayM.wapePct;
			acc.cov80 += nat5.cov80Pct;
		}
	}
	console.log('');
	console.log(`context: mean over ${mondays.length} development fortnights inside the training span (train before D, score 12 days; D = Mondays 06-16…09-29):`);
	for (const m of models) {
		const a = sums.get(m)!;
		const k = mondays.length;
		console.log(`  ${pad(m, 8)} 5-min WAPE ${f(a.w5 / k)}, MASE ${f(a.mase / k, 3)}, daily WAPE ${f(a.wd / k)}, Cov80 ${f(a.cov80 / k, 1)}`);
	}
}

rolling();

printIntradayBench(intradayLevels());
