import type { ClickHouseClient } from '@clickhouse/client';
import { randomUUID } from 'node:crypto';
import { commitImport } from '../queries/history/commitImport';
import { dropStaging } from '../queries/history/dropStaging';
import type { ImportLogEntry } from '../queries/history/importLog';
import { insertStaging } from '../queries/history/insertStaging';
import { logImport } from '../queries/history/logImport';
import { resetPriority } from '../queries/history/resetPriority';
import { stopStagingMerges } from '../queries/history/stopStagingMerges';
import { FileFormatError, readRecords, type Encoding, type Format } from './readers';
import { RowValidator, checkOptions, type HistoryRow, type RowError, type RowOptions } from './rows';

/**
 * Imports one history file (docs/decisions/0013-history-import.md):
 * read (streamed) → validate every row → stage the valid rows → when the whole file passed, copy
 * them into history_intervals with one INSERT … SELECT at a new version (idempotent: the same
 * intervals imported again replace the earlier rows) → drop the staging rows. A file with any bad
 * row stores nothing and answers the first 100 errors with the total.
 * Every statement runs on the `heavy` connection in batches of BATCH rows, one at a time, so the
 * ingester's and the board's connections never wait on an import.
 */

export const MAX_ERRORS = 100;
const BATCH = 20_000;

export interface ImportProgress {
	id: string;
	phase: 'reading' | 'committing' | 'done' | 'refused' | 'failed';
	fileName: string;
	bytesDone: number;
	bytesTotal: number | null;
	rowsDone: number;
	rowsTotal: number | null;
	errors: number;
	startedAtMs: number;
}

export interface ImportRequest {
	id?: string;
	fileName: string;
	format: Format;
	encoding: Encoding;
	bytesTotal: number | null;
	rowsTotal: number | null;
	importedBy: string;
	options: RowOptions;
}

export type ImportResult =
	| { ok: true; id: string; rows: number; series: { channel: string; queue: string; intervalMin: number; rows: number; offered: number; first: string; last: string }[]; encoding: string | null; elapsedMs: number }
	| { ok: false; id: string; status: 400 | 409 | 503; error: string; errors: RowError[]; totalErrors: number };

export class HistoryImporter {
	private running: ImportProgress | null = null;
	private recent = new Map<string, ImportProgress>();
	private version = 0;
	private mergesStopped = false;

	constructor(
		private client: ClickHouseClient,
		private log: (m: string) => void = () => undefined
	) {}

	/** Progress of a running or recently finished import (for the page and the CLI). */
	progress(id: string): ImportProgress | null {
		return this.recent.get(id) ?? null;
	}

	get busy(): ImportProgress | null {
		return this.running;
	}

	async import(input: AsyncIterable<Uint8Array>, req: ImportRequest): Promise<ImportResult> {
		const id = req.id && /^[0-9a-f-]{8,64}$/.test(req.id) && !this.recent.has(req.id) ? req.id : randomUUID();
		const optionProblems = checkOptions(req.options);
		if (optionProblems.length > 0) {
			return { ok: false, id, status: 400, error: `the import options are not valid: ${optionProblems.join('; ')}`, errors: [], totalErrors: 0 };
		}
		if (this.running) {
			return { ok: false, id, status: 409, error: `another import is running (${this.running.fileName}, ${this.running.rowsDone} rows read); try again when it has finished`, errors: [], totalErrors: 0 };
		}
		const startedAtMs = Date.now();
		const prog: ImportProgress = { id, phase: 'reading', fileName: req.fileName, bytesDone: 0, bytesTotal: req.bytesTotal, rowsDone: 0, rowsTotal: req.rowsTotal, errors: 0, startedAtMs };
		this.running = prog;
		this.recent.set(id, prog);
		if (this.recent.size > 50) this.recent.delete(this.recent.keys().next().value!);
		const entry: ImportLogEntry = {
			id,
			kind: 'intervals',
			status: 'running',
			fileName: req.fileName,
			format: req.format,
			importedBy: req.importedBy,
			startedAtMs,
			finishedAtMs: null,
			rows: 0,
			errors: 0,
			series: [],
			firstSec: null,
			lastSec: null,
			message: ''
		};
		let staged = false;
		try {
			if (!this.mergesStopped) {
				// Staged rows live for one import and are dropped after the commit: merging them is wasted
				// CPU the board and the ingester need meanwhile. Best effort (a no-op where not allowed).
				this.mergesStopped = true;
				await stopStagingMerges(this.client).catch(() => undefined);
			}
			await logImport(this.client, entry);
			const v = new RowValidator(req.options);
			const errors: RowError[] = [];
			let total = 0;
			let batch: HistoryRow[] = [];
			let pending: Promise<void> | null = null;
			const series = new Map<string, { channel: string; queue: string; intervalMin: number; rows: number; offered: number; first: number; last: number }>();
			let encoding: string | null = null;
			const flush = async () => {
				if (pending) await pending;
				pending = null;
				if (batch.length > 0 && total === 0) {
					const rows = batch;
					staged = true;
					pending = insertStaging(this.client, id, rows);
				}
				batch = [];
			};
			const records = readRecords(input, {
				format: req.format,
				encoding: req.encoding,
				onBytes: (n) => (prog.bytesDone += n),
				onEncoding: (e) => (encoding = e)
			});
			for await (const recs of records) {
			for (const rec of recs) {
				prog.rowsDone++;
				let r: HistoryRow | RowError[];
				if (rec.error) r = [{ line: rec.line, ...rec.error }];
				else r = v.check(rec.line, rec.header, rec.values);
				if (Array.isArray(r)) {
					total += r.length;
					for (const e of r) if (errors.length < MAX_ERRORS) errors.push(e);
					prog.errors = total;
					batch = [];
					continue;
				}
				if (total > 0) continue; // refused already: keep validating, store nothing more
				batch.push(r);
				const k = `${r.channel}/${r.queue}/${r.interval_min}`;
				const s = series.get(k);
				if (s) {
					s.rows++;
					s.offered += r.offered;
					if (r.interval_start < s.first) s.first = r.interval_start;
					if (r.interval_start > s.last) s.last = r.interval_start;
				} else series.set(k, { channel: r.channel, queue: r.queue, intervalMin: r.interval_min, rows: 1, offered: r.offered, first: r.interval_start, last: r.interval_start });
				if (batch.length >= BATCH) await flush();
			}
			// let the board and the ingester run between chunks (a chunk is ~64 KiB of the file)
			await new Promise((r) => setImmediate(r));
			}
			if (total === 0) await flush();
			if (pending) await pending;
			const rows = [...series.values()].reduce((a, s) => a + s.rows, 0);
			if (total === 0 && rows === 0) {
				errors.push({ line: 1, column: '', rule: 'empty', message: 'the file has no data rows' });
				total = 1;
			}
			if (total > 0) {
				if (staged) await dropStaging(this.client, id);
				staged = false;
				prog.phase = 'refused';
				const msg = `refused: ${total} error${total === 1 ? '' : 's'}; nothing was stored`;
				await logImport(this.client, { ...entry, status: 'refused', finishedAtMs: Date.now(), rows: prog.rowsDone, errors: total, message: msg });
				return { ok: false, id, status: 400, error: `${msg} (${total > MAX_ERRORS ? `the first ${MAX_ERRORS} are listed` : 'all are listed'}; fix them and send the whole file again)`, errors, totalErrors: total };
			}
			prog.phase = 'committing';
			this.version = Math.max(this.version + 1, Date.now());
			await commitImport(this.client, id, this.version);
			staged = false;
			const list = [...series.values()];
			const firstSec = Math.min(...list.map((s) => s.first));
			const lastSec = Math.max(...list.map((s) => s.last));
			await logImport(this.client, {
				...entry,
				status: 'done',
				finishedAtMs: Date.now(),
				rows,
				series: list.map((s) => `${s.channel}/${s.queue}`).filter((x, i, a) => a.indexOf(x) === i),
				firstSec,
				lastSec,
				message: `${rows} intervals stored`
			});
			prog.phase = 'done';
			const elapsedMs = Date.now() - startedAtMs;
			this.log(`history: import ${id} (${req.fileName}) by ${req.importedBy}: ${rows} rows in ${elapsedMs} ms`);
			return {
				ok: true,
				id,
				rows,
				encoding,
				elapsedMs,
				series: list.map((s) => ({ ...s, first: new Date(s.first * 1000).toISOString(), last: new Date(s.last * 1000).toISOString() }))
			};
		} catch (err) {
			prog.phase = 'failed';
			if (staged) await dropStaging(this.client, id).catch(() => undefined);
			const ff = err instanceof FileFormatError;
			const message = ff ? err.message : `not stored: ${(err as Error).message}`;
			await logImport(this.client, { ...entry, status: ff ? 'refused' : 'failed', finishedAtMs: Date.now(), rows: prog.rowsDone, errors: ff ? 1 : 0, message }).catch(() => undefined);
			if (ff) return { ok: false, id, status: 400, error: message, errors: [{ line: err.line, column: '', rule: 'file-format', message: err.message }], totalErrors: 1 };
			this.log(`history: import ${id} failed: ${(err as Error).message}`);
			return { ok: false, id, status: 503, error: `${message}; nothing was stored, send the file again`, errors: [], totalErrors: 0 };
		} finally {
			await resetPriority(this.client).catch(() => undefined);
			this.running = null;
		}
	}
}
