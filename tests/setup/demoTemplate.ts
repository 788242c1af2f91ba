import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
	export interface ProvidedContext {
		/** a directory for this run's demo data template (tests/helpers/demoData.ts builds it on first use) */
		demoTemplateRoot: string;
	}
}

/**
 * Global setup of the e2e project: one empty directory per vitest run, in which the first test file
 * that needs the demo's two-year history builds it once (tests/helpers/demoData.ts); every such file
 * then starts its server on its own copy. Nothing is built here: a run without those files pays
 * nothing. The directory goes with the run, so a template never outlives the code that wrote it.
 * See docs/decisions/0127-one-demo-backfill-per-test-run.md.
 */
export default function setup(project: TestProject): () => void {
	const root = mkdtempSync(join(tmpdir(), 'csops-demo-template-'));
	project.provide('demoTemplateRoot', root);
	return () => rmSync(root, { recursive: true, force: true });
}
