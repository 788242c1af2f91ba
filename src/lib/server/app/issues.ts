import type * as v from 'valibot';

/**
 * Each problem valibot found as the field's path (`params.requirement.points[0][1]`, '' for the
 * body itself) and a sentence `field: what is allowed`.
 */
export function problemsOf(issues: readonly v.BaseIssue<unknown>[]): { field: string; message: string; rule: string }[] {
	return issues.map((issue) => {
		const field = (issue.path ?? []).map((p, i) => (typeof p.key === 'number' ? `[${p.key}]` : `${i > 0 ? '.' : ''}${String(p.key)}`)).join('');
		const rule = issue.received === 'undefined' && issue.kind === 'schema' ? 'is required' : issue.message;
		return { field, message: `${field || 'body'}: ${rule}`, rule };
	});
}
