/**
 * The adherence L1 alert (issue 21), fed to the existing alert engine with the smallest touch:
 * - one contact-kind rule, `schedule-adherence`, matching channel "adherence": its clock
 *   (first_response: runs until a first response that never comes) starts when the agent went
 *   out of adherence, L1 at `adherenceL1Min` minutes (team in-app), L2/L3 at 8 h / 24 h;
 * - one open item per agent out of adherence now (id `adherence:<agent>:<since>`); when the agent
 *   is back in adherence the item goes away and the alert resolves like a closed contact.
 * The monitor refreshes the adherence every `refreshMs` on the heavy connection (only a query when
 * a schedule is published).
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type { OpenItem } from '$alerts/types';
import type { ContactRule } from '$alerts/rules/ruleTypes';
import type { LiveState } from '$lib/server/live/liveState';
import { adherenceNow } from './adherence';

export const ADHERENCE_CHANNEL = 'adherence';
export const ADHERENCE_RULE_ID = 'schedule-adherence';

export function adherenceRule(l1Min: number): ContactRule {
	const MIN = 60_000;
	return {
		id: ADHERENCE_RULE_ID,
		name: '排班遵从度 / Schedule adherence',
		kind: 'contact',
		enabled: true,
		match: { channel: ADHERENCE_CHANNEL, queue: '*', priority: '*' },
		clock: { kind: 'first_response' },
		levels: {
			l1: { thresholdMs: Math.max(1, l1Min * MIN), recipients: [{ type: 'team' }] },
			l2: { thresholdMs: Math.max(l1Min * MIN + 1, 8 * 60 * MIN), recipients: [{ type: 'supervisor' }] },
			l3: { thresholdMs: Math.max(l1Min * MIN + 2, 24 * 60 * MIN), recipients: [{ type: 'manager' }] }
		},
		calendar: null,
		pauseWhenStates: [],
		ackTimeoutMs: 30 * MIN,
		repeatIntervalMs: 0,
		forMs: 0,
		clearForMs: 0
	};
}

export function adherenceItems(agents: ReadonlyArray<{ agentId: string; inAdherence: boolean; outSinceMs: number | null }>): OpenItem[] {
	return agents
		.filter((a) => !a.inAdherence && a.outSinceMs !== null)
		.map((a) => ({
			id: `adherence:${a.agentId}:${a.outSinceMs}`,
			kind: 'contact' as const,
			channel: ADHERENCE_CHANNEL,
			queue: 'schedule',
			priority: '0',
			teamId: null,
			agentId: a.agentId,
			arrivedAtMs: a.outSinceMs!,
			firstResponseAtMs: null,
			state: 'out_of_adherence',
			milestonesMs: { created: a.outSinceMs! }
		}));
}

export class AdherenceMonitor {
	private items: OpenItem[] = [];
	private timer: NodeJS.Timeout | null = null;
	private running = false;
	private stopped = false;

	constructor(
		private deps: { client: ClickHouseClient; live: LiveState; now: () => number; timezone: string; thresholdMin: number; refreshMs: number; log: (m: string) => void }
	) {}

	/** Open items for the alert engine: the agents out of adherence at the last refresh. */
	openItems(): OpenItem[] {
		return this.items;
	}

	async refresh(): Promise<void> {
		if (this.running || this.stopped) return;
		this.running = true;
		try {
			const r = await adherenceNow({ client: this.deps.client, live: this.deps.live, nowMs: this.deps.now(), timezone: this.deps.timezone, thresholdMin: this.deps.thresholdMin });
			this.items = adherenceItems(r.agents);
		} catch (e) {
			this.deps.log(`adherence: refresh failed: ${(e as Error).message}`);
		} finally {
			this.running = false;
		}
	}

	start(): void {
		this.timer = setInterval(() => void this.refresh(), this.deps.refreshMs);
		this.timer.unref();
	}

	/** Stops refreshing and waits for a refresh in flight, so storage closes with no query of ours running. */
	async stop(): Promise<void> {
		if (this.timer) clearInterval(this.timer);
		this.timer = null;
		this.stopped = true;
		while (this.running) await new Promise((r) => setTimeout(r, 10));
	}
}
