import * as v from 'valibot';
import { nullableNum, num, str } from '../run';

/** One row of `alert_history`: what happened to an alert, who did it, who was told. */
export const HistoryRowSchema = v.object({
	at_ms: num,
	alert_id: str,
	kind: str,
	level: num,
	channel: str,
	actor: str,
	recipient: str,
	target: str,
	ok: nullableNum,
	detail: str
});
export type HistoryRow = v.InferOutput<typeof HistoryRowSchema>;
export type HistoryEntry = HistoryRow;

/** Inbox filters (all optional); times are epoch ms on the alert's start. */
export interface AlertListFilter {
	levels: number[];
	channel: string | null;
	queue: string | null;
	/** `open` = pending, firing or acknowledged */
	states: string[];
	fromMs: number | null;
	toMs: number | null;
}

/**
 * The inbox's selection, shared by `countAlerts` and `listAlerts`: the latest version of each
 * episode, filtered on the typed columns and, for the queue, on the record's labels.
 */
export const ALERT_LIST_FROM = `(SELECT id, argMax(record, updated_at_ms) AS rec, argMax(status, updated_at_ms) AS st, argMax(level, updated_at_ms) AS lvl,
		       any(channel) AS ch, any(started_at_ms) AS started FROM alerts GROUP BY id)
		WHERE ({levels: Array(UInt8)} = [] OR lvl IN {levels: Array(UInt8)})
		  AND ({channel: Nullable(String)} IS NULL OR ch = {channel: Nullable(String)})
		  AND ({queue: Nullable(String)} IS NULL OR JSONExtractString(rec, 'labels', 'queue') = {queue: Nullable(String)})
		  AND ({states: Array(String)} = [] OR st IN {states: Array(String)})
		  AND ({fromMs: Nullable(Int64)} IS NULL OR started >= {fromMs: Nullable(Int64)})
		  AND ({toMs: Nullable(Int64)} IS NULL OR started < {toMs: Nullable(Int64)})`;

