import type { RealtimeMessageType, RealtimeServerMessage } from '$lib/types/realtime';

type Fields = Record<string, unknown>;
const isObject = (x: unknown): x is Fields => typeof x === 'object' && x !== null && !Array.isArray(x);
const isBoardAlertFields = (m: Fields) => isObject(m.alertLevels) && Array.isArray(m.boardAlerts) && typeof m.boardAlertTotal === 'number';

/**
 * What each message kind must carry before its handler sees it: the envelope fields the pages read
 * at once (a snapshot's `asOfMs` and `channels`, the agent list's `upsert` and `remove`, …), not the
 * whole tree. The server that sends them is built from the same types; what this guards against is a
 * page left open across a deploy (an older page, a newer server) or a proxy mangling a frame, which
 * must not throw inside a handler and freeze a wall-board. `satisfies` makes a new message kind in
 * `RealtimeServerMessage` fail to compile until it has its check here.
 */
const CHECKS = {
	snapshot: (m) => isObject(m.snapshot) && typeof m.snapshot.asOfMs === 'number' && Array.isArray(m.snapshot.channels) && isBoardAlertFields(m),
	'board-alerts': isBoardAlertFields,
	alerts: (m) => Array.isArray(m.active),
	inapp: (m) => isObject(m.message) && typeof m.message.id === 'string' && typeof m.message.level === 'number',
	drill: (m) => isObject(m.drill) && typeof m.drill.channel === 'string' && Array.isArray(m.drill.queues) && Array.isArray(m.drill.teams),
	agents: (m) => typeof m.full === 'boolean' && Array.isArray(m.upsert) && Array.isArray(m.remove)
} satisfies Record<RealtimeMessageType, (m: Fields) => boolean>;

/** A stream frame as a typed message, or null when it is not JSON, of no known kind, or lacks its kind's fields. */
export function parseServerMessage(data: unknown): RealtimeServerMessage | null {
	if (typeof data !== 'string') return null;
	let m: unknown;
	try {
		m = JSON.parse(data);
	} catch {
		return null;
	}
	if (!isObject(m) || typeof m.type !== 'string' || !Object.hasOwn(CHECKS, m.type)) return null;
	return CHECKS[m.type as RealtimeMessageType](m) ? (m as unknown as RealtimeServerMessage) : null;
}
