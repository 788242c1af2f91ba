/**
 * The two CLIs end to end (node + tsx, as `npm run forecast` runs them): good runs write/print what
 * the issue specifies; bad input names the file line and exits 2.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

import { captureIo } from '../../../scripts/cli';
import { main as backtestMain } from '../../../scripts/forecast-backtest';
import { main as forecastMain } from '../../../scripts/forecast';

const ROOT = resolve(__dirname, '../../..');
/** One CLI as its own process (node + tsx), as `npm run forecast` runs it. */
const runProcess = (script: string, args: string[]) =>
	spawnSync(process.execPath, ['--import', 'tsx', resolve(ROOT, 'scripts', script), ...args], {
		cwd: ROOT,
		encoding: 'utf8',
		timeout: 60_000
	});
/** The same CLI in-process (its `main`): the other cases need no process each. */
const run = (script: 'forecast.ts' | 'forecast-backtest.ts', args: string[]) => {
	const io = captureIo();
	const status = (script === 'forecast.ts' ? forecastMain : backtestMain)(args, io);
	return { status, stdout: io.stdout, stderr: io.stderr };
};

/** Eight weeks of hourly counts 08:00–20:00, every day, with a weekly pattern. */
function historyCsv(): string {
	const lines = ['timestamp,count'];
	const start = Date.UTC(2025, 0, 6);
	for (let d = 0; d < 56; d++) {
		const date = new Date(start + d * 86_400_000).toISOString().slice(0, 10);
		for (let h = 8; h < 20; h++) lines.push(`${date} ${String(h).padStart(2, '0')}:00,${20 + ((d * 7 + h * 3) % 11) + (d % 7 === 0 ? 10 : 0)}`);
	}
	return `${lines.join('\n')}\n`;
}

const dir = mkdtempSync(join(tmpdir(), 'forecast-cli-'));
const good = join(dir, 'h.csv');
writeFileSync(good, historyCsv());

describe('scripts/forecast.ts', () => {
	it('re-forecasts the rest of the day when --history ends mid-day (no flag): the rest of that day plus the N days after it', () => {
		// the 8 weeks above + the next day (Monday 2025-03-03) to 13:00 — 5 of its 12 hourly rows
		const partial = join(dir, 'h-partial.csv');
		const rows = ['08', '09', '10', '11', '12'].map((h) => `2025-03-03 ${h}:00,40`).join('\n');
		writeFileSync(partial, `${historyCsv()}${rows}\n`);
		const out = join(dir, 'f-partial.csv');
		const r = run('forecast.ts', ['--history', partial, '--horizon-days', '1', '--out', out]);
		expect(r.stderr).toBe('');
		expect(r.status).toBe(0);
		const lines = readFileSync(out, 'utf8').trim().split('\n');
		// the rest of 03-03 (13:00…19:00 = 7 rows) + 03-04 (12 rows)
		expect(lines).toHaveLength(1 + 7 + 12);
		expect(lines[1]).toMatch(/^2025-03-03 13:00:00,/);
		expect(r.stdout).toMatch(/wrote 19 intervals .* from 2025-03-03/);
		expect(r.stdout).toMatch(/warning: history ends at 13:00 on 2025-03-03, before that day's usual close/);
	});

	it('writes timestamp,forecast,lo80,hi80,lo95,hi95 for every open interval of the horizon', () => {
		const out = join(dir, 'f.csv');
		const events = join(dir, 'e.csv');
		writeFileSync(events, 'date_start,date_end,name,kind,ramp_days,tail_days\n2025-03-05,2025-03-05,spring sale,promotion,1,1\n');
		const r = runProcess('forecast.ts', ['--history', good, '--events', events, '--horizon-days', '3', '--out', out]);
		expect(r.stderr).toBe('');
		expect(r.status).toBe(0);
		const lines = readFileSync(out, 'utf8').trim().split('\n');
		expect(lines[0]).toBe('timestamp,forecast,lo80,hi80,lo95,hi95');
		expect(lines).toHaveLength(1 + 3 * 12);
		expect(lines[1]).toMatch(/^2025-03-03 08:00:00,[\d.]+,[\d.]+,[\d.]+,[\d.]+,[\d.]+$/);
		expect(r.stdout).toMatch(/model: \w+ \(chosen by backtest/);
		expect(r.stdout).toMatch(/event: spring sale \[promotion\]/);
		// issue 22: each event day's type and how its volume was built (03-04 is in a ramp — the
		// built-in 3.8 festival's, listed first, dominates the sale's — and 03-05 is the sale's peak)
		expect(r.stdout).toMatch(/day: 2025-03-04 ramp \(.+\): \d+ = normal \d+ × [\d.]+/);
		expect(r.stdout).toMatch(/day: 2025-03-05 peak \(spring sale\): \d+ = normal \d+ × [\d.]+/);
	});

	// Issue 22: the output grid is the requested one, not a copy of the history's gaps.
	/** The generator's mean for a quarter-hour slot s of a 24-hour day (the truth the tests compare with). */
	const quarterHourTruth = (s: number) => 10 + Math.round(20 * Math.sin((Math.PI * s) / 96));
	/** `days` days of 15-minute rows around the clock from 2025-01-06 (a Monday); `keep(i)` decides row i (0-based). */
	function quarterHourHistory(days: number, keep: (i: number) => boolean): string {
		const lines = ['timestamp,count'];
		let i = 0;
		for (let d = 0; d < days; d++) {
			const date = new Date(Date.UTC(2025, 0, 6 + d)).toISOString().slice(0, 10);
			for (let s = 0; s < 96; s++, i++) {
				if (!keep(i)) continue;
				lines.push(`${date} ${String(Math.floor(s / 4)).padStart(2, '0')}:${String((s % 4) * 15).padStart(2, '0')},${quarterHourTruth(s)}`);
			}
		}
		return `${lines.join('\n')}\n`;
	}
	const rowsPerDate = (file: string) => {
		const counts = new Map<string, number>();
		for (const line of readFileSync(file, 'utf8').trim().split('\n').slice(1)) counts.set(line.slice(0, 10), (counts.get(line.slice(0, 10)) ?? 0) + 1);
		return counts;
	};

	it('writes all 96 quarter-hours of every day when every 7th history row is missing (not the 82–83 left after copying the gaps)', () => {
		// 4 weeks; rows 6, 13, 20, … missing. 7 divides a week's 672 quarter-hours, so each weekday
		// misses the same ~14 slots every week — per weekday they looked like closed slots.
		const h = join(dir, 'h-every7th.csv');
		writeFileSync(h, quarterHourHistory(28, (i) => (i + 1) % 7 !== 0));
		const out = join(dir, 'f-every7th.csv');
		const r = run('forecast.ts', ['--history', h, '--horizon-days', '7', '--out', out, '--no-builtin-events']);
		expect(r.stderr).toBe('');
		expect(r.status).toBe(0);
		expect([...rowsPerDate(out).entries()]).toEqual(
			['2025-02-03', '2025-02-04', '2025-02-05', '2025-02-06', '2025-02-07', '2025-02-08', '2025-02-09'].map((d) => [d, 96])
		);
		// The filled slots are forecast like their neighbours: every row within 15 % of the
		// generator's value (quarterHourTruth; the history has no noise, every day is the same;
		// the slack is the profile smoothing at the day's edge, where a gap slot has one neighbour).
		for (const line of readFileSync(out, 'utf8').trim().split('\n').slice(1)) {
			const [ts, f] = line.split(',');
			const s = Number(ts.slice(11, 13)) * 4 + Number(ts.slice(14, 16)) / 15;
			expect(Math.abs(Number(f) - quarterHourTruth(s)), ts).toBeLessThanOrEqual(0.15 * quarterHourTruth(s));
		}
		expect(r.stdout).toMatch(/wrote 672 intervals \(15 min, 7 days from 2025-02-03 to 2025-02-09\)/);
	});

	it('a 3-day history with --horizon-days 7 starts the day after the history and says so (not the next Monday)', () => {
		// Mon 2025-01-06 … Wed 01-08: Thursday to Sunday were never seen, which is no evidence of closure.
		const h = join(dir, 'h-3days.csv');
		writeFileSync(h, quarterHourHistory(3, () => true));
		const out = join(dir, 'f-3days.csv');
		const r = run('forecast.ts', ['--history', h, '--horizon-days', '7', '--out', out, '--no-builtin-events']);
		expect(r.status).toBe(0);
		const days = [...rowsPerDate(out).entries()];
		expect(days.map(([d]) => d)).toEqual(['2025-01-09', '2025-01-10', '2025-01-11', '2025-01-12', '2025-01-13', '2025-01-14', '2025-01-15']);
		expect(days.every(([, n]) => n === 96)).toBe(true);
		expect(r.stdout).toMatch(/wrote 672 intervals \(15 min, 7 days from 2025-01-09 to 2025-01-15\)/);
		expect(r.stdout).not.toMatch(/outside every event window/); // no events were given
	});

	it('--from starts the N days at that date; a date inside the history is refused', () => {
		const h = join(dir, 'h-3days.csv');
		writeFileSync(h, quarterHourHistory(3, () => true));
		const out = join(dir, 'f-from.csv');
		const r = run('forecast.ts', ['--history', h, '--horizon-days', '2', '--from', '2025-01-20', '--out', out, '--no-builtin-events']);
		expect(r.status).toBe(0);
		expect([...rowsPerDate(out).keys()]).toEqual(['2025-01-20', '2025-01-21']);
		expect(r.stdout).toMatch(/2 days from 2025-01-20 to 2025-01-21/);
		const bad = run('forecast.ts', ['--history', h, '--horizon-days', '2', '--from', '2025-01-08', '--out', out]);
		expect(bad.status).toBe(2);
		expect(bad.stderr).toMatch(/fromDate 2025-01-08 is not after the history \(the first day that can be forecast is 2025-01-09\)/);
		expect(run('forecast.ts', ['--history', h, '--horizon-days', '2', '--from', '20.1.2025', '--out', out]).stderr).toMatch(/--from must be a date YYYY-MM-DD/);
	});

	it('forecasts the timestamps of a file', () => {
		const ts = join(dir, 't.csv');
		const out = join(dir, 'g.csv');
		writeFileSync(ts, 'timestamp\n2025-03-03 09:00\n2025-03-03 10:00\n');
		const r = run('forecast.ts', ['--history', good, '--timestamps', ts, '--out', out, '--model', 'avg4w', '--quantiles']);
		expect(r.status).toBe(0);
		const lines = readFileSync(out, 'utf8').trim().split('\n');
		expect(lines[0]).toBe('timestamp,forecast,lo80,hi80,lo95,hi95,p50,p80,p90');
		expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['2025-03-03 09:00', '2025-03-03 10:00']);
	});

	it.each([
		['an unsorted row', 'timestamp,count\n2025-01-06 09:00,1\n2025-01-06 08:00,2\n', /h-bad\.csv line 3: .*must be sorted/],
		['a duplicate row', 'timestamp,count\n2025-01-06 09:00,1\n2025-01-06 09:00,2\n', /h-bad\.csv line 3: duplicate timestamp/],
		['a negative count', 'timestamp,count\n2025-01-06 09:00,1\n2025-01-06 10:00,-5\n', /h-bad\.csv line 3: negative count/],
		['an unparseable row', 'timestamp,count\n2025-01-06 09:00,1\nsoon,2\n', /h-bad\.csv line 3: unparseable timestamp/]
	])('exits 2 naming the line for %s', (_, text, message) => {
		const bad = join(dir, 'h-bad.csv');
		writeFileSync(bad, text);
		const r = run('forecast.ts', ['--history', bad, '--horizon-days', '1', '--out', join(dir, 'x.csv')]);
		expect(r.status).toBe(2);
		expect(r.stderr).toMatch(message);
	});

	it.each([
		[['--horizon-days', '3'], /--history is required/],
		[['--history', good, '--out', 'x.csv'], /exactly one of --horizon-days N or --timestamps/],
		[['--history', good, '--horizon-days', '3', '--interval-min', '7', '--out', 'x.csv'], /--interval-min must be one of 5, 15, 30, 60, got "7"/],
		[['--history', good, '--horizon-days', 'ten', '--out', 'x.csv'], /--horizon-days must be a whole number/],
		[['--history', good, '--horizon-days', '3', '--out', 'x.csv', '--model', 'prophet'], /--model must be auto or one of/],
		[['--history', good, '--horizon-days', '3', '--out', 'x.csv', '--zone', 'Mars/Olympus'], /--zone "Mars\/Olympus" is not a known IANA time zone/],
		[['--history', join(dir, 'missing.csv'), '--horizon-days', '3', '--out', 'x.csv'], /--history .*missing\.csv: cannot read the file \(ENOENT\)/],
		[['--history', good, '--horizon-days', '3', '--out', 'x.csv', '--frobnicate'], /Unknown option '--frobnicate'/]
	])('exits 2 with a message for bad arguments %#', (args, message) => {
		const r = run('forecast.ts', args);
		expect(r.status).toBe(2);
		expect(r.stderr).toMatch(message);
	});
});

describe('scripts/forecast-backtest.ts', () => {
	it('prints WAPE, MASE, bias and coverage of the chosen model and the baselines, per interval and per day', () => {
		const r = runProcess('forecast-backtest.ts', ['--history', good, '--holdout-days', '7']);
		expect(r.status).toBe(0);
		expect(r.stdout).toMatch(/holdout 2025-02-24…2025-03-02/);
		for (const model of ['snaive', 'avg4w']) {
			expect(r.stdout).toMatch(new RegExp(`interval\\s+${model}\\*?\\s+84\\s`));
			expect(r.stdout).toMatch(new RegExp(`day\\s+${model}\\*?\\s+7\\s`));
		}
		expect(r.stdout).toMatch(/WAPE%\s+MASE\s+bias%\s+cov80%\s+cov95%/);
	});

	it('exits 2 naming the line of bad history', () => {
		const bad = join(dir, 'h-neg.csv');
		writeFileSync(bad, 'timestamp,count\n2025-01-06 09:00,1\n2025-01-06 10:00,x\n');
		const r = run('forecast-backtest.ts', ['--history', bad, '--holdout-days', '7']);
		expect(r.status).toBe(2);
		expect(r.stderr).toMatch(/h-neg\.csv line 3: count "x" is not a number/);
		expect(run('forecast-backtest.ts', ['--history', good]).stderr).toMatch(/--holdout-days is required/);
	});

	it.each([
		[['--interval-min', '7'], /^forecast:backtest: --interval-min must be one of 5, 15, 30, 60, got "7"/],
		[['--model', 'prophet'], /^forecast:backtest: --model must be auto or one of/],
		[['--zone', 'Mars/Olympus'], /^forecast:backtest: --zone "Mars\/Olympus" is not a known IANA time zone/]
	])('exits 2 with a message for bad common options %#', (extra, message) => {
		const r = run('forecast-backtest.ts', ['--history', good, '--holdout-days', '7', ...extra]);
		expect(r.status).toBe(2);
		expect(r.stderr).toMatch(message);
		expect(r.stderr).toMatch(/usage: forecast:backtest/);
	});
});
