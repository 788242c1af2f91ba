/**
 * Volume forecast CLI for planners and scripts.
 *
 *   npm run --silent forecast -- --history h.csv [--events e.csv]
 *     (--horizon-days N [--from YYYY-MM-DD] | --timestamps t.csv) [--interval-min 5|15|30|60] --out f.csv
 *     [--model auto|topdown|combo|avg4w|snaive] [--zone Asia/Shanghai] [--no-builtin-events]
 *     [--override "EVENT NAME[@YYYY-MM-DD]=FACTOR" …] [--quantiles]
 *
 * h.csv: `timestamp,count` (local wall clock in --zone); e.csv: `date_start,date_end,name,kind
 * [,ramp_days,tail_days]`; t.csv: timestamps to forecast in the first column. Writes
 * `timestamp,forecast,lo80,hi80,lo95,hi95` (+ `p50,p80,p90` with --quantiles) and prints a short
 * summary (the real window: first and last day written; chosen model, events, overrides) on stdout.
 * --horizon-days N writes every usual interval of each of the N days from the day after the history
 * (or from --from), whatever rows the history lacks: a slot missing on some days is missing data,
 * not a closed slot (forecast/volume/describeDays.ts). A --history that ends part-way through a day
 * gets the rest of that day re-forecast from its actuals (then --horizon-days N = the rest of that
 * day + N days; docs/forecasting.md "Intraday re-forecast"). Bad arguments or input → message on
 * stderr naming the argument or the file line, exit code 2.
 */
import { writeFileSync } from 'node:fs';
import type { CalendarEvent } from '../forecast/calendar';
import { forecastVolume, parseEventsCsv, parseHistoryCsv, parseTimestampsCsv, type UpliftOverride } from '../forecast/volume';
import { CliExit, runIfEntry, type CliIo } from './cli';
import { builtInEventsFor, commonOptions, createCli, exitCode, type Cli } from './forecast-cli-common';

const USAGE =
	'usage: forecast --history h.csv [--events e.csv] (--horizon-days N [--from YYYY-MM-DD] | --timestamps t.csv) [--interval-min 5|15|30|60] --out f.csv ' +
	'[--model auto|topdown|combo|avg4w|snaive] [--zone IANA] [--no-builtin-events] [--override "NAME[@YYYY-MM-DD]=FACTOR"] [--quantiles]';

/** The CLI; returns the exit code (2 = bad arguments or input, with a message naming it). */
export function main(argv: string[], io: CliIo): number {
	return exitCode(() => {
		const cli = createCli('forecast', USAGE, argv, io);
		const fail: Cli['fail'] = cli.fail;
		const readArgFile = cli.readArgFile;

		const v = cli.parse({
			'horizon-days': { type: 'string' },
			from: { type: 'string' },
			timestamps: { type: 'string' },
			out: { type: 'string' },
			override: { type: 'string', multiple: true },
			quantiles: { type: 'boolean' }
		});

		if (!v.history) fail('--history is required (a CSV file timestamp,count)');
		if (!v.out) fail('--out is required (the CSV file to write)');
		if ((v['horizon-days'] === undefined) === (v.timestamps === undefined)) {
			fail('give exactly one of --horizon-days N or --timestamps t.csv');
		}
		let horizonDays: number | undefined;
		if (v['horizon-days'] !== undefined) {
			const n = Number(v['horizon-days']);
			if (!/^\d+$/.test(v['horizon-days']) || n < 1 || n > 800) {
				fail(`--horizon-days must be a whole number of days in 1…800, got ${JSON.stringify(v['horizon-days'])}`);
			}
			horizonDays = n;
		}
		if (v.from !== undefined) {
			if (horizonDays === undefined) fail('--from goes with --horizon-days (the N days from that date), not with --timestamps');
			if (!/^\d{4}-\d{2}-\d{2}$/.test(v.from) || Number.isNaN(Date.parse(`${v.from}T00:00:00Z`))) {
				fail(`--from must be a date YYYY-MM-DD after the history, got ${JSON.stringify(v.from)}`);
			}
		}
		const { intervalMin, model, zone } = commonOptions(cli, v);

		const overrides: UpliftOverride[] = (v.override ?? []).map((text) => {
			const m = /^(.+?)(?:@(\d{4}-\d{2}-\d{2}))?=([0-9]*\.?[0-9]+)$/.exec(text);
			if (!m) fail(`--override must look like "EVENT NAME=FACTOR" or "EVENT NAME@YYYY-MM-DD=FACTOR", got ${JSON.stringify(text)}`);
			return { eventName: m[1].trim(), ...(m[2] ? { date: m[2] } : {}), upliftFactor: Number(m[3]), reason: 'CLI --override' };
		});

		try {
			const history = parseHistoryCsv(readArgFile('history', v.history), zone, v.history);
			const userEvents: CalendarEvent[] = v.events ? parseEventsCsv(readArgFile('events', v.events), v.events) : [];
			const timestamps = v.timestamps ? parseTimestampsCsv(readArgFile('timestamps', v.timestamps), zone, v.timestamps) : undefined;

			// Built-in Chinese promotions and holidays for the years the history and horizon cover
			// (the verified calendar spans 2020–2032; years outside it get none).
			const firstYear = Number(history[0].timestamp.slice(0, 4));
			const lastStamp = timestamps ? timestamps[timestamps.length - 1] : history[history.length - 1].timestamp;
			const lastYear = Math.max(Number(lastStamp.slice(0, 4)), v.from ? Number(v.from.slice(0, 4)) : 0) + (horizonDays ? Math.ceil(horizonDays / 365) : 0);
			const builtin = builtInEventsFor(firstYear, lastYear, v['no-builtin-events'] === true);

			const fc = forecastVolume(history, {
				zone,
				intervalMin,
				horizonDays,
				...(v.from !== undefined ? { fromDate: v.from } : {}),
				timestamps,
				events: [...builtin, ...userEvents],
				model,
				upliftOverrides: overrides
			});
			const q = v.quantiles === true;
			const r = (x: number) => (Math.round(x * 1000) / 1000).toString();
			const lines = [`timestamp,forecast,lo80,hi80,lo95,hi95${q ? ',p50,p80,p90' : ''}`];
			for (const p of fc.points) {
				const row = [p.timestamp, r(p.forecast), r(p.lo80), r(p.hi80), r(p.lo95), r(p.hi95)];
				if (q) row.push(r(p.p50), r(p.p80), r(p.p90));
				lines.push(row.join(','));
			}
			writeFileSync(v.out, `${lines.join('\n')}\n`);

			const chosen = fc.candidates.find((c) => c.model === fc.model);
			io.out(
				(fc.window
					? `wrote ${fc.points.length} intervals (${fc.intervalMin} min, ${fc.daily.length} days from ${fc.window.fromDate} to ${fc.window.toDate}) to ${v.out}\n`
					: `wrote 0 intervals to ${v.out} (no open interval in the requested window)\n`) +
					`model: ${fc.model} (chosen by ${fc.modelChosenBy}${chosen ? `; backtest WAPE ${chosen.wapePct.toFixed(2)} %, daily ${chosen.dailyWapePct.toFixed(2)} %` : ''})\n` +
					(fc.points.length > 0
						? `total: mean ${fc.total.forecast.toFixed(0)}, P80 of the total ${fc.total.p80.toFixed(0)} (80 % interval ${fc.total.lo80.toFixed(0)}…${fc.total.hi80.toFixed(0)}; ` +
							`interval quantiles are per interval, for staffing, and do not add up to the total's)\n`
						: '') +
					fc.events.map((e) => `event: ${e.name} [${e.kind}] ${e.dateStart}…${e.dateEnd}: mean uplift ×${e.meanUplift.toFixed(2)} (${e.basis}, ${e.occurrences} earlier)\n`).join('') +
					fc.daily
						.filter((d) => d.dayType !== 'weekday')
						.map((d) => `day: ${d.date} ${d.dayType}${d.event ? ` (${d.event.name})` : ''}: ${d.forecast.toFixed(0)} = normal ${d.baseline.toFixed(0)} × ${d.uplift.toFixed(3)}${d.upliftBasis ? ` (${d.upliftBasis})` : ''}\n`)
						.join('') +
					fc.overrides.map((o) => `override: ${o.eventName} ${o.date}: ×${o.previousFactor.toFixed(3)} → ×${o.newFactor}\n`).join('') +
					fc.warnings.map((w) => `warning: ${w}\n`).join('')
			);
		} catch (e) {
			if (e instanceof CliExit) throw e;
			// Input problems (CSV lines, incompatible interval, timestamps before the history end …) are
			// reported with the library's message, which names the line or field.
			fail((e as Error).message);
		}
	});
}

runIfEntry(import.meta.url, main);
