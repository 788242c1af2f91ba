import { DateTime } from 'luxon';
import type { AlertListFilter } from '../queries/alerts/types';

/** Page sizes the inbox offers. */
export const INBOX_PAGE_SIZES = [25, 50, 100] as const;
export const INBOX_STATES = ['open', 'pending', 'firing', 'acknowledged', 'resolved', 'all'] as const;
export type InboxState = (typeof INBOX_STATES)[number];

export interface InboxQuery {
	filter: AlertListFilter;
	/** the filter as the form shows it */
	form: { level: string; channel: string; queue: string; state: InboxState; from: string; to: string; size: number; page: number };
	offset: number;
	limit: number;
	/** what was wrong with a parameter (the parameter is then ignored) */
	problems: { field: string; value: string; allowed: string }[];
}

/**
 * Reads the inbox's filter and paging from the address (a GET form, so a filtered view can be
 * bookmarked and shared): `level` 1–3, `channel`, `queue` (ids), `state`, `from` / `to` as local
 * `YYYY-MM-DDTHH:mm` in the centre's zone, `page` (1-based), `size`. Bad values are reported and
 * ignored, never an error page.
 */
export function parseInboxQuery(params: URLSearchParams, o: { timezone: string; channels: string[]; queues: string[] }): InboxQuery {
	const problems: InboxQuery['problems'] = [];
	const get = (k: string) => (params.get(k) ?? '').trim();
	const form: InboxQuery['form'] = { level: '', channel: '', queue: '', state: 'open', from: '', to: '', size: 25, page: 1 };
	const filter: AlertListFilter = { levels: [], channel: null, queue: null, states: ['pending', 'firing', 'acknowledged'], fromMs: null, toMs: null };

	const level = get('level');
	if (level) {
		if (['1', '2', '3'].includes(level)) {
			form.level = level;
			filter.levels = [Number(level)];
		} else problems.push({ field: 'level', value: level, allowed: '1, 2 or 3' });
	}
	const channel = get('channel');
	if (channel) {
		if (o.channels.includes(channel)) filter.channel = form.channel = channel;
		else problems.push({ field: 'channel', value: channel, allowed: o.channels.join(', ') });
	}
	const queue = get('queue');
	if (queue) {
		if (o.queues.includes(queue)) filter.queue = form.queue = queue;
		else problems.push({ field: 'queue', value: queue, allowed: o.queues.join(', ') });
	}
	const state = get('state');
	if (state) {
		if ((INBOX_STATES as readonly string[]).includes(state)) {
			form.state = state as InboxState;
			filter.states = state === 'open' ? ['pending', 'firing', 'acknowledged'] : state === 'all' ? [] : [state];
		} else problems.push({ field: 'state', value: state, allowed: INBOX_STATES.join(', ') });
	}
	for (const k of ['from', 'to'] as const) {
		const v = get(k);
		if (!v) continue;
		const dt = DateTime.fromISO(v, { zone: o.timezone });
		if (!dt.isValid || !/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?$/.test(v)) {
			problems.push({ field: k, value: v, allowed: 'a local date and time YYYY-MM-DDTHH:mm' });
			continue;
		}
		form[k] = v;
		if (k === 'from') filter.fromMs = dt.toMillis();
		else filter.toMs = dt.toMillis();
	}
	const size = Number(get('size') || 25);
	if ((INBOX_PAGE_SIZES as readonly number[]).includes(size)) form.size = size;
	else problems.push({ field: 'size', value: get('size'), allowed: INBOX_PAGE_SIZES.join(', ') });
	const page = Number(get('page') || 1);
	if (Number.isInteger(page) && page >= 1 && page <= 100_000) form.page = page;
	else problems.push({ field: 'page', value: get('page'), allowed: 'a whole number ≥ 1' });
	return { filter, form, offset: (form.page - 1) * form.size, limit: form.size, problems };
}
