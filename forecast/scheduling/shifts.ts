/** The shift types a schedule may use, and what one agent on a shift contributes to each interval. */
import { parseClock } from './validate';
import type { BreakRule, Requirement, ScheduleRules, ShiftType } from './types';

/** Number of planning days: every day that holds an interval of the requirement. */
export function dayCount(req: Requirement): number {
	return Math.ceil((req.offsetMin + req.required.length * req.intervalMin) / 1440);
}

/** The breaks (indices into rules.breaks) a shift of `lengthMin` must take. */
export function breaksFor(rules: ScheduleRules, lengthMin: number): number[] {
	return rules.breaks.flatMap((b, i) => (lengthMin >= b.ifShiftHoursAtLeast * 60 ? [i] : []));
}

export function paidHoursOf(rules: ScheduleRules, lengthMin: number): number {
	return (lengthMin - breaksFor(rules, lengthMin).reduce((s, k) => s + (rules.breaks[k].paid ? 0 : rules.breaks[k].lengthMin), 0)) / 60;
}

/** Every (pool, day, start, length) on the start grid. */
export function enumerateShiftTypes(rules: ScheduleRules, req: Requirement): ShiftType[] {
	const earliest = parseClock(rules.startTimes.earliest, 'startTimes.earliest');
	const latest = parseClock(rules.startTimes.latest, 'startTimes.latest');
	const out: ShiftType[] = [];
	const days = dayCount(req);
	rules.pools.forEach((p, pool) => {
		if (p.headcount === 0) return;
		for (let day = 0; day < days; day++) {
			for (let s = earliest; s <= latest; s += rules.startTimes.stepMin) {
				for (const h of p.shiftLengthsHours) {
					const lengthMin = Math.round(h * 60);
					const paidHours = paidHoursOf(rules, lengthMin);
					out.push({ pool, day, start: day * 1440 + s, lengthMin, breaks: breaksFor(rules, lengthMin), paidHours, cost: paidHours * p.costPerHour });
				}
			}
		}
	});
	return out;
}

/** Grid on which breaks are placed: the interval, the start step and the break lengths all align to it. */
export function breakStepMin(rules: ScheduleRules): number {
	const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
	let g = gcd(rules.intervalMin, rules.startTimes.stepMin);
	for (const b of rules.breaks) g = gcd(g, b.earliestAfterStartMin);
	return Math.max(5, g);
}

/** Offsets (minutes after the shift start) at which break `b` may start. */
export function breakOffsets(b: BreakRule, stepMin: number): number[] {
	const out: number[] = [];
	for (let o = b.earliestAfterStartMin; o + b.lengthMin <= b.latestAfterStartMin; o += stepMin) out.push(o);
	return out;
}

/**
 * Fraction of each requirement interval covered by [from, to) (week minutes), as sparse
 * (interval index, fraction) pairs; parts outside the requirement are dropped.
 */
export function overlapIntervals(req: Requirement, from: number, to: number): Array<[number, number]> {
	const out: Array<[number, number]> = [];
	const I = req.intervalMin;
	const first = Math.max(0, Math.floor((from - req.offsetMin) / I));
	const last = Math.min(req.required.length - 1, Math.ceil((to - req.offsetMin) / I) - 1);
	for (let t = first; t <= last; t++) {
		const a = req.offsetMin + t * I;
		const ov = Math.min(to, a + I) - Math.max(from, a);
		if (ov > 0) out.push([t, ov / I]);
	}
	return out;
}
