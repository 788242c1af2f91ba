import type { AppConfig } from '../config/config';
import { toCsv, type CsvCell } from '$lib/csv';
import { KPI_FIELDS, personName, reportMessages } from '$lib/i18n/reports';
import type { KpiRow } from '$lib/types/reports';
import type { ReportDim } from '../queries/reports/reportSql';

const FORMULA_START = /^[=+\-@\t\r\n]/;

/**
 * Display name of a dimension value: channels, queues and categories by their configured names; teams
 * and agents by the row's `teamName` / `agentName` (src/lib/server/reports/names.ts), or — no name
 * known — the id marked as such (personName in $lib/i18n/reports).
 */
export function dimName(
	dim: ReportDim,
	id: string,
	locale: 'zh-CN' | 'en',
	config: Pick<AppConfig, 'channels' | 'queues' | 'reports'>,
	row?: Pick<KpiRow, 'agentName' | 'teamName'>
): string {
	const pick = (x: { nameZh: string; nameEn: string } | undefined) => (x ? (locale === 'en' ? x.nameEn : x.nameZh) : id);
	if (id === '') return reportMessages[locale].unassigned;
	if (dim === 'channel') return pick(config.channels.find((c) => c.id === id));
	if (dim === 'queue') return pick(config.queues.find((q) => q.id === id));
	if (dim === 'category') return pick(config.reports.categories.find((c) => c.id === id));
	if (dim === 'agent') return personName(id, row?.agentName ?? null, locale);
	if (dim === 'team') return personName(id, row?.teamName ?? null, locale);
	return id;
}

/** The report as a header + rows table with localised headers and names. */
export function kpiTable(rows: KpiRow[], dims: ReportDim[], locale: 'zh-CN' | 'en', config: Pick<AppConfig, 'channels' | 'queues' | 'reports'>): CsvCell[][] {
	const t = reportMessages[locale];
	const header: CsvCell[] = [t.period, ...dims.map((d) => t[d]), ...KPI_FIELDS.map((f) => t[f])];
	return [header, ...rows.map((r) => [r.period, ...dims.map((d) => dimName(d, r[d] ?? '', locale, config, r)), ...KPI_FIELDS.map((f) => r[f])])];
}

/**
 * CSV (src/lib/csv.ts, formula-injection safe) or XLSX. In the workbook every text cell starting
 * with = + - @ tab CR LF gets the same leading quote as in the CSV, and is written as a plain string
 * (never as a formula), so a name like "=HYPERLINK(…)" stays text in Excel, WPS and LibreOffice.
 */
export async function kpiExport(
	rows: KpiRow[],
	dims: ReportDim[],
	format: 'csv' | 'xlsx',
	locale: 'zh-CN' | 'en',
	config: Pick<AppConfig, 'channels' | 'queues' | 'reports'>
): Promise<{ body: string | Uint8Array<ArrayBuffer>; contentType: string }> {
	const table = kpiTable(rows, dims, locale, config);
	if (format === 'csv') return { body: toCsv(table, { bom: true }), contentType: 'text/csv; charset=utf-8' };
	const { default: ExcelJS } = await import('exceljs');
	const wb = new ExcelJS.Workbook();
	const ws = wb.addWorksheet('KPIs');
	for (const r of table) {
		ws.addRow(
			r.map((c) => {
				if (c === null || c === undefined) return null;
				if (typeof c === 'number') return Number.isFinite(c) ? c : null;
				const s = c instanceof Date ? c.toISOString() : String(c);
				return FORMULA_START.test(s) ? `'${s}` : s;
			})
		);
	}
	ws.getRow(1).font = { bold: true };
	const buf = await wb.xlsx.writeBuffer();
	return { body: new Uint8Array(buf as ArrayBuffer), contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
}
