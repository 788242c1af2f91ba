import { newSecret, sha256Hex } from './secrets';
import { nextVersion, type SessionRecord } from './records';

export interface SessionTimes {
	/** a session unused this long ends */
	idleMs: number;
	/** a session ends this long after sign-in, used or not */
	maxMs: number;
}

/**
 * Sessions in memory, keyed by the SHA-256 of their id; persisted through `save` (write-through).
 * Lookup is by digest, so what the map's timing could reveal is about digests, not ids.
 * Use refreshes the idle clock in memory; the row is rewritten at most once per `persistEveryMs`,
 * so a request never waits for storage and a restart loses at most that much of the idle clock.
 */
export class SessionStore {
	private byHash = new Map<string, SessionRecord & { persistedSeenAtMs: number }>();
	private persistEveryMs: number;

	constructor(
		private times: SessionTimes,
		private save: (rows: SessionRecord[]) => Promise<void>,
		private log: (msg: string) => void
	) {
		this.persistEveryMs = Math.min(60_000, Math.max(250, times.idleMs / 4));
	}

	load(rows: SessionRecord[], nowMs: number): void {
		for (const r of rows) if (this.isLive(r, nowMs)) this.byHash.set(r.idHash, { ...r, persistedSeenAtMs: r.lastSeenAtMs });
	}

	/** A new session for `username`; resolves once it is stored. Returns the id for the cookie (never stored). */
	async create(username: string, nowMs: number): Promise<{ id: string; record: SessionRecord }> {
		const id = newSecret();
		const record: SessionRecord = {
			idHash: sha256Hex(id),
			username,
			createdAtMs: nowMs,
			lastSeenAtMs: nowMs,
			expiresAtMs: nowMs + this.times.maxMs,
			deleted: false,
			version: nextVersion(nowMs)
		};
		await this.save([record]);
		this.byHash.set(record.idHash, { ...record, persistedSeenAtMs: nowMs });
		return { id, record };
	}

	/** The live session for a cookie value, refreshing its idle clock; null when unknown or expired. */
	use(id: string | null | undefined, nowMs: number): SessionRecord | null {
		if (!id || id.length > 200) return null;
		const s = this.byHash.get(sha256Hex(id));
		if (!s) return null;
		if (!this.isLive(s, nowMs)) {
			this.byHash.delete(s.idHash); // expired: nothing to write, the row ages out by its TTL or fails the idle test at load
			return null;
		}
		this.touch(s, nowMs);
		return s;
	}

	/** Keeps a session alive without a request (an open board socket counts as use). */
	touchByHash(idHash: string, nowMs: number): boolean {
		const s = this.byHash.get(idHash);
		if (!s || !this.isLive(s, nowMs)) return false;
		this.touch(s, nowMs);
		return true;
	}

	getByHash(idHash: string): SessionRecord | null {
		return this.byHash.get(idHash) ?? null;
	}

	isLiveHash(idHash: string, nowMs: number): boolean {
		const s = this.byHash.get(idHash);
		return !!s && this.isLive(s, nowMs);
	}

	/** Ends sessions now (in memory at once, then stored); returns the digests ended. */
	async end(predicate: (s: SessionRecord) => boolean, nowMs: number): Promise<string[]> {
		const gone = [...this.byHash.values()].filter(predicate);
		for (const s of gone) this.byHash.delete(s.idHash);
		if (gone.length > 0) {
			await this.save(gone.map((s) => ({ ...strip(s), lastSeenAtMs: nowMs, deleted: true, version: nextVersion(nowMs) })));
		}
		return gone.map((s) => s.idHash);
	}

	endById(id: string, nowMs: number): Promise<string[]> {
		const h = sha256Hex(id);
		return this.end((s) => s.idHash === h, nowMs);
	}

	/** Forgets expired sessions (memory only). */
	prune(nowMs: number): void {
		for (const s of [...this.byHash.values()]) if (!this.isLive(s, nowMs)) this.byHash.delete(s.idHash);
	}

	forUser(username: string): SessionRecord[] {
		return [...this.byHash.values()].filter((s) => s.username === username);
	}

	get size(): number {
		return this.byHash.size;
	}

	private isLive(s: SessionRecord, nowMs: number): boolean {
		return !s.deleted && nowMs < s.expiresAtMs && nowMs - s.lastSeenAtMs < this.times.idleMs;
	}

	private touch(s: SessionRecord & { persistedSeenAtMs: number }, nowMs: number): void {
		s.lastSeenAtMs = Math.max(s.lastSeenAtMs, nowMs);
		if (nowMs - s.persistedSeenAtMs < this.persistEveryMs) return;
		s.persistedSeenAtMs = nowMs;
		s.version = nextVersion(nowMs);
		this.save([strip(s)]).catch((err) => this.log(`auth: could not store session activity: ${(err as Error).message}`));
	}
}

function strip(s: SessionRecord & { persistedSeenAtMs?: number }): SessionRecord {
	const { persistedSeenAtMs: _p, ...rest } = s;
	return { ...rest };
}
