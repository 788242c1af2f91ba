import { describe, expect, it } from 'vitest';
import { computeAdherence, type AgentPlan } from '$forecast/scheduling/index';

const MIN = 60_000;
const day = Date.UTC(2026, 10, 11); // a day start; times below are minutes after it
const at = (m: number) => day + m * MIN;
// one agent: shift 09:00–17:00 with a break 12:00–12:30
const plan: AgentPlan = { agentId: 'a1', shifts: [{ fromMs: at(540), toMs: at(1020), breaks: [{ fromMs: at(720), toMs: at(750) }] }] };

describe('computeAdherence', () => {
	it('in adherence while working as scheduled; the day share counts scheduled minutes only (hand count)', () => {
		const tl = new Map([['a1', [{ tsMs: at(540), state: 'available' }, { tsMs: at(600), state: 'on_contact' }]]]);
		const r = computeAdherence([plan], tl, at(660), day, 5);
		expect(r.agents[0]).toMatchObject({ scheduled: 'working', actual: 'working', inAdherence: true, alert: false });
		// 09:00–11:00: 120 scheduled minutes, all adherent
		expect(r.scheduledMinutes).toBe(120);
		expect(r.centrePct).toBe(100);
	});

	it('flips out of adherence when the agent goes on break outside its break, and raises L1 after N minutes', () => {
		const tl = new Map([['a1', [{ tsMs: at(540), state: 'available' }, { tsMs: at(650), state: 'break' }]]]);
		const r = computeAdherence([plan], tl, at(660), day, 5);
		// out since 10:50, now 11:00 → 10 min > 5 min threshold
		expect(r.agents[0]).toMatchObject({ scheduled: 'working', actual: 'break', inAdherence: false, outSinceMs: at(650), outMinutes: 10, alert: true });
		// 110 of 120 scheduled minutes adherent (hand count)
		expect(r.centrePct).toBeCloseTo((100 * 110) / 120, 9);
		const early = computeAdherence([plan], tl, at(653), day, 5);
		expect(early.agents[0]).toMatchObject({ inAdherence: false, outMinutes: 3, alert: false });
	});

	it('a break taken in the scheduled break is in adherence; staying on break after it ends is not', () => {
		const tl = new Map([['a1', [{ tsMs: at(540), state: 'available' }, { tsMs: at(720), state: 'break' }]]]);
		expect(computeAdherence([plan], tl, at(730), day, 5).agents[0]).toMatchObject({ scheduled: 'break', actual: 'break', inAdherence: true });
		const late = computeAdherence([plan], tl, at(760), day, 5).agents[0];
		// the break ended at 12:30; still on break at 12:40 → out for 10 min
		expect(late).toMatchObject({ scheduled: 'working', actual: 'break', inAdherence: false, outSinceMs: at(750), outMinutes: 10 });
	});

	it('logged in while not scheduled is out of adherence; offline while off is in', () => {
		const tl = new Map([['a1', [{ tsMs: at(400), state: 'available' }]]]);
		expect(computeAdherence([plan], tl, at(450), day, 5).agents[0]).toMatchObject({ scheduled: 'off', actual: 'working', inAdherence: false, outSinceMs: at(400) });
		expect(computeAdherence([plan], new Map(), at(450), day, 5).agents[0]).toMatchObject({ scheduled: 'off', actual: 'off', inAdherence: true });
	});
});
