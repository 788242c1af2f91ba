/**
 * Staffing engine benchmark: `npx tsx bench/staffing.ts` (npm run bench:staffing).
 *
 * Issue 5 targets: required agents at 5 000 Erlangs < 1 ms; one Erlang A evaluation at
 * c = 2 041 < 50 ms. Each case is run repeatedly after a warm-up; we print the median and the
 * spread (p10 / p90, min / max) of single-call wall times so the machine's noise is visible.
 * Loops are bounded (a few seconds in total) because the machine is shared.
 */
import { quantileSorted } from 'd3-array';
import { cpus, loadavg } from 'node:os';
import {
	evaluateChatConcurrency,
	evaluateErlangA,
	evaluateErlangC,
	requiredAgentsErlangA,
	requiredAgentsErlangC
} from '../forecast/staffing/index';

interface Stats {
	median: number;
	p10: number;
	p90: number;
	min: number;
	max: number;
	runs: number;
}

/** Times `fn` one call at a time; returns milliseconds. */
function measure(fn: () => unknown, runs: number, warmup: number): Stats {
	let sink = 0;
	for (let i = 0; i < warmup; i++) sink += fn() ? 1 : 0;
	const times: number[] = [];
	for (let i = 0; i < runs; i++) {
		const t0 = process.hrtime.bigint();
		sink += fn() ? 1 : 0;
		times.push(Number(process.hrtime.bigint() - t0) / 1e6);
	}
	if (sink < 0) console.log(sink); // keep the results alive
	times.sort((a, b) => a - b);
	return {
		median: quantileSorted(times, 0.5)!,
		p10: quantileSorted(times, 0.1)!,
		p90: quantileSorted(times, 0.9)!,
		min: times[0],
		max: times[times.length - 1],
		runs
	};
}

function fmt(ms: number): string {
	return ms < 1 ? `${(ms * 1000).toFixed(1)} µs` : `${ms.toFixed(2)} ms`;
}

function report(name: string, s: Stats, targetMs?: number): void {
	const verdict = targetMs === undefined ? '' : `  target < ${fmt(targetMs)}: ${s.median < targetMs && s.p90 < targetMs ? 'met (median and p90)' : 'NOT met'}`;
	console.log(
		`${name}\n  median ${fmt(s.median)}  p10 ${fmt(s.p10)}  p90 ${fmt(s.p90)}  min ${fmt(s.min)}  max ${fmt(s.max)}  (${s.runs} runs)${verdict}`
	);
}

const cpu = cpus();
console.log(`node ${process.version}, ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.log('');

// 5 000 Erlangs: 50 000 calls per 30 min at AHT 180 s, 80/20 → 5 013 agents
const big = { arrivals: 50_000, intervalSec: 1800, ahtSec: 180 };
const bigResult = requiredAgentsErlangC(big, { thresholdSec: 20, serviceLevelTarget: 0.8, shrinkageFraction: 0.3 });
report(
	`requiredAgentsErlangC at 5 000 Erlangs, 80/20 (→ ${bigResult.agents} agents, ${bigResult.scheduledAgents} scheduled)`,
	measure(() => requiredAgentsErlangC(big, { thresholdSec: 20, serviceLevelTarget: 0.8, shrinkageFraction: 0.3 }), 2000, 200),
	1
);

const ea = (erlangs: number) => ({ arrivals: (erlangs * 1800) / 180, intervalSec: 1800, ahtSec: 180, patienceSec: 300, agents: 2041, thresholdSec: 20 });
for (const erlangs of [2000, 2100]) {
	const m = evaluateErlangA(ea(erlangs));
	report(
		`evaluateErlangA at c = 2 041, ${erlangs} Erlangs, patience 300 s (P(wait) ${m.pWait.toFixed(4)}, P(ab) ${m.pAbandon.toFixed(4)}, SL ${m.serviceLevel.toFixed(4)})`,
		measure(() => evaluateErlangA(ea(erlangs)), 1000, 100),
		50
	);
}

console.log('\nfor the planning page (no targets in the issue):');
const eaReq = { arrivals: 20_000, intervalSec: 1800, ahtSec: 180, patienceSec: 300 };
report(
	'requiredAgentsErlangA at 2 000 Erlangs, SL 80/20 and P(ab) ≤ 2 %',
	measure(() => requiredAgentsErlangA(eaReq, { thresholdSec: 20, serviceLevelTarget: 0.8, maxAbandonFraction: 0.02 }), 200, 20)
);
report(
	'evaluateErlangC at 20 000 agents, 19 800 Erlangs',
	measure(() => evaluateErlangC({ arrivals: 198_000, intervalSec: 1800, ahtSec: 180, agents: 20_000, thresholdSec: 20 }), 500, 50)
);
report(
	'evaluateChatConcurrency, 60 agents × 3 chats, patience 120 s',
	measure(() => evaluateChatConcurrency({ arrivals: 600, intervalSec: 1800, concurrencyAhtSec: [300, 390, 480], patienceSec: 120, agents: 60, thresholdSec: 30 }), 1000, 100)
);
// 3 000 intervals (about a month of 15-minute intervals), loads from 0 to ~400 Erlangs
const loads = Array.from({ length: 3000 }, (_, i) => Math.max(0, 200 + 200 * Math.sin((i / 96) * 2 * Math.PI)));
report(
	'requiredAgentsErlangC for 3 000 intervals (one planning page refresh)',
	measure(() => {
		let total = 0;
		for (const erl of loads) {
			total += requiredAgentsErlangC({ arrivals: (erl * 900) / 300, intervalSec: 900, ahtSec: 300 }, { thresholdSec: 20, serviceLevelTarget: 0.8, maxOccupancy: 0.9, shrinkageFraction: 0.3 }).scheduledAgents;
		}
		return total;
	}, 20, 3)
);
report(
	'requiredAgentsErlangA for 3 000 intervals, patience 120 s',
	measure(() => {
		let total = 0;
		for (const erl of loads) {
			total += requiredAgentsErlangA({ arrivals: (erl * 900) / 300, intervalSec: 900, ahtSec: 300, patienceSec: 120 }, { thresholdSec: 20, serviceLevelTarget: 0.8 }).agents;
		}
		return total;
	}, 5, 1)
);
