/**
 * Per-event overrides of the planning page (src/lib/planning/eventOverrides.ts, issue 22). Expected
 * values are hand computations shown next to each assertion.
 */
import { describe, expect, it } from 'vitest';
import { draftsFrom, eventDays, overridesFrom } from '../../src/lib/planning/eventOverrides';

const daily = [
	{ date: '2025-03-24', uplift: 1, dayType: 'weekday' },
	{ date: '2025-03-25', uplift: 1.2, dayType: 'ramp', event: { name: 'Member day' } },
	{ date: '2025-03-26', uplift: 1.5, dayType: 'ramp', event: { name: 'Member day' } },
	{ date: '2025-03-27', uplift: 4, dayType: 'peak', event: { name: 'Member day' } },
	{ date: '2025-03-28', uplift: 1.8, dayType: 'tail', event: { name: 'Member day' } }
];

describe('event overrides', () => {
	it('lists the event days with the learned factor, the replaced one where an override was applied', () => {
		// 03-27 reports ×4 because an override replaced the learned ×3 (previousFactor)
		const days = eventDays(daily, [{ eventName: 'Member day', date: '2025-03-27', previousFactor: 3 }], 'Member day');
		expect(days.map((d) => [d.date, d.dayType, d.learned])).toEqual([
			['2025-03-25', 'ramp', 1.2],
			['2025-03-26', 'ramp', 1.5],
			['2025-03-27', 'peak', 3],
			['2025-03-28', 'tail', 1.8]
		]);
	});

	it('scales the learned shape, lets a day factor win, and leaves untouched events alone', () => {
		const days = { 'Member day': eventDays(daily, [], 'Member day') };
		const out = overridesFrom({ 'Member day': { scale: 1.5, days: { '2025-03-27': 5 } }, Other: { scale: 2, days: {} } }, days);
		// 1.2 × 1.5 = 1.8; 1.5 × 1.5 = 2.25; 03-27 its own 5; 1.8 × 1.5 = 2.7; "Other" has no days here
		expect(out.map((o) => [o.date, o.upliftFactor])).toEqual([
			['2025-03-25', 1.8],
			['2025-03-26', 2.25],
			['2025-03-27', 5],
			['2025-03-28', 2.7]
		]);
		expect(out.every((o) => o.eventName === 'Member day')).toBe(true);
		// clamped to the API's maximum 20: 4 × 6 = 24 → 20
		expect(overridesFrom({ 'Member day': { scale: 6, days: {} } }, days).find((o) => o.date === '2025-03-27')!.upliftFactor).toBe(20);
		// nothing typed → no override (the model's factors stay)
		expect(overridesFrom({ 'Member day': { scale: null, days: { '2025-03-25': null } } }, days)).toEqual([]);
	});

	it('round-trips through a saved scenario', () => {
		const days = { 'Member day': eventDays(daily, [], 'Member day') };
		const saved = overridesFrom({ 'Member day': { scale: 2, days: {} } }, days);
		const again = overridesFrom(draftsFrom(saved), days);
		expect(again.map((o) => [o.date, o.upliftFactor])).toEqual(saved.map((o) => [o.date, o.upliftFactor]));
	});
});
