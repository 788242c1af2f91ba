import * as v from 'valibot';
import { num, str } from '../run';

/** (source, event_id, ts) of a stored event: a dedup key with the time it expires by. */
export const EventKeyRow = v.object({ source: str, event_id: str, ts_ms: num });
