import { DateTime } from 'luxon';
import type { ChannelConfig, QueueConfig } from '$lib/types/domain';
import {
	builtInEvents,
	dayNumber as dayNumberOf,
	eventDayPositions,
	FESTIVAL_FIRST_YEAR,
	FESTIVAL_LAST_YEAR,
	weekdayOfDay,
	type CalendarEvent,
	type EventDayPosition
} from '../../../../forecast/calendar';
import { composeEffect, neutralEffect, positionEffect, type DayEffect } from './calendarEffects';
import {
	CHANNEL_PARAMS,
	channelArchetype,
	DAY_NOISE_SIGMA,
	GROWTH_PER_YEAR,
	HOUR_NOISE_SIGMA,
	queueArchetype,
	SHORT_BLOCK_PROB,
	SHORT_FACTOR_MAX,
	SHORT_FACTOR_MIN,
	TREND_ANCHOR_MS,
	YEARLY_AMPLITUDE,
	type Archetype,
	type ChannelParams,
	type QueueArchetype
} from './params';
import { hashNormal, hashUnit } from './random';

export const INTERVAL_MS = 15 * 60_000;
const HOUR_MS = 3_600_000;
const YEAR_MS = 365.25 * 86_400_000;

export interface VolumeModelOptions {
	channels: readonly ChannelConfig[];
	queues: readonly QueueConfig[];
	timezone: string;
	seed: number;
	/** multiplies every volume (default 1) */
	volumeScale?: number;
}

/** Everything the model says about one local calendar day. */
export interface DayProfile {
	/** YYYY-MM-DD in the centre's zone */
	date: string;
	dayNumber: number;
	/** 0 = Monday … 6 = Sunday */
	weekday: number;
	/** local midnight and the next one, epoch ms */
	startMs: number;
	endMs: number;
	/** 15-minute intervals in the day (96, or 92/100 on a DST change day) */
	intervalCount: number;
	effect: DayEffect;
	/** calendar windows touching the day, e.g. "Double 11 (双11) core" */
	calendar: string[];
	/** expected contacts that day, by channel index (all queues) */
	channelTotal: number[];
	/** by channel index: the share of the day in each interval (sums to 1) */
	intervalWeights: Float64Array[];
	/** by channel index: the share of each queue (sums to 1) */
	queueShares: Float64Array[];
	/** by channel index: staffing multiplier for each local hour (1 = staffed to plan) */
	staffFactorByHour: Float64Array[];
}

/**
 * The expected contact volume of the centre, shared by live mode and the history backfill so that
 * the two join without a step: day total = base × weekly × yearly × growth trend × calendar effect ×
 * day noise; intraday = channel shape (+ a 00:00 spike on promotion days) × hour noise; queue mix
 * tilted by the calendar (after-sales after a promotion). All noise is hashed from (seed, day,
 * channel, hour), never drawn, so both modes see the same "weather".
 */
export class VolumeModel {
	readonly channels: readonly ChannelConfig[];
	readonly queues: readonly QueueConfig[];
	readonly timezone: string;
	readonly seed: number;
	readonly volumeScale: number;
	readonly archetypes: Archetype[];
	readonly params: ChannelParams[];
	readonly queueArchetypes: QueueArchetype[];
	private days = new Map<string, DayProfile>();
	private last: DayProfile | null = null;
	private calendarByYear = new Map<number, { events: CalendarEvent[]; positions: Map<number, EventDayPosition[]> }>();

	constructor(opts: VolumeModelOptions) {
		if (opts.channels.length === 0) throw new Error('VolumeModel: at least one channel is needed');
		if (opts.queues.length === 0) throw new Error('VolumeModel: at least one queue is needed');
		const scale = opts.volumeScale ?? 1;
		if (!(scale > 0) || !Number.isFinite(scale)) throw new Error(`VolumeModel: volumeScale must be > 0, got ${scale}`);
		if (!DateTime.now().setZone(opts.timezone).isValid) throw new Error(`VolumeModel: unknown time zone ${JSON.stringify(opts.timezone)}`);
		this.channels = opts.channels;
		this.queues = opts.queues;
		this.timezone = opts.timezone;
		this.seed = opts.seed;
		this.volumeScale = scale;
		this.archetypes = opts.channels.map((c) => channelArchetype(c));
		this.params = this.archetypes.map((a) => CHANNEL_PARAMS[a]);
		this.queueArchetypes = opts.queues.map((q) => queueArchetype(q));
	}

	/** The profile of the local day containing `ms`. */
	dayAt(ms: number): DayProfile {
		const l = this.last;
		if (l && ms >= l.startMs && ms < l.endMs) return l;
		const local = DateTime.fromMillis(ms, { zone: this.timezone });
		const date = local.toISODate()!;
		let d = this.days.get(date);
		if (!d) {
			d = this.buildDay(date, local.startOf('day').toMillis(), local.startOf('day').plus({ days: 1 }).toMillis());
			this.days.set(date, d);
		}
		this.last = d;
		return d;
	}

	/** Expected arrivals of channel `ch`, queue `q` in interval `k` of `day`. */
	expectedInInterval(day: DayProfile, ch: number, q: number, k: number): number {
		return day.channelTotal[ch] * day.intervalWeights[ch][k] * day.queueShares[ch][q];
	}

	/** Arrival rate (contacts per second) of channel `ch`, queue `q` at the instant `ms`. */
	ratePerSec(ch: number, q: number, ms: number): number {
		const day = this.dayAt(ms);
		const k = Math.min(day.intervalCount - 1, Math.floor((ms - day.startMs) / INTERVAL_MS));
		return this.expectedInInterval(day, ch, q, k) / (INTERVAL_MS / 1000);
	}

	/** Arrival rate of channel `ch`, all queues, at `ms`. */
	channelRatePerSec(ch: number, ms: number): number {
		const day = this.dayAt(ms);
		const k = Math.min(day.intervalCount - 1, Math.floor((ms - day.startMs) / INTERVAL_MS));
		return (day.channelTotal[ch] * day.intervalWeights[ch][k]) / (INTERVAL_MS / 1000);
	}

	/** Staffing multiplier of channel `ch` at `ms` (short-staffed blocks, promotion gap, holidays). */
	staffFactor(ch: number, ms: number): number {
		const day = this.dayAt(ms);
		const hour = Math.min(23, Math.max(0, Math.floor((ms - day.startMs) / HOUR_MS)));
		return day.staffFactorByHour[ch][hour];
	}

	/** The calendar's part of the staffing multiplier at `ms` (promotion gap, holidays), without short blocks. */
	calendarStaffFactor(ms: number): number {
		return this.dayAt(ms).effect.staff;
	}

	/** Handle-time multiplier at `ms` (promotions). */
	ahtFactor(ms: number): number {
		return this.dayAt(ms).effect.aht;
	}

	private calendarFor(year: number) {
		let c = this.calendarByYear.get(year);
		if (!c) {
			// Events are attributed to the year of their festival (the 年货节 of year Y may start in
			// December of Y−1), so look one year either side. Outside the calendar's verified range
			// (forecast/calendar: 2020–2032) the simulator plays no calendar events.
			const from = Math.max(FESTIVAL_FIRST_YEAR, year - 1);
			const to = Math.min(FESTIVAL_LAST_YEAR, year + 1);
			const events = from <= to ? builtInEvents(from, to) : [];
			const positions = eventDayPositions(events, dayNumberOf(`${year}-01-01`), dayNumberOf(`${year}-12-31`));
			c = { events, positions };
			this.calendarByYear.set(year, c);
		}
		return c;
	}

	private buildDay(date: string, startMs: number, endMs: number): DayProfile {
		const dn = dayNumberOf(date);
		const weekday = weekdayOfDay(dn);
		const year = Number(date.slice(0, 4));
		const cal = this.calendarFor(year);
		const positions = cal.positions.get(dn) ?? [];
		const effect = neutralEffect();
		const calendar: string[] = [];
		for (const p of positions) {
			composeEffect(effect, positionEffect(p, cal.events[p.eventIndex].rampDays));
			calendar.push(`${p.name} ${p.phase}${p.phase === 'core' ? '' : ` ${p.offset}`}`);
		}
		const intervalCount = Math.round((endMs - startMs) / INTERVAL_MS);
		const middayMs = (startMs + endMs) / 2;
		const trend = (1 + GROWTH_PER_YEAR) ** ((middayMs - TREND_ANCHOR_MS) / YEAR_MS);
		const doy = Math.floor((middayMs - Date.UTC(year, 0, 1)) / 86_400_000);
		const yearly = 1 + YEARLY_AMPLITUDE * Math.cos((2 * Math.PI * (doy - 350)) / 365.25);
		const seed = this.seed;

		const channelTotal: number[] = [];
		const intervalWeights: Float64Array[] = [];
		const queueShares: Float64Array[] = [];
		const staffFactorByHour: Float64Array[] = [];
		this.channels.forEach((_, ch) => {
			const p = this.params[ch];
			const arch = this.archetypes[ch];
			const weeklyMean = p.weekly.reduce((a, b) => a + b, 0) / 7;
			const dayNoise = Math.exp(DAY_NOISE_SIGMA * hashNormal(seed, dn, ch, 11) - (DAY_NOISE_SIGMA * DAY_NOISE_SIGMA) / 2);
			channelTotal.push(
				p.baseDailyVolume * (p.weekly[weekday] / weeklyMean) * yearly * trend * effect.volume[arch] * dayNoise * this.volumeScale
			);

			const w = new Float64Array(intervalCount);
			let sum = 0;
			for (let k = 0; k < intervalCount; k++) {
				const h = ((k + 0.5) * INTERVAL_MS) / HOUR_MS;
				const hour = Math.min(23, Math.floor(h));
				const hourNoise = Math.exp(HOUR_NOISE_SIGMA * hashNormal(seed, dn, ch, hour, 13) - (HOUR_NOISE_SIGMA * HOUR_NOISE_SIGMA) / 2);
				w[k] = intradayShape(p, h) * hourNoise;
				sum += w[k];
			}
			for (let k = 0; k < intervalCount; k++) w[k] /= sum;
			if (effect.midnightSpike > 0 || effect.eveningRamp > 0) {
				// A promotion day's 00:00 rush (orders open at midnight) and its eve: move a share of
				// the day into a spike shape so the day total is unchanged.
				const spike = Math.min(0.5, effect.midnightSpike);
				const eve = Math.min(0.5, effect.eveningRamp);
				const sShape = new Float64Array(intervalCount);
				const eShape = new Float64Array(intervalCount);
				let sSum = 0;
				let eSum = 0;
				for (let k = 0; k < intervalCount; k++) {
					const h = ((k + 0.5) * INTERVAL_MS) / HOUR_MS;
					sShape[k] = Math.exp(-h / 0.6);
					eShape[k] = Math.exp(-((h - 23.2) ** 2) / (2 * 0.6 ** 2));
					sSum += sShape[k];
					eSum += eShape[k];
				}
				for (let k = 0; k < intervalCount; k++) {
					w[k] = w[k] * (1 - spike - eve) + (spike * sShape[k]) / sSum + (eve * eShape[k]) / eSum;
				}
			}
			intervalWeights.push(w);

			const shares = new Float64Array(this.queues.length);
			let qs = 0;
			this.queueArchetypes.forEach((qa, q) => {
				shares[q] = p.queueMix[qa] * effect.tilt[qa];
				qs += shares[q];
			});
			for (let q = 0; q < shares.length; q++) shares[q] /= qs;
			queueShares.push(shares);

			const staff = new Float64Array(24);
			for (let hour = 0; hour < 24; hour++) {
				const block = Math.floor(hour / 2);
				staff[hour] = effect.staff * shortStaffFactor(seed, dn, ch, block);
			}
			staffFactorByHour.push(staff);
		});

		return {
			date,
			dayNumber: dn,
			weekday,
			startMs,
			endMs,
			intervalCount,
			effect,
			calendar,
			channelTotal,
			intervalWeights,
			queueShares,
			staffFactorByHour
		};
	}
}

/**
 * The short-staffing factor of one block (sick calls, a late shift, a training): 1 most of the
 * time, with probability SHORT_BLOCK_PROB a factor in [SHORT_FACTOR_MIN, SHORT_FACTOR_MAX].
 * Hashed from its keys, so the backfill and live mode agree on which blocks were short.
 */
export function shortStaffFactor(seed: number, a: number, ch: number, block: number): number {
	if (hashUnit(seed, a, ch, block, 7) >= SHORT_BLOCK_PROB) return 1;
	return SHORT_FACTOR_MIN + (SHORT_FACTOR_MAX - SHORT_FACTOR_MIN) * hashUnit(seed, a, ch, block, 8);
}

/** Unnormalised intraday shape at local hour h: floor + Gaussian bumps on a 24-hour circle. */
export function intradayShape(p: ChannelParams, h: number): number {
	let v = p.intradayFloor;
	for (const [centre, sd, amp] of p.intradayBumps) {
		const d0 = Math.abs(h - centre);
		const d = Math.min(d0, 24 - d0);
		v += amp * Math.exp(-(d * d) / (2 * sd * sd));
	}
	return v;
}
