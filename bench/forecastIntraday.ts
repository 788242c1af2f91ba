/**
 * Intraday re-forecast on the bank series (issue 19), through the forecast CLI's own code path:
 * `scripts/forecast.ts` `main` is called with files, exactly as a planner would run it.
 *
 * For every test day D of 2003-10-13…10-24 (10-14 is missing: 9 days) and each level (the native
 * 5-minute grid and --interval-min 30), the afternoon D 12:00…close is forecast twice:
 *   - "midnight": --history ends at D 00:00 (the day-ahead forecast);
 *   - "noon":     --history ends at D 12:00 (the CLI sees a partial day and re-forecasts its rest).
 * Afternoon WAPE of both, per day and pooled; the issue's check: noon pooled WAPE at least 25 %
 * lower, and worse on at most 1 day in 5. Then two bounds that use the test actuals (never fed to
 * a forecast): the midnight forecast rescaled by each afternoon's TRUE level, and the Poisson floor.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { captureIo } from '../scripts/cli';
import { main as forecastCli } from '../scripts/forecast';
import type { VolumePoint } from '../forecast/volume';

export interface IntradayBenchDay {
	date: string;
	midnightWape: number;
	noonWape: number;
}
export interface IntradayBenchLevel {
	intervalMin: number;
	days: IntradayBenchDay[];
	midnightWape: number;
	noonWape: number;
	improvementPct: number;
	worseDays: number;
	oracleLevelWape: number;
	poissonFloorWape: number;
	met: boolean;
}

const EVENTS_CSV = [
	'date_start,date_end,name,kind,ramp_days,tail_days',
	'2003-05-26,2003-05-26,Memorial Day,closure,1,1',
	'2003-07-04,2003-07-04,Independence Day,closure,1,1',
	'2003-09-01,2003-09-01,Labor Day,closure,1,1'
].join('\n');

function bucket(ts: string, intervalMin: number): string {
	const m = Number(ts.slice(11, 13)) * 60 + Number(ts.slice(14, 16));
	const b = m - (m % intervalMin);
	return `${ts.slice(0, 10)} ${String(Math.floor(b / 60)).padStart(2, '0')}:${String(b % 60).padStart(2, '0')}:00`;
}

/** Runs the CLI; returns timestamp → forecast. */
function runCli(dir: string, history: readonly VolumePoint[], timestamps: readonly string[], intervalMin: number, tag: string): Map<string, number> {
	const h = join(dir, `${tag}-history.csv`);
	const t = join(dir, `${tag}-timestamps.csv`);
	const e = join(dir, 'events.csv');
	const out = join(dir, `${tag}-out.csv`);
	writeFileSync(h, `timestamp,count\n${history.map((p) => `${p.timestamp},${p.count}`).join('\n')}\n`);
	writeFileSync(t, `timestamp\n${timestamps.join('\n')}\n`);
	writeFileSync(e, `${EVENTS_CSV}\n`);
	const io = captureIo();
	const argv = ['--history', h, '--events', e, '--timestamps', t, '--out', out, '--no-builtin-events'];
	if (intervalMin !== 5) argv.push('--interval-min', String(intervalMin));
	const code = forecastCli(argv, io);
	if (code !== 0) throw new Error(`bench: forecast CLI failed (${code}): ${io.stderr}`);
	const rows = readFileSync(out, 'utf8').trim().split('\n').slice(1);
	return new Map(rows.map((r) => r.split(',')).map((c) => [c[0], Number(c[1])]));
}

export function runIntradayBench(history: readonly VolumePoint[], testDays: readonly string[], intervalMin: number): IntradayBenchLevel {
	const dir = mkdtempSync(join(tmpdir(), 'intraday-bench-'));
	try {
		const days: IntradayBenchDay[] = [];
		let absM = 0;
		let absN = 0;
		let absO = 0;
		let pois = 0;
		let act = 0;
		for (const date of testDays) {
			const today = history.filter((p) => p.timestamp.startsWith(date));
			if (today.length === 0) continue;
			const actual = new Map<string, number>();
			for (const p of today) {
				if (p.timestamp.slice(11) < '12:00') continue;
				const k = bucket(p.timestamp, intervalMin);
				actual.set(k, (actual.get(k) ?? 0) + p.count);
			}
			const stamps = [...actual.keys()];
			const midnight = runCli(dir, history.filter((p) => p.timestamp < date), stamps, intervalMin, 'midnight');
			const noon = runCli(dir, history.filter((p) => p.timestamp < `${date} 12:00`), stamps, intervalMin, 'noon');
			let m = 0;
			let n = 0;
			let a = 0;
			let fSum = 0;
			for (const [k, y] of actual) {
				m += Math.abs(midnight.get(k)! - y);
				n += Math.abs(noon.get(k)! - y);
				a += y;
				fSum += midnight.get(k)!;
			}
			// Bounds (use the actuals): the day-ahead shape at the afternoon's true level; Poisson E|N − λ| ≈ √(2λ/π).
			for (const [k, y] of actual) {
				const lambda = (midnight.get(k)! * a) / fSum;
				absO += Math.abs(lambda - y);
				pois += Math.sqrt((2 * lambda) / Math.PI);
			}
			days.push({ date, midnightWape: (100 * m) / a, noonWape: (100 * n) / a });
			absM += m;
			absN += n;
			act += a;
		}
		const midnightWape = (100 * absM) / act;
		const noonWape = (100 * absN) / act;
		const improvementPct = 100 * (1 - noonWape / midnightWape);
		const worseDays = days.filter((d) => d.noonWape > d.midnightWape).length;
		return {
			intervalMin,
			days,
			midnightWape,
			noonWape,
			improvementPct,
			worseDays,
			oracleLevelWape: (100 * absO) / act,
			poissonFloorWape: (100 * pois) / act,
			met: improvementPct >= 25 && worseDays <= days.length / 5
		};
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

export function printIntradayBench(levels: readonly IntradayBenchLevel[]): void {
	const f = (x: number) => x.toFixed(2);
	console.log('');
	console.log('intraday re-forecast (issue 19): bank afternoons 12:00–close, forecast CLI with --history to the previous midnight vs to 12:00 of the day');
	for (const l of levels) {
		console.log(`  ${l.intervalMin}-min: afternoon WAPE midnight ${f(l.midnightWape)} → noon ${f(l.noonWape)} (${l.improvementPct >= 0 ? '−' : '+'}${f(Math.abs(l.improvementPct))} %), noon worse on ${l.worseDays} of ${l.days.length} days`);
		console.log(`    per day (midnight → noon): ${l.days.map((d) => `${d.date.slice(5)} ${f(d.midnightWape)}→${f(d.noonWape)}`).join(', ')}`);
		console.log(`    bounds (use the test actuals): day-ahead shape at each afternoon's TRUE level ${f(l.oracleLevelWape)}; Poisson floor ≈ ${f(l.poissonFloorWape)}`);
		console.log(`    ${l.met ? 'MET    ' : 'NOT MET'} noon WAPE ≥ 25 % lower and worse on ≤ 1 day in 5`);
	}
}
