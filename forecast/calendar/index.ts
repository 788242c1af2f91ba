export type { CalendarEvent, EventKind } from './CalendarEvent';
export { EVENT_KINDS, validateCalendarEvent } from './CalendarEvent';
export { builtInEvents, BUILTIN_EVENT_NAMES } from './builtInEvents';
export {
	festivalDate,
	FESTIVAL_FIRST_YEAR,
	FESTIVAL_LAST_YEAR,
	type MovingFestival
} from './chineseFestivalDates';
export {
	publicHolidayPeriod,
	threeDayBlock,
	OFFICIAL_LAST_YEAR,
	type PublicHoliday,
	type HolidayPeriod
} from './publicHolidayPeriod';
export { eventDayPositions, type EventDayPosition } from './eventDayPositions';
export { addDays, dateOfDay, dayNumber, isLocalDate, weekdayOf, weekdayOfDay } from './localDate';
