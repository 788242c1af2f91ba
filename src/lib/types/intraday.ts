/**
 * The intraday view of one channel (type-only; served by GET /api/v1/intraday, shown on the board's
 * intraday chart and tile and on /planning/intraday). Built by src/lib/server/intraday/.
 */
export interface IntradaySlot {
	/** interval start, epoch ms */
	startMs: number;
	/** the day-ahead forecast (fitted on the days before today) */
	dayAhead: number;
	/** the current re-forecast (null for intervals that had ended when it was computed) */
	reforecast: number | null;
	lo80: number | null;
	hi80: number | null;
	/** actual contacts offered when the re-forecast was computed (null = not yet) */
	actual: number | null;
	/** agents the interval needs at today's handle time (absent while the handle time is unknown) */
	required?: number;
}

export interface StaffingGapInterval {
	startMs: number;
	/** contacts expected in the interval (re-forecast, or day-ahead where none) */
	volume: number;
	/** agents required by the planning staffing model with the channel's targets */
	required: number;
	/** agents logged in and serving now (available + on contact + after-contact work) */
	staffed: number;
	/** staffed − required; negative = short */
	gap: number;
}

export interface IntradayChannelView {
	channel: string;
	intervalMin: number;
	/** when the re-forecast was computed (null = not yet) */
	computedAtMs: number | null;
	/** what the actuals ran to at that time, epoch ms */
	observedUntilMs: number | null;
	slots: IntradaySlot[];
	/** actuals so far + the re-forecast rest of today */
	forecastToday: number | null;
	dayAheadToday: number | null;
	/** offered so far today (stored, to the last completed interval) vs the day-ahead forecast of the same intervals, % (null = nothing to compare) */
	vsForecastPct: number | null;
	/** the current interval and the next 4 */
	gap: StaffingGapInterval[];
	/** handle time the requirement uses: today's AHT of the channel, else the last 15 minutes' */
	ahtSec: number | null;
	/** why there is no forecast or no gap (a message a supervisor can act on) */
	note: string | null;
}
