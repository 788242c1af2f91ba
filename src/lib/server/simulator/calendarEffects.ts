import { BUILTIN_EVENT_NAMES, type EventDayPosition } from '../../../../forecast/calendar';
import type { Archetype, QueueArchetype } from './params';

/**
 * What one day's calendar position does to the centre. Multipliers compose by product when a day
 * is in several windows (e.g. the 年货节 tail inside the Spring Festival ramp).
 */
export interface DayEffect {
	/** day-volume multiplier by channel behaviour */
	volume: Record<Archetype, number>;
	/** queue-mix tilt (multiplies the queue weights before they are normalised) */
	tilt: Record<QueueArchetype, number>;
	/** handle-time multiplier (promotions: harder questions, system slowness) */
	aht: number;
	/** staffing multiplier (promotion staffing gap, agents away on holidays) */
	staff: number;
	/** extra share of the day's volume in a spike right after 00:00 (promotion day) */
	midnightSpike: number;
	/** extra share of the day's volume in the last hours before midnight (the eve of a promotion) */
	eveningRamp: number;
}

export function neutralEffect(): DayEffect {
	return {
		volume: { chat: 1, phone: 1, email: 1, ticket: 1 },
		tilt: { presale: 1, insale: 1, aftersale: 1, complaint: 1 },
		aht: 1,
		staff: 1,
		midnightSpike: 0,
		eveningRamp: 0
	};
}

interface PromotionShape {
	/** core-day multiplier by channel: the brief's "volume grows 3–5×" for Double 11 */
	core: Record<Archetype, number>;
	/** extra volume reached on the last ramp day (pre-sales), growing from ~0 on the first */
	rampPeak: number;
	/** extra volume on the first tail day (after-sales), decaying with time constant tailTauDays */
	tailPeak: number;
	tailTauDays: number;
	/** share of the core day in the 00:00 spike */
	midnightSpike: number;
	coreAht: number;
	/** staffing on core days: the domain's staffing gap of 30–50% is partly covered by temps */
	coreStaff: number;
}

/*
 * Promotion sizes. Domain brief: "During big promotions volume grows 3–5× over normal days; …
 * the staffing gap reaches 30–50%"; "AHT … 25 min during big promotions"; 618 is "similar
 * shape, smaller". Double 12, 年货节 and 3.8 are smaller still (demo choices).
 */
const PROMOTIONS: Record<string, PromotionShape> = {
	[BUILTIN_EVENT_NAMES.double11]: {
		core: { chat: 4.2, phone: 3.6, email: 3.3, ticket: 3.6 },
		rampPeak: 0.7,
		tailPeak: 1.6,
		tailTauDays: 4,
		midnightSpike: 0.1,
		coreAht: 1.5,
		coreStaff: 0.8
	},
	[BUILTIN_EVENT_NAMES.six18]: {
		core: { chat: 2.8, phone: 2.4, email: 2.2, ticket: 2.4 },
		rampPeak: 0.4,
		tailPeak: 0.9,
		tailTauDays: 3,
		midnightSpike: 0.08,
		coreAht: 1.3,
		coreStaff: 0.85
	},
	[BUILTIN_EVENT_NAMES.double12]: {
		core: { chat: 1.9, phone: 1.7, email: 1.6, ticket: 1.7 },
		rampPeak: 0.2,
		tailPeak: 0.5,
		tailTauDays: 2.5,
		midnightSpike: 0.05,
		coreAht: 1.15,
		coreStaff: 0.9
	},
	[BUILTIN_EVENT_NAMES.newYearGoods]: {
		core: { chat: 1.25, phone: 1.2, email: 1.15, ticket: 1.2 },
		rampPeak: 0.1,
		tailPeak: 0.05,
		tailTauDays: 2,
		midnightSpike: 0,
		coreAht: 1.05,
		coreStaff: 1
	},
	[BUILTIN_EVENT_NAMES.womensDay]: {
		core: { chat: 1.5, phone: 1.35, email: 1.3, ticket: 1.35 },
		rampPeak: 0.25,
		tailPeak: 0.2,
		tailTauDays: 2,
		midnightSpike: 0.03,
		coreAht: 1.1,
		coreStaff: 0.95
	}
};

interface HolidayShape {
	/** volume on the days off */
	core: number;
	/** volume on the first ramp day before the break (Spring Festival: logistics stop) */
	rampLow: number;
	/** extra volume on the first day back (catch-up, after-sales when parcels move again) */
	tailPeak: number;
	tailTauDays: number;
	/** staffing on the days off (agents with family, 3× pay) */
	coreStaff: number;
}

/*
 * Holidays: "Spring Festival is a trough (logistics stop) followed by an after-sales bump; public
 * holidays … change both volume and staff availability" (domain brief). Sizes are demo choices.
 */
const HOLIDAYS: Record<string, HolidayShape> = {
	[BUILTIN_EVENT_NAMES.springFestival]: { core: 0.35, rampLow: 0.45, tailPeak: 0.5, tailTauDays: 3, coreStaff: 0.8 },
	[BUILTIN_EVENT_NAMES.nationalDay]: { core: 0.72, rampLow: 0.97, tailPeak: 0.2, tailTauDays: 1.5, coreStaff: 0.85 },
	[BUILTIN_EVENT_NAMES.newYear]: { core: 0.85, rampLow: 0.97, tailPeak: 0.1, tailTauDays: 1.5, coreStaff: 0.9 },
	[BUILTIN_EVENT_NAMES.qingming]: { core: 0.8, rampLow: 0.97, tailPeak: 0.12, tailTauDays: 1.5, coreStaff: 0.9 },
	[BUILTIN_EVENT_NAMES.labourDay]: { core: 0.78, rampLow: 0.97, tailPeak: 0.15, tailTauDays: 1.5, coreStaff: 0.85 },
	[BUILTIN_EVENT_NAMES.dragonBoat]: { core: 0.8, rampLow: 0.97, tailPeak: 0.12, tailTauDays: 1.5, coreStaff: 0.9 },
	[BUILTIN_EVENT_NAMES.midAutumn]: { core: 0.8, rampLow: 0.97, tailPeak: 0.12, tailTauDays: 1.5, coreStaff: 0.9 }
};

const ARCHETYPES: Archetype[] = ['chat', 'phone', 'email', 'ticket'];

/**
 * The effect of one day position (from `eventDayPositions`) of a built-in event; a user event or
 * an unknown name has no effect here (the simulator plays the built-in calendar only).
 */
export function positionEffect(p: EventDayPosition, rampDays: number): DayEffect {
	const e = neutralEffect();
	const promo = PROMOTIONS[p.name];
	if (promo) {
		if (p.phase === 'core') {
			for (const a of ARCHETYPES) e.volume[a] = promo.core[a];
			e.tilt.presale = 1.4;
			e.tilt.insale = 1.3;
			e.aht = promo.coreAht;
			e.staff = promo.coreStaff;
			if (p.offset === 0) e.midnightSpike = promo.midnightSpike;
		} else if (p.phase === 'ramp') {
			// pre-sales build up towards the day: (R − k + 1)/R goes 1/R … 1
			const frac = (rampDays - p.offset + 1) / Math.max(1, rampDays);
			const v = 1 + promo.rampPeak * frac ** 1.5;
			for (const a of ARCHETYPES) e.volume[a] = v;
			e.tilt.presale = 1 + 0.5 * frac;
			e.staff = 1 - 0.08 * frac;
			if (p.offset === 1) e.eveningRamp = promo.midnightSpike * 0.6;
		} else {
			const decay = Math.exp(-(p.offset - 1) / promo.tailTauDays);
			const v = 1 + promo.tailPeak * decay;
			for (const a of ARCHETYPES) e.volume[a] = v;
			e.tilt.aftersale = 1 + 1.5 * decay;
			e.tilt.complaint = 1 + 0.8 * decay;
			e.tilt.presale = 1 - 0.3 * decay;
			e.aht = 1 + 0.15 * decay;
			e.staff = 1 - 0.08 * decay;
		}
		return e;
	}
	const hol = HOLIDAYS[p.name];
	if (hol) {
		if (p.phase === 'core') {
			for (const a of ARCHETYPES) e.volume[a] = hol.core;
			e.staff = hol.coreStaff;
		} else if (p.phase === 'ramp') {
			// volume slides towards the break: offset 1 (the day before) is the lowest
			const frac = (rampDays - p.offset + 1) / Math.max(1, rampDays);
			const v = 1 - (1 - hol.rampLow) * frac;
			for (const a of ARCHETYPES) e.volume[a] = v;
		} else {
			const decay = Math.exp(-(p.offset - 1) / hol.tailTauDays);
			for (const a of ARCHETYPES) e.volume[a] = 1 + hol.tailPeak * decay;
			e.tilt.aftersale = 1 + 0.6 * decay;
		}
	}
	return e;
}

/** Multiplies `b` into `a` (spikes add). */
export function composeEffect(a: DayEffect, b: DayEffect): DayEffect {
	for (const k of ARCHETYPES) a.volume[k] *= b.volume[k];
	for (const k of Object.keys(a.tilt) as QueueArchetype[]) a.tilt[k] *= b.tilt[k];
	a.aht *= b.aht;
	a.staff *= b.staff;
	a.midnightSpike += b.midnightSpike;
	a.eveningRamp += b.eveningRamp;
	return a;
}
