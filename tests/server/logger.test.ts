/** The one logger (issue 23 item 7): the text lines `npm start` prints and the JSON lines a shipper reads. */
import { describe, expect, it } from 'vitest';
import { createLogger, type LogLevel } from '../../src/lib/server/app/logger';

const T = Date.parse('2026-12-02T08:00:00.000Z');

function capture(format: 'text' | 'json') {
	const lines: [LogLevel, string][] = [];
	const log = createLogger({ format, now: () => T, write: (level, line) => lines.push([level, line]) });
	return { log, lines };
}

describe('logger', () => {
	it('writes text lines as before, with the level on warnings and errors and fields as key=value', () => {
		const { log, lines } = capture('text');
		log('ingest: 3 events stored');
		log.warn('alerts: storing the step failed', { attempts: 2 });
		log.error('request failed: GET /x', { requestId: 'r-1', path: '/a b' });
		expect(lines).toEqual([
			['info', '[2026-12-02T08:00:00.000Z] ingest: 3 events stored'],
			['warn', '[2026-12-02T08:00:00.000Z] WARN alerts: storing the step failed attempts=2'],
			['error', '[2026-12-02T08:00:00.000Z] ERROR request failed: GET /x requestId=r-1 path="/a b"']
		]);
	});

	it('writes one JSON object per line with the area split off the message', () => {
		const { log, lines } = capture('json');
		log.info('backfill: 2/26 months, 92672 rows');
		log.error('request failed: GET /x', { requestId: 'r-1' });
		expect(lines.map(([, l]) => JSON.parse(l))).toEqual([
			{ ts: '2026-12-02T08:00:00.000Z', level: 'info', area: 'backfill', msg: '2/26 months, 92672 rows' },
			// "request failed" has a space before the colon: not an area, the message stays whole
			{ ts: '2026-12-02T08:00:00.000Z', level: 'error', area: '', msg: 'request failed: GET /x', requestId: 'r-1' }
		]);
	});
});
