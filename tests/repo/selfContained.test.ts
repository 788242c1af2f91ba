/**
 * The repository is the whole product: no tracked file may send a reader, a build, a test or the
 * server to a folder beside the clone (the team's reference folder once was, and a test that read it
 * passed only on machines that happened to have it). The patterns are assembled at run time so this
 * file does not match itself.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const SIBLING = ['..', 'shared'].join('/');
const FOLDER = ['shared', ''].join('/');
const WORK = ['', 'work', ''].join('/');

const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' })
	.split('\0')
	.filter(Boolean)
	.filter((f) => !/\.(png|jpe?g|gif|ico|woff2?|xlsx)$/i.test(f));

/** Lines of tracked files that name a path outside the repository. */
export function outsideReferences(files: readonly string[], read: (f: string) => string): string[] {
	const hits: string[] = [];
	for (const f of files) {
		const lines = read(f).split('\n');
		lines.forEach((line, i) => {
			if (line.includes(SIBLING) || line.includes(WORK) || new RegExp(`(^|[\\s\`'"(])${FOLDER}`).test(line)) {
				hits.push(`${f}:${i + 1}: ${line.trim().slice(0, 120)}`);
			}
		});
	}
	return hits;
}

describe('the repository is self-contained', () => {
	it('finds such a reference when one is there (the check can fail)', () => {
		const fake: Record<string, string> = {
			'a.ts': `const DATA = resolve(__dirname, '${SIBLING}/data');`,
			'b.md': `see ${FOLDER}domain.md`,
			'c.md': `see docs/domain.md and ${WORK}main`,
			'd.ts': 'a store shared by the pages; node_modules/@x/shared-utils'
		};
		expect(outsideReferences(Object.keys(fake), (f) => fake[f]).map((h) => h.split(':')[0])).toEqual(['a.ts', 'b.md', 'c.md']);
	});

	it('no tracked file names a folder outside the repository', () => {
		expect(tracked.length).toBeGreaterThan(100);
		expect(outsideReferences(tracked, (f) => readFileSync(join(ROOT, f), 'utf8'))).toEqual([]);
	});
});
