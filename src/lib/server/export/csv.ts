/**
 * CSV for people who open it in Excel/WPS: RFC 4180 quoting, UTF-8 with BOM (so Chinese text opens
 * correctly), and formula-injection safe — a cell starting with = + - @ TAB or CR is prefixed with
 * a single quote so a spreadsheet shows it as text instead of running it (OWASP "CSV Injection").
 * Numbers are written as numbers (a negative number is data, not a formula).
 */
export function csvCell(value: unknown): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
	let s = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
	if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
	return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replaceAll('"', '""')}"` : s;
}

export function toCsv(rows: readonly Record<string, unknown>[], columns?: readonly string[]): string {
	const cols = columns ?? (rows[0] ? Object.keys(rows[0]) : []);
	const lines = [cols.map(csvCell).join(','), ...rows.map((r) => cols.map((c) => csvCell(r[c])).join(','))];
	return `\uFEFF${lines.join('\r\n')}\r\n`;
}
