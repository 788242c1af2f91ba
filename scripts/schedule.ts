/**
 * npm run --silent schedule -- --requirement req.csv --rules rules.json --out schedule.csv [--time-limit-sec 60] [--gap 0.01]
 *
 * Builds a week's shifts and breaks for the requirement (issue 21). Prints the JSON summary
 * {coveragePct, shortfallAgentIntervals, cost, paidHours, lowerBound, gapPct, seconds} on stdout;
 * when the requirement cannot be fully covered the summary also has `binding` (the rules that
 * stop it) and the same lines go to stderr. Bad input: exit 2 with the field named.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { buildSchedule, parseRequirementCsv, parseRules, ScheduleInputError, SchedulerError, writeScheduleCsv } from '../forecast/scheduling/index';

const USAGE = 'usage: npm run --silent schedule -- --requirement req.csv --rules rules.json --out schedule.csv [--time-limit-sec 60] [--gap 0.01]';
const fail = (message: string, code = 2): never => {
	process.stderr.write(`schedule: ${message}\n${code === 2 ? `${USAGE}\n` : ''}`);
	process.exit(code);
};

let args: Record<string, string | undefined>;
try {
	args = parseArgs({
		args: process.argv.slice(2),
		strict: true,
		allowPositionals: false,
		options: { requirement: { type: 'string' }, rules: { type: 'string' }, out: { type: 'string' }, 'time-limit-sec': { type: 'string' }, gap: { type: 'string' } }
	}).values;
} catch (e) {
	fail((e as Error).message);
}
for (const k of ['requirement', 'rules', 'out']) if (!args![k]) fail(`--${k} is required`);
const timeLimit = args!['time-limit-sec'] === undefined ? 60 : Number(args!['time-limit-sec']);
if (!(timeLimit > 0 && timeLimit <= 3600)) fail(`--time-limit-sec must be a number of seconds in (0, 3600], got ${JSON.stringify(args!['time-limit-sec'])}`);
const gap = args!.gap === undefined ? 0.01 : Number(args!.gap);
if (!(gap >= 0 && gap < 1)) fail(`--gap must be a fraction in [0, 1), got ${JSON.stringify(args!.gap)}`);
const read = (arg: string): string => {
	try {
		return readFileSync(args[arg]!, 'utf8');
	} catch (e) {
		return fail(`--${arg} ${args[arg]}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
	}
};

try {
	let rawRules: unknown;
	try {
		rawRules = JSON.parse(read('rules'));
	} catch (e) {
		throw new ScheduleInputError('rules.json', `is not valid JSON (${(e as Error).message})`);
	}
	const rules = parseRules(rawRules);
	const req = parseRequirementCsv(read('requirement'), rules.intervalMin);
	const highs = await (await import('highs')).default();
	const r = buildSchedule(rules, req, { highs, timeLimitSec: timeLimit, mipRelGap: gap, now: () => performance.now() });
	try {
		writeFileSync(args!.out!, writeScheduleCsv(r.shifts, rules, req));
	} catch (e) {
		fail(`--out ${args!.out}: cannot write the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, 1);
	}
	for (const b of r.binding) process.stderr.write(`schedule: requirement not fully covered; binding: ${b}\n`);
	for (const p of r.problems) process.stderr.write(`schedule: warning: ${p}\n`);
	process.stdout.write(JSON.stringify(r.binding.length > 0 ? { ...r.summary, binding: r.binding } : r.summary) + '\n');
} catch (e) {
	if (e instanceof ScheduleInputError) fail(e.message);
	if (e instanceof SchedulerError) fail(e.message, 3);
	throw e;
}
