/**
 * Holdout backtest CLI.
 *
 *   npm run --silent forecast:backtest -- --history h.csv [--events e.csv] --holdout-days 14
 *     [--interval-min 5|15|30|60] [--model auto|topdown|combo|avg4w|snaive] [--zone Asia/Shanghai]
 *     [--no-builtin-events]
 *
 * Holds out the last N days, fits on the rest exactly as `forecast` would, and prints WAPE, MASE,
 * bias and 80/95 % interval coverage of the chosen model and of every other candidate (the
 * snaive/avg4w baselines included), per interval, per 30 minutes (when finer) and per day.
 * Bad arguments or input → message on stderr naming the argument or file line, exit code 2.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { builtInEvents, FESTIVAL_FIRST_YEAR, FESTIVAL_LAST_YEAR, type CalendarEvent } from '../forecast/calendar';
import { backtestVolume, MODEL_NAMES, parseEventsCsv, parseHistoryCsv, parseTimestamp, type ModelName } from '../forecast/volume';

const USAGE =
	'usage: forecast:backtest --history h.csv [--events e.csv] --holdout-days N [--interval-min 5|15|30|60] ' +
	'[--model auto|topdown|combo|avg4w|snaive] [--zone IANA] [--no-builtin-events]';

function fail(message: string): never {
	process.stderr.write(`forecast:backtest: ${message}\n${USAGE}\n`);
	process.exit(2);
}

function readArgFile(arg: string, path: string): string {
	try {
		return readFileSync(path, 'utf8');
	} catch (e) {
		return fail(`--${arg} ${path}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
	}
}

function parseCli() {
	return parseArgs({
		args: process.argv.slice(2),
		strict: true,
		allowPositionals: false,
		options: {
			history: { type: 'string' },
			events: { type: 'string' },
			'holdout-days': { type: 'string' },
			'interval-min': { type: 'string' },
			model: { type: 'string' },
			zone: { type: 'string' },
			'no-builtin-events': { type: 'boolean' }
		}
	});
}
let parsed: ReturnType<typeof parseCli>;
try {
	parsed = parseCli();
} catch (e) {
	fail((e as Error).message);
}
const v = parsed.values;
if (!v.history) fail('--history is required (a CSV file timestamp,count)');
if (v['holdout-days'] === undefined) fail('--holdout-days is required (days at the end of the history to hold out)');
const holdoutDays = Number(v['holdout-days']);
if (!/^\d+$/.test(v['holdout-days']) || holdoutDays < 1 || holdoutDays > 366) {
	fail(`--holdout-days must be a whole number of days in 1…366, got ${JSON.stringify(v['holdout-days'])}`);
}
let intervalMin: number | undefined;
if (v['interval-min'] !== undefined) {
	if (!['5', '15', '30', '60'].includes(v['interval-min'])) {
		fail(`--interval-min must be one of 5, 15, 30, 60, got ${JSON.stringify(v['interval-min'])}`);
	}
	intervalMin = Number(v['interval-min']);
}
const model = (v.model ?? 'auto') as ModelName | 'auto';
if (model !== 'auto' && !MODEL_NAMES.includes(model)) {
	fail(`--model must be auto or one of ${MODEL_NAMES.join(', ')}, got ${JSON.stringify(v.model)}`);
}
const zone = v.zone ?? 'Asia/Shanghai';
if (parseTimestamp('2020-01-01T00:00:00Z', zone) === null) fail(`--zone ${JSON.stringify(zone)} is not a known IANA time zone`);

try {
	const history = parseHistoryCsv(readArgFile('history', v.history), zone, v.history);
	const userEvents: CalendarEvent[] = v.events ? parseEventsCsv(readArgFile('events', v.events), v.events) : [];
	const from = Math.max(Number(history[0].timestamp.slice(0, 4)), FESTIVAL_FIRST_YEAR);
	const to = Math.min(Number(history[history.length - 1].timestamp.slice(0, 4)), FESTIVAL_LAST_YEAR);
	const builtin = !v['no-builtin-events'] && from <= to ? builtInEvents(from, to) : [];

	const report = backtestVolume(history, { holdoutDays, events: [...builtin, ...userEvents], zone, intervalMin, model });
	const f = (x: number, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : 'NA');
	const out: string[] = [];
	out.push(`train ${report.trainStart}…${report.trainEnd}, holdout ${report.holdoutStart}…${report.holdoutEnd}, interval ${report.intervalMin} min`);
	out.push(
		`MASE scale (in-sample seasonal naive, one week of open intervals): ${Object.entries(report.scale)
			.map(([k, s]) => `${k} Q=${f(s.q, 3)} m=${s.m}`)
			.join(', ')}`
	);
	out.push(
		`model choice on rolling-origin backtests in the training span (WAPE %): ${report.candidates
			.map((c) => `${c.model} ${f(c.wapePct)}`)
			.join(', ')} → ${report.chosen} (${report.chosenBy})`
	);
	out.push('');
	out.push(['level', 'model', 'n', 'WAPE%', 'MASE', 'bias%', 'cov80%', 'cov95%'].map((h, i) => h.padEnd(i <= 1 ? 10 : 8)).join(''));
	for (const row of report.rows) {
		const m = row.metrics;
		const name = row.model === report.chosen ? `${row.model}*` : row.model;
		out.push(
			[row.level === 'native' ? 'interval' : row.level, name, String(m.n), f(m.wapePct), f(m.mase, 3), f(m.biasPct), f(m.cov80Pct, 1), f(m.cov95Pct, 1)]
				.map((c, i) => c.padEnd(i <= 1 ? 10 : 8))
				.join('')
		);
	}
	out.push('* = chosen model; interval coverage per day is over few points, read it with care');
	for (const w of report.warnings) out.push(`warning: ${w}`);
	process.stdout.write(`${out.join('\n')}\n`);
} catch (e) {
	fail((e as Error).message);
}
