/**
 * npm run bench:demo — the figures of issue 18's "a demo that looks like a real day", measured on a
 * virtual clock (the simulator is pure given its seed and the times it is advanced to, so this is
 * the live demo's exact event stream, played faster than the wall) with the board's definitions
 * (tests/simulator/boardKpis.ts). tests/simulator/demoDay.test.ts checks the same runs.
 *
 * --start  local start of the default demo, YYYY-MM-DDTHH:MM in Asia/Shanghai (default 2026-03-24T08:00, a Tuesday)
 * --hours  how long (default 16: 08:00–24:00, the service hours of the default alert calendar)
 */
import { execSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { DateTime } from 'luxon';
import { defaultConfig, measureDemoDay, measureDouble11, measureOutage } from '../tests/simulator/demoRuns';

const { values: args } = parseArgs({ options: { start: { type: 'string', default: '2026-03-24T08:00' }, hours: { type: 'string', default: '16' } } });
const c = defaultConfig();
const start = DateTime.fromISO(args.start!, { zone: c.timezone });
const hours = Number(args.hours);
if (!start.isValid) throw new Error(`--start ${args.start}: not a local date and time YYYY-MM-DDTHH:MM`);
if (!(Number.isInteger(hours) && hours >= 1 && hours <= 72)) throw new Error(`--hours ${args.hours}: must be an integer from 1 to 72`);
const f1 = (x: number | null) => (x === null ? '—' : x.toFixed(1));

console.log(`load average: ${execSync('uptime').toString().trim()}`);
let t0 = performance.now();
const d = measureDemoDay(start.toMillis(), hours);
console.log(`\n== default demo (seed ${c.simulator.seed}, speed ${c.simulator.speed}×, scenario normal) from ${args.start} for ${hours} h, virtual clock: ${((performance.now() - t0) / 1000).toFixed(1)} s for ${d.events.length} events`);
for (const r of d.rules) {
	const x = d.day[r.id];
	const a = d.agents[r.id];
	console.log(
		`   ${r.id.padEnd(7)} offered ${String(x.offered).padStart(6)}  SL ${f1(x.slPct)} % (target ${r.slTargetPct} % in ${r.slTargetSec} s)  abandons ${f1(x.abandonPct)} % (excl. < ${r.slAbandonGraceSec} s: ${f1(x.abandonPctExclShort)} %)  即时响应率 ${f1(x.immediatePct)} %` +
			`  | agents mean ${a.meanAgents.toFixed(1)} (max ${a.maxAgents}) for ${a.meanWork.toFixed(1)} contacts in hand or waiting (max ${a.maxWork}), occupancy ${a.occupancyPct.toFixed(0)} %`
	);
}
console.log(`   hours with a realtime tile amber/red on its 15-min SL: ${d.hoursWithAmberOrRed} of ${hours}`);
for (const h of d.hourly) {
	const local = start.plus({ hours: h.hour }).toFormat('HH:mm');
	console.log(`     ${local}  ` + ['chat', 'phone'].map((id) => `${id} SL ${f1(h.channels[id].slPct).padStart(5)} % amber ${String(h.channels[id].amberMin).padStart(2)} min red ${String(h.channels[id].redMin).padStart(2)} min`).join('  |  '));
}

t0 = performance.now();
const r = measureDouble11();
console.log(`\n== double11 at 60× (seed ${c.simulator.seed}), 11-11 00:00 (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
console.log(`   chat arrivals ${r.rushRatePerSec.toFixed(2)}/s in the first 30 wall s vs ${r.normalRatePerSec.toFixed(3)}/s over an ordinary day at 60× = ${r.ratio.toFixed(1)}×`);
console.log(`   chats waiting: at most ${r.maxWaitingBefore} in the 3 wall min before 00:00, ${r.maxWaitingAfter} in the 3 after; chat 15-min SL down to ${f1(r.minSlAfterPct)} %`);
console.log(`   the first minute's chats: median wait ${r.medianWaitSec.toFixed(0)} s, longest ${r.longestWaitSec.toFixed(0)} s (chat SL time 30 s, L2 60 s), ${r.abandonPct.toFixed(0)} % abandoned`);

t0 = performance.now();
const o = measureOutage();
console.log(`\n== outage at 60× (seed ${c.simulator.seed}), ${o.channel} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
console.log(`   ${o.channel} 15-min SL ${f1(o.slAtEndPct)} % at the end of the ${(o.outageSec / 60).toFixed(0)}-min outage (target ${o.targetPct} %)`);
console.log(`   first L3 on ${o.channel}: ${o.firstL3 ? `${o.firstL3.rule} ${o.firstL3.afterSec.toFixed(0)} s after the outage began` : 'none'}; L3 rules: ${o.l3Rules.join(', ') || 'none'}`);
console.log(`\nload average: ${execSync('uptime').toString().trim()}`);
