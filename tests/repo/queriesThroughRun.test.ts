/**
 * Every statement reaches ClickHouse through `src/lib/server/queries/run.ts` (issue 23, decision
 * 0120): no other server file calls the client's query, insert, command or exec itself
 * (`queries/stream.ts` holds the column-wise reader the large reports use). The patterns are
 * assembled at run time so this file does not match itself.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const CALL = new RegExp(['\\.(query|insert|command|exec)', '\\(\\{'].join(''));
const ALLOWED = ['src/lib/server/queries/run.ts', 'src/lib/server/queries/stream.ts'];

/** Lines of server files that call the client directly. */
export function directCalls(files: readonly string[], read: (f: string) => string): string[] {
	const hits: string[] = [];
	for (const f of files) {
		if (ALLOWED.includes(f)) continue;
		read(f)
			.split('\n')
			.forEach((line, i) => {
				if (CALL.test(line)) hits.push(`${f}:${i + 1}: ${line.trim().slice(0, 120)}`);
			});
	}
	return hits;
}

describe('statements go through queries/run.ts', () => {
	it('finds a direct call when one is there (the check can fail)', () => {
		const fake: Record<string, string> = {
			'src/lib/server/x.ts': ['await client', ".insert({ table: 't', values: [] });"].join(''),
			'src/lib/server/queries/run.ts': ['await client', ".query({ query: 'SELECT 1' });"].join('')
		};
		expect(directCalls(Object.keys(fake), (f) => fake[f])).toEqual([`src/lib/server/x.ts:1: ${fake['src/lib/server/x.ts']}`]);
	});

	it('no server file calls the client itself', () => {
		const files = execFileSync('git', ['ls-files', '-z', 'src/lib/server'], { cwd: ROOT, encoding: 'utf8' })
			.split('\0')
			.filter((f) => f.endsWith('.ts'));
		expect(directCalls(files, (f) => readFileSync(join(ROOT, f), 'utf8'))).toEqual([]);
	});
});
