import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { IngestKeys } from '../auth/ingestKeys';

/**
 * First-run convenience when no INGEST_KEYS are configured: a random key for source "local",
 * kept in <dataPath>/ingest-key (mode 0600) so it survives restarts and `npm run simulate` finds it.
 * No key is ever built in.
 */
export function ensureLocalIngestKey(dataPath: string, register: (source: string, key: string) => void): string {
	const dir = resolve(dataPath);
	mkdirSync(dir, { recursive: true });
	const file = join(dir, 'ingest-key');
	let key = existsSync(file) ? readFileSync(file, 'utf8').trim() : '';
	if (key.length < 16) {
		key = IngestKeys.generate();
		writeFileSync(file, `${key}\n`, { mode: 0o600 });
		chmodSync(file, 0o600);
	}
	register('local', key);
	return file;
}
