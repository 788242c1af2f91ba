import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { checkScheduleCsv } from './checker';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'schedule-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs scripts/schedule.ts the way `npm run --silent schedule -- …` does (tsx). */
function schedule(rules: unknown, reqCsv: string, extra: string[] = []) {
	writeFileSync(join(dir, 'rules.json'), typeof rules === 'string' ? rules : JSON.stringify(rules));
	writeFileSync(join(dir, 'req.csv'), reqCsv);
	const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/schedule.ts', '--requirement', join(dir, 'req.csv'), '--rules', join(dir, 'rules.json'), '--out', join(dir, 'out.csv'), ...extra], {
		cwd: root,
		encoding: 'utf8',
		timeout: 60_000
	});
	return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const rules = {
	intervalMin: 30,
	minRestHours: 11,
	startTimes: { earliest: '09:00', latest: '09:00', stepMin: 30 },
	breaks: [{ lengthMin: 30, ifShiftHoursAtLeast: 6, earliestAfterStartMin: 120, latestAfterStartMin: 240, paid: false }],
	pools: [{ id: 'fixed', headcount: 3, shiftLengthsHours: [6], minDaysPerWeek: 1, maxDaysPerWeek: 5, costPerHour: 20, productivity: 1 }]
};
const reqRows = Array.from({ length: 48 }, (_, k) => {
	const m = k * 30;
	return { start: `2026-11-11 ${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`, required: m >= 540 && m < 900 && m !== 690 ? 1 : 0 };
});
const reqCsv = ['interval_start,required', ...reqRows.map((r) => `${r.start},${r.required}`)].join('\n') + '\n';

describe('scripts/schedule.ts', { timeout: 60_000 }, () => {
	it('writes schedule.csv and prints the JSON summary (hand-solved instance: one agent, meal at 11:30)', () => {
		const r = schedule(rules, reqCsv, ['--time-limit-sec', '20']);
		expect(r.stderr).toBe('');
		expect(r.code).toBe(0);
		const s = JSON.parse(r.stdout);
		expect(Object.keys(s).sort()).toEqual(['cost', 'coveragePct', 'gapPct', 'lowerBound', 'paidHours', 'seconds', 'shortfallAgentIntervals']);
		// 1 agent × 5.5 paid h × ¥20 (hand computation)
		expect(s).toMatchObject({ coveragePct: 100, shortfallAgentIntervals: 0, cost: 110, paidHours: 5.5 });
		const csv = readFileSync(join(dir, 'out.csv'), 'utf8');
		expect(csv).toBe('agent_id,pool,date,start,end,breaks\nfixed-001,fixed,2026-11-11,09:00,15:00,11:30-12:00\n');
		expect(checkScheduleCsv(csv, rules, reqRows).violations).toEqual([]);
	});

	it('times past midnight are written as 25:30', () => {
		const late = { ...rules, startTimes: { earliest: '22:00', latest: '22:00', stepMin: 30 } };
		const rows = Array.from({ length: 96 }, (_, k) => {
			const m = k * 30;
			const d = m < 1440 ? '2026-11-10' : '2026-11-11';
			const mm = m % 1440;
			return `${d} ${String(Math.floor(mm / 60)).padStart(2, '0')}:${String(mm % 60).padStart(2, '0')},${m >= 1320 && m < 1680 && m !== 1470 ? 1 : 0}`;
		});
		const r = schedule(late, ['interval_start,required', ...rows].join('\n'));
		expect(r.code).toBe(0);
		expect(readFileSync(join(dir, 'out.csv'), 'utf8')).toContain('fixed-001,fixed,2026-11-10,22:00,28:00,24:30-25:00');
	});

	it.each([
		['a pool without headcount', { ...rules, pools: [{ ...rules.pools[0], headcount: undefined }] }, reqCsv, /pools\[0\]\.headcount: must be a number/],
		['max days below min days', { ...rules, pools: [{ ...rules.pools[0], minDaysPerWeek: 5, maxDaysPerWeek: 4 }] }, reqCsv, /pools\[0\]\.maxDaysPerWeek: must be ≥ minDaysPerWeek/],
		['a break window past the shift end', { ...rules, breaks: [{ ...rules.breaks[0], latestAfterStartMin: 400 }] }, reqCsv, /breaks\[0\]\.latestAfterStartMin: 400 min is past the end/],
		['a start time that is not HH:MM', { ...rules, startTimes: { ...rules.startTimes, earliest: '9am' } }, reqCsv, /startTimes\.earliest: must be a time/],
		['rules that are not JSON', '{intervalMin:', reqCsv, /rules\.json: is not valid JSON/],
		['a negative requirement', rules, reqCsv.replace('2026-11-11 10:00,1', '2026-11-11 10:00,-1'), /req\.csv line 22 required: must be a number ≥ 0/],
		['a gap in the intervals', rules, reqCsv.replace('2026-11-11 10:00,1\n', ''), /req\.csv line 22 interval_start: must follow the previous row by exactly 30 minutes/],
		['an interval off the grid', rules, reqCsv.replace('2026-11-11 10:00', '2026-11-11 10:10'), /req\.csv line 22 interval_start: 2026-11-11 10:10 is not on the 30-minute grid/]
	])('bad input (%s): exit 2 naming the field', (_, r, csv, message) => {
		const out = schedule(r, csv);
		expect(out.code).toBe(2);
		expect(out.stderr).toMatch(message);
		expect(out.stdout).toBe('');
	});

	it('an instance the pools cannot cover: still writes the schedule and names the binding rule', () => {
		// 3 agents needed 09:00–15:00 but headcount 1
		const r = schedule({ ...rules, pools: [{ ...rules.pools[0], headcount: 1 }] }, reqCsv.replace(/,1\n/g, ',3\n'));
		expect(r.code).toBe(0);
		const s = JSON.parse(r.stdout);
		expect(s.coveragePct).toBeLessThan(100);
		expect(s.binding.join(' ')).toMatch(/pools\[0\]\.headcount: all 1 agents of pool "fixed" work on 2026-11-11/);
		expect(r.stderr).toMatch(/requirement not fully covered; binding: pools\[0\]\.headcount/);
	});
});

describe('the independent checker can fail', () => {
	it('flags each broken rule in a hand-written schedule', () => {
		const bad = [
			'agent_id,pool,date,start,end,breaks',
			'fixed-001,fixed,2026-11-11,09:00,14:00,11:30-12:00', // 5 h: not an allowed length
			'fixed-002,fixed,2026-11-11,09:00,15:00,', // missing meal
			'fixed-003,fixed,2026-11-11,09:00,15:00,09:30-10:00', // meal outside its window
			'fixed-003,fixed,2026-11-11,09:00,15:00,11:00-11:30', // two shifts on one date
			'fixed-004,fixed,2026-11-11,10:00,16:00,12:00-12:30' // start outside the window
		].join('\n');
		const v = checkScheduleCsv(bad, rules, reqRows).violations.join('\n');
		expect(v).toMatch(/fixed-001 shift 09:00-14:00 is 5 h/);
		expect(v).toMatch(/fixed-002 has 0 breaks/);
		expect(v).toMatch(/fixed-003 has no 30-min break within 120–240/);
		expect(v).toMatch(/fixed-003 has two shifts on one date/);
		expect(v).toMatch(/fixed-004 starts at 10:00/);
		expect(v).toMatch(/pool fixed uses 4 agents, headcount 3/);
	});
});
