/**
 * Validation of alert configuration that managers edit in the UI (rules, calendars, inhibit
 * rules, grouping) and of silences. Every issue names the field path, the value found and what
 * is allowed, so the rule editor can show it next to the field.
 */
import { WEEKDAYS, isIsoDate, isValidZone, parseHhmm } from '../calendar/businessCalendar';
import { RECIPIENT_TYPES } from '../types';
import { AGGREGATE_METRICS, CLOCK_KINDS, LEVEL_KEYS, MATCHER_OPS } from './ruleTypes';
import type { AlertConfig, Silence } from './ruleTypes';

export interface ValidationIssue {
	/** Field path, e.g. `rules[2].levels.l2.thresholdMs`. */
	path: string;
	value: unknown;
	/** What the field accepts. */
	allowed: string;
	/** `path: got VALUE; allowed: ALLOWED`. */
	message: string;
}

/** Thrown by {@link assertValidConfig}; `issues` lists every problem found. */
export class AlertConfigError extends Error {
	readonly issues: ValidationIssue[];
	constructor(where: string, issues: ValidationIssue[]) {
		super(`${where}: invalid alert configuration:\n${issues.map((i) => `  - ${i.message}`).join('\n')}`);
		this.name = 'AlertConfigError';
		this.issues = issues;
	}
}

function show(value: unknown): string {
	if (value === undefined) return 'undefined (missing)';
	try {
		const text = JSON.stringify(value);
		return text.length > 120 ? `${text.slice(0, 117)}...` : text;
	} catch {
		return String(value);
	}
}

class Collector {
	readonly issues: ValidationIssue[] = [];
	add(path: string, value: unknown, allowed: string): void {
		this.issues.push({ path, value, allowed, message: `${path}: got ${show(value)}; allowed: ${allowed}` });
	}
	isObject(path: string, value: unknown): value is Record<string, unknown> {
		if (typeof value === 'object' && value !== null && !Array.isArray(value)) return true;
		this.add(path, value, 'an object');
		return false;
	}
	string(path: string, value: unknown, allowEmpty = false): value is string {
		if (typeof value === 'string' && (allowEmpty || value.length > 0)) return true;
		this.add(path, value, allowEmpty ? 'a string' : 'a non-empty string');
		return false;
	}
	nonNegative(path: string, value: unknown): value is number {
		if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return true;
		this.add(path, value, 'a finite number ≥ 0 (milliseconds)');
		return false;
	}
	boolean(path: string, value: unknown): value is boolean {
		if (typeof value === 'boolean') return true;
		this.add(path, value, 'true or false');
		return false;
	}
	array(path: string, value: unknown): value is unknown[] {
		if (Array.isArray(value)) return true;
		this.add(path, value, 'an array');
		return false;
	}
}

function checkCalendar(c: Collector, path: string, cal: unknown): void {
	if (!c.isObject(path, cal)) return;
	if (cal.zone !== undefined && !(typeof cal.zone === 'string' && isValidZone(cal.zone))) {
		c.add(`${path}.zone`, cal.zone, 'an IANA time zone such as "Asia/Shanghai" (or omit it for Asia/Shanghai)');
	}
	const checkRanges = (p: string, ranges: unknown) => {
		if (!c.array(p, ranges)) return;
		ranges.forEach((r, i) => {
			const ok =
				Array.isArray(r) && r.length === 2 && parseHhmm(r[0] as string) < parseHhmm(r[1] as string);
			if (!ok) c.add(`${p}[${i}]`, r, '["HH:MM", "HH:MM"] with start before end (end may be "24:00")');
		});
	};
	if (c.isObject(`${path}.weekly`, cal.weekly)) {
		for (const [day, ranges] of Object.entries(cal.weekly)) {
			if (!(WEEKDAYS as readonly string[]).includes(day)) {
				c.add(`${path}.weekly.${day}`, day, `a weekday key: ${WEEKDAYS.join(', ')}`);
				continue;
			}
			checkRanges(`${path}.weekly.${day}`, ranges);
		}
	}
	if (c.array(`${path}.holidays`, cal.holidays)) {
		cal.holidays.forEach((d, i) => {
			if (!isIsoDate(d as string)) c.add(`${path}.holidays[${i}]`, d, 'a date "YYYY-MM-DD"');
		});
	}
	if (cal.specialDays !== undefined && c.isObject(`${path}.specialDays`, cal.specialDays)) {
		for (const [date, ranges] of Object.entries(cal.specialDays)) {
			if (!isIsoDate(date)) c.add(`${path}.specialDays`, date, 'keys that are dates "YYYY-MM-DD"');
			checkRanges(`${path}.specialDays.${date}`, ranges);
		}
	}
}

function checkRecipients(c: Collector, path: string, value: unknown): void {
	if (!c.array(path, value)) return;
	if (value.length === 0) c.add(path, value, 'at least one recipient');
	value.forEach((r, i) => {
		const p = `${path}[${i}]`;
		if (!c.isObject(p, r)) return;
		if (!(RECIPIENT_TYPES as readonly unknown[]).includes(r.type)) {
			c.add(`${p}.type`, r.type, `one of ${RECIPIENT_TYPES.join(', ')}`);
			return;
		}
		if (r.type === 'user' || r.type === 'target') c.string(`${p}.id`, r.id);
	});
}

function checkClock(c: Collector, path: string, clock: unknown): void {
	if (!c.isObject(path, clock)) return;
	if (!(CLOCK_KINDS as readonly unknown[]).includes(clock.kind)) {
		c.add(`${path}.kind`, clock.kind, CLOCK_KINDS.join(', '));
		return;
	}
	if (clock.kind === 'milestone') {
		c.string(`${path}.from`, clock.from);
		c.string(`${path}.until`, clock.until);
		if (clock.from === clock.until && typeof clock.from === 'string') {
			c.add(`${path}.until`, clock.until, `a milestone different from "from" (${clock.from})`);
		}
	}
}

function checkMatchers(c: Collector, path: string, value: unknown): void {
	if (!c.array(path, value)) return;
	value.forEach((m, i) => {
		const p = `${path}[${i}]`;
		if (!c.isObject(p, m)) return;
		c.string(`${p}.label`, m.label);
		if (!(MATCHER_OPS as readonly unknown[]).includes(m.op)) {
			c.add(`${p}.op`, m.op, MATCHER_OPS.join(', '));
			return;
		}
		if (m.op === 'in' || m.op === 'notIn') {
			if (c.array(`${p}.values`, m.values)) {
				m.values.forEach((v, j) => c.string(`${p}.values[${j}]`, v, true));
			}
		} else {
			c.string(`${p}.value`, m.value, true);
		}
	});
}

function checkRule(c: Collector, path: string, rule: unknown, calendars: Record<string, unknown>): void {
	if (!c.isObject(path, rule)) return;
	c.string(`${path}.id`, rule.id);
	c.string(`${path}.name`, rule.name);
	if (rule.nameEn !== undefined) c.string(`${path}.nameEn`, rule.nameEn);
	c.boolean(`${path}.enabled`, rule.enabled);
	c.nonNegative(`${path}.ackTimeoutMs`, rule.ackTimeoutMs);
	c.nonNegative(`${path}.repeatIntervalMs`, rule.repeatIntervalMs);
	c.nonNegative(`${path}.forMs`, rule.forMs);
	c.nonNegative(`${path}.clearForMs`, rule.clearForMs);
	if (rule.calendar !== null) {
		if (typeof rule.calendar === 'string') {
			if (!(rule.calendar in calendars)) {
				const ids = Object.keys(calendars);
				c.add(`${path}.calendar`, rule.calendar, `null (24×7), an inline calendar, or a calendar id: ${ids.length ? ids.join(', ') : '(none defined)'}`);
			}
		} else {
			checkCalendar(c, `${path}.calendar`, rule.calendar);
		}
	}
	if (rule.kind === 'contact') {
		if (c.isObject(`${path}.match`, rule.match)) {
			for (const f of ['channel', 'queue', 'priority']) c.string(`${path}.match.${f}`, rule.match[f]);
		}
		checkClock(c, `${path}.clock`, rule.clock);
		if (c.array(`${path}.pauseWhenStates`, rule.pauseWhenStates)) {
			rule.pauseWhenStates.forEach((s, i) => c.string(`${path}.pauseWhenStates[${i}]`, s));
		}
		if (c.isObject(`${path}.levels`, rule.levels)) {
			let previous = 0;
			for (const lk of LEVEL_KEYS) {
				const lp = `${path}.levels.${lk}`;
				const level = rule.levels[lk];
				if (!c.isObject(lp, level)) continue;
				const t = level.thresholdMs;
				if (!(typeof t === 'number' && Number.isFinite(t) && t > previous)) {
					c.add(`${lp}.thresholdMs`, t, lk === 'l1' ? 'a number of milliseconds > 0' : `a number of milliseconds greater than the previous level's (${previous})`);
				} else previous = t;
				checkRecipients(c, `${lp}.recipients`, level.recipients);
				if (level.clock !== undefined) checkClock(c, `${lp}.clock`, level.clock);
			}
		}
	} else if (rule.kind === 'aggregate') {
		if (!(AGGREGATE_METRICS as readonly unknown[]).includes(rule.metric)) {
			c.add(`${path}.metric`, rule.metric, AGGREGATE_METRICS.join(', '));
		}
		if (rule.scope !== 'channel' && rule.scope !== 'queue') c.add(`${path}.scope`, rule.scope, 'channel or queue');
		if (rule.minOffered !== undefined && !(typeof rule.minOffered === 'number' && Number.isInteger(rule.minOffered) && rule.minOffered >= 0)) {
			c.add(`${path}.minOffered`, rule.minOffered, 'a whole number ≥ 0 (contacts offered in the 15-minute window), or omit it');
		}
		if (rule.noData !== undefined && rule.noData !== 'hold' && rule.noData !== 'alert') {
			c.add(`${path}.noData`, rule.noData, '"hold" (no data never fires; the default) or "alert" (no data for forMs fires L1, never higher)');
		}
		if (c.isObject(`${path}.match`, rule.match)) {
			c.string(`${path}.match.channel`, rule.match.channel);
			c.string(`${path}.match.queue`, rule.match.queue);
		}
		if (c.isObject(`${path}.levels`, rule.levels)) {
			let previous = Number.NEGATIVE_INFINITY;
			for (const lk of LEVEL_KEYS) {
				const lp = `${path}.levels.${lk}`;
				const level = rule.levels[lk];
				if (!c.isObject(lp, level)) continue;
				const t = level.threshold;
				if (!(typeof t === 'number' && Number.isFinite(t) && t > previous && t > 0)) {
					c.add(`${lp}.threshold`, t, lk === 'l1' ? 'a number > 0' : `a number greater than the previous level's (${previous})`);
				} else previous = t;
				checkRecipients(c, `${lp}.recipients`, level.recipients);
			}
		}
	} else if (rule.kind === 'source') {
		if (c.isObject(`${path}.match`, rule.match)) c.string(`${path}.match.source`, rule.match.source);
		if (c.isObject(`${path}.levels`, rule.levels)) {
			let previous = 0;
			for (const lk of LEVEL_KEYS) {
				const lp = `${path}.levels.${lk}`;
				const level = rule.levels[lk];
				if (!c.isObject(lp, level)) continue;
				const t = level.threshold;
				if (!(typeof t === 'number' && Number.isFinite(t) && t > previous)) {
					c.add(`${lp}.threshold`, t, lk === 'l1' ? 'minutes of silence > 0' : `minutes of silence greater than the previous level's (${previous})`);
				} else previous = t;
				checkRecipients(c, `${lp}.recipients`, level.recipients);
			}
		}
	} else {
		c.add(`${path}.kind`, rule.kind, 'contact, aggregate or source');
	}
}

/**
 * Validates an alert configuration.
 *
 * @param config value to check (typically parsed JSON)
 * @returns the issues found; empty when valid
 * @throws never
 * @example
 * validateConfig(defaultAlertConfig()); // []
 */
export function validateConfig(config: unknown): ValidationIssue[] {
	const c = new Collector();
	if (!c.isObject('config', config)) return c.issues;
	const calendars = (typeof config.calendars === 'object' && config.calendars !== null ? config.calendars : {}) as Record<string, unknown>;
	if (c.isObject('calendars', config.calendars)) {
		for (const [id, cal] of Object.entries(config.calendars)) checkCalendar(c, `calendars.${id}`, cal);
	}
	if (c.array('rules', config.rules)) {
		const seen = new Map<unknown, number>();
		config.rules.forEach((rule, i) => {
			checkRule(c, `rules[${i}]`, rule, calendars);
			const id = (rule as { id?: unknown })?.id;
			if (seen.has(id)) c.add(`rules[${i}].id`, id, `an id not used by another rule (rules[${seen.get(id)}] has it)`);
			else seen.set(id, i);
		});
	}
	if (c.array('inhibitRules', config.inhibitRules)) {
		config.inhibitRules.forEach((r, i) => {
			const p = `inhibitRules[${i}]`;
			if (!c.isObject(p, r)) return;
			c.string(`${p}.id`, r.id);
			checkMatchers(c, `${p}.source`, r.source);
			checkMatchers(c, `${p}.target`, r.target);
			if (c.array(`${p}.equal`, r.equal)) r.equal.forEach((l, j) => c.string(`${p}.equal[${j}]`, l));
		});
	}
	if (c.isObject('grouping', config.grouping)) {
		if (c.array('grouping.by', config.grouping.by)) config.grouping.by.forEach((l, j) => c.string(`grouping.by[${j}]`, l));
		c.nonNegative('grouping.groupWaitMs', config.grouping.groupWaitMs);
		c.nonNegative('grouping.groupIntervalMs', config.grouping.groupIntervalMs);
	}
	c.boolean('supersedeLowerLevels', config.supersedeLowerLevels);
	c.nonNegative('resolvedRetentionMs', config.resolvedRetentionMs);
	return c.issues;
}

/**
 * Throws {@link AlertConfigError} listing every issue when the configuration is invalid.
 *
 * @throws AlertConfigError when `validateConfig` finds issues
 * @example
 * assertValidConfig(defaultAlertConfig());
 */
export function assertValidConfig(config: unknown, where = 'assertValidConfig'): asserts config is AlertConfig {
	const issues = validateConfig(config);
	if (issues.length > 0) throw new AlertConfigError(where, issues);
}

/**
 * Validates one silence (created in the inbox).
 *
 * @returns the issues found; empty when valid
 * @example
 * validateSilence({ id: 's1', matchers: [], startsAtMs: 0, endsAtMs: 1, createdBy: 'li', comment: '' }); // []
 */
export function validateSilence(silence: unknown, path = 'silence'): ValidationIssue[] {
	const c = new Collector();
	if (!c.isObject(path, silence)) return c.issues;
	c.string(`${path}.id`, silence.id);
	checkMatchers(c, `${path}.matchers`, silence.matchers);
	if (Array.isArray(silence.matchers) && silence.matchers.length === 0) {
		c.add(`${path}.matchers`, silence.matchers, 'at least one matcher (an empty list would silence every alert)');
	}
	c.nonNegative(`${path}.startsAtMs`, silence.startsAtMs);
	if (c.nonNegative(`${path}.endsAtMs`, silence.endsAtMs) && typeof silence.startsAtMs === 'number' && silence.endsAtMs <= silence.startsAtMs) {
		c.add(`${path}.endsAtMs`, silence.endsAtMs, `an instant after startsAtMs (${silence.startsAtMs})`);
	}
	c.string(`${path}.createdBy`, silence.createdBy);
	c.string(`${path}.comment`, silence.comment, true);
	return c.issues;
}

/** Type guard over {@link validateSilence}. */
export function isValidSilence(silence: unknown): silence is Silence {
	return validateSilence(silence).length === 0;
}
