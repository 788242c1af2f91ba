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
import type { CalendarEvent } from '../forecast/calendar';
import { backtestVolume, parseEventsCsv, parseHistoryCsv } from '../forecast/volume';
import { CliExit, runIfEntry, type CliIo } from './cli';
import { builtInEventsFor, commonOptions, createCli, exitCode, type Cli } from './forecast-cli-common';

const USAGE =
	'usage: forecast:backtest --history h.csv [--events e.csv] --holdout-days N [--interval-min 5|15|30|60] ' +
	'[--model auto|topdown|combo|avg4w|snaive] [--zone IANA] [--no-builtin-events]';

/** The CLI; returns the exit code (2 = bad arguments or input, with a message naming it). */
export function main(argv: string[], io: CliIo): number {
	return exitCode(() => {
		const cli = createCli('forecast:backtest', USAGE, argv, io);
		const fail: Cli['fail'] = cli.fail;
		const readArgFile = cli.readArgFile;

		const v = cli.parse({ 'holdout-days': { type: 'string' } });
		if (!v.history) fail('--history is required (a CSV file timestamp,count)');
		if (v['holdout-days'] === undefined) fail('--holdout-days is required (days at the end of the history to hold out)');
		const holdoutDays = Number(v['holdout-days']);
		if (!/^\d+$/.test(v['holdout-days']) || holdoutDays < 1 || holdoutDays > 366) {
			fail(`--holdout-days must be a whole number of days in 1…366, got ${JSON.stringify(v['holdout-days'])}`);
		}
		const { intervalMin, model, zone } = commonOptions(cli, v);

		try {
			const history = parseHistoryCsv(readArgFile('history', v.history), zone, v.history);
			const userEvents: CalendarEvent[] = v.events ? parseEventsCsv(readArgFile('events', v.events), v.events) : [];
			const builtin = builtInEventsFor(
				Number(history[0].timestamp.slice(0, 4)),
				Number(history[history.length - 1].timestamp.slice(0, 4)),
				v['no-builtin-events'] === true
			);

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
			io.out(`${out.join('\n')}\n`);
		} catch (e) {
			if (e instanceof CliExit) throw e;
			fail((e as Error).message);
		}
	});
}

runIfEntry(import.meta.url, main);
