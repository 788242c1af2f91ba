import { describe, expect, it } from 'vitest';
import { readBody } from '../../src/lib/server/app/requestBody';
import { ScenarioInputSchema } from '../../src/lib/types/scenario';
import { SilenceInputSchema } from '../../src/lib/types/alerts';

/**
 * The API's request schemas through readBody: a good body comes back typed, a bad one is a 400
 * naming the field and what is allowed. The bodies are written by hand; the expected fields are
 * where each was broken on purpose.
 */
const post = (body: string) => new Request('http://x/api', { method: 'POST', body, headers: { 'content-type': 'application/json' } });
async function problem(schema: typeof ScenarioInputSchema | typeof SilenceInputSchema, body: unknown) {
	const r = await readBody(post(JSON.stringify(body)), schema, '{…}');
	if (r.ok) throw new Error('expected a 400');
	expect(r.response.status).toBe(400);
	return (await r.response.json()) as { error: string; field: string; problems: string[] };
}

describe('scenario requests', () => {
	const good = { name: ' 双11 AHT 900 ', params: { request: { channels: ['chat'] }, staffing: { chat: { ahtSec: 900 } }, requirement: { intervalMin: 30, points: [['2026-11-11T00:00', 12]] } }, summary: { chat: { peakScheduled: 12, scheduledHours: 96, volume: 4000 } } };

	it('a good body comes back typed and trimmed, the summary defaulting to null', async () => {
		const r = await readBody(post(JSON.stringify(good)), ScenarioInputSchema, '{…}');
		expect(r.ok && r.value.name).toBe('双11 AHT 900');
		const { summary: _s, ...noSummary } = good;
		const r2 = await readBody(post(JSON.stringify(noSummary)), ScenarioInputSchema, '{…}');
		expect(r2.ok && r2.value.summary).toBe(null);
	});

	it('names the field that is wrong', async () => {
		expect(await problem(ScenarioInputSchema, { ...good, name: '   ' })).toMatchObject({ field: 'name', error: 'name: a scenario needs a name' });
		expect((await problem(ScenarioInputSchema, { ...good, params: { requirement: { intervalMin: 30, points: [['2026-11-11T00:00', 'twelve']] } } })).field).toBe('params.requirement.points[0][1]');
		expect((await problem(ScenarioInputSchema, { ...good, id: 'not-a-uuid' })).field).toBe('id');
		expect(await problem(ScenarioInputSchema, { name: 'x' })).toMatchObject({ field: 'params', error: 'params: is required' });
	});

	it('a body that is not JSON is a 400 that says what the body should be', async () => {
		const r = await readBody(post('{"name": '), ScenarioInputSchema, '{name, params, summary}');
		expect(r.ok).toBe(false);
		if (!r.ok) expect(await r.response.json()).toMatchObject({ error: 'the body must be JSON: {name, params, summary}' });
	});
});

describe('silence requests', () => {
	const good = { matchers: [{ label: 'channel', op: '=', value: 'chat' }], startsAtMs: 1_700_000_000_000, endsAtMs: 1_700_003_600_000, comment: '双11 大促夜' };

	it('a good body passes', async () => {
		const r = await readBody(post(JSON.stringify(good)), SilenceInputSchema, '{…}');
		expect(r.ok && r.value.matchers).toEqual(good.matchers);
	});

	it('names the field that is wrong', async () => {
		expect((await problem(SilenceInputSchema, { ...good, comment: ' ' })).field).toBe('comment');
		expect((await problem(SilenceInputSchema, { ...good, matchers: [] })).error).toBe('matchers: at least one matcher (an empty list would silence every alert)');
		expect((await problem(SilenceInputSchema, { ...good, matchers: [{ label: 'level', op: 'in', value: '3' }] })).field).toBe('matchers[0].values');
		expect(await problem(SilenceInputSchema, { ...good, endsAtMs: good.startsAtMs })).toMatchObject({ field: 'endsAtMs', error: 'endsAtMs: must be after startsAtMs' });
	});
});
