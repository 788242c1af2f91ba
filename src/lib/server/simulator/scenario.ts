import { DateTime } from 'luxon';
import type { ChannelConfig } from '$lib/types/domain';

export const SCENARIOS = ['normal', 'double11', '618', 'outage'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

/** A scenario pinned to wall time: where its day clock starts and what goes wrong when. */
export interface ScenarioPlan {
	name: ScenarioName;
	/** wall time the play starts (events' `ts` are always wall time) */
	startMs: number;
	/** scenario-clock time at `startMs`; the scenario clock runs `speed` times faster than the wall */
	simStartMs: number;
	speed: number;
	/** how much scenario time the scenario is meant to play (the CLI's default duration = this / speed) */
	simLengthMs: number;
	/** outage scenario: the channel whose agents stop picking up, in wall time */
	outage: { channel: string; fromMs: number; toMs: number } | null;
}

export interface PlanOptions {
	startMs: number;
	speed: number;
	timezone: string;
	channels: readonly ChannelConfig[];
	/** overrides the scenario's own start of the day clock */
	simStartMs?: number;
	/** outage scenario: which channel fails (default: the first realtime one-at-a-time channel, i.e. phone) */
	outageChannel?: string;
}

const HOUR_MS = 3_600_000;

/**
 * Where each scenario's clock starts (decided in docs/simulator.md "Time and speed"):
 * - normal: at speed 1 the real local time (live mode follows the real day, calendar included);
 *   faster, 08:00 of today so a 60× run plays the working day first;
 * - double11 / 618: 20:00 on the eve (11-10 / 06-17) of this year: the pre-sale evening, the
 *   00:00 spike, the day, and the after-sales start of the next morning;
 * - outage: like normal (09:00 at speed > 1); the outage starts after 30 scenario minutes and
 *   lasts 3 scenario hours but at least 10 wall minutes, so that waits can reach the top alert level
 *   (180 s) at any speed.
 *
 * @throws when the speed is not in (0, 60] or the outage channel is unknown
 */
export function planScenario(name: ScenarioName, o: PlanOptions): ScenarioPlan {
	if (!(o.speed > 0 && o.speed <= 60)) throw new Error(`planScenario: speed must be in (0, 60], got ${o.speed}`);
	if (!(SCENARIOS as readonly string[]).includes(name)) {
		throw new Error(`planScenario: unknown scenario ${JSON.stringify(name)}; allowed: ${SCENARIOS.join(', ')}`);
	}
	const local = DateTime.fromMillis(o.startMs, { zone: o.timezone });
	const atToday = (hour: number) => local.startOf('day').plus({ hours: hour }).toMillis();
	const eve = (month: number, day: number) =>
		DateTime.fromObject({ year: local.year, month, day, hour: 20 }, { zone: o.timezone }).toMillis();
	let simStartMs: number;
	let simLengthMs = 24 * HOUR_MS;
	let outage: ScenarioPlan['outage'] = null;
	switch (name) {
		case 'normal':
			simStartMs = o.speed === 1 ? o.startMs : atToday(8);
			break;
		case 'double11':
			simStartMs = eve(11, 10);
			simLengthMs = 28 * HOUR_MS;
			break;
		case '618':
			simStartMs = eve(6, 17);
			simLengthMs = 28 * HOUR_MS;
			break;
		case 'outage': {
			simStartMs = o.speed === 1 ? o.startMs : atToday(9);
			simLengthMs = 8 * HOUR_MS;
			const channel = o.outageChannel ?? (o.channels.find((c) => c.kind === 'realtime' && c.concurrency === 1) ?? o.channels.find((c) => c.kind === 'realtime') ?? o.channels[0]).id;
			if (!o.channels.some((c) => c.id === channel)) {
				throw new Error(`planScenario: outage channel ${JSON.stringify(channel)} is not configured; allowed: ${o.channels.map((c) => c.id).join(', ')}`);
			}
			const fromMs = o.startMs + Math.round((0.5 * HOUR_MS) / o.speed);
			outage = { channel, fromMs, toMs: fromMs + Math.max(Math.round((3 * HOUR_MS) / o.speed), 10 * 60_000) };
			break;
		}
	}
	if (o.simStartMs !== undefined) simStartMs = o.simStartMs;
	return { name, startMs: o.startMs, simStartMs, speed: o.speed, simLengthMs, outage };
}
