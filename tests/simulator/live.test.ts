import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_CHANNELS, DEFAULT_QUEUES } from '../../src/lib/server/config/defaults';
import { startLiveSimulation, type SubmitResult } from '../../src/lib/server/simulator/live';
import { createSimulator } from '../../src/lib/server/simulator/simulator';

const START = Date.UTC(2026, 2, 25, 2, 0); // 10:00 +08:00, a busy hour

function makeSim() {
	return createSimulator({
		seed: 2,
		channels: DEFAULT_CHANNELS,
		queues: DEFAULT_QUEUES,
		timezone: 'Asia/Shanghai',
		scenario: 'normal',
		speed: 1,
		startMs: START
	});
}

afterEach(() => {
	vi.useRealTimers();
});

describe('startLiveSimulation', () => {
	it('keeps one submit in flight, resends a failed batch unchanged, and closes everything on stop', async () => {
		vi.useFakeTimers();
		vi.setSystemTime(START);
		const calls: { ids: string[]; outcome: 'ok' | 'throw' }[] = [];
		let inFlight = 0;
		let maxInFlight = 0;
		let call = 0;
		const stored = new Set<string>();
		const submit = async (events: Record<string, unknown>[]): Promise<SubmitResult> => {
			inFlight++;
			maxInFlight = Math.max(maxInFlight, inFlight);
			call++;
			const ids = events.map((e) => e.event_id as string);
			// slow acknowledgements: events pile up meanwhile
			await new Promise((r) => setTimeout(r, 700));
			inFlight--;
			if (call === 3) {
				calls.push({ ids, outcome: 'throw' });
				throw new Error('storage unavailable');
			}
			calls.push({ ids, outcome: 'ok' });
			let duplicates = 0;
			for (const id of ids) {
				if (stored.has(id)) duplicates++;
				stored.add(id);
			}
			return { accepted: ids.length - duplicates, duplicates, rejected: [] };
		};
		const logs: string[] = [];
		const sim = makeSim();
		const live = startLiveSimulation({ simulator: sim, submit, now: () => Date.now(), tickMs: 250, log: (m) => logs.push(m) });
		await vi.advanceTimersByTimeAsync(60_000);
		const stopping = live.stop();
		await vi.advanceTimersByTimeAsync(10_000); // the fake submit acknowledges after 700 ms
		await stopping;

		expect(maxInFlight).toBe(1);
		const failed = calls.findIndex((c) => c.outcome === 'throw');
		expect(failed).toBe(2);
		// the next submit after the failure is the same batch, same ids, same order
		expect(calls[failed + 1].ids).toEqual(calls[failed].ids);
		expect(logs.some((l) => l.includes('storage unavailable'))).toBe(true);
		// events generated while a submit was in flight were batched, not dropped: every generated id was stored once
		const st = live.stats();
		expect(st.pending).toBe(0);
		expect(st.failedSubmits).toBe(1);
		expect(st.accepted).toBe(stored.size);
		expect(st.generated).toBe(stored.size);
		expect(st.accepted).toBeGreaterThan(100);
		// stop sent closing events: the simulator has nobody logged in and no open contact
		const s = sim.stats();
		expect(s.channels.every((c) => c.agentsLoggedIn === 0)).toBe(true);
		expect(calls.at(-1)!.ids.length).toBeGreaterThan(0);
	});

	it('logs rejections (the simulator should never produce any)', async () => {
		vi.useFakeTimers();
		vi.setSystemTime(START);
		const logs: string[] = [];
		const live = startLiveSimulation({
			simulator: makeSim(),
			submit: async (events) => ({ accepted: events.length - 1, duplicates: 0, rejected: [{ index: 0, field: 'ts', message: 'x' }] }),
			now: () => Date.now(),
			log: (m) => logs.push(m)
		});
		await vi.advanceTimersByTimeAsync(2_000);
		await live.stop();
		expect(logs.some((l) => l.includes('rejected'))).toBe(true);
		expect(live.stats().rejected).toBeGreaterThan(0);
	});
});
