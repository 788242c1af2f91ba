/**
 * The planning page's API client (browser code): the forecast's NDJSON stream, the learned
 * parameters and the scenarios. Payload types come from `$lib/types/planning`, the same the server
 * builds them with. `fetch` is a parameter so tests can answer without a server.
 */
import type { ForecastProgress, ForecastResult, ForecastStreamLine, LearnedParams, PlanRequest, ScenarioRow } from '$lib/types/planning';
import type { ScenarioParams } from './scenario';

type Fetch = typeof fetch;

/** Our endpoints' JSON error as one line: `field: error`, or the HTTP status when the body says nothing. */
export async function errorText(r: Response): Promise<string> {
	const e = (await r.json().catch(() => ({}))) as { error?: unknown; field?: unknown };
	const message = typeof e.error === 'string' ? e.error : `HTTP ${r.status}`;
	return typeof e.field === 'string' && e.field ? `${e.field}: ${message}` : message;
}

/** The JSON values of an NDJSON body, one per line; a line may arrive split across chunks. */
export async function* ndjsonLines(body: ReadableStream<Uint8Array>): AsyncGenerator<unknown> {
	const reader = body.getReader();
	const utf8 = new TextDecoder(); // streaming: a character split across chunks is kept for the next one
	let buf = '';
	for (;;) {
		const { done, value } = await reader.read();
		buf += done ? utf8.decode() : utf8.decode(value, { stream: true });
		let nl: number;
		while ((nl = buf.indexOf('\n')) >= 0) {
			const line = buf.slice(0, nl);
			buf = buf.slice(nl + 1);
			if (line.trim()) yield JSON.parse(line);
		}
		if (done) break;
	}
	if (buf.trim()) yield JSON.parse(buf);
}

/** The stream ended without a result or an error line (a dropped connection); `message` is the caller's wording. */
export class NoForecastResult extends Error {}

/**
 * Runs the forecast: POST /api/v1/planning/forecast, progress lines to `onProgress`, the result
 * returned. A refused request (400 with `field`) or an `error` line throws with the server's message.
 */
export async function streamForecast(request: PlanRequest, opts: { onProgress?: (p: ForecastProgress) => void; fetch?: Fetch } = {}): Promise<ForecastResult> {
	const r = await (opts.fetch ?? fetch)('/api/v1/planning/forecast', {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(request)
	});
	if (!r.ok || !r.body) throw new Error(await errorText(r));
	for await (const line of ndjsonLines(r.body)) {
		const msg = line as ForecastStreamLine; // our own endpoint's lines (src/routes/api/v1/planning/forecast)
		if (msg.type === 'progress') opts.onProgress?.(msg);
		else if (msg.type === 'error') throw new Error(msg.error);
		else if (msg.type === 'result') return { request: msg.request, window: msg.window, channels: msg.channels };
	}
	throw new NoForecastResult('the forecast stream ended without a result');
}

/** Parameters learned from stored data (AHT per channel, chat AHT per concurrency level); null when unavailable. */
export async function loadLearnedParams(f: Fetch = fetch): Promise<LearnedParams | null> {
	const r = await f('/api/v1/planning/params');
	return r.ok ? ((await r.json()) as LearnedParams) : null;
}

/** Saved scenarios, newest first; null when the list could not be read (the page keeps what it shows). */
export async function listScenarios(f: Fetch = fetch): Promise<ScenarioRow[] | null> {
	const r = await f('/api/v1/scenarios');
	return r.ok ? ((await r.json()) as ScenarioRow[]) : null;
}

/** Saves a scenario; the server's message when it refused, else null. */
export async function saveScenario(s: { name: string; params: ScenarioParams; summary: unknown }, f: Fetch = fetch): Promise<string | null> {
	const r = await f('/api/v1/scenarios', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(s) });
	return r.ok ? null : await errorText(r);
}

export async function deleteScenario(id: string, f: Fetch = fetch): Promise<void> {
	await f(`/api/v1/scenarios/${encodeURIComponent(id)}`, { method: 'DELETE' });
}
