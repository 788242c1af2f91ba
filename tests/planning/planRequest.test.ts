import { describe, expect, it } from 'vitest';
import { parsePlanRequest } from '../../src/lib/server/planning/forecastRun';

/**
 * Plan requests against their schema ($lib/types/planRequest.ts): defaults, and a bad field named
 * with what is allowed. Each body is written by hand, broken in the field the expectation names.
 */
const known = { channels: ['chat', 'phone'], queues: ['presale', 'aftersale'] };

describe('parsePlanRequest', () => {
	it('fills the defaults: 4 weeks, auto model, 15-minute intervals, all queues, no overrides', () => {
		expect(parsePlanRequest({ channels: ['chat'] }, known)).toEqual({
			channels: ['chat'],
			queues: [],
			horizon: { kind: 'weeks', weeks: 4 },
			model: 'auto',
			intervalMin: 15,
			upliftOverrides: []
		});
	});

	it('takes a built-in event by short name and a custom event by dates', () => {
		expect(parsePlanRequest({ channels: ['chat'], horizon: { kind: 'event', event: 'double11' } }, known)).toMatchObject({ horizon: { kind: 'event', event: 'double11' } });
		expect(parsePlanRequest({ channels: ['chat'], horizon: { kind: 'event', event: '年货节', dateStart: '2027-01-10', dateEnd: '2027-01-20' } }, known)).toMatchObject({
			horizon: { event: '年货节', dateStart: '2027-01-10', dateEnd: '2027-01-20' }
		});
	});

	it.each([
		[{ channels: [] }, 'channels', 'must be a non-empty list of configured channels (chat, phone)'],
		[{ channels: ['chat', 'fax'] }, 'channels[1]', 'must be a configured channel (chat, phone)'],
		[{ channels: ['chat'], queues: ['vip'] }, 'queues[0]', 'must be a configured queue (presale, aftersale)'],
		[{ channels: ['chat'], horizon: { kind: 'weeks', weeks: 27 } }, 'horizon.weeks', 'must be a whole number of weeks from 1 to 26'],
		[{ channels: ['chat'], horizon: { kind: 'months' } }, 'horizon.kind', 'must be {kind: "weeks", weeks} or {kind: "event", event[, dateStart, dateEnd]}'],
		[{ channels: ['chat'], horizon: { kind: 'event', event: 'x', dateStart: '2027-01-20', dateEnd: '2027-01-10' } }, 'horizon.dateStart', 'a custom event needs dateStart ≤ dateEnd as YYYY-MM-DD'],
		[{ channels: ['chat'], horizon: { kind: 'event', event: 'double13' } }, 'horizon.event', 'unknown event; use double11, 618, double12, or a custom event with dateStart and dateEnd'],
		[{ channels: ['chat'], model: 'prophet' }, 'model', 'must be auto, topdown, combo, avg4w or snaive'],
		[{ channels: ['chat'], intervalMin: 60 }, 'intervalMin', 'must be 15 or 30'],
		[{ channels: ['chat'], upliftOverrides: [{ eventName: 'Double 11 (双11)', upliftFactor: 0 }] }, 'upliftOverrides[0].upliftFactor', 'needs an upliftFactor above 0 and at most 20'],
		[{ channels: ['chat'], upliftOverrides: [{ eventName: 'Double 11 (双11)', upliftFactor: 3, date: '11/11' }] }, 'upliftOverrides[0].date', 'a day of the event (or absent: every day of it) must be YYYY-MM-DD']
	])('%j → %s', (body, field, error) => {
		expect(parsePlanRequest(body, known)).toEqual({ field, error });
	});

	it('a body that is not an object', () => {
		expect(parsePlanRequest(null, known)).toEqual({ field: '', error: 'body must be a JSON object' });
	});
});
