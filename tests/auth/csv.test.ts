import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../../src/lib/server/export/csv';

// Oracle: OWASP "CSV Injection" (cells starting with = + - @ tab CR are prefixed with ') and
// RFC 4180 §2.5-2.7 (quoted fields, embedded quotes doubled, CRLF records). Expected strings are
// written out by hand from those two rules.
describe('toCsv: formula injection', () => {
	it.each([
		['=HYPERLINK("http://evil.example","点我")', `"'=HYPERLINK(""http://evil.example"",""点我"")"`],
		["=cmd|' /C calc'!A0", `"'=cmd|' /C calc'!A0"`],
		['+1+1', `"'+1+1"`],
		['-2+3', `"'-2+3"`],
		['@SUM(A1:A2)', `"'@SUM(A1:A2)"`],
		['\t=1+1', `"'\t=1+1"`],
		['\r=1+1', `"'\r=1+1"`],
		['\n=1+1', `"'\n=1+1"`],
		['a=1', '"a=1"'],
		['旺旺在线', '"旺旺在线"'],
		['say "hi", ok', '"say ""hi"", ok"'],
		['', '""']
	])('%j → %s', (input, want) => {
		expect(csvCell(input)).toBe(want);
	});

	it('keeps numbers numeric (negative ones too) and blanks missing values', () => {
		expect([csvCell(-3), csvCell(0.5), csvCell(NaN), csvCell(null), csvCell(undefined), csvCell(true)]).toEqual(['-3', '0.5', '', '', '', '"true"']);
		expect(csvCell(new Date(Date.UTC(2026, 10, 11)))).toBe('"2026-11-11T00:00:00.000Z"');
	});

	it('writes arrays and records as CRLF records, with an optional BOM for Excel', () => {
		expect(toCsv([['渠道', 'SL %'], ['=1+1', -3]])).toBe(`"渠道","SL %"\r\n"'=1+1",-3\r\n`);
		expect(toCsv([{ id: '@x', n: 2 }, { id: 'y', n: -1 }])).toBe(`"id","n"\r\n"'@x",2\r\n"y",-1\r\n`);
		expect(toCsv([], { columns: ['a'] })).toBe('"a"\r\n');
		expect(toCsv([])).toBe('');
		expect(toCsv([['a']], { bom: true })).toBe('\uFEFF"a"\r\n');
	});

	it('round-trips through a plain RFC 4180 reader as the neutralised text', () => {
		const evil = ['=1+1', 'x","=2', '-3'];
		const line = toCsv([evil]).trimEnd();
		// minimal RFC 4180 field reader (quoted fields only)
		const fields = [...line.matchAll(/"((?:[^"]|"")*)"/g)].map((m) => m[1].replaceAll('""', '"'));
		expect(fields).toEqual(["'=1+1", 'x","=2', "'-3"]);
	});
});
