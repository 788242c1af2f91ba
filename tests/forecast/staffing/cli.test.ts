import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { captureIo } from '../../../scripts/cli';
import { main } from '../../../scripts/staffing';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** Runs scripts/staffing.ts the way `npm run --silent staffing -- …` does (tsx), as its own process. */
function staffingProcess(...args: string[]) {
	const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/staffing.ts', ...args], {
		cwd: root,
		encoding: 'utf8',
		timeout: 60_000
	});
	return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The same CLI in-process (its `main`), for the argument checks: no process per case. */
function staffing(...args: string[]) {
	const io = captureIo();
	const code = main(args, io);
	return { code, stdout: io.stdout, stderr: io.stderr };
}

const base = ['--arrivals', '100', '--interval-sec', '1800', '--aht-sec', '180', '--target-sec', '20'];

describe('scripts/staffing.ts', () => {
	it('solves the classic example as JSON (14 agents, 20 scheduled), run as its own process', () => {
		// Published: Call Centre Helper worked example / pyworkforce README
		const r = staffingProcess(...base, '--sl', '0.8', '--shrinkage', '0.3');
		expect(r.code).toBe(0);
		const out = JSON.parse(r.stdout);
		expect(out).toMatchObject({ model: 'erlang-c', agents: 14, scheduledAgents: 20, bindingConstraint: 'serviceLevel', pAbandon: 0 });
		expect(out.serviceLevel).toBeCloseTo(0.88835, 5);
		for (const key of ['asaSec', 'occupancy', 'pWait']) expect(typeof out[key]).toBe('number');
	});

	it('evaluates Erlang A at --agents (published vector)', () => {
		// Published Erlang A vector of issue 5
		const r = staffing(...base, '--sl', '0.8', '--patience-sec', '300', '--max-abandon', '0.05', '--agents', '14');
		expect(r.code).toBe(0);
		const out = JSON.parse(r.stdout);
		expect(out).toMatchObject({ model: 'erlang-a', mode: 'evaluate', agents: 14, pWait: 0.14526, pAbandon: 0.0139837, serviceLevel: 0.916792, occupancy: 0.704297, meetsTargets: true });
	});

	it('uses the chat concurrency model when handle times per level are given', () => {
		const r = staffing('--arrivals', '600', '--interval-sec', '1800', '--target-sec', '30', '--sl', '0.8', '--patience-sec', '120', '--concurrency-aht-sec', '300,390,480');
		expect(r.code).toBe(0);
		const out = JSON.parse(r.stdout);
		expect(out.model).toBe('chat-concurrency');
		expect(out.serviceLevel).toBeGreaterThanOrEqual(0.8);
	});

	it('bad arguments: a message naming the argument, exit code 2', () => {
		const r = staffing(...base, '--sl', '80');
		expect(r.code).toBe(2);
		expect(r.stderr).toContain('--sl must be a fraction strictly between 0 and 1');
		const u = staffing(...base, '--sl', '0.8', '--colour', 'red');
		expect(u.code).toBe(2);
		expect(u.stderr).toContain("Unknown option '--colour'");
		const m = staffing('--interval-sec', '1800', '--aht-sec', '180', '--target-sec', '20', '--sl', '0.8');
		expect(m.code).toBe(2);
		expect(m.stderr).toContain('--arrivals is required');
		const a = staffing(...base, '--sl', '0.8', '--max-abandon', '0.05');
		expect(a.code).toBe(2);
		expect(a.stderr).toContain('--max-abandon needs --patience-sec');
	});
});
