export * from './types';
export { parseRules, parseRequirementCsv, parseClock, dayNumber, dateOfDayNumber } from './validate';
export { enumerateShiftTypes, dayCount, breaksFor, paidHoursOf, overlapIntervals } from './shifts';
export { buildMip, shortfallPenalty } from './mip';
export { assignAgents, placeBreaks, agentsNeeded, agentId } from './assign';
export { evaluateSchedule, coverageOf, paidHoursOfShift, type Evaluation } from './evaluate';
export { buildSchedule, SchedulerError, type HighsSolver, type ScheduleResult, type BuildOptions } from './solve';
export { greedySchedule } from './greedy';
export { writeScheduleCsv, scheduleRows, clockLabel, shiftDate, SCHEDULE_CSV_HEADER } from './csv';
