/**
 * CSV for the planning and alert exports, safe to open in Excel, WPS and LibreOffice.
 *
 * Formula injection (OWASP "CSV Injection"): a spreadsheet runs a cell that starts with `=`, `+`,
 * `-` or `@` as a formula (`=HYPERLINK(...)`, `=cmd|' /C calc'!A0`), and tab or carriage return
 * can hide such a start. Every text cell starting with one of those (or a line feed) is prefixed
 * with a single quote, which the spreadsheet shows as text; then the cell is quoted with embedded
 * quotes doubled (RFC 4180 §2.5–2.7). Numbers are written as numbers: a JS number cannot carry a
 * formula, and `-3` must stay a negative number, so pass numbers as numbers, not strings.
 */
export type CsvCell = string | number | boolean | Date | null | undefined;

const FORMULA_START = /^[=+\-@\t\r\n]/;

/** One cell: numbers bare, everything else quoted and neutralised. */
export function csvCell(value: CsvCell): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
	const text = value instanceof Date ? value.toISOString() : String(value);
	const safe = FORMULA_START.test(text) ? `'${text}` : text;
	return `"${safe.replaceAll('"', '""')}"`;
}

/**
 * Rows to CSV text with CRLF line ends (RFC 4180). Rows are either arrays of cells (the first is
 * usually the header) or records, whose keys (`columns`, or the first record's keys) become the
 * header row. `bom: true` prefixes U+FEFF so that Excel opens UTF-8 (Chinese names) correctly.
 *
 * @example toCsv([['渠道', 'SL %'], ['=1+1', -3]]) // '"渠道","SL %"\r\n"\'=1+1",-3\r\n'
 * @example toCsv([{ id: '@x', n: 2 }]) // '"id","n"\r\n"\'@x",2\r\n'
 */
export function toCsv(
	rows: readonly (readonly CsvCell[])[] | readonly Readonly<Record<string, CsvCell>>[],
	opts: { bom?: boolean; columns?: readonly string[] } = {}
): string {
	let table: (readonly CsvCell[])[];
	if (rows.length > 0 && Array.isArray(rows[0])) {
		table = rows as (readonly CsvCell[])[];
	} else {
		const records = rows as readonly Readonly<Record<string, CsvCell>>[];
		const columns = opts.columns ?? (records.length > 0 ? Object.keys(records[0]) : []);
		table = columns.length > 0 ? [columns, ...records.map((r) => columns.map((c) => r[c]))] : [];
	}
	const body = table.map((r) => r.map(csvCell).join(',')).join('\r\n');
	return `${opts.bom ? '\uFEFF' : ''}${body}${table.length > 0 ? '\r\n' : ''}`;
}
