import { json } from '@sveltejs/kit';
import * as v from 'valibot';
import { problemsOf } from './issues';

/**
 * Reads a JSON request body and checks it against the endpoint's schema (issue 23, decision 0023).
 * A body that is not JSON, or does not match, is answered 400 with where it is wrong and what is
 * allowed: `{error: "name: a scenario needs a name", field: "name", problems: [...]}` — `field`
 * and `error` name the first problem (what the pages show), `problems` all of them.
 */
export async function readBody<S extends v.GenericSchema>(
	request: Request,
	schema: S,
	shape: string
): Promise<{ ok: true; value: v.InferOutput<S> } | { ok: false; response: Response }> {
	let raw: unknown;
	try {
		raw = await request.json();
	} catch {
		return { ok: false, response: json({ error: `the body must be JSON: ${shape}`, field: '', problems: [] }, { status: 400 }) };
	}
	const r = v.safeParse(schema, raw);
	if (r.success) return { ok: true, value: r.output };
	const problems = problemsOf(r.issues);
	return { ok: false, response: json({ error: problems[0].message, field: problems[0].field, problems: problems.map((p) => p.message) }, { status: 400 }) };
}

