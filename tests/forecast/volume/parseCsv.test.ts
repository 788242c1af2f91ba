import { describe, expect, it } from 'vitest';
import { CsvInputError, parseEventsCsv, parseHistoryCsv, parseTimestampsCsv, splitCsvLine } from '../../../forecast/volume';

const lineOf = (fn: () => unknown): number => {
	try {
		fn();
	} catch (e) {
		if (e instanceof CsvInputError) return e.line;
		throw e;
	}
	throw new Error('did not throw');
};

describe('parseHistoryCsv', () => {
	it('reads rows with or without a header, CRLF and a BOM', () => {
		expect(parseHistoryCsv('timestamp,count\r\n2025-01-06 09:00,3\r\n2025-01-06 09:15,4.5\r\n')).toEqual([
			{ timestamp: '2025-01-06 09:00', count: 3 },
			{ timestamp: '2025-01-06 09:15', count: 4.5 }
		]);
		expect(parseHistoryCsv('\uFEFF2025-01-06T09:00:00+08:00,1\n')).toHaveLength(1);
	});

	it.each([
		['unparseable timestamp', 'timestamp,count\n2025-01-06 09:00,3\n06/01/2025 09:15,4\n', 3, /unparseable timestamp/],
		['non-numeric count', 'timestamp,count\n2025-01-06 09:00,three\n', 2, /count "three" is not a number/],
		['missing count', 'timestamp,count\n2025-01-06 09:00\n', 2, /expected "timestamp,count"/],
		['negative count', '2025-01-06 09:00,3\n2025-01-06 09:15,-2\n', 2, /negative count -2/],
		['duplicate timestamp', 'timestamp,count\n2025-01-06 09:00,3\n2025-01-06 09:15,1\n2025-01-06 09:15,2\n', 4, /duplicate timestamp .* line 3/],
		['unsorted timestamps', 'timestamp,count\n2025-01-06 09:15,3\n2025-01-06 09:00,1\n', 3, /before 2025-01-06 09:15 on line 2/],
		['impossible date', 'timestamp,count\n2025-02-30 09:00,3\n', 2, /unparseable timestamp/],
		['empty file', 'timestamp,count\n', 1, /no data rows/]
	])('%s → names line %i', (_, text, line, message) => {
		expect(lineOf(() => parseHistoryCsv(text))).toBe(line);
		expect(() => parseHistoryCsv(text, 'Asia/Shanghai', 'h.csv')).toThrow(message);
		expect(() => parseHistoryCsv(text, 'Asia/Shanghai', 'h.csv')).toThrow(/^h\.csv line \d+: /);
	});
});

describe('parseEventsCsv', () => {
	it('reads events with optional ramp/tail and quoted names', () => {
		const events = parseEventsCsv(
			'date_start,date_end,name,kind,ramp_days,tail_days\n2025-11-11,2025-11-11,"Double 11, Tmall",promotion,20,14\n2025-06-01,2025-06-02,move,closure\n'
		);
		expect(events).toEqual([
			{ name: 'Double 11, Tmall', kind: 'promotion', dateStart: '2025-11-11', dateEnd: '2025-11-11', rampDays: 20, tailDays: 14, source: 'user' },
			{ name: 'move', kind: 'closure', dateStart: '2025-06-01', dateEnd: '2025-06-02', rampDays: 0, tailDays: 0, source: 'user' }
		]);
	});

	it.each([
		['unknown kind', '2025-11-11,2025-11-11,x,sale\n', 1, /kind must be one of promotion, holiday, closure, workday, other/],
		['bad date', 'date_start,date_end,name,kind\n2025-11-31,2025-12-01,x,other\n', 2, /date_start must be YYYY-MM-DD/],
		['reversed dates', '2025-11-12,2025-11-11,x,other\n', 1, /date_end 2025-11-11 is before date_start/],
		['bad ramp', '2025-11-11,2025-11-11,x,other,two\n', 1, /ramp_days must be a whole number/],
		['too few columns', '2025-11-11,2025-11-11,x\n', 1, /expected date_start,date_end,name,kind/]
	])('%s → names line %i', (_, text, line, message) => {
		expect(lineOf(() => parseEventsCsv(text))).toBe(line);
		expect(() => parseEventsCsv(text)).toThrow(message);
	});
});

describe('parseTimestampsCsv and splitCsvLine', () => {
	it('takes the first column, skips a header, rejects duplicates by line', () => {
		expect(parseTimestampsCsv('timestamp,other\n2025-01-06 09:00,x\n2025-01-06 09:15\n')).toEqual(['2025-01-06 09:00', '2025-01-06 09:15']);
		expect(lineOf(() => parseTimestampsCsv('2025-01-06 09:00\n2025-01-06 09:00\n'))).toBe(2);
		expect(lineOf(() => parseTimestampsCsv('2025-01-06 09:00\nnot a time\n'))).toBe(2);
	});

	it('splits RFC 4180 quoting', () => {
		expect(splitCsvLine('a,"b, c","d ""e"""')).toEqual(['a', 'b, c', 'd "e"']);
		expect(() => splitCsvLine('a,"b')).toThrow(/unclosed/);
	});
});
