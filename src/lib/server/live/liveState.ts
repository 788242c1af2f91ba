import { DateTime } from 'luxon';
import type { ChannelConfig } from '$lib/types/domain';
import type { AgentCounts, AgentRow, AlertLevel, CentreSnapshot, ChannelSnapshot, DrillDown, GroupSnapshot, RealtimeSnapshot, WaitingContact } from '$lib/types/realtime';
import type { AgentEvent, AgentState, ContactEvent, IngestEvent } from '../ingest/contract';
import { ClosedMarkers, GENERATION_MARKERS } from './closedMarkers';
import { addCounters, emptyCounters, toWindowMetrics, waitBucketSec, type Counters } from './metrics';

/**
 * The live state of the centre, in memory: open contacts, agents, and per-channel counters for the
 * last 15 minutes and today. It is what the wall-board and the alert engine read; it is rebuilt from
 * ClickHouse at start (./rebuild.ts), and it is fed by the ingester after validation and dedup.
 *
 * Windows:
 * - "last 15 min" = the 90 most recent 10-second slots, the current one included (so it spans
 *   between 14 min 50 s and 15 min, depending on where in the slot `now` falls);
 * - "today" = since local midnight in the configured time zone.
 * Outcomes (answer, abandon, resolve, rating) count in the slot they happened in; 即时响应率 counts a
 * first response within the limit in the slot its contact *arrived* in, so numerator and denominator
 * cover the same contacts (docs/domain.md: "share of arrived contacts first-responded within 60 s").
 *
 * Outcome-known counting (issue 18, docs/metrics.md): contacts still waiting for their first response
 * are added at snapshot time (`addPending`): inside a threshold they are left out of the rate's
 * denominator, past T they count as an SL miss. Nothing of it is stored, so a restart (replay or
 * snapshot + tail, through the same `apply`) gives the same figures.
 *
 * Besides the channel, answers/abandons/resolutions are also counted per (channel, queue) and per
 * (channel, team) for the drill-down, and per agent for today's handled count and AHT.
 *
 * Out-of-order events (within the ingester's lateness window) are handled: an answer or abandon
 * that arrives before its contact's arrival is held and counted when the arrival comes.
 */

export const SLOT_MS = 10_000;
/** the board's intraday chart interval */
export const INTRADAY_MS = 15 * 60_000;
export const WINDOW_SLOTS = 90;
/**
 * Closed-contact markers: generations of GENERATION_MARKERS (32 768) kept, so at least the 229 376
 * most recent closes are remembered (over an hour of closes at 50 contacts/s, 12.7 min at the soak's
 * 300/s), in at most 8 MiB of typed arrays (./closedMarkers.ts, decision 0126).
 */
export const CLOSED_MARKER_GENERATIONS = 8;
/** the fewest recent closes always remembered (within the lateness window) */
export const MIN_CLOSED_MARKERS = (CLOSED_MARKER_GENERATIONS - 1) * GENERATION_MARKERS;

export interface OpenContact {
	contactId: string;
	channel: string;
	queue: string;
	priority: number;
	teamId: string;
	agentId: string;
	arrivedMs: number | null;
	/** set while the contact waits for an agent (arrival, re-queue, transfer to a queue, reopen) */
	waitingSinceMs: number | null;
	answeredMs: number | null;
	lastCustomerMsgMs: number | null;
	lastAgentReplyMs: number | null;
	status: 'waiting' | 'active';
	/** counted flags keep every metric counted exactly once per contact */
	offeredCounted: boolean;
	answerCounted: boolean;
	pendingAbandonMs: number | null;
	/** a reopened contact's next answer is not a first response */
	reopened: boolean;
	/** contact.milestone events: when each milestone was first reached (absent until one is) */
	milestonesMs?: Record<string, number>;
	/** optional attributes, carried onto the contact's later events when those omit them (reports) */
	category?: string;
	tier?: string;
}

export interface AgentRecord {
	agentId: string;
	teamId: string;
	/** display name the sender gave (`name` on agent.state, kept in attrs); '' when never sent */
	name?: string;
	state: AgentState;
	sinceMs: number;
	channels: string[];
	maxConcurrency: number;
	lastEventMs: number;
}

interface ChannelCounters {
	slots: Map<number, Counters>;
	today: Counters;
	/** today by 15-minute interval index since local midnight */
	intraday: Map<number, Counters>;
}

/** A queue's or team's counters within a channel (no intraday series: the drill-down shows windows only). */
interface GroupCounters {
	slots: Map<number, Counters>;
	today: Counters;
}

/** An agent's resolutions today (the agent list's handled count and AHT). */
interface AgentToday {
	handled: number;
	handleSumMs: number;
}

type DumpedCounters = Omit<Counters, 'frtHist'> & { frtHist: [number, number][] };

/** Where an outcome is attributed below the channel: the contact's queue and team at the time. */
type Attribution = { queue: string; teamId: string; agentId?: string };

const groupKey = (kind: 'q' | 't', channel: string, id: string) => `${kind}\u0000${channel}\u0000${id}`;

/** LiveState.exportState's JSON form. */
export interface LiveStateDump {
	todayStartMs: number;
	contacts: OpenContact[];
	agents: AgentRecord[];
	/** closed-contact markers, ClosedMarkers.dump's base64 (a snapshot written before them has `closed` pairs instead) */
	closedMarkers?: string;
	/** closed-contact markers as [contact id, close time] (snapshots written before the hashed markers) */
	closed?: [string, number][];
	counters: { channel: string; slots: [number, DumpedCounters][]; today: DumpedCounters; intraday: [number, DumpedCounters][] }[];
	/** per (channel, queue) and (channel, team): key from groupKey */
	groups: { key: string; slots: [number, DumpedCounters][]; today: DumpedCounters }[];
	agentToday: [string, AgentToday][];
}

export class LiveState {
	readonly contacts = new Map<string, OpenContact>();
	readonly agents = new Map<string, AgentRecord>();
	/** contacts closed recently, so that a late event does not resurrect them as waiting */
	private closed = new ClosedMarkers(CLOSED_MARKER_GENERATIONS);
	private counters = new Map<string, ChannelCounters>();
	private groups = new Map<string, GroupCounters>();
	private agentToday = new Map<string, AgentToday>();
	/** team display names (`team_name` on agent.state); refilled from storage at start with the agents */
	private teamNames = new Map<string, string>();
	private channelById: Map<string, ChannelConfig>;
	private todayStartMs = 0;
	private tomorrowStartMs = 0;
	/** bumped on every change; the board pushes when it moves */
	version = 0;

	constructor(
		private channels: ChannelConfig[],
		private timezone: string,
		nowMs: number
	) {
		this.channelById = new Map(channels.map((c) => [c.id, c]));
		for (const c of channels) this.counters.set(c.id, { slots: new Map(), today: emptyCounters(), intraday: new Map() });
		this.rollDay(nowMs);
	}

	hasChannel(id: string): boolean {
		return this.channelById.has(id);
	}

	/** Values the ingester stores with an event, derived from what is known of its contact. */
	derive(e: IngestEvent): { waitMs: number | null; handleMs: number | null; category?: string; tier?: string } {
		if (e.kind !== 'contact') return { waitMs: null, handleMs: null };
		const c = this.contacts.get(e.contactId);
		if (!c) return { waitMs: null, handleMs: null };
		const carried = { category: e.category || c.category || '', tier: e.tier || c.tier || '' };
		return { ...this.deriveTimes(e, c), ...carried };
	}

	private deriveTimes(e: ContactEvent, c: OpenContact): { waitMs: number | null; handleMs: number | null } {
		if ((e.type === 'contact.answered' && c.answeredMs === null && !c.reopened) || e.type === 'contact.abandoned') {
			return { waitMs: c.arrivedMs !== null ? clampU32(e.tsMs - c.arrivedMs) : null, handleMs: null };
		}
		if (e.type === 'contact.resolved' && c.answeredMs !== null) {
			return { waitMs: null, handleMs: clampU32(e.tsMs - c.answeredMs) };
		}
		return { waitMs: null, handleMs: null };
	}

	apply(e: IngestEvent, nowMs: number): void {
		this.rollDay(nowMs);
		if (e.kind === 'agent') this.applyAgent(e);
		else this.applyContact(e);
		this.version++;
	}

	private applyAgent(e: AgentEvent): void {
		const prev = this.agents.get(e.agentId);
		if (prev && prev.lastEventMs > e.tsMs) return; // an older state than the one we hold
		const names = namesOf(e.attrs);
		const teamId = e.teamId || prev?.teamId || '';
		if (teamId && names.teamName) this.teamNames.set(teamId, names.teamName);
		this.agents.set(e.agentId, {
			agentId: e.agentId,
			teamId,
			name: names.name || prev?.name || '',
			state: e.state,
			sinceMs: e.tsMs,
			channels: e.channels.length > 0 ? e.channels : (prev?.channels ?? []),
			maxConcurrency: e.maxConcurrency,
			lastEventMs: e.tsMs
		});
	}

	private applyContact(e: ContactEvent): void {
		const ch = this.channelById.get(e.channel);
		if (!ch) return;
		const closedAt = this.closed.get(e.contactId);
		let c = this.contacts.get(e.contactId);
		const isClosedLate = !c && closedAt !== undefined && e.type !== 'contact.reopened';
		if (!c && !isClosedLate) {
			c = {
				contactId: e.contactId,
				channel: e.channel,
				queue: e.queue,
				priority: e.priority,
				teamId: e.teamId,
				agentId: e.agentId,
				arrivedMs: null,
				waitingSinceMs: null,
				answeredMs: null,
				lastCustomerMsgMs: null,
				lastAgentReplyMs: null,
				status: 'waiting',
				offeredCounted: false,
				answerCounted: false,
				pendingAbandonMs: null,
				reopened: false
			};
		}
		if (c) {
			if (e.category) c.category = e.category;
			if (e.tier) c.tier = e.tier;
		}
		switch (e.type) {
			case 'contact.arrived': {
				if (isClosedLate || !c) {
					// a late arrival of a contact already closed: it still counts as offered
					this.count(ch, e.tsMs, (k) => k.offered++, { queue: e.queue, teamId: '' });
					return;
				}
				if (c.offeredCounted) return;
				c.arrivedMs = e.tsMs;
				c.offeredCounted = true;
				this.count(ch, e.tsMs, (k) => k.offered++, { queue: c.queue, teamId: '' });
				if (c.answeredMs === null && c.waitingSinceMs === null && c.pendingAbandonMs === null) {
					c.waitingSinceMs = e.tsMs;
					c.status = 'waiting';
				}
				if (c.answeredMs !== null && !c.answerCounted) this.countAnswer(ch, c, c.answeredMs);
				if (c.pendingAbandonMs !== null) {
					this.countAbandon(ch, c, c.pendingAbandonMs);
					this.close(c, c.pendingAbandonMs);
					return;
				}
				break;
			}
			case 'contact.queued': {
				if (!c) return;
				c.queue = e.queue;
				c.waitingSinceMs = e.tsMs;
				c.status = 'waiting';
				break;
			}
			case 'contact.answered': {
				if (!c) return;
				c.agentId = e.agentId || c.agentId;
				c.teamId = e.teamId || c.teamId;
				c.waitingSinceMs = null;
				c.status = 'active';
				if (c.answeredMs === null && !c.reopened) {
					c.answeredMs = e.tsMs;
					if (c.arrivedMs !== null) this.countAnswer(ch, c, e.tsMs);
				} else if (c.answeredMs === null) {
					c.answeredMs = e.tsMs; // the pickup after a reopen: starts the handle clock, not an FRT
					c.answerCounted = true;
				}
				break;
			}
			case 'contact.agent_replied': {
				if (!c) return;
				c.lastAgentReplyMs = Math.max(c.lastAgentReplyMs ?? 0, e.tsMs);
				if (c.status === 'waiting' && c.answeredMs !== null) {
					c.status = 'active';
					c.waitingSinceMs = null;
				}
				break;
			}
			case 'contact.customer_replied': {
				if (!c) return;
				c.lastCustomerMsgMs = Math.max(c.lastCustomerMsgMs ?? 0, e.tsMs);
				break;
			}
			case 'contact.transferred': {
				if (!c) return;
				if (e.toQueue) c.queue = e.toQueue;
				if (e.toAgentId) {
					c.agentId = e.toAgentId;
					c.status = 'active';
					c.waitingSinceMs = null;
				} else {
					c.agentId = '';
					c.status = 'waiting';
					c.waitingSinceMs = e.tsMs;
				}
				break;
			}
			case 'contact.resolved': {
				if (isClosedLate || !c) return;
				const answeredMs = c.answeredMs;
				this.count(
					ch,
					e.tsMs,
					(k) => {
						k.resolved++;
						if (answeredMs !== null) {
							k.handled++;
							k.handleSumMs += Math.max(0, e.tsMs - answeredMs);
						}
					},
					c
				);
				const agentId = c.agentId || e.agentId;
				if (answeredMs !== null && agentId && e.tsMs >= this.todayStartMs && e.tsMs < this.tomorrowStartMs) {
					let a = this.agentToday.get(agentId);
					if (!a) this.agentToday.set(agentId, (a = { handled: 0, handleSumMs: 0 }));
					a.handled++;
					a.handleSumMs += Math.max(0, e.tsMs - answeredMs);
				}
				this.close(c, e.tsMs);
				return;
			}
			case 'contact.abandoned': {
				if (isClosedLate || !c) return;
				if (c.arrivedMs === null) {
					c.pendingAbandonMs = e.tsMs; // counted when the arrival shows up
					c.waitingSinceMs = null;
					break;
				}
				this.countAbandon(ch, c, e.tsMs);
				this.close(c, e.tsMs);
				return;
			}
			case 'contact.reopened': {
				if (!c) return;
				// FCR today: a contact closed (resolved) today and reopened is a resolution that did not last
				if (closedAt !== undefined && closedAt <= e.tsMs) this.count(ch, closedAt, (k) => k.reopenedAfterResolve++, { queue: c.queue, teamId: c.teamId }, false);
				this.closed.delete(e.contactId);
				c.reopened = true;
				c.answeredMs = null;
				c.offeredCounted = true;
				c.answerCounted = true;
				c.status = 'waiting';
				c.waitingSinceMs = e.tsMs;
				break;
			}
			case 'contact.milestone': {
				// a milestone belongs to a known open contact; it neither opens nor closes one
				if (!c || isClosedLate || !this.contacts.has(c.contactId) || !e.milestone) return;
				const prev = c.milestonesMs?.[e.milestone];
				if (prev === undefined || e.tsMs < prev) c.milestonesMs = { ...c.milestonesMs, [e.milestone]: e.tsMs };
				break;
			}
			case 'contact.rated': {
				const csat = e.csat;
				if (csat !== null) {
					this.count(
						ch,
						e.tsMs,
						(k) => {
							k.csatSum += csat;
							k.csatCount++;
						},
						c ?? { queue: e.queue, teamId: e.teamId }
					);
				}
				if (!c || isClosedLate) return; // a rating does not open a contact
				if (!this.contacts.has(c.contactId)) return;
				break;
			}
		}
		if (c && !this.contacts.has(c.contactId) && !isClosedLate) {
			if (e.type === 'contact.rated' || e.type === 'contact.customer_replied' || e.type === 'contact.agent_replied') return;
			this.contacts.set(c.contactId, c);
		}
	}

	private countAnswer(ch: ChannelConfig, c: OpenContact, answeredMs: number): void {
		const arrivedMs = c.arrivedMs!;
		const waitMs = Math.max(0, answeredMs - arrivedMs);
		c.answerCounted = true;
		const within = waitMs <= ch.slTargetSec * 1000;
		const bucket = waitBucketSec(waitMs);
		this.count(
			ch,
			answeredMs,
			(k) => {
				k.answered++;
				k.frtSumMs += waitMs;
				if (within) k.answeredWithinTarget++;
				k.frtHist.set(bucket, (k.frtHist.get(bucket) ?? 0) + 1);
			},
			c
		);
		// 即时响应率 belongs to the arrival, which has no team: queue only
		if (waitMs <= ch.immediateResponseSec * 1000) this.count(ch, arrivedMs, (k) => k.immediate++, { queue: c.queue, teamId: '' });
	}

	private countAbandon(ch: ChannelConfig, c: OpenContact, atMs: number): void {
		const waitMs = Math.max(0, atMs - (c.arrivedMs ?? atMs));
		this.count(
			ch,
			atMs,
			(k) => {
				k.abandoned++;
				if (waitMs < ch.slAbandonGraceSec * 1000) k.abandonedInGrace++;
				if (waitMs > ch.slTargetSec * 1000) k.abandonedAfterTarget++;
			},
			{ queue: c.queue, teamId: '' }
		);
	}

	private close(c: OpenContact, atMs: number): void {
		this.contacts.delete(c.contactId);
		// Bounded (issue 24 soak): at 750 closes/s a day of markers would be 65 M. Past the cap the oldest
		// generation of markers goes; a very late event of such a contact is then taken as a new one.
		this.closed.set(c.contactId, atMs);
	}

	/**
	 * Adds to the slot of tsMs (if still in the window) and to today (if tsMs is today), for the channel
	 * and, with an attribution, for its queue and team. `slots = false`: today only (a correction of a
	 * past day's figure, such as a reopen, must not move the last-15-minutes window).
	 */
	private count(ch: ChannelConfig, tsMs: number, f: (k: Counters) => void, at?: Attribution, slots = true): void {
		const cc = this.counters.get(ch.id)!;
		const isToday = tsMs >= this.todayStartMs && tsMs < this.tomorrowStartMs;
		if (isToday) {
			f(cc.today);
			const idx = Math.floor((tsMs - this.todayStartMs) / INTRADAY_MS);
			let iv = cc.intraday.get(idx);
			if (!iv) cc.intraday.set(idx, (iv = emptyCounters()));
			f(iv);
		}
		const slot = Math.floor(tsMs / SLOT_MS) * SLOT_MS;
		const inSlot = (m: Map<number, Counters>) => {
			let k = m.get(slot);
			if (!k) m.set(slot, (k = emptyCounters()));
			f(k);
		};
		if (slots) inSlot(cc.slots);
		const groups: GroupCounters[] = [];
		if (at?.queue) groups.push(this.group(groupKey('q', ch.id, at.queue)));
		if (at?.teamId) groups.push(this.group(groupKey('t', ch.id, at.teamId)));
		for (const g of groups) {
			if (isToday) f(g.today);
			if (slots) inSlot(g.slots);
		}
	}

	private group(key: string): GroupCounters {
		let g = this.groups.get(key);
		if (!g) this.groups.set(key, (g = { slots: new Map(), today: emptyCounters() }));
		return g;
	}

	private rollDay(nowMs: number): void {
		if (nowMs >= this.todayStartMs && nowMs < this.tomorrowStartMs) return;
		const start = DateTime.fromMillis(nowMs, { zone: this.timezone }).startOf('day');
		this.todayStartMs = start.toMillis();
		this.tomorrowStartMs = start.plus({ days: 1 }).toMillis();
		for (const cc of this.counters.values()) {
			cc.today = emptyCounters();
			cc.intraday = new Map();
		}
		for (const g of this.groups.values()) g.today = emptyCounters();
		this.agentToday.clear();
	}

	/**
	 * Everything the state holds, as plain JSON (Maps as entry lists), for the periodic snapshot that
	 * makes a restart apply only the tail of events received after it (./snapshotFile.ts, decision 0006).
	 */
	exportState(): LiveStateDump {
		const counters = (k: Counters) => ({ ...k, frtHist: [...k.frtHist] });
		return {
			todayStartMs: this.todayStartMs,
			contacts: [...this.contacts.values()],
			agents: [...this.agents.values()],
			closedMarkers: this.closed.dump(),
			counters: [...this.counters].map(([channel, cc]) => ({
				channel,
				slots: [...cc.slots].map(([slot, k]) => [slot, counters(k)] as [number, DumpedCounters]),
				today: counters(cc.today),
				intraday: [...cc.intraday].map(([i, k]) => [i, counters(k)] as [number, DumpedCounters])
			})),
			groups: [...this.groups].map(([key, g]) => ({
				key,
				slots: [...g.slots].map(([slot, k]) => [slot, counters(k)] as [number, DumpedCounters]),
				today: counters(g.today)
			})),
			agentToday: [...this.agentToday].map(([id, a]) => [id, { ...a }] as [string, AgentToday])
		};
	}

	/** Replaces the state with a dump of the same day; channels not configured any more are skipped. */
	importState(d: LiveStateDump, nowMs: number): void {
		const counters = (k: DumpedCounters): Counters => ({ ...k, frtHist: new Map(k.frtHist) });
		this.rollDay(nowMs);
		if (d.todayStartMs !== this.todayStartMs) throw new Error('the snapshot is of another day');
		this.contacts.clear();
		for (const c of d.contacts) this.contacts.set(c.contactId, c);
		this.agents.clear();
		for (const a of d.agents) this.agents.set(a.agentId, a);
		this.closed.load(d.closedMarkers ?? d.closed ?? []);
		for (const c of d.counters) {
			if (!this.counters.has(c.channel)) continue;
			this.counters.set(c.channel, {
				slots: new Map(c.slots.map(([slot, k]) => [slot, counters(k)])),
				today: counters(c.today),
				intraday: new Map(c.intraday.map(([i, k]) => [i, counters(k)]))
			});
		}
		this.groups = new Map();
		for (const g of d.groups) {
			if (!this.channelById.has(g.key.split('\u0000')[1])) continue;
			this.groups.set(g.key, { slots: new Map(g.slots.map(([slot, k]) => [slot, counters(k)])), today: counters(g.today) });
		}
		this.agentToday = new Map(d.agentToday.map(([id, a]) => [id, { ...a }]));
		this.version++;
	}

	/** Drops slots that left the window and closed-contact markers older than the lateness window (a generation at a time). */
	prune(nowMs: number, keepClosedMs: number): void {
		const oldest = Math.floor(nowMs / SLOT_MS) * SLOT_MS - WINDOW_SLOTS * SLOT_MS * 2;
		for (const cc of [...this.counters.values(), ...this.groups.values()]) for (const s of cc.slots.keys()) if (s < oldest) cc.slots.delete(s);
		this.closed.prune(nowMs - keepClosedMs);
	}

	/** Contacts held per agent right now (answered or transferred to them, not yet closed), over all channels. */
	private loads(): Map<string, number> {
		const loadByAgent = new Map<string, number>();
		for (const c of this.contacts.values()) {
			if (c.status === 'active' && c.agentId) loadByAgent.set(c.agentId, (loadByAgent.get(c.agentId) ?? 0) + 1);
		}
		return loadByAgent;
	}

	/**
	 * Agent counts and occupancy over `agents` (docs/metrics.md): an agent holding a contact is on
	 * contact whatever its last agent.state said; busy share = 1 on contact by state or in ACW, otherwise
	 * held ÷ max_concurrency capped at 1; occupancy = Σ busy share ÷ staffed (available + on contact + ACW).
	 */
	private agentFigures(agents: Iterable<AgentRecord>, loads: Map<string, number>): CentreSnapshot {
		const counts: AgentCounts = { loggedIn: 0, available: 0, onContact: 0, acw: 0, break: 0 };
		let busy = 0;
		for (const a of agents) {
			if (a.state === 'offline') continue;
			counts.loggedIn++;
			const held = loads.get(a.agentId) ?? 0;
			const shown = shownState(a.state, held);
			if (shown === 'available') counts.available++;
			else if (shown === 'on_contact') counts.onContact++;
			else if (shown === 'acw') counts.acw++;
			else counts.break++;
			if (shown !== 'break') busy += busyShare(a, held);
		}
		const staffed = counts.available + counts.onContact + counts.acw;
		return { agents: counts, occupancyPct: staffed > 0 ? (busy / staffed) * 100 : null };
	}

	/** agents serving a channel: those whose channels include it (an agent without channels serves none) */
	private servingAgents(channel: string, teamId?: string): AgentRecord[] {
		const out: AgentRecord[] = [];
		for (const a of this.agents.values()) if (a.channels.includes(channel) && (teamId === undefined || a.teamId === teamId)) out.push(a);
		return out;
	}

	/**
	 * The window's, today's (and the intraday intervals') counters with the open contacts' pending
	 * outcomes added: still waiting inside 即时响应 threshold / T → pendingImmediate / pendingOutcome in
	 * the arrival's slot; waiting past T → waitingPastTarget in the slot where the wait crossed T.
	 */
	private withPending(
		src: { slots: Map<number, Counters>; today: Counters },
		ch: ChannelConfig,
		open: OpenContact[],
		nowMs: number,
		intraday?: Map<number, Counters>
	): { win: Counters; today: Counters; intraday: Map<number, Counters> | undefined } {
		const currentSlot = Math.floor(nowMs / SLOT_MS) * SLOT_MS;
		const firstSlot = currentSlot - (WINDOW_SLOTS - 1) * SLOT_MS;
		const win = emptyCounters();
		for (const [slot, k] of src.slots) if (slot >= firstSlot && slot <= currentSlot) addCounters(win, k);
		const today = addCounters(emptyCounters(), src.today);
		const iv = intraday ? new Map(intraday) : undefined;
		const copied = new Set<number>();
		const add = (tsMs: number, f: (k: Counters) => void) => {
			const slot = Math.floor(tsMs / SLOT_MS) * SLOT_MS;
			if (slot >= firstSlot && slot <= currentSlot) f(win);
			if (tsMs >= this.todayStartMs && tsMs < this.tomorrowStartMs) {
				f(today);
				if (iv) {
					const idx = Math.floor((tsMs - this.todayStartMs) / INTRADAY_MS);
					if (!copied.has(idx)) {
						iv.set(idx, addCounters(emptyCounters(), iv.get(idx) ?? emptyCounters()));
						copied.add(idx);
					}
					f(iv.get(idx)!);
				}
			}
		};
		const tMs = ch.slTargetSec * 1000;
		const immMs = ch.immediateResponseSec * 1000;
		for (const c of open) {
			if (!awaitsFirstResponse(c)) continue;
			const waitMs = nowMs - c.arrivedMs!;
			if (waitMs <= immMs) add(c.arrivedMs!, (k) => k.pendingImmediate++);
			if (waitMs <= tMs) add(c.arrivedMs!, (k) => k.pendingOutcome++);
			else add(c.arrivedMs! + tMs, (k) => k.waitingPastTarget++);
		}
		return { win, today, intraday: iv };
	}

	snapshot(nowMs: number): RealtimeSnapshot {
		this.rollDay(nowMs);
		const waitingBy = new Map<string, OpenContact[]>();
		const openBy = new Map<string, OpenContact[]>();
		for (const c of this.contacts.values()) {
			let open = openBy.get(c.channel);
			if (!open) openBy.set(c.channel, (open = []));
			open.push(c);
			if (c.status === 'waiting' && c.waitingSinceMs !== null) {
				let list = waitingBy.get(c.channel);
				if (!list) waitingBy.set(c.channel, (list = []));
				list.push(c);
			}
		}
		const loads = this.loads();
		const channels: ChannelSnapshot[] = this.channels.map((ch) => {
			const cc = this.counters.get(ch.id)!;
			const { win, today, intraday } = this.withPending(cc, ch, openBy.get(ch.id) ?? [], nowMs, cc.intraday);
			const waiting = (waitingBy.get(ch.id) ?? []).sort((a, b) => a.waitingSinceMs! - b.waitingSinceMs!);
			const oldest = waiting[0]?.waitingSinceMs ?? null;
			const serving = this.agentFigures(this.servingAgents(ch.id), loads);
			const byLevel: [number, number, number, number] = [0, 0, 0, 0];
			for (const c of waiting) byLevel[levelOf(nowMs - c.waitingSinceMs!, ch)]++;
			const alertLevel: AlertLevel = byLevel[3] > 0 ? 3 : byLevel[2] > 0 ? 2 : byLevel[1] > 0 ? 1 : 0;
			const currentIdx = Math.floor((nowMs - this.todayStartMs) / INTRADAY_MS);
			const startsMs: number[] = [];
			const offered: number[] = [];
			const sl: (number | null)[] = [];
			for (let i = 0; i <= currentIdx; i++) {
				const k = intraday!.get(i);
				startsMs.push(this.todayStartMs + i * INTRADAY_MS);
				offered.push(k?.offered ?? 0);
				sl.push(k ? toWindowMetrics(k, ch).serviceLevelPct : null);
			}
			return {
				channel: ch.id,
				alertLevel,
				waitingByLevel: byLevel,
				intraday: { intervalMin: INTRADAY_MS / 60_000, startsMs, offered, serviceLevelPct: sl },
				waiting: waiting.length,
				longestWaitMs: oldest === null ? 0 : Math.max(0, nowMs - oldest),
				oldestWaitingSinceMs: oldest,
				oldestWaiting: waiting.slice(0, 5).map(
					(c): WaitingContact => ({
						contactId: c.contactId,
						queue: c.queue,
						priority: c.priority,
						waitingSinceMs: c.waitingSinceMs!
					})
				),
				last15m: toWindowMetrics(win, ch),
				today: toWindowMetrics(today, ch),
				agents: serving.agents,
				occupancyPct: serving.occupancyPct,
				slTargetPct: ch.slTargetPct,
				slTargetSec: ch.slTargetSec
			};
		});
		return { asOfMs: nowMs, timezone: this.timezone, todayStartMs: this.todayStartMs, channels, centre: this.agentFigures(this.agents.values(), loads) };
	}

	/**
	 * One channel's queues and teams with the tile's figures (the board's drill-down). Queues: the
	 * given ids (configured queues, in order) plus any other seen on the channel; teams: those with
	 * counters today or agents serving the channel, by id.
	 */
	drill(channel: string, nowMs: number, queueIds: readonly string[] = []): DrillDown | null {
		this.rollDay(nowMs);
		const ch = this.channelById.get(channel);
		if (!ch) return null;
		const open = [...this.contacts.values()].filter((c) => c.channel === channel);
		const loads = this.loads();
		const prefixQ = groupKey('q', channel, '');
		const prefixT = groupKey('t', channel, '');
		const queues = new Set(queueIds);
		const teams = new Set<string>();
		for (const key of this.groups.keys()) {
			if (key.startsWith(prefixQ)) queues.add(key.slice(prefixQ.length));
			else if (key.startsWith(prefixT)) teams.add(key.slice(prefixT.length));
		}
		for (const c of open) if (c.queue) queues.add(c.queue);
		for (const a of this.servingAgents(channel)) if (a.teamId && a.state !== 'offline') teams.add(a.teamId);
		const empty = { slots: new Map<number, Counters>(), today: emptyCounters() };
		const figures = (id: string, g: GroupCounters | undefined, contacts: OpenContact[], team: boolean): GroupSnapshot => {
			const { win, today } = this.withPending(g ?? empty, ch, contacts, nowMs);
			const waiting = contacts.filter((c) => c.status === 'waiting' && c.waitingSinceMs !== null);
			const oldest = waiting.reduce<number | null>((m, c) => (m === null || c.waitingSinceMs! < m ? c.waitingSinceMs! : m), null);
			const agents = team ? this.agentFigures(this.servingAgents(channel, id), loads) : null;
			return {
				id,
				name: team ? (this.teamNames.get(id) ?? '') : '',
				waiting: waiting.length,
				oldestWaitingSinceMs: oldest,
				last15m: toWindowMetrics(win, ch),
				today: toWindowMetrics(today, ch),
				agents: agents?.agents ?? null,
				occupancyPct: agents?.occupancyPct ?? null
			};
		};
		return {
			channel,
			asOfMs: nowMs,
			queues: [...queues].map((q) => figures(q, this.groups.get(groupKey('q', channel, q)), open.filter((c) => c.queue === q), false)),
			// a team has no waiting contacts (contacts wait in queues); its pending outcomes are none either
			teams: [...teams].sort().map((tm) => figures(tm, this.groups.get(groupKey('t', channel, tm)), [], true))
		};
	}

	/** The live agent list: every logged-in agent, with what it holds and today's resolutions. */
	agentRows(): AgentRow[] {
		const loads = this.loads();
		const rows: AgentRow[] = [];
		for (const a of this.agents.values()) {
			if (a.state === 'offline') continue;
			const held = loads.get(a.agentId) ?? 0;
			const today = this.agentToday.get(a.agentId);
			rows.push({
				agentId: a.agentId,
				name: a.name ?? '',
				teamId: a.teamId,
				teamName: this.teamNames.get(a.teamId) ?? '',
				state: shownState(a.state, held),
				reportedState: a.state,
				sinceMs: a.sinceMs,
				channels: a.channels,
				held,
				maxConcurrency: a.maxConcurrency,
				handledToday: today?.handled ?? 0,
				ahtTodayMs: today && today.handled > 0 ? today.handleSumMs / today.handled : null
			});
		}
		return rows;
	}
}

/**
 * `name` / `team_name` an agent.state carried (docs/events.md; the contract keeps extra fields in
 * attrs). Parsed only when attrs mentions one of them: most agent events carry none.
 */
function namesOf(attrs: string): { name: string; teamName: string } {
	if (!attrs || (!attrs.includes('"name"') && !attrs.includes('"team_name"'))) return { name: '', teamName: '' };
	try {
		const o = JSON.parse(attrs) as { name?: unknown; team_name?: unknown };
		const clean = (v: unknown) => (typeof v === 'string' ? v.trim().slice(0, 64) : '');
		return { name: clean(o.name), teamName: clean(o.team_name) };
	} catch {
		return { name: '', teamName: '' };
	}
}

/** A contact whose arrival is known and that has had no first response, abandon or reopen yet. */
function awaitsFirstResponse(c: OpenContact): boolean {
	return c.arrivedMs !== null && !c.answerCounted && !c.reopened && c.pendingAbandonMs === null;
}

/** The state the board shows: holding a contact is on contact, whatever the last agent.state said. */
export function shownState(state: AgentState, held: number): AgentRow['state'] {
	if (state === 'acw') return 'acw';
	if (held > 0 || state === 'on_contact') return 'on_contact';
	return state === 'break' ? 'break' : 'available';
}

/** Share of an agent that is busy: 1 on a contact by state or in ACW, else held ÷ max_concurrency (≤ 1). */
export function busyShare(a: Pick<AgentRecord, 'state' | 'maxConcurrency'>, held: number): number {
	if (a.state === 'on_contact' || a.state === 'acw') return 1;
	return Math.min(1, held / Math.max(1, a.maxConcurrency));
}

/** The timeout level a wait has reached on this channel (三级预警 thresholds). */
export function levelOf(waitMs: number, ch: ChannelConfig): AlertLevel {
	const sec = waitMs / 1000;
	if (sec >= ch.alerts.l3Sec) return 3;
	if (sec >= ch.alerts.l2Sec) return 2;
	if (sec >= ch.alerts.l1Sec) return 1;
	return 0;
}

function clampU32(ms: number): number {
	return Math.min(4294967295, Math.max(0, Math.round(ms)));
}
