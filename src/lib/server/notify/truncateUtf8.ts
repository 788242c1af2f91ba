/**
 * Cuts text to at most `maxBytes` of UTF-8 without splitting a character, adding `…` when cut.
 * IM robots limit message size in bytes (WeCom markdown: 4096 bytes).
 *
 * @throws Error when maxBytes < 3
 * @example
 * truncateUtf8('超时告警', 9); // '超时…' (2 × 3 bytes + 3 bytes for the ellipsis)
 */
export function truncateUtf8(text: string, maxBytes: number): string {
	if (!(maxBytes >= 3)) throw new Error(`truncateUtf8: maxBytes must be ≥ 3, got ${maxBytes}`);
	if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
	let bytes = 0;
	let out = '';
	for (const ch of text) {
		const n = Buffer.byteLength(ch, 'utf8');
		if (bytes + n > maxBytes - 3) break;
		bytes += n;
		out += ch;
	}
	return `${out}…`;
}
