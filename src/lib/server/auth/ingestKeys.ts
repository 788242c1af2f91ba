import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Ingest keys, one per source. Kept only as SHA-256 digests in memory; compared in constant time.
 * (Issue 10 adds keys created, rotated and revoked in the UI; this is the configured set.)
 */
export class IngestKeys {
	private digests: { source: string; digest: Buffer }[] = [];

	constructor(keys: { source: string; key: string }[]) {
		for (const k of keys) this.add(k.source, k.key);
	}

	add(source: string, key: string): void {
		this.digests.push({ source, digest: createHash('sha256').update(key).digest() });
	}

	get count(): number {
		return this.digests.length;
	}

	/** The source a presented key belongs to, or null. */
	verify(presented: string | null | undefined): string | null {
		if (!presented) return null;
		const d = createHash('sha256').update(presented).digest();
		let found: string | null = null;
		for (const k of this.digests) if (timingSafeEqual(k.digest, d)) found = k.source;
		return found;
	}

	static generate(): string {
		return randomBytes(24).toString('base64url');
	}
}

/** The key from `Authorization: Bearer …`, or from `?key=` for WebSocket clients that cannot set headers. */
export function presentedKey(authorization: string | null | undefined, url?: URL): string | null {
	const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
	if (m) return m[1];
	return url?.searchParams.get('key') ?? null;
}
