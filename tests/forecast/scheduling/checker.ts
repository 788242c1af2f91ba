/**
 * Independent rule checker for schedule.csv (tests and the benchmark). It shares no code with
 * forecast/scheduling: it reads the CSV text, the rules as plain JSON and the requirement rows, and
 * recomputes everything minute by minute.
 *
 * Rules checked: header and row format; pool exists; shift length allowed for the pool; start
 * on the start grid inside the start window; at most one shift per agent per date; days per
 * agent within [min, max] of its pool; distinct agents per pool ≤ headcount; rest between an
 * agent's consecutive shifts ≥ minRestHours; each break inside the shift, inside its rule's
 * window, the right length; exactly the breaks the shift length requires; breaks of one agent do
 * not overlap. Returns also coverage per interval, coverage %, shortfall, cost and paid hours.
 */
interface RulesJson {
	intervalMin: number;
	minRestHours: number;
	startTimes: { earliest: string; latest: string; stepMin: number };
	breaks: Array<{ lengthMin: number; ifShiftHoursAtLeast: number; earliestAfterStartMin: number; latestAfterStartMin: number; paid: boolean }>;
	pools: Array<{ id: string; headcount: number; shiftLengthsHours: number[]; minDaysPerWeek: number; maxDaysPerWeek: number; costPerHour: number; productivity: number }>;
}

export interface CheckResult {
	violations: string[];
	coverage: number[];
	coveragePct: number;
	shortfall: number;
	cost: number;
	paidHours: number;
	agents: Record<string, number>;
}

const hm = (s: string) => {
	const m = /^(\d{2}):(\d{2})$/.exec(s);
	if (!m) return NaN;
	return Number(m[1]) * 60 + Number(m[2]);
};
const dayIndex = (date: string) => Math.round(new Date(`${date}T00:00:00Z`).getTime() / 86_400_000);

export function checkScheduleCsv(csv: string, rules: RulesJson, reqRows: Array<{ start: string; required: number }>): CheckResult {
	const v: string[] = [];
	const lines = csv.trim().split('\n');
	if (lines[0] !== 'agent_id,pool,date,start,end,breaks') v.push(`header is ${lines[0]}`);
	const I = rules.intervalMin;
	const t0 = dayIndex(reqRows[0].start.slice(0, 10)) * 1440 + hm(reqRows[0].start.slice(11));
	const minutes = new Float64Array(reqRows.length * I); // productivity-weighted presence per minute
	const byAgent = new Map<string, Array<{ pool: string; date: string; s: number; e: number }>>();
	let cost = 0;
	let paidMin = 0;
	const earliest = hm(rules.startTimes.earliest);
	const latest = hm(rules.startTimes.latest);
	for (let i = 1; i < lines.length; i++) {
		const c = lines[i].split(',');
		if (c.length !== 6) {
			v.push(`line ${i + 1}: ${c.length} columns`);
			continue;
		}
		const [agent, poolId, date, st, en, br] = c;
		const pool = rules.pools.find((p) => p.id === poolId);
		if (!pool) {
			v.push(`line ${i + 1}: unknown pool ${poolId}`);
			continue;
		}
		const s = hm(st);
		const e = hm(en);
		const len = e - s;
		if (!pool.shiftLengthsHours.some((h) => h * 60 === len)) v.push(`line ${i + 1}: ${agent} shift ${st}-${en} is ${len / 60} h, pool ${poolId} allows ${pool.shiftLengthsHours.join('/')}`);
		if (s < earliest || s > latest || (s - earliest) % rules.startTimes.stepMin !== 0) v.push(`line ${i + 1}: ${agent} starts at ${st}, outside the start window/grid`);
		const abs = dayIndex(date) * 1440;
		const breaks = br === '' ? [] : br.split(';').map((x) => x.split('-').map(hm));
		const required = rules.breaks.filter((b) => len >= b.ifShiftHoursAtLeast * 60);
		if (breaks.length !== required.length) v.push(`line ${i + 1}: ${agent} has ${breaks.length} breaks, a ${len / 60} h shift needs ${required.length}`);
		// match each required rule to a distinct break that fits it (small: try all permutations greedily by rule)
		const used = new Set<number>();
		let unpaid = 0;
		for (const rule of required) {
			const j = breaks.findIndex(([a, b], k) => !used.has(k) && b - a === rule.lengthMin && a - s >= rule.earliestAfterStartMin && b - s <= rule.latestAfterStartMin);
			if (j < 0) v.push(`line ${i + 1}: ${agent} has no ${rule.lengthMin}-min break within ${rule.earliestAfterStartMin}–${rule.latestAfterStartMin} min of its start`);
			else {
				used.add(j);
				if (!rule.paid) unpaid += rule.lengthMin;
			}
		}
		const sortedB = [...breaks].sort((a, b) => a[0] - b[0]);
		for (let k = 0; k < sortedB.length; k++) {
			if (sortedB[k][0] < s || sortedB[k][1] > e) v.push(`line ${i + 1}: ${agent} break outside the shift`);
			if (k > 0 && sortedB[k][0] < sortedB[k - 1][1]) v.push(`line ${i + 1}: ${agent} breaks overlap`);
		}
		paidMin += len - unpaid;
		cost += ((len - unpaid) / 60) * pool.costPerHour;
		for (let m = abs + s; m < abs + e; m++) {
			const local = m - abs;
			if (breaks.some(([a, b]) => local >= a && local < b)) continue;
			const k = m - t0;
			if (k >= 0 && k < minutes.length) minutes[k] += pool.productivity;
		}
		const list = byAgent.get(agent) ?? [];
		list.push({ pool: poolId, date, s: abs + s, e: abs + e });
		byAgent.set(agent, list);
	}
	const agents: Record<string, number> = {};
	for (const [agent, list] of byAgent) {
		const pools = new Set(list.map((x) => x.pool));
		if (pools.size > 1) v.push(`${agent} works in two pools`);
		const pool = rules.pools.find((p) => p.id === list[0].pool)!;
		agents[pool.id] = (agents[pool.id] ?? 0) + 1;
		const dates = new Set(list.map((x) => x.date));
		if (dates.size !== list.length) v.push(`${agent} has two shifts on one date`);
		if (dates.size < pool.minDaysPerWeek || dates.size > pool.maxDaysPerWeek) v.push(`${agent} works ${dates.size} days, pool ${pool.id} allows ${pool.minDaysPerWeek}–${pool.maxDaysPerWeek}`);
		list.sort((a, b) => a.s - b.s);
		for (let k = 1; k < list.length; k++) {
			const rest = list[k].s - list[k - 1].e;
			if (rest < rules.minRestHours * 60) v.push(`${agent} rests ${(rest / 60).toFixed(2)} h before ${list[k].date}, minimum ${rules.minRestHours} h`);
		}
	}
	for (const p of rules.pools) if ((agents[p.id] ?? 0) > p.headcount) v.push(`pool ${p.id} uses ${agents[p.id]} agents, headcount ${p.headcount}`);
	const coverage = reqRows.map((_, t) => {
		let a = 0;
		for (let m = t * I; m < (t + 1) * I; m++) a += minutes[m];
		return a / I;
	});
	let need = 0;
	let met = 0;
	let shortfall = 0;
	reqRows.forEach((r, t) => {
		need += r.required;
		met += Math.min(r.required, coverage[t]);
		shortfall += Math.max(0, r.required - coverage[t]);
	});
	return { violations: v, coverage, coveragePct: need === 0 ? 100 : (100 * met) / need, shortfall, cost, paidHours: paidMin / 60, agents };
}
