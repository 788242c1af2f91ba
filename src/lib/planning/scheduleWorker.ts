/**
 * Web worker of /planning/schedule: runs the shift scheduler (HiGHS in WebAssembly) off the page's
 * main thread, like the staffing what-ifs run in the browser (decision 0009), so a build never
 * blocks the server's event loop (decision 0041).
 */
import loadHighs from 'highs';
import wasmUrl from 'highs/runtime?url';
import { buildSchedule, parseRules, ScheduleInputError, SchedulerError, type HighsSolver, type Requirement } from '$forecast/scheduling/index';

interface BuildRequest {
	rules: unknown;
	requirement: Requirement;
	timeLimitSec: number;
}

self.onmessage = async (e: MessageEvent<BuildRequest>) => {
	try {
		const rules = parseRules(e.data.rules);
		const highs = (await loadHighs({ locateFile: () => wasmUrl })) as unknown as HighsSolver;
		const r = buildSchedule(rules, { ...e.data.requirement, intervalMin: rules.intervalMin }, { highs, timeLimitSec: e.data.timeLimitSec, now: () => performance.now() });
		self.postMessage({ ok: true, shifts: r.shifts, summary: r.summary, binding: r.binding, problems: r.problems, status: r.status });
	} catch (err) {
		const field = err instanceof ScheduleInputError ? err.field : null;
		self.postMessage({ ok: false, field, error: err instanceof ScheduleInputError || err instanceof SchedulerError ? err.message : String((err as Error).message ?? err) });
	}
};
