/**
 * The event contract, version 1 (docs/events.md is the integrator-facing description; keep both in step).
 *
 * Validation turns one raw JSON value into either a normalised event or a list of precise problems
 * (field, what was wrong, what is allowed). It never throws on bad input.
 */

export const CONTRACT_VERSION = 1;

export const CONTACT_EVENT_TYPES = [
	'contact.arrived',
	'contact.queued',
	'contact.answered',
	'contact.agent_replied',
	'contact.customer_replied',
	'contact.transferred',
	'contact.resolved',
	'contact.abandoned',
	'contact.reopened',
	'contact.rated',
	'contact.milestone'
] as const;
export type ContactEventType = (typeof CONTACT_EVENT_TYPES)[number];

export const AGENT_STATES = ['available', 'on_contact', 'acw', 'break', 'offline'] as const;
export type AgentState = (typeof AGENT_STATES)[number];

export const EVENT_TYPES = [...CONTACT_EVENT_TYPES, 'agent.state'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** A contact event after validation (camelCase, epoch ms). */
export interface ContactEvent {
	kind: 'contact';
	eventId: string;
	tsMs: number;
	type: ContactEventType;
	contactId: string;
	channel: string;
	queue: string;
	agentId: string;
	teamId: string;
	priority: number;
	customerId: string;
	toQueue: string;
	toAgentId: string;
	csat: number | null;
	nps: number | null;
	/** optional problem category (configured list, docs/events.md); '' when not sent */
	category: string;
	/** optional customer tier (e.g. vip); '' when not sent */
	tier: string;
	/** extra fields the sender included, kept verbatim as JSON ('' when none) */
	attrs: string;
	/** `contact.milestone`: the milestone reached (first_response, plan, follow_up, resolved, …); else absent or '' */
	milestone?: string;
}

/** Milestones with a documented meaning (docs/events.md); others are accepted if they match MILESTONE_RE. */
export const KNOWN_MILESTONES = ['first_response', 'plan', 'follow_up', 'resolved'] as const;
const MILESTONE_RE = /^[a-z][a-z0-9_]{0,31}$/;

export interface AgentEvent {
	kind: 'agent';
	eventId: string;
	tsMs: number;
	type: 'agent.state';
	agentId: string;
	teamId: string;
	state: AgentState;
	channels: string[];
	maxConcurrency: number;
	attrs: string;
}

export type IngestEvent = ContactEvent | AgentEvent;

export interface Problem {
	field: string;
	message: string;
}

export interface ValidationContext {
	channels: ReadonlySet<string>;
	queues: ReadonlySet<string>;
	nowMs: number;
	maxLatenessSec: number;
	maxFutureSkewSec: number;
	/** allowed `category` ids; absent = the field is accepted as any id */
	categories?: ReadonlySet<string>;
}

const ID_MAX = 128;
const ID_RE = /^[\x21-\x7e]+$/; // printable ASCII without spaces
const RFC3339_RE =
	/^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;

const KNOWN_FIELDS = new Set([
	'event_id',
	'ts',
	'type',
	'contact_id',
	'channel',
	'queue',
	'agent_id',
	'team_id',
	'priority',
	'customer_id',
	'to_queue',
	'to_agent_id',
	'csat',
	'nps',
	'category',
	'tier',
	'state',
	'channels',
	'max_concurrency',
	'attrs',
	'milestone',
	'seq',
	'v'
]);

/** Parses `ts`: RFC 3339 with an explicit offset, or epoch milliseconds. */
export function parseTimestamp(raw: unknown): number | Problem {
	if (typeof raw === 'number') {
		if (!Number.isFinite(raw) || !Number.isInteger(raw) || raw < 946684800000 || raw > 4102444800000) {
			return {
				field: 'ts',
				message: `epoch milliseconds ${raw} is out of range: must be a whole number of ms between 2000-01-01 and 2100-01-01`
			};
		}
		return raw;
	}
	if (typeof raw === 'string') {
		if (!RFC3339_RE.test(raw)) {
			return {
				field: 'ts',
				message: `"${clip(raw)}" is not RFC 3339 with an offset (e.g. 2026-11-11T00:00:05.120+08:00) nor epoch milliseconds`
			};
		}
		const bad = calendarProblem(raw);
		if (bad) return { field: 'ts', message: `"${clip(raw)}" is not a real date and time: ${bad}` };
		const ms = Date.parse(raw.replace(' ', 'T'));
		if (Number.isNaN(ms)) return { field: 'ts', message: `"${clip(raw)}" is not a real date and time` };
		return ms;
	}
	return {
		field: 'ts',
		message: `must be an RFC 3339 string with offset or epoch milliseconds, got ${typeName(raw)}`
	};
}

/**
 * Date.parse rolls 2026-11-31 over to December 1st and reads T24:00:00 as the next midnight; the
 * contract asks for a real calendar date and time (RFC 3339 §5.7), so both are refused here.
 */
function calendarProblem(raw: string): string | null {
	const m = RFC3339_RE.exec(raw)!;
	const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
	if (month < 1 || month > 12) return `month ${m[2]} is not 01-12`;
	const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
	const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
	if (day < 1 || day > days) return `day ${m[3]} does not exist in ${m[1]}-${m[2]} (01-${days})`;
	if (hour > 23) return `hour ${m[4]} is not 00-23`;
	if (minute > 59) return `minute ${m[5]} is not 00-59`;
	if (second > 59) return `second ${m[6]} is not 00-59`;
	const off = /^[+-](\d{2}):(\d{2})$/.exec(m[8]);
	if (off && (Number(off[1]) > 23 || Number(off[2]) > 59)) return `offset ${m[8]} is not within ±23:59`;
	return null;
}

/**
 * Validates one event. Returns the normalised event, or every problem found (at least one).
 * `index` is only used by callers for error reporting.
 */
export function validateEvent(raw: unknown, ctx: ValidationContext): IngestEvent | Problem[] {
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
		return [{ field: '', message: `each event must be a JSON object, got ${typeName(raw)}` }];
	}
	const o = raw as Record<string, unknown>;
	// Before anything serialises or walks a field: an over-deep value (e.g. 20 000 nested `attrs`)
	// would overflow the stack in JSON.stringify. The event is refused by itself (issue 24).
	const deep = tooDeep(o);
	if (deep) return [deep];
	const problems: Problem[] = [];

	const eventId = requireId(o, 'event_id', problems);
	const type = o.type;
	if (typeof type !== 'string' || !(EVENT_TYPES as readonly string[]).includes(type)) {
		problems.push({
			field: 'type',
			message: `${type === undefined ? 'is missing' : `"${clip(String(type))}" is not a known event type`}; allowed: ${EVENT_TYPES.join(', ')}`
		});
	}
	let tsMs = 0;
	if (o.ts === undefined) {
		problems.push({ field: 'ts', message: 'is missing; send RFC 3339 with offset or epoch milliseconds' });
	} else {
		const t = parseTimestamp(o.ts);
		if (typeof t === 'number') {
			tsMs = t;
			const ageSec = (ctx.nowMs - t) / 1000;
			if (ageSec > ctx.maxLatenessSec) {
				problems.push({
					field: 'ts',
					message: `is ${formatDuration(ageSec)} in the past; live ingest accepts events up to ${formatDuration(ctx.maxLatenessSec)} late (ingest.maxLatenessSec) — send older history through the backfill`
				});
			} else if (-ageSec > ctx.maxFutureSkewSec) {
				problems.push({
					field: 'ts',
					message: `is ${formatDuration(-ageSec)} in the future; at most ${formatDuration(ctx.maxFutureSkewSec)} of clock skew is allowed (ingest.maxFutureSkewSec) — check the sender's clock and offset`
				});
			}
		} else {
			problems.push(t);
		}
	}

	const extras: Record<string, unknown> = {};
	for (const k of Object.keys(o)) if (!KNOWN_FIELDS.has(k)) extras[k] = o[k];
	if (o.attrs !== undefined) {
		if (typeof o.attrs !== 'object' || o.attrs === null || Array.isArray(o.attrs)) {
			problems.push({ field: 'attrs', message: `must be an object of extra attributes, got ${typeName(o.attrs)}` });
		} else Object.assign(extras, o.attrs);
	}
	const attrs = Object.keys(extras).length > 0 ? JSON.stringify(extras) : '';
	if (attrs.length > 8192) problems.push({ field: 'attrs', message: `extra attributes are ${attrs.length} bytes; at most 8192 allowed` });

	if (type === 'agent.state') {
		const agentId = requireId(o, 'agent_id', problems);
		const teamId = optionalId(o, 'team_id', problems);
		const state = o.state;
		if (typeof state !== 'string' || !(AGENT_STATES as readonly string[]).includes(state)) {
			problems.push({
				field: 'state',
				message: `${state === undefined ? 'is missing' : `"${clip(String(state))}" is not an agent state`}; allowed: ${AGENT_STATES.join(', ')}`
			});
		}
		let channels: string[] = [];
		if (o.channels !== undefined) {
			if (!Array.isArray(o.channels) || o.channels.some((c) => typeof c !== 'string' || !ctx.channels.has(c))) {
				problems.push({
					field: 'channels',
					message: `must be a list of configured channels (${[...ctx.channels].join(', ')}), got ${clip(JSON.stringify(o.channels))}`
				});
			} else channels = o.channels as string[];
		}
		const maxConcurrency = optionalInt(o, 'max_concurrency', 1, 20, 1, problems);
		if (problems.length > 0) return problems;
		return {
			kind: 'agent',
			eventId,
			tsMs,
			type: 'agent.state',
			agentId,
			teamId,
			state: state as AgentState,
			channels,
			maxConcurrency,
			attrs
		};
	}

	const contactId = requireId(o, 'contact_id', problems);
	const channel = o.channel;
	if (typeof channel !== 'string' || !ctx.channels.has(channel)) {
		problems.push({
			field: 'channel',
			message: `${channel === undefined ? 'is missing' : `"${clip(String(channel))}" is not a configured channel`}; allowed: ${[...ctx.channels].join(', ')}`
		});
	}
	const queue = o.queue;
	if (typeof queue !== 'string' || !ctx.queues.has(queue)) {
		problems.push({
			field: 'queue',
			message: `${queue === undefined ? 'is missing' : `"${clip(String(queue))}" is not a configured queue`}; allowed: ${[...ctx.queues].join(', ')}`
		});
	}
	const needsAgent = type === 'contact.answered' || type === 'contact.agent_replied';
	const agentId = needsAgent ? requireId(o, 'agent_id', problems) : optionalId(o, 'agent_id', problems);
	const teamId = optionalId(o, 'team_id', problems);
	const customerId = optionalId(o, 'customer_id', problems);
	const priority = optionalInt(o, 'priority', 0, 9, 0, problems);
	let toQueue = '';
	let toAgentId = '';
	if (type === 'contact.transferred') {
		if (o.to_queue !== undefined) {
			if (typeof o.to_queue !== 'string' || !ctx.queues.has(o.to_queue)) {
				problems.push({
					field: 'to_queue',
					message: `"${clip(String(o.to_queue))}" is not a configured queue; allowed: ${[...ctx.queues].join(', ')}`
				});
			} else toQueue = o.to_queue;
		}
		toAgentId = optionalId(o, 'to_agent_id', problems);
		if (o.to_queue === undefined && o.to_agent_id === undefined) {
			problems.push({ field: 'to_queue', message: 'a transfer needs to_queue, to_agent_id or both' });
		}
	}
	let csat: number | null = null;
	let nps: number | null = null;
	if (type === 'contact.rated') {
		if (o.csat === undefined) problems.push({ field: 'csat', message: 'is missing; a rating needs csat, a whole number from 1 to 5' });
		else csat = optionalInt(o, 'csat', 1, 5, 0, problems);
		if (o.nps !== undefined) nps = optionalInt(o, 'nps', 0, 10, 0, problems);
	}
	let milestone = '';
	if (type === 'contact.milestone') {
		const m = o.milestone;
		if (typeof m !== 'string' || !MILESTONE_RE.test(m)) {
			problems.push({
				field: 'milestone',
				message: `${m === undefined ? 'is missing' : `"${clip(String(m))}" is not a milestone name`}; use ${KNOWN_MILESTONES.join(', ')} or another snake_case name (a–z, 0–9, _; up to 32)`
			});
		} else milestone = m;
	}
	const category = optionalId(o, 'category', problems);
	if (category && ctx.categories && !ctx.categories.has(category)) {
		problems.push({ field: 'category', message: `"${clip(category)}" is not a configured category; allowed: ${[...ctx.categories].join(', ')}` });
	}
	const tier = optionalId(o, 'tier', problems);
	if (problems.length > 0) return problems;
	const event: ContactEvent = {
		kind: 'contact',
		eventId,
		tsMs,
		type: type as ContactEventType,
		contactId,
		channel: channel as string,
		queue: queue as string,
		agentId,
		teamId,
		priority,
		customerId,
		toQueue,
		toAgentId,
		csat,
		nps,
		category,
		tier,
		attrs
	};
	if (type === 'contact.milestone') event.milestone = milestone;
	return event;
}

/** Deepest nesting of objects/arrays an event may carry (the event object itself is level 1). */
export const MAX_EVENT_DEPTH = 64;

/**
 * The first top-level field whose value nests deeper than MAX_EVENT_DEPTH, as a Problem; null when
 * the event is within the limit. Iterative (an explicit stack), so it cannot overflow itself.
 */
function tooDeep(o: Record<string, unknown>): Problem | null {
	for (const field of Object.keys(o)) {
		const v = o[field];
		if (typeof v !== 'object' || v === null) continue;
		const stack: [unknown, number][] = [[v, 2]];
		while (stack.length > 0) {
			const [x, depth] = stack.pop()!;
			if (depth > MAX_EVENT_DEPTH) {
				return { field, message: `nests deeper than ${MAX_EVENT_DEPTH} levels of objects/arrays (the event itself is level 1); flatten it` };
			}
			const children = Array.isArray(x) ? x : Object.values(x as object);
			for (const c of children) if (typeof c === 'object' && c !== null) stack.push([c, depth + 1]);
		}
	}
	return null;
}

function requireId(o: Record<string, unknown>, field: string, problems: Problem[]): string {
	const v = o[field];
	if (v === undefined || v === null || v === '') {
		problems.push({ field, message: `is missing; must be a non-empty string of up to ${ID_MAX} printable characters` });
		return '';
	}
	return checkId(v, field, problems);
}

function optionalId(o: Record<string, unknown>, field: string, problems: Problem[]): string {
	const v = o[field];
	if (v === undefined || v === null || v === '') return '';
	return checkId(v, field, problems);
}

function checkId(v: unknown, field: string, problems: Problem[]): string {
	if (typeof v === 'number' && field === 'event_id') {
		// The dedup key is the id's text per source: 123 and "123" would collide (issue 24).
		problems.push({ field, message: `must be a string, got the number ${clip(String(v))}; send it quoted, e.g. "${clip(String(v))}"` });
		return '';
	}
	if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v);
	if (typeof v !== 'string') {
		problems.push({ field, message: `must be a string, got ${typeName(v)}` });
		return '';
	}
	if (v.length > ID_MAX || !ID_RE.test(v)) {
		problems.push({
			field,
			message: `"${clip(v)}" is not a valid id: up to ${ID_MAX} printable ASCII characters without spaces`
		});
		return '';
	}
	return v;
}

function optionalInt(
	o: Record<string, unknown>,
	field: string,
	min: number,
	max: number,
	fallback: number,
	problems: Problem[]
): number {
	const v = o[field];
	if (v === undefined || v === null) return fallback;
	if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
		problems.push({ field, message: `must be a whole number from ${min} to ${max}, got ${clip(JSON.stringify(v))}` });
		return fallback;
	}
	return v;
}

function typeName(v: unknown): string {
	if (v === null) return 'null';
	if (Array.isArray(v)) return 'an array';
	return typeof v === 'object' ? 'an object' : `${typeof v} ${clip(JSON.stringify(v))}`;
}

function clip(s: string): string {
	return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function formatDuration(sec: number): string {
	if (sec < 120) return `${Math.round(sec)} s`;
	if (sec < 7200) return `${Math.round(sec / 60)} min`;
	return `${Math.round(sec / 3600)} h`;
}
