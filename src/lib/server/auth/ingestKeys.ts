import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IngestKeyRecord } from './records';

/** Where a key came from: INGEST_KEYS, the admin pages, or the first-run `<DATA_PATH>/ingest-key`. */
export type KeyOrigin = 'config' | 'managed' | 'bootstrap';

interface Entry {
	id: string;
	source: string;
	digest: Buffer;
	origin: KeyOrigin;
	/** managed keys: valid before this (rotation grace), null = no end */
	expiresAtMs: number | null;
	revoked: boolean;
}

/**
 * Ingest keys, one or more per source, kept only as SHA-256 digests in memory and compared in
 * constant time against every entry (no early exit, so the time does not tell which key matched).
 * - configured keys (INGEST_KEYS) are always valid;
 * - managed keys (created on /admin/ingest-keys, persisted by AccessControl) are valid until revoked,
 *   or until their rotation grace ends;
 * - the first-run bootstrap key for source "local" is valid only while no other key is.
 */
export class IngestKeys {
	private entries: Entry[] = [];

	constructor(
		keys: { source: string; key: string }[],
		private now: () => number = Date.now
	) {
		for (const k of keys) this.add(k.source, k.key);
	}

	/** A configured key (INGEST_KEYS). */
	add(source: string, key: string): void {
		this.entries.push({ id: `config:${source}`, source, digest: digestOf(key), origin: 'config', expiresAtMs: null, revoked: false });
	}

	/** The first-run key for "local": it stops working as soon as any other key exists. */
	addBootstrap(source: string, key: string): void {
		this.entries.push({ id: `bootstrap:${source}`, source, digest: digestOf(key), origin: 'bootstrap', expiresAtMs: null, revoked: false });
	}

	/** Adds or updates a managed key from its record (the digest is stored hex). */
	setManaged(r: IngestKeyRecord): void {
		const entry: Entry = {
			id: r.id,
			source: r.source,
			digest: Buffer.from(r.keySha256, 'hex'),
			origin: 'managed',
			expiresAtMs: r.expiresAtMs,
			revoked: r.revokedAtMs !== null
		};
		const i = this.entries.findIndex((e) => e.origin === 'managed' && e.id === r.id);
		if (i >= 0) this.entries[i] = entry;
		else this.entries.push(entry);
	}

	/** Keys that work now, not counting the bootstrap key. */
	get count(): number {
		const t = this.now();
		return this.entries.filter((e) => e.origin !== 'bootstrap' && isLive(e, t)).length;
	}

	/**
	 * Sources with a configured or managed key that works now (the silent-source alert watches
	 * them). The first-run key is left out: nobody may have set a sender up on it yet.
	 */
	watchedSources(): string[] {
		const t = this.now();
		return [...new Set(this.entries.filter((e) => e.origin !== 'bootstrap' && isLive(e, t)).map((e) => e.source))];
	}

	/** The configured and bootstrap keys, for the admin list (no digests). */
	fixedKeys(): { id: string; source: string; origin: KeyOrigin; active: boolean }[] {
		const others = this.count;
		return this.entries
			.filter((e) => e.origin !== 'managed')
			.map((e) => ({ id: e.id, source: e.source, origin: e.origin, active: e.origin === 'config' || others === 0 }));
	}

	/** The source a presented key belongs to, or null. */
	verify(presented: string | null | undefined): string | null {
		return this.verifyDetailed(presented)?.source ?? null;
	}

	/** The matching key's source and id (the id names the key for revocation of open sockets), or null. */
	verifyDetailed(presented: string | null | undefined): { source: string; id: string; origin: KeyOrigin } | null {
		if (!presented) return null;
		const d = digestOf(presented);
		const t = this.now();
		let found: Entry | null = null;
		for (const e of this.entries) if (timingSafeEqual(e.digest, d) && isLive(e, t)) found = e;
		if (found?.origin === 'bootstrap' && this.count > 0) return null;
		return found ? { source: found.source, id: found.id, origin: found.origin } : null;
	}

	/** Whether the key with this id still works (for open sockets: a rotated key's grace may have ended). */
	isLive(id: string): boolean {
		const t = this.now();
		const e = this.entries.find((x) => x.id === id);
		if (!e || !isLive(e, t)) return false;
		return e.origin !== 'bootstrap' || this.count === 0;
	}

	static generate(): string {
		return randomBytes(24).toString('base64url');
	}
}

const digestOf = (key: string) => createHash('sha256').update(key).digest();
const isLive = (e: Entry, t: number) => !e.revoked && (e.expiresAtMs === null || t < e.expiresAtMs);

/** The key from `Authorization: Bearer …`, or from `?key=` for WebSocket clients that cannot set headers. */
export function presentedKey(authorization: string | null | undefined, url?: URL): string | null {
	const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
	if (m) return m[1];
	return url?.searchParams.get('key') ?? null;
}
