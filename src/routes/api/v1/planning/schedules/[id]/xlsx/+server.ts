import { json } from '@sveltejs/kit';
import ExcelJS from 'exceljs';
import type { RequestHandler } from './$types';
import { getSchedule } from '$lib/server/queries/planning/listSchedules';
import { agentName, parseScheduleBody } from '$lib/planning/scheduleBody';
import { evaluateSchedule, scheduleRows } from '$forecast/scheduling/index';

/** The saved schedule as an Excel workbook: one sheet of shifts (same columns as schedule.csv plus the name), one of per-pool totals. */
export const GET: RequestHandler = async ({ params, locals }) => {
	const s = await getSchedule(locals.runtime.storage.heavy, params.id);
	if (!s) return json({ error: `no schedule with id "${params.id}"` }, { status: 404 });
	const body = parseScheduleBody(s.body);
	const wb = new ExcelJS.Workbook();
	const sh = wb.addWorksheet('shifts');
	sh.addRow(['agent_id', 'name', 'pool', 'date', 'start', 'end', 'breaks']);
	for (const r of scheduleRows(body.shifts, body.rules, body.requirement)) sh.addRow([r[0], agentName(body, r[0]), ...r.slice(1)]);
	const ev = evaluateSchedule(body.shifts, body.rules, body.requirement);
	const tot = wb.addWorksheet('pools');
	tot.addRow(['pool', 'agents', 'shifts', 'paid_hours', 'cost']);
	for (const p of ev.byPool) tot.addRow([p.pool, p.agents, p.shifts, Math.round(p.paidHours * 100) / 100, Math.round(p.cost * 100) / 100]);
	tot.addRow(['coverage_pct', Math.round(ev.coveragePct * 1000) / 1000]);
	const buf = await wb.xlsx.writeBuffer();
	return new Response(new Uint8Array(buf as ArrayBuffer), {
		headers: {
			'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			'content-disposition': `attachment; filename="schedule-${body.requirement.firstDate}.xlsx"`
		}
	});
};
