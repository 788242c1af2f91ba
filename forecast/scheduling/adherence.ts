/**
 * Schedule adherence (issue 21): the published schedule against the agents' live states. Pure:
 * times are epoch ms, the caller converts the schedule's local times and reads the states.
 *
 * Planned state at t: "break" inside a scheduled break, "working" inside a shift, else "off".
 * Actual state: the agent's last state change at or before t, mapped available / on_contact / acw
 * → "working", break → "break", offline or unknown → "off". An agent is in adherence when the two
 * are equal. The centre's adherence today = minutes in adherence / scheduled minutes (planned
 * working or break) from the day's start to now, over all scheduled agents, at minute resolution.
 * An agent out of adherence for more than `thresholdMin` minutes raises the L1 flag.
 */
export type PlanState = 'working' | 'break' | 'off';

export interface AgentPlan {
	agentId: string;
	/** shifts and their breaks, epoch ms */
	shifts: Array<{ fromMs: number; toMs: number; breaks: Array<{ fromMs: number; toMs: number }> }>;
}

export interface StateChange {
	tsMs: number;
	/** the raw agent state of the events contract */
	state: string;
}

export interface AgentAdherence {
	agentId: string;
	scheduled: PlanState;
	actual: PlanState;
	inAdherence: boolean;
	/** start of the current out-of-adherence stretch, or null */
	outSinceMs: number | null;
	outMinutes: number;
	/** out of adherence longer than the threshold */
	alert: boolean;
}

export function actualOf(state: string | undefined): PlanState {
	if (state === 'available' || state === 'on_contact' || state === 'acw') return 'working';
	if (state === 'break') return 'break';
	return 'off';
}

export function plannedAt(p: AgentPlan, t: number): PlanState {
	for (const s of p.shifts) {
		if (t >= s.fromMs && t < s.toMs) return s.breaks.some((b) => t >= b.fromMs && t < b.toMs) ? 'break' : 'working';
	}
	return 'off';
}

const MIN = 60_000;

export function computeAdherence(
	plans: readonly AgentPlan[],
	/** per agent, state changes sorted by time (include the last change before the day start) */
	timelines: ReadonlyMap<string, readonly StateChange[]>,
	nowMs: number,
	dayStartMs: number,
	thresholdMin: number
): { agents: AgentAdherence[]; centrePct: number | null; scheduledMinutes: number; adherentMinutes: number } {
	let scheduledMinutes = 0;
	let adherentMinutes = 0;
	const agents = plans.map((p) => {
		const tl = timelines.get(p.agentId) ?? [];
		const actualAt = (t: number) => {
			let s: string | undefined;
			for (const c of tl) {
				if (c.tsMs > t) break;
				s = c.state;
			}
			return actualOf(s);
		};
		// minute scan for today's share (timeline pointer advances monotonically)
		let k = 0;
		let cur: string | undefined;
		for (let t = dayStartMs; t < nowMs; t += MIN) {
			while (k < tl.length && tl[k].tsMs <= t) cur = tl[k++].state;
			const planned = plannedAt(p, t);
			if (planned === 'off') continue;
			scheduledMinutes++;
			if (actualOf(cur) === planned) adherentMinutes++;
		}
		const scheduled = plannedAt(p, nowMs);
		const actual = actualAt(nowMs);
		const inAdherence = scheduled === actual;
		let outSinceMs: number | null = null;
		if (!inAdherence) {
			// walk back over the change points of both sides to where the mismatch began
			const points = [...tl.map((c) => c.tsMs), ...p.shifts.flatMap((s) => [s.fromMs, s.toMs, ...s.breaks.flatMap((b) => [b.fromMs, b.toMs])])]
				.filter((x) => x <= nowMs)
				.sort((a, b) => b - a);
			outSinceMs = nowMs;
			for (const x of points) {
				if (plannedAt(p, x) === actualAt(x) || x < dayStartMs) break;
				outSinceMs = x;
				if (plannedAt(p, x - 1) === actualAt(x - 1)) break;
			}
		}
		const outMinutes = outSinceMs === null ? 0 : (nowMs - outSinceMs) / MIN;
		return { agentId: p.agentId, scheduled, actual, inAdherence, outSinceMs, outMinutes, alert: outMinutes > thresholdMin };
	});
	return { agents, centrePct: scheduledMinutes === 0 ? null : (100 * adherentMinutes) / scheduledMinutes, scheduledMinutes, adherentMinutes };
}
