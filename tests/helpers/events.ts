import { DEFAULT_CHANNELS } from '../../src/lib/server/config/defaults';
import { validateEvent, type IngestEvent } from '../../src/lib/server/ingest/contract';

/** The validation context of the default channels and demo queues, as the ingester builds it. */
export function defaultContext(nowMs: number) {
	return {
		channels: new Set(DEFAULT_CHANNELS.map((c) => c.id)),
		queues: new Set(['presale', 'insale', 'aftersale', 'complaint']),
		nowMs,
		maxLatenessSec: 86400,
		maxFutureSkewSec: 300
	};
}

/**
 * Builds events the way the ingester accepts them (through `validateEvent`, so a test event is a
 * real one): ids `<prefix>1`, `<prefix>2`…, with default fields (channel, queue) a call may override.
 */
export function eventMaker(nowMs: number, prefix: string, defaults: Record<string, unknown>) {
	const ctx = defaultContext(nowMs);
	let n = 0;
	return (type: string, fields: Record<string, unknown>): IngestEvent => {
		const r = validateEvent({ event_id: `${prefix}${++n}`, type, ...defaults, ...fields }, ctx);
		if (Array.isArray(r)) throw new Error(JSON.stringify(r));
		return r;
	};
}
