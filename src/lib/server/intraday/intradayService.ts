import type { ClickHouseClient } from '@clickhouse/client';
import { DateTime } from 'luxon';
import type { IntradayReforecast } from '$forecast/volume/index';
import { solveInterval, type StaffingParams } from '$lib/planning/staffingPlan';
import type { ChannelConfig } from '$lib/types/domain';
import type { IntradayChannelView, IntradaySlot, StaffingGapInterval } from '$lib/types/intraday';
import type { ChannelSnapshot } from '$lib/types/realtime';
import { ahtByHour } from '../queries/planning/ahtByHour';
import { intervalHistory } from '../queries/planning/intervalHistory';
import type { ForecastRunner } from '../planning/forecastWorker';

/** Re-forecast interval and grid (the board's intraday chart is per 15 minutes). */
export const INTRADAY_INTERVAL_MIN = 15;
/** History the re-forecast fits on: 16 weeks (backtests for model choice and intervals need ≥ 5). */
const HISTORY_WEEKS = 16;
/** How many intervals the staffing gap looks at: the current one and the next 4. */
export const GAP_INTERVALS = 5;
/** Occupancy cap the planning page uses by default for realtime channels. */
const MAX_OCCUPANCY = 0.85;

interface Stored {
	/** no usable result yet (no history, or the stored history does not reach today): retried soon */
	retry?: boolean;
	computedAtMs: number;
	observedUntilMs: number | null;
	slots: IntradaySlot[];
	intraday: IntradayReforecast | null;
	note: string | null;
}

export interface IntradayServiceOptions {
	/** the `heavy` connection (planning queries may take a while) */
	client: ClickHouseClient;
	runner: ForecastRunner;
	channels: readonly ChannelConfig[];
	timezone: string;
	now: () => number;
	log: (msg: string) => void;
	/** re-forecast period; default 15 minutes */
	everyMs?: number;
	/** delay of the first run after start; default 20 s (the live state and ingest come first) */
	firstRunDelayMs?: number;
	/** retry delay while a channel has no stored history yet; default 60 s */
	retryMs?: number;
}

/**
 * Re-forecasts every channel's rest of today every 15 minutes from the stored per-minute data
 * (contact_minute) on the forecast worker thread (docs/decisions/0011, 0050): never on the ingest
 * or board path — the board's request only reads the last result and solves the staffing model for
 * five intervals. Channels run one after another; a failing channel keeps its previous result and
 * gets a note.
 */
export class IntradayService {
	private readonly byChannel = new Map<string, Stored>();
	/** per channel: AHT over the stored last 4 weeks, seconds (the fallback before anything is handled today) */
	private historyAhtSec = new Map<string, number>();
	private timer: ReturnType<typeof setTimeout> | undefined;
	private running: Promise<void> | null = null;
	private stopped = false;

	constructor(private readonly o: IntradayServiceOptions) {}

	start(): void {
		const every = this.o.everyMs ?? 15 * 60_000;
		const schedule = (delay: number) => {
			if (this.stopped) return;
			this.timer = setTimeout(() => {
				void this.refresh().finally(() => {
					// aligned to the next interval boundary + 30 s (its minute rows are in by then);
					// a channel without history yet (the demo's backfill still running) is retried in a minute
					const now = this.o.now();
					const missing = [...this.byChannel.values()].some((s) => s.retry === true);
					const next = every === 15 * 60_000 ? every - (now % every) + 30_000 : every;
					schedule(missing ? Math.min(next, this.o.retryMs ?? 60_000) : next);
				});
			}, delay);
			this.timer.unref?.();
		};
		schedule(this.o.firstRunDelayMs ?? 20_000);
	}

	async stop(): Promise<void> {
		this.stopped = true;
		clearTimeout(this.timer);
		await this.running?.catch(() => undefined);
	}

	/** Re-forecasts every channel now (one run at a time; a call during a run waits for it). */
	refresh(): Promise<void> {
		this.running ??= this.runAll().finally(() => (this.running = null));
		return this.running;
	}

	private async runAll(): Promise<void> {
		const started = this.o.now();
		try {
			const toSec = Math.floor(started / 1000);
			const rows = await ahtByHour(this.o.client, { fromSec: toSec - 28 * 86_400, toSec, timezone: this.o.timezone });
			const acc = new Map<string, { n: number; s: number }>();
			for (const r of rows) {
				if (r.hour !== -1 || !(r.ahtSec > 0)) continue; // the per-queue totals
				const a = acc.get(r.channel) ?? { n: 0, s: 0 };
				a.n += r.handled;
				a.s += r.ahtSec * r.handled;
				acc.set(r.channel, a);
			}
			this.historyAhtSec = new Map([...acc].filter(([, a]) => a.n > 0).map(([ch, a]) => [ch, a.s / a.n]));
		} catch (err) {
			this.o.log(`intraday: stored handle times unavailable: ${(err as Error).message}`);
		}
		for (const ch of this.o.channels) {
			if (this.stopped) return;
			try {
				this.byChannel.set(ch.id, await this.runChannel(ch.id));
			} catch (err) {
				const prev = this.byChannel.get(ch.id);
				const note = `re-forecast failed at ${DateTime.fromMillis(this.o.now(), { zone: this.o.timezone }).toFormat('HH:mm')}: ${(err as Error).message}`;
				this.byChannel.set(ch.id, prev ? { ...prev, note } : { computedAtMs: this.o.now(), observedUntilMs: null, slots: [], intraday: null, note });
				this.o.log(`intraday: ${ch.id}: ${note}`);
			}
		}
		this.o.log(`intraday: re-forecast ${this.o.channels.length} channels in ${((this.o.now() - started) / 1000).toFixed(1)} s`);
	}

	private async runChannel(channel: string): Promise<Stored> {
		const zone = this.o.timezone;
		const nowMs = this.o.now();
		const step = INTRADAY_INTERVAL_MIN * 60;
		// completed intervals only: the current one is still filling
		const toSec = Math.floor(nowMs / 1000 / step) * step;
		const fromSec = Math.floor(DateTime.fromMillis(nowMs, { zone }).startOf('day').minus({ weeks: HISTORY_WEEKS }).toSeconds());
		const series = await intervalHistory(this.o.client, { channel, queues: [], fromSec, toSec, intervalMin: INTRADAY_INTERVAL_MIN });
		if (series.length === 0) {
			return { retry: true, computedAtMs: nowMs, observedUntilMs: null, slots: [], intraday: null, note: 'no stored history for this channel yet (backfill or send events first)' };
		}
		// A history whose newest row is over a day old (a backfill still writing, an ingest outage)
		// would read the missing hours as zero contacts: wait for it instead.
		const newest = series[series.length - 1].t;
		if (newest < toSec - 86_400) {
			const at = DateTime.fromSeconds(newest, { zone }).toFormat('yyyy-MM-dd HH:mm');
			return { retry: true, computedAtMs: nowMs, observedUntilMs: null, slots: [], intraday: null, note: `the stored history of this channel ends at ${at}; the re-forecast waits until it reaches today` };
		}
		const today = DateTime.fromMillis(nowMs, { zone }).toISODate()!;
		const fc = await this.o.runner.run({
			channel,
			t: Float64Array.from(series, (r) => r.t),
			offered: Float64Array.from(series, (r) => r.offered),
			fromSec,
			toSec,
			intervalMin: INTRADAY_INTERVAL_MIN,
			zone,
			timestamps: [],
			events: [],
			model: 'auto',
			upliftOverrides: [],
			historyFrom: today,
			window: { fromDate: today, toDate: today }
		});
		const toMs = (ts: string) => DateTime.fromFormat(ts.slice(0, 16), 'yyyy-MM-dd HH:mm', { zone }).toMillis();
		let slots: IntradaySlot[];
		let observedUntilMs: number | null = null;
		if (fc.intraday && fc.intraday.date === today) {
			observedUntilMs = DateTime.fromISO(`${today}T${fc.intraday.observedUntil}`, { zone }).toMillis();
			slots = fc.intraday.slots.map((s) => ({ startMs: toMs(s.timestamp), dayAhead: s.dayAhead, reforecast: s.reforecast, lo80: s.lo80, hi80: s.hi80, actual: s.actual }));
		} else {
			// the day has not started (history ends at midnight): the day-ahead forecast is all there is
			slots = fc.points
				.filter((p) => p.timestamp.startsWith(today))
				.map((p) => ({ startMs: toMs(p.timestamp), dayAhead: p.forecast, reforecast: p.forecast, lo80: p.lo80, hi80: p.hi80, actual: null }));
		}
		// The business day: from the first to the last interval with volume expected or seen (the
		// stored history has zero rows through closed hours).
		const busy = (s: IntradaySlot) => s.dayAhead >= 0.05 || (s.actual ?? 0) > 0;
		const first = slots.findIndex(busy);
		const last = slots.length - 1 - [...slots].reverse().findIndex(busy);
		slots = first < 0 ? [] : slots.slice(first, last + 1);
		return { computedAtMs: nowMs, observedUntilMs, slots, intraday: fc.intraday ?? null, note: slots.length === 0 ? 'the channel is not open today by its history' : null };
	}

	/**
	 * What the board and the planner see for a channel now: the last re-forecast, the tile figures,
	 * and the staffing gap of the current and next 4 intervals against the agents serving now.
	 */
	view(ch: ChannelConfig, snap: ChannelSnapshot | undefined, nowMs: number): IntradayChannelView {
		const st = this.byChannel.get(ch.id);
		const base: IntradayChannelView = {
			channel: ch.id,
			intervalMin: INTRADAY_INTERVAL_MIN,
			computedAtMs: st?.computedAtMs ?? null,
			observedUntilMs: st?.observedUntilMs ?? null,
			slots: st?.slots ?? [],
			forecastToday: null,
			dayAheadToday: null,
			vsForecastPct: null,
			gap: [],
			ahtSec: null,
			note: st ? st.note : 'the first re-forecast runs shortly after start-up and then every 15 minutes'
		};
		if (!st || st.slots.length === 0) return base;
		const dayAheadToday = st.slots.reduce((a, s) => a + s.dayAhead, 0);
		const forecastToday = st.intraday ? st.intraday.reforecastTotal : dayAheadToday;
		// vs forecast: the stored actuals the re-forecast saw (live and backfilled contacts, up to the
		// last completed interval) against the day-ahead forecast of the same intervals
		let vsForecastPct: number | null = null;
		let planned = 0;
		let seen = 0;
		for (const s of st.slots) {
			if (s.actual === null) continue;
			planned += s.dayAhead;
			seen += s.actual;
		}
		if (planned >= 1) vsForecastPct = (100 * (seen - planned)) / planned;
		// today's handle time; before anything is handled today, the last 4 weeks' stored one
		const ahtMs = snap?.today.ahtMs ?? snap?.last15m.ahtMs ?? null;
		const ahtSec = ahtMs !== null && ahtMs > 0 ? ahtMs / 1000 : (this.historyAhtSec.get(ch.id) ?? null);
		const gap: StaffingGapInterval[] = [];
		let note = st.note;
		let slots = st.slots;
		if (!snap) note ??= 'no live data for this channel';
		else if (ahtSec === null) note ??= 'no contact handled today or in the stored last 4 weeks: the handle time for the staffing gap is unknown';
		else {
			const staffed = snap.agents.available + snap.agents.onContact + snap.agents.acw;
			const step = INTRADAY_INTERVAL_MIN * 60_000;
			const current = Math.floor(nowMs / step) * step;
			const params: StaffingParams = {
				kind: ch.kind,
				ahtSec,
				targetSec: ch.slTargetSec,
				slTarget: ch.slTargetPct / 100,
				maxOccupancy: ch.kind === 'realtime' ? MAX_OCCUPANCY : null,
				shrinkage: 0,
				patienceSec: null,
				maxAbandon: null,
				concurrency: ch.concurrency,
				concurrencyAhtSec: null,
				quantile: 'forecast',
				volumeFactor: 1
			};
			const requiredFor = (volume: number) =>
				volume <= 0
					? 0
					: ch.kind === 'deferred'
						? // deferred work (e-mail, tickets): the interval's workload in agents
							Math.ceil((volume * ahtSec) / (step / 1000) - 1e-9)
						: solveInterval(volume, step / 1000, params).agents;
			// every interval of the day: what it needs at today's handle time (the planner's table)
			slots = st.slots.map((s) => ({ ...s, required: requiredFor(s.reforecast ?? s.dayAhead) }));
			for (let i = 0; i < GAP_INTERVALS; i++) {
				const startMs = current + i * step;
				const slot = slots.find((s) => s.startMs === startMs);
				const volume = slot ? (slot.reforecast ?? slot.dayAhead) : 0;
				const required = slot?.required ?? 0;
				gap.push({ startMs, volume, required, staffed, gap: staffed - required });
			}
		}
		return { ...base, slots, forecastToday, dayAheadToday, vsForecastPct, gap, ahtSec, note };
	}
}
