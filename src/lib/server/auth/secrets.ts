import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Secrets (session ids, ingest keys, board tokens, the setup token) are 256 random bits, shown or
 * set once, and kept only as SHA-256 digests. A digest of a 256-bit random value needs no salt or
 * slow hash: there is nothing to guess from it (unlike passwords, see passwords.ts).
 */
export function newSecret(): string {
	return randomBytes(32).toString('base64url');
}

export function sha256Hex(secret: string): string {
	return createHash('sha256').update(secret).digest('hex');
}

/** Constant-time equality of two secrets, by their digests (equal lengths whatever the inputs). */
export function secretsEqual(a: string, b: string): boolean {
	return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

/** A short public id for records (keys, tokens) that the UI can name without showing the secret. */
export function newId(): string {
	return randomBytes(9).toString('base64url');
}

/** The first characters of a secret, shown in lists so a person can tell keys apart (about 36 of 256 bits). */
export const secretPrefix = (secret: string): string => secret.slice(0, 6);
