/** schedule.csv: `agent_id,pool,date,start,end,breaks`; times are HH:MM from the shift date's midnight (25:30 = 01:30 the next day). */
import { dateOfDayNumber, dayNumber } from './validate';
import type { AgentShift, Requirement, ScheduleRules } from './types';

export const SCHEDULE_CSV_HEADER = 'agent_id,pool,date,start,end,breaks';

export function clockLabel(minOfDay: number): string {
	return `${String(Math.floor(minOfDay / 60)).padStart(2, '0')}:${String(minOfDay % 60).padStart(2, '0')}`;
}

export function shiftDate(req: Requirement, day: number): string {
	return dateOfDayNumber(dayNumber(req.firstDate) + day);
}

export function scheduleRows(shifts: readonly AgentShift[], rules: ScheduleRules, req: Requirement): string[][] {
	return [...shifts]
		.sort((a, b) => a.day - b.day || a.start - b.start || a.agentId.localeCompare(b.agentId))
		.map((s) => {
			const base = s.day * 1440;
			return [
				s.agentId,
				rules.pools[s.pool].id,
				shiftDate(req, s.day),
				clockLabel(s.start - base),
				clockLabel(s.end - base),
				s.breaks.map((b) => `${clockLabel(b.start - base)}-${clockLabel(b.start + b.lengthMin - base)}`).join(';')
			];
		});
}

export function writeScheduleCsv(shifts: readonly AgentShift[], rules: ScheduleRules, req: Requirement): string {
	return [SCHEDULE_CSV_HEADER, ...scheduleRows(shifts, rules, req).map((r) => r.join(','))].join('\n') + '\n';
}
