import { describe, expect, it } from 'vitest';
import { RowValidator, checkOptions, type RowOptions } from '../../src/lib/server/history/rows';
import { DEFAULT_CHANNELS, DEFAULT_QUEUES } from '../../src/lib/server/config/defaults';

const NOW = Date.UTC(2026, 11, 2, 0, 0); // 2026-12-02 08:00 in Asia/Shanghai
const opts = (o: Partial<RowOptions> = {}): RowOptions => ({
	zone: 'Asia/Shanghai',
	channels: DEFAULT_CHANNELS,
	queues: DEFAULT_QUEUES,
	map: {},
	columns: {},
	defaults: {},
	nowMs: NOW,
	...o
});
const H = ['interval_start', 'interval_min', 'channel', 'queue', 'offered'];

describe('interval history rows', () => {
	it('reads local time in the configured zone and times with an offset as given', () => {
		const v = new RowValidator(opts());
		// 2025-11-11 09:15 at +08:00 = 01:15 UTC (hand conversion)
		expect(v.check(2, H, ['2025-11-11 09:15', '15', 'chat', 'presale', '40'])).toMatchObject({ interval_start: Date.UTC(2025, 10, 11, 1, 15) / 1000, offered: 40 });
		expect(v.check(3, H, ['2025-11-11T01:30:00Z', '15', 'chat', 'presale', '41'])).toMatchObject({ interval_start: Date.UTC(2025, 10, 11, 1, 30) / 1000 });
		expect(v.check(4, H, ['2025/11/11 9:45', '15', 'chat', 'presale', '1,204'])).toMatchObject({ interval_start: Date.UTC(2025, 10, 11, 1, 45) / 1000, offered: 1204 });
	});

	it('takes a daylight-saving zone at its offset of the day (America/New_York: -05:00 in January, -04:00 in July)', () => {
		const v = new RowValidator(opts({ zone: 'America/New_York' }));
		expect(v.check(2, H, ['2025-01-15 07:00', '60', 'phone', 'presale', '1'])).toMatchObject({ interval_start: Date.UTC(2025, 0, 15, 12, 0) / 1000 });
		expect(v.check(3, H, ['2025-07-15 07:00', '60', 'phone', 'presale', '1'])).toMatchObject({ interval_start: Date.UTC(2025, 6, 15, 11, 0) / 1000 });
	});

	it('names line, column and rule for each problem', () => {
		const v = new RowValidator(opts());
		const r = v.check(7, H, ['2025-02-30 10:00', '20', '旺旺', 'presale', '-1']);
		expect(r).toEqual([
			expect.objectContaining({ line: 7, column: 'interval_min', rule: 'interval-length' }),
			expect.objectContaining({ line: 7, column: 'interval_start', rule: 'timestamp' }),
			expect.objectContaining({ line: 7, column: 'channel', rule: 'unknown-channel' }),
			expect.objectContaining({ line: 7, column: 'offered', rule: 'count' })
		]);
		expect(v.check(8, H, ['2030-01-01 10:00', '15', 'chat', 'presale', '1'])).toEqual([expect.objectContaining({ rule: 'future' })]);
		expect(v.check(9, H, ['2025-01-01 10:05', '15', 'chat', 'presale', '1'])).toEqual([expect.objectContaining({ rule: 'interval-alignment' })]);
		expect(v.check(10, H, ['2025-01-01 10:00', '1440', 'chat', 'presale', '1'])).toEqual([expect.objectContaining({ rule: 'interval-alignment' })]);
	});

	it('reports a second row for the same interval with the line of the first, also out of order', () => {
		const v = new RowValidator(opts());
		expect(Array.isArray(v.check(2, H, ['2025-01-01 10:00', '15', 'chat', 'presale', '1']))).toBe(false);
		expect(Array.isArray(v.check(3, H, ['2025-01-01 10:30', '15', 'chat', 'presale', '1']))).toBe(false);
		expect(v.check(4, H, ['2025-01-01 10:00', '15', 'chat', 'presale', '2'])).toEqual([expect.objectContaining({ rule: 'duplicate', message: expect.stringContaining('line 2') })]);
		expect(Array.isArray(v.check(5, H, ['2025-01-01 10:15', '15', 'chat', 'presale', '1']))).toBe(false);
		expect(v.check(6, H, ['2025-01-01 10:30', '15', 'chat', 'presale', '2'])).toEqual([expect.objectContaining({ message: expect.stringContaining('line 3') })]);
		// another queue is another series
		expect(Array.isArray(v.check(7, H, ['2025-01-01 10:00', '15', 'chat', 'insale', '1']))).toBe(false);
	});

	it('maps names: configured Chinese names are known, others through the map; columns by alias or mapping', () => {
		const v = new RowValidator(opts({ map: { 旺旺: 'chat', 售前咨询: 'presale' }, defaults: { interval_min: 30 } }));
		const header = ['时间', '渠道', '队列', '进线量'];
		expect(v.check(2, header, ['2025-06-18 10:00', '旺旺', '售前咨询', '5'])).toMatchObject({ channel: 'chat', queue: 'presale', interval_min: 30 });
		expect(v.check(3, header, ['2025-06-18 10:00', '电话', '售后', '5'])).toMatchObject({ channel: 'phone', queue: 'aftersale' });
		const w = new RowValidator(opts({ columns: { timestamp: 'interval_start', count: 'offered' }, defaults: { channel: 'phone', queue: 'presale', interval_min: 5 } }));
		expect(w.check(2, ['timestamp', 'count'], ['2003-03-03 07:00:00', '111'])).toMatchObject({ channel: 'phone', offered: 111, interval_start: Date.UTC(2003, 2, 2, 23, 0) / 1000 });
	});

	it('refuses a file without the columns it needs once, naming what to do', () => {
		const v = new RowValidator(opts());
		const r = v.check(2, ['when', 'count'], ['2025-01-01 10:00', '1']);
		expect(Array.isArray(r) && r.map((e) => `${e.column}:${e.rule}`)).toEqual(['interval_start:missing-column', 'offered:missing-column', 'channel:missing-column', 'queue:missing-column', 'interval_min:missing-column']);
		expect(v.check(3, ['when', 'count'], ['2025-01-01 10:15', '1'])).toEqual([]);
	});

	it('checks the options themselves', () => {
		expect(checkOptions(opts({ map: { 旺旺: 'wangwang' }, columns: { a: 'b' }, defaults: { interval_min: 10 } }))).toHaveLength(3);
		expect(checkOptions(opts())).toEqual([]);
	});
});
