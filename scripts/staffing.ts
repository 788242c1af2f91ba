/**
 * Staffing CLI: required agents (or an evaluation at a given number of agents) for one interval.
 *
 *   npx tsx scripts/staffing.ts --arrivals 100 --interval-sec 1800 --aht-sec 180 --target-sec 20 --sl 0.8 \
 *     [--max-occupancy 0.85] [--shrinkage 0.3] [--patience-sec 300 --max-abandon 0.05] \
 *     [--concurrency-aht-sec 300,390,480 | --concurrency 3] [--max-asa-sec 30] [--sl-basis arrivals] [--agents N]
 *
 * Prints one JSON object on stdout. Bad arguments: a message on stderr naming the argument, exit 2.
 */
import { parseArgs } from 'node:util';
import { runIfEntry, type CliIo } from './cli';
import {
	evaluateChatConcurrency,
	evaluateChatDivisor,
	evaluateErlangA,
	evaluateErlangC,
	failingConstraints,
	requiredAgentsChatConcurrency,
	requiredAgentsChatDivisor,
	requiredAgentsErlangA,
	requiredAgentsErlangC,
	resolveTargets,
	scheduledAgents,
	type QueueMetrics,
	type ServiceLevelBasis,
	type StaffingTargets
} from '../forecast/staffing/index';

const USAGE = `usage: staffing --arrivals N --interval-sec S --aht-sec S --target-sec S [--sl F]
       [--max-occupancy F] [--max-asa-sec S] [--shrinkage F] [--patience-sec S] [--max-abandon F]
       [--concurrency-aht-sec S1,S2,...] [--concurrency C] [--sl-basis arrivals|answered|excludingEarlyAbandons]
       [--agents N]

Model: --concurrency-aht-sec → chat concurrency model (AHT per concurrency level 1..m);
       --concurrency → chat divisor model (AHT / concurrency); --patience-sec → Erlang A; else Erlang C.
--agents N evaluates N agents instead of solving for the required number.
Fractions are written 0.8, not 80. Output numbers are rounded to 6 significant digits.`;

class UsageError extends Error {}

function fail(message: string): never {
	throw new UsageError(message);
}

function num(
	values: Record<string, string | boolean | undefined>,
	name: string,
	rule: 'positive' | 'nonNegative' | 'openFraction' | 'fractionUpToOne' | 'fractionBelowOne' | 'integer'
): number | undefined {
	const raw = values[name];
	if (raw === undefined) return undefined;
	if (typeof raw !== 'string' || raw.trim() === '') fail(`--${name} needs a value`);
	const v = Number(raw);
	const allowed: Record<typeof rule, [boolean, string]> = {
		positive: [Number.isFinite(v) && v > 0, 'a number > 0'],
		nonNegative: [Number.isFinite(v) && v >= 0, 'a number >= 0'],
		openFraction: [v > 0 && v < 1, 'a fraction strictly between 0 and 1 (e.g. 0.8)'],
		fractionUpToOne: [v > 0 && v <= 1, 'a fraction in (0, 1] (e.g. 0.85)'],
		fractionBelowOne: [v >= 0 && v < 1, 'a fraction in [0, 1) (e.g. 0.3)'],
		integer: [Number.isInteger(v) && v >= 0, 'a whole number >= 0']
	};
	const [ok, what] = allowed[rule];
	if (!ok) fail(`--${name} must be ${what}, got ${JSON.stringify(raw)}`);
	return v;
}

function required(value: number | undefined, name: string): number {
	if (value === undefined) fail(`--${name} is required`);
	return value;
}

function round(value: unknown): unknown {
	if (typeof value === 'number' && Number.isFinite(value) && !Number.isInteger(value)) {
		return Number(value.toPrecision(6));
	}
	return value;
}

function run(argv: string[], io: CliIo): Record<string, unknown> | null {
	let parsed;
	try {
		parsed = parseArgs({
			args: argv,
			strict: true,
			allowPositionals: false,
			options: {
				arrivals: { type: 'string' },
				'interval-sec': { type: 'string' },
				'aht-sec': { type: 'string' },
				'target-sec': { type: 'string' },
				sl: { type: 'string' },
				'sl-basis': { type: 'string' },
				'max-occupancy': { type: 'string' },
				'max-asa-sec': { type: 'string' },
				shrinkage: { type: 'string' },
				'patience-sec': { type: 'string' },
				'max-abandon': { type: 'string' },
				'concurrency-aht-sec': { type: 'string' },
				concurrency: { type: 'string' },
				agents: { type: 'string' },
				help: { type: 'boolean', short: 'h' }
			}
		});
	} catch (err) {
		fail((err as Error).message);
	}
	const v = parsed.values;
	if (v.help) {
		io.out(`${USAGE}\n`);
		return null;
	}
	const arrivals = required(num(v, 'arrivals', 'nonNegative'), 'arrivals');
	const intervalSec = required(num(v, 'interval-sec', 'positive'), 'interval-sec');
	const thresholdSec = required(num(v, 'target-sec', 'nonNegative'), 'target-sec');
	const ahtSec = num(v, 'aht-sec', 'positive');
	const sl = num(v, 'sl', 'openFraction');
	const maxOccupancy = num(v, 'max-occupancy', 'fractionUpToOne');
	const maxAsaSec = num(v, 'max-asa-sec', 'positive');
	const shrinkage = num(v, 'shrinkage', 'fractionBelowOne') ?? 0;
	const patienceSec = num(v, 'patience-sec', 'positive');
	const maxAbandon = num(v, 'max-abandon', 'openFraction');
	const concurrency = num(v, 'concurrency', 'positive');
	const agents = num(v, 'agents', 'integer');
	const basisRaw = v['sl-basis'];
	const bases: ServiceLevelBasis[] = ['arrivals', 'answered', 'excludingEarlyAbandons'];
	if (basisRaw !== undefined && !bases.includes(basisRaw as ServiceLevelBasis)) {
		fail(`--sl-basis must be one of ${bases.join(', ')}, got ${JSON.stringify(basisRaw)}`);
	}
	let concurrencyAhtSec: number[] | undefined;
	if (v['concurrency-aht-sec'] !== undefined) {
		const parts = String(v['concurrency-aht-sec']).split(',');
		concurrencyAhtSec = parts.map((p, i) => {
			const x = Number(p);
			if (p.trim() === '' || !Number.isFinite(x) || x <= 0) {
				fail(`--concurrency-aht-sec item ${i + 1} must be a number > 0 (seconds), got ${JSON.stringify(p)}`);
			}
			return x;
		});
		for (let i = 1; i < concurrencyAhtSec.length; i++) {
			if (concurrencyAhtSec[i] < concurrencyAhtSec[i - 1]) {
				fail(`--concurrency-aht-sec must be non-decreasing (AHT at 1, 2, … chats), got ${v['concurrency-aht-sec']}`);
			}
		}
		if (concurrency !== undefined) fail('--concurrency and --concurrency-aht-sec exclude each other: give one');
	}
	if (concurrencyAhtSec === undefined && ahtSec === undefined) fail('--aht-sec is required (or give --concurrency-aht-sec)');
	if (maxAbandon !== undefined && patienceSec === undefined) fail('--max-abandon needs --patience-sec');
	const notes: string[] = [];
	if (concurrencyAhtSec !== undefined && ahtSec !== undefined) {
		notes.push('--aht-sec is not used by the chat concurrency model: handle times come from --concurrency-aht-sec');
	}
	const targets: StaffingTargets = {
		thresholdSec,
		serviceLevelTarget: sl,
		serviceLevelBasis: basisRaw as ServiceLevelBasis | undefined,
		maxOccupancy,
		maxAsaSec,
		maxAbandonFraction: maxAbandon,
		shrinkageFraction: shrinkage
	};
	const hasTarget = sl !== undefined || maxOccupancy !== undefined || maxAsaSec !== undefined || maxAbandon !== undefined;
	if (agents === undefined && !hasTarget) {
		fail('give a target to solve for (--sl, --max-occupancy, --max-asa-sec or --max-abandon), or --agents N to evaluate');
	}

	const evaluate = (n: number): QueueMetrics => {
		if (concurrencyAhtSec) return evaluateChatConcurrency({ arrivals, intervalSec, concurrencyAhtSec, patienceSec, agents: n, thresholdSec });
		const aht = ahtSec as number;
		if (concurrency !== undefined) {
			return evaluateChatDivisor({ arrivals, intervalSec, ahtSec: aht, concurrency, patienceSec, agents: n, thresholdSec });
		}
		if (patienceSec !== undefined) return evaluateErlangA({ arrivals, intervalSec, ahtSec: aht, patienceSec, agents: n, thresholdSec });
		return evaluateErlangC({ arrivals, intervalSec, ahtSec: aht, agents: n, thresholdSec });
	};

	let out: Record<string, unknown>;
	if (agents !== undefined) {
		const m = evaluate(agents);
		const failing = hasTarget ? failingConstraints(m, resolveTargets('staffing', targets, patienceSec !== undefined)) : [];
		out = {
			mode: 'evaluate',
			...m,
			scheduledAgents: scheduledAgents(agents, shrinkage),
			bindingConstraint: null,
			meetsTargets: hasTarget ? failing.length === 0 : null,
			failingTargets: failing
		};
	} else {
		let r: QueueMetrics;
		if (concurrencyAhtSec) {
			r = requiredAgentsChatConcurrency({ arrivals, intervalSec, concurrencyAhtSec, patienceSec }, targets);
		} else if (concurrency !== undefined) {
			r = requiredAgentsChatDivisor({ arrivals, intervalSec, ahtSec: ahtSec as number, concurrency, patienceSec }, targets);
		} else if (patienceSec !== undefined) {
			r = requiredAgentsErlangA({ arrivals, intervalSec, ahtSec: ahtSec as number, patienceSec }, targets);
		} else {
			r = requiredAgentsErlangC({ arrivals, intervalSec, ahtSec: ahtSec as number }, targets);
		}
		out = { mode: 'solve', ...r };
	}
	if (notes.length > 0) out.notes = notes;
	// Key order: the fields the issue names first.
	const first = ['model', 'mode', 'agents', 'scheduledAgents', 'serviceLevel', 'asaSec', 'occupancy', 'pWait', 'pAbandon', 'bindingConstraint'];
	const ordered: Record<string, unknown> = {};
	for (const k of first) if (k in out) ordered[k] = round(out[k]);
	for (const [k, val] of Object.entries(out)) if (!(k in ordered)) ordered[k] = round(val);
	return ordered;
}

/** The CLI: prints the JSON result (or the usage), returns the exit code (2 = bad arguments). */
export function main(argv: string[], io: CliIo): number {
	try {
		const result = run(argv, io);
		if (result) io.out(`${JSON.stringify(result, null, 2)}\n`);
		return 0;
	} catch (err) {
		if (err instanceof UsageError) {
			io.err(`staffing: ${err.message}\n\n${USAGE}\n`);
			return 2;
		}
		// The library validates too (e.g. an abandonment cap the model cannot meet): those are still
		// bad arguments from the user's point of view.
		if (err instanceof Error && /^[a-zA-Z]+: /.test(err.message)) {
			io.err(`staffing: ${err.message}\n`);
			return 2;
		}
		throw err;
	}
}

runIfEntry(import.meta.url, main);
