/**
 * Label matchers shared by inhibit rules and silences.
 */
import { matchPattern } from '../rules/matchPattern';
import type { Matcher } from '../rules/ruleTypes';
import type { Labels } from '../types';

/**
 * Whether one matcher accepts the labels. A missing label reads as the empty string, as in
 * Alertmanager.
 *
 * @example
 * matcherAccepts({ label: 'level', op: 'in', values: ['1', '2'] }, { level: '2' }); // true
 */
export function matcherAccepts(matcher: Matcher, labels: Labels): boolean {
	const value = labels[matcher.label] ?? '';
	switch (matcher.op) {
		case '=':
			return value === matcher.value;
		case '!=':
			return value !== matcher.value;
		case 'glob':
			return matchPattern(matcher.value, value);
		case 'in':
			return matcher.values.includes(value);
		case 'notIn':
			return !matcher.values.includes(value);
	}
}

/**
 * Whether every matcher accepts the labels (an empty list accepts everything).
 *
 * @example
 * labelsMatch([{ label: 'channel', op: '=', value: 'chat' }], { channel: 'chat' }); // true
 */
export function labelsMatch(matchers: readonly Matcher[], labels: Labels): boolean {
	return matchers.every((m) => matcherAccepts(m, labels));
}
