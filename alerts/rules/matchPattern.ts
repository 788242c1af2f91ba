/**
 * Glob matching for rule scopes and matchers: `*` matches any run of characters (including
 * none); every other character matches itself. No regular expressions, so rules edited in the
 * UI cannot cause catastrophic backtracking.
 */

/**
 * Whether `value` matches the glob `pattern`.
 *
 * Greedy two-pointer glob matching with backtracking to the last `*` (linear in practice,
 * O(|pattern|·|value|) worst case).
 *
 * @param pattern glob such as `*`, `after-*`, `vip`
 * @param value the string to test
 * @throws never
 * @example
 * matchPattern('after-*', 'after-sale'); // true
 * matchPattern('*', ''); // true
 */
export function matchPattern(pattern: string, value: string): boolean {
	if (pattern === '*') return true;
	let p = 0;
	let v = 0;
	let star = -1;
	let mark = 0;
	while (v < value.length) {
		if (p < pattern.length && pattern[p] !== '*' && pattern[p] === value[v]) {
			p++;
			v++;
		} else if (p < pattern.length && pattern[p] === '*') {
			star = p++;
			mark = v;
		} else if (star !== -1) {
			p = star + 1;
			v = ++mark;
		} else {
			return false;
		}
	}
	while (p < pattern.length && pattern[p] === '*') p++;
	return p === pattern.length;
}

/**
 * Specificity of a pattern for choosing between overlapping rules: 2 = exact value,
 * 1 = glob with literal characters, 0 = `*`.
 *
 * @example
 * patternSpecificity('vip'); // 2
 */
export function patternSpecificity(pattern: string): number {
	if (pattern === '*' || /^\*+$/.test(pattern)) return 0;
	return pattern.includes('*') ? 1 : 2;
}
