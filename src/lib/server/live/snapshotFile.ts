import { readFileSync, renameSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LiveStateDump } from './liveState';

/**
 * The live-state snapshot on disk: `<DATA_PATH>/live-snapshot.json`, written atomically (temp file +
 * rename). `markMs` separates what the snapshot holds from the tail a restart must apply: every
 * event stored with received_at ≤ markMs is in it, every later one is not (IngestService.snapshotMark
 * makes later events' received_at > markMs). A snapshot is only written once the events it holds are
 * durable (the writer was flushed after the mark), so it never shows an event storage lacks.
 * `fingerprint` (channels + time zone) rejects a snapshot taken under another configuration.
 */
export const SNAPSHOT_FILE = 'live-snapshot.json';
/** 2: issue 18 added per-queue/team counters, per-agent today figures and the pending-outcome counter fields */
const FORMAT = 2;

export interface SnapshotEnvelope {
	format: number;
	markMs: number;
	fingerprint: string;
	state: LiveStateDump;
}

/** Serialises now (the state keeps changing); write the returned text later with writeSnapshot. */
export function serialiseSnapshot(state: LiveStateDump, markMs: number, fingerprint: string): string {
	return JSON.stringify({ format: FORMAT, markMs, fingerprint, state } satisfies SnapshotEnvelope);
}

/**
 * Asynchronous: the file is several MB with thousands of open contacts, and writeFileSync of it was
 * 6 % of the main thread in a soak's CPU profile (issue 24), stalling acks on a busy disk.
 */
export async function writeSnapshot(dataPath: string, text: string): Promise<void> {
	const file = join(dataPath, SNAPSHOT_FILE);
	const tmp = `${file}.tmp`;
	await writeFile(tmp, text);
	renameSync(tmp, file);
}

/** The stored snapshot, or why it cannot be used (missing, unreadable, other format or configuration). */
export function readSnapshot(dataPath: string, fingerprint: string): SnapshotEnvelope | { unusable: string } {
	let text: string;
	try {
		text = readFileSync(join(dataPath, SNAPSHOT_FILE), 'utf8');
	} catch {
		return { unusable: 'no snapshot' };
	}
	try {
		const s = JSON.parse(text) as SnapshotEnvelope;
		if (s.format !== FORMAT) return { unusable: `snapshot format ${s.format} is not ${FORMAT}` };
		if (s.fingerprint !== fingerprint) return { unusable: 'the snapshot was taken with other channels or another time zone' };
		if (!Number.isFinite(s.markMs) || !s.state) return { unusable: 'the snapshot is incomplete' };
		return s;
	} catch (err) {
		return { unusable: `the snapshot is unreadable (${(err as Error).message})` };
	}
}

export function removeSnapshot(dataPath: string): void {
	rmSync(join(dataPath, SNAPSHOT_FILE), { force: true });
}
