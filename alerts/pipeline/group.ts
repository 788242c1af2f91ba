/**
 * Stage 5 — group: buckets candidate notices into digests by recipient, the configured labels
 * (default: channel) and level (`L1`/`L2`/`L3`, or `resolved`). One digest per group is what a
 * recipient receives, however many contacts are behind it.
 */
import type { Candidate } from './candidates';

/**
 * Group key of a candidate: `recipientKey|label=value|…|L<level>` or `…|resolved`.
 *
 * @example
 * groupKeyOf(candidate, ['channel']); // 'team:T1|channel=chat|L1'
 */
export function groupKeyOf(c: Candidate, by: readonly string[]): string {
	const parts = [c.recipient.key];
	for (const label of by) parts.push(`${label}=${c.alert.labels[label] ?? ''}`);
	parts.push(c.kind === 'resolved' ? 'resolved' : `L${c.level}`);
	return parts.join('|');
}

/**
 * Buckets candidates by group key (insertion order kept).
 *
 * @example
 * const groups = groupCandidates(candidates, ['channel']);
 */
export function groupCandidates(candidates: readonly Candidate[], by: readonly string[]): Map<string, Candidate[]> {
	const groups = new Map<string, Candidate[]>();
	for (const c of candidates) {
		const key = groupKeyOf(c, by);
		const list = groups.get(key);
		if (list) list.push(c);
		else groups.set(key, [c]);
	}
	return groups;
}
