import { describe, expect, it } from 'vitest';
import { parseReportParams } from '../../src/lib/server/reports/kpis';

const known = { channels: ['chat', 'phone'], queues: ['presale', 'complaint'], categories: ['consult', 'complaint'] };
const parse = (q: string) => parseReportParams(new URLSearchParams(q), known);

describe('GET /api/v1/reports/kpis parameters', () => {
	it('accepts the documented form', () => {
		expect(parse('from=2026-11-01&to=2026-11-30&by=week&dims=channel,queue&channel=chat')).toEqual({
			from: '2026-11-01',
			to: '2026-11-30',
			by: 'week',
			dims: ['channel', 'queue'],
			filters: { channel: ['chat'] }
		});
		expect(parse('from=2026-11-01&to=2026-11-01')).toMatchObject({ by: 'day', dims: [] });
	});

	it('names each wrong parameter, what was wrong and what is allowed', () => {
		expect(parse('from=2026-13-01&by=year&dims=channel,shop&channel=fax')).toEqual({
			problems: [
				{ field: 'from', message: '"2026-13-01" is not a date YYYY-MM-DD' },
				{ field: 'to', message: 'is missing; give a date as YYYY-MM-DD (in the configured time zone)' },
				{ field: 'by', message: '"year" is not a period; allowed: hour, day, week, month, total' },
				{ field: 'dims', message: '"shop" is not a dimension; allowed: channel, queue, team, agent, category, tier' },
				{ field: 'channel', message: '"fax" is not configured; allowed: chat, phone' }
			]
		});
		expect(parse('from=2026-11-02&to=2026-11-01')).toEqual({ problems: [{ field: 'to', message: '2026-11-01 is before from = 2026-11-02; to is the last day included' }] });
		expect(parse('from=2025-01-01&to=2026-11-01')).toMatchObject({ problems: [{ field: 'to', message: 'the range is 670 days; at most 400 per request' }] });
		expect(parse('from=2026-11-01&to=2026-11-02&dims=agent&category=complaint')).toMatchObject({ problems: [{ field: 'dims' }] });
	});
});
