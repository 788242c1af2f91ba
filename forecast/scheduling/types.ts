/** Shift scheduling types (issue 21). All times are minutes; "week minutes" count from 00:00 of the first requirement date. */

export interface BreakRule {
	lengthMin: number;
	/** the break applies to shifts of at least this many hours */
	ifShiftHoursAtLeast: number;
	/** the break lies entirely inside [start + earliestAfterStartMin, start + latestAfterStartMin] */
	earliestAfterStartMin: number;
	latestAfterStartMin: number;
	paid: boolean;
}

export interface PoolRule {
	id: string;
	headcount: number;
	shiftLengthsHours: number[];
	minDaysPerWeek: number;
	maxDaysPerWeek: number;
	costPerHour: number;
	/** share of an experienced agent one agent of this pool covers (a new temp at 0.8) */
	productivity: number;
}

export interface ScheduleRules {
	intervalMin: number;
	minRestHours: number;
	startTimes: { earliest: string; latest: string; stepMin: number };
	breaks: BreakRule[];
	pools: PoolRule[];
}

export interface Requirement {
	/** YYYY-MM-DD of the first interval; week minute 0 is its 00:00 */
	firstDate: string;
	/** week minute of the first interval (usually 0) */
	offsetMin: number;
	intervalMin: number;
	/** agents required per interval */
	required: number[];
}

/** A shift type the MIP may use: pool, day, start and length. */
export interface ShiftType {
	pool: number;
	day: number;
	/** week minutes */
	start: number;
	lengthMin: number;
	/** indices into rules.breaks of the breaks this shift must take */
	breaks: number[];
	paidHours: number;
	cost: number;
}

export interface PlacedBreak {
	/** week minutes */
	start: number;
	lengthMin: number;
	paid: boolean;
}

export interface AgentShift {
	agentId: string;
	pool: number;
	day: number;
	start: number;
	end: number;
	breaks: PlacedBreak[];
}

export interface ScheduleSummary {
	coveragePct: number;
	shortfallAgentIntervals: number;
	cost: number;
	paidHours: number;
	lowerBound: number | null;
	gapPct: number | null;
	seconds: number;
}

export class ScheduleInputError extends Error {
	constructor(
		readonly field: string,
		message: string
	) {
		super(`${field}: ${message}`);
		this.name = 'ScheduleInputError';
	}
}
