/**
 * The planning API's payloads (issue 23): declared once, used by the server that builds them
 * (`src/lib/server/planning/`, `queries/planning/scenarios.ts`) and the page that reads them
 * (`src/lib/planning/api.ts`). Type-only.
 */
import type { AppliedOverride, DailyForecast, ForecastPoint, IntradayReforecast, ModelScore } from '$forecast/volume/index';

/** What a planner asks for: inferred from its schema (`./planRequest.ts`), checked by `parsePlanRequest`. */
export type { PlanRequest } from './planRequest';
import type { PlanRequest } from './planRequest';

export interface PlanWindow {
	fromDate: string;
	toDate: string;
	label: string;
}

/** One channel's forecast over the plan window. */
export interface ChannelForecast {
	channel: string;
	model: string;
	modelChosenBy: string;
	candidates: ModelScore[];
	/** the last 8 weeks of daily history, for the chart */
	historyDaily: { date: string; count: number }[];
	/** the plan window, per interval */
	points: ForecastPoint[];
	/** per day: mean total and the day total's own quantiles, the uplift and where it came from, the day type (forecast/volume/types.ts) */
	daily: (Pick<DailyForecast, 'date' | 'forecast' | 'lo80' | 'hi80' | 'lo95' | 'hi95' | 'p50' | 'p80' | 'p90' | 'uplift' | 'upliftBasis' | 'dayType'> & {
		event?: Omit<NonNullable<DailyForecast['event']>, 'kind'>;
	})[];
	/** the window's mean total and its own quantiles (not a sum of interval or day quantiles) */
	total: { forecast: number; p50: number; p80: number; p90: number };
	events: {
		name: string;
		kind: string;
		dateStart: string;
		dateEnd: string;
		meanUplift: number;
		basis: string;
		occurrences: number;
		/** the earlier occurrences the effect was learned from */
		learnedFrom: { name: string; dateStart: string; dateEnd: string }[];
	}[];
	/** the per-date overrides the forecast applied (previous and new factor) */
	overrides: AppliedOverride[];
	warnings: string[];
	historyDays: number;
	/** present when the history ends part-way through a day: its re-forecast (issue 19) */
	intraday?: IntradayReforecast;
}

/** The forecast's answer: the request as validated, the window, each channel's forecast. */
export interface ForecastResult {
	request: PlanRequest;
	window: PlanWindow;
	channels: ChannelForecast[];
}

/** Progress while channels are fitted (`step: "done"` at the end). */
export interface ForecastProgress {
	step: string;
	channel?: string;
	done: number;
	total: number;
}

/** One line of the forecast endpoint's NDJSON answer. */
export type ForecastStreamLine = ({ type: 'progress' } & ForecastProgress) | ({ type: 'result' } & ForecastResult) | { type: 'error'; error: string };

/** GET /api/v1/planning/params: parameters learned from stored data. */
export interface LearnedParams {
	/** the stored data the figures come from */
	ahtWindow: { fromMs: number; toMs: number };
	chatWindow: { fromMs: number; toMs: number };
	/** per channel: AHT over the window and per local hour of day (null where nothing was handled) */
	aht: Record<string, { ahtSec: number | null; handled: number; byHourSec: (number | null)[]; byQueueSec: Record<string, number> }>;
	/** chat handle time by how many chats the agent held at pickup (1, 2, 3, …) */
	chatAhtByConcurrency: { level: number; ahtSec: number; chats: number }[];
}

/** A saved scenario as GET /api/v1/scenarios lists it (schema: ./scenario.ts). */
export type { Scenario as ScenarioRow } from './scenario';
