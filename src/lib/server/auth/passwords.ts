import { hash, verify, type Options } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';

/**
 * argon2id with OWASP's first recommended parameter set (Password Storage Cheat Sheet, "Argon2id":
 * m = 19 MiB, t = 2, p = 1), about 25 ms per hash on one core of the CI machine. The PHC string
 * keeps the parameters, so raising them later still verifies old hashes.
 */
const OPTIONS: Options = { algorithm: 2 /* Algorithm.Argon2id (a const enum: not importable as a value) */, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
	return hash(password, OPTIONS);
}

/** False for a wrong password or a malformed hash; never throws for bad input. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash, password);
	} catch {
		return false;
	}
}

/**
 * A hash of a random password, verified against when the username is unknown or disabled, so that
 * a failed sign-in takes the same time whether or not the account exists (no user enumeration).
 */
export function dummyHash(): Promise<string> {
	return hashPassword(randomBytes(24).toString('base64url'));
}
