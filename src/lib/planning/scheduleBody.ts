/** What the schedule page saves and publishes (browser-safe; the server validates it with the same code). */
import { parseRules, ScheduleInputError, type AgentShift, type Requirement, type ScheduleRules } from '$forecast/scheduling/index';

export interface RosterEntry {
	agentId: string;
	name: string;
	pool: string;
}

export interface ScheduleBody {
	rules: ScheduleRules;
	requirement: Requirement;
	/** time zone the schedule's local times are in */
	timezone: string;
	roster: RosterEntry[];
	shifts: AgentShift[];
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Validates a body sent by a client; throws ScheduleInputError naming the field. */
export function parseScheduleBody(raw: unknown): ScheduleBody {
	if (!isObj(raw)) throw new ScheduleInputError('body', 'must be an object');
	const rules = parseRules(raw.rules);
	const q = raw.requirement;
	if (!isObj(q) || typeof q.firstDate !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(q.firstDate) || !Array.isArray(q.required) || q.required.some((x) => typeof x !== 'number' || !(x >= 0))) {
		throw new ScheduleInputError('requirement', 'must be {firstDate: "YYYY-MM-DD", offsetMin, intervalMin, required: [numbers ≥ 0]}');
	}
	if (q.intervalMin !== rules.intervalMin) throw new ScheduleInputError('requirement.intervalMin', `must equal rules.intervalMin (${rules.intervalMin})`);
	const requirement: Requirement = { firstDate: q.firstDate, offsetMin: Number(q.offsetMin) || 0, intervalMin: rules.intervalMin, required: q.required as number[] };
	if (typeof raw.timezone !== 'string' || raw.timezone.length > 64) throw new ScheduleInputError('timezone', 'must be an IANA time zone name');
	if (!Array.isArray(raw.roster)) throw new ScheduleInputError('roster', 'must be an array');
	const roster = raw.roster.map((r, i) => {
		if (!isObj(r) || typeof r.agentId !== 'string' || typeof r.name !== 'string' || typeof r.pool !== 'string') throw new ScheduleInputError(`roster[${i}]`, 'must be {agentId, name, pool}');
		return { agentId: r.agentId, name: r.name, pool: r.pool };
	});
	if (!Array.isArray(raw.shifts)) throw new ScheduleInputError('shifts', 'must be an array');
	const shifts = raw.shifts.map((s, i): AgentShift => {
		const f = `shifts[${i}]`;
		if (!isObj(s) || typeof s.agentId !== 'string' || typeof s.pool !== 'number' || !rules.pools[s.pool] || typeof s.start !== 'number' || typeof s.end !== 'number' || !(s.end > s.start) || !Array.isArray(s.breaks)) {
			throw new ScheduleInputError(f, 'must be {agentId, pool (index), day, start, end (week minutes, end > start), breaks: [{start, lengthMin, paid}]}');
		}
		return {
			agentId: s.agentId,
			pool: s.pool,
			day: Number(s.day) || 0,
			start: s.start,
			end: s.end,
			breaks: (s.breaks as unknown[]).map((b, j) => {
				if (!isObj(b) || typeof b.start !== 'number' || typeof b.lengthMin !== 'number') throw new ScheduleInputError(`${f}.breaks[${j}]`, 'must be {start, lengthMin, paid}');
				return { start: b.start, lengthMin: b.lengthMin, paid: b.paid === true };
			})
		};
	});
	return { rules, requirement, timezone: raw.timezone, roster, shifts };
}

/** Display name of a scheduled agent: the roster's name, else the id. */
export function agentName(body: Pick<ScheduleBody, 'roster'>, agentId: string): string {
	return body.roster.find((r) => r.agentId === agentId)?.name ?? agentId;
}

/**
 * roster.csv: `agent_id,name,pool` (header required). Errors name the line.
 * @throws ScheduleInputError
 */
export function parseRosterCsv(text: string, poolIds: readonly string[]): RosterEntry[] {
	const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.trim() !== '');
	if (lines.length === 0 || lines[0].replace(/\s/g, '').toLowerCase() !== 'agent_id,name,pool') throw new ScheduleInputError('roster.csv line 1', 'the header must be "agent_id,name,pool"');
	const seen = new Set<string>();
	return lines.slice(1).map((l, i) => {
		const c = l.split(',').map((x) => x.trim());
		const where = `roster.csv line ${i + 2}`;
		if (c.length !== 3 || c.some((x) => x === '')) throw new ScheduleInputError(where, 'must have 3 non-empty columns agent_id,name,pool');
		if (!poolIds.includes(c[2])) throw new ScheduleInputError(`${where} pool`, `"${c[2]}" is not a pool of the rules (${poolIds.join(', ')})`);
		if (seen.has(c[0])) throw new ScheduleInputError(`${where} agent_id`, `"${c[0]}" is listed twice`);
		seen.add(c[0]);
		return { agentId: c[0], name: c[1], pool: c[2] };
	});
}

/** Gives the solver's agents (pool-NNN) the roster's ids, in roster order per pool. */
export function applyRoster(shifts: AgentShift[], rules: ScheduleRules, roster: readonly RosterEntry[]): AgentShift[] {
	const map = new Map<string, string>();
	const next = new Map<string, number>();
	return shifts.map((s) => {
		let id = map.get(s.agentId);
		if (id === undefined) {
			const poolId = rules.pools[s.pool].id;
			const members = roster.filter((r) => r.pool === poolId);
			const k = next.get(poolId) ?? 0;
			id = members[k]?.agentId ?? s.agentId;
			next.set(poolId, k + 1);
			map.set(s.agentId, id);
		}
		return { ...s, agentId: id };
	});
}
