import { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { detectEncoding, readRecords, splitCsvRecord, type SourceRecord } from '../../src/lib/server/history/readers';

async function all(bytes: Buffer, format: 'csv' | 'xlsx' | 'ndjson', chunk = 7): Promise<{ recs: SourceRecord[]; enc: string }> {
	const parts: Buffer[] = [];
	for (let i = 0; i < bytes.length; i += chunk) parts.push(bytes.subarray(i, i + chunk)); // tiny chunks: characters and lines cut across them
	let enc = '';
	const recs: SourceRecord[] = [];
	for await (const b of readRecords(Readable.from(parts), { format, encoding: 'auto', onBytes: () => undefined, onEncoding: (e) => (enc = e) })) recs.push(...b);
	return { recs, enc };
}

describe('history file readers', () => {
	it('splits CSV records like csv-parse (the oracle), quotes, escaped quotes and newlines in fields included', async () => {
		const text = 'interval_start,channel,note,offered\n2025-01-01 10:00,chat,"a, b",1\n2025-01-01 10:15,chat,"say ""hi""",2\n2025-01-01 10:30,chat,"two\nlines",3\n\n2025-01-01 10:45,chat,,4';
		const oracle = parse(text, { relax_column_count: true, skip_empty_lines: true }) as string[][];
		const { recs } = await all(Buffer.from(text), 'csv');
		expect(recs.map((r) => r.values)).toEqual(oracle.slice(1));
		// Windows line ends (Excel) give the same records (the newline inside the quoted field stays as it is)
		const crlf = await all(Buffer.from(text.replace(/\n(?!lines)/g, '\r\n')), 'csv');
		expect(crlf.recs.map((r) => r.values)).toEqual(oracle.slice(1));
		expect(recs.map((r) => r.line)).toEqual([2, 3, 4, 7]); // the record on lines 4–5 is reported at its first line
		expect(splitCsvRecord('a\t"b\tc"\td', '\t')).toEqual(['a', 'b\tc', 'd']);
	});

	it('decodes GBK (what Chinese Excel writes) and UTF-8 with a BOM, detected from the bytes', async () => {
		const text = '时间,渠道,队列,进线量\n2025-11-11 00:00,旺旺,售前,12\n';
		const gbk = await all(iconv.encode(text, 'gbk'), 'csv', 5);
		expect(gbk.enc).toBe('gbk');
		expect(gbk.recs[0]).toMatchObject({ header: ['时间', '渠道', '队列', '进线量'], values: ['2025-11-11 00:00', '旺旺', '售前', '12'] });
		const bom = await all(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), 'csv', 5);
		expect(bom.enc).toBe('utf8');
		expect(bom.recs[0].header[0]).toBe('时间');
		// a UTF-8 sample cut inside a character is still UTF-8
		expect(detectEncoding(Buffer.from('渠道').subarray(0, 4))).toBe('utf8');
	});

	it('reports a row with the wrong number of fields and a bad NDJSON line as row errors', async () => {
		const { recs } = await all(Buffer.from('a,b\n1,2\n1,2,3\n'), 'csv');
		expect(recs[1].error).toMatchObject({ rule: 'field-count' });
		const nd = await all(Buffer.from('{"offered":1}\n{oops\n'), 'ndjson');
		expect(nd.recs.map((r) => [r.line, r.error?.rule ?? 'ok'])).toEqual([
			[1, 'ok'],
			[2, 'json']
		]);
	});

	it('reads the first worksheet of an XLSX, dates as wall-clock Date values', async () => {
		const wb = new ExcelJS.Workbook();
		const ws = wb.addWorksheet('s');
		ws.addRow(['interval_start', 'offered']);
		ws.addRow([new Date(Date.UTC(2025, 5, 18, 9, 0)), 40]);
		ws.addRow(['2025-06-18 10:00', { formula: '20+21', result: 41 }]);
		const { recs } = await all(Buffer.from(await wb.xlsx.writeBuffer()), 'xlsx', 1000);
		expect(recs.map((r) => r.line)).toEqual([2, 3]);
		expect((recs[0].values[0] as Date).toISOString()).toBe('2025-06-18T09:00:00.000Z');
		expect(recs[1].values).toEqual(['2025-06-18 10:00', 41]);
	});
});
