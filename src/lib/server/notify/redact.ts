/**
 * Keeps secrets out of logs and error messages: robot tokens live in webhook URLs
 * (DingTalk `access_token`, WeCom `key`, Feishu's hook path), plus signing secrets, extra
 * headers and SMTP passwords.
 */

const MASK = '***';

/** A path segment that looks like a token (≥ 16 chars of token alphabet with a digit). */
function looksLikeToken(segment: string): boolean {
	return segment.length >= 16 && /^[A-Za-z0-9_\-.~%]+$/.test(segment) && /\d/.test(segment);
}

/**
 * The secret parts of a URL: userinfo, every query value, token-like path segments.
 *
 * @example
 * secretsOfUrl('https://oapi.dingtalk.com/robot/send?access_token=abc123'); // ['abc123']
 */
export function secretsOfUrl(url: string): string[] {
	let u: URL;
	try {
		u = new URL(url);
	} catch {
		return [url];
	}
	const out: string[] = [];
	if (u.username) out.push(decodeURIComponent(u.username));
	if (u.password) out.push(decodeURIComponent(u.password));
	for (const [, v] of u.searchParams) if (v) out.push(v);
	for (const seg of u.pathname.split('/')) if (looksLikeToken(seg)) out.push(decodeURIComponent(seg));
	return out;
}

/**
 * A URL safe to show: userinfo, query values and token-like path segments replaced by `***`.
 *
 * @example
 * maskUrl('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx'); // 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=***'
 */
export function maskUrl(url: string): string {
	let u: URL;
	try {
		u = new URL(url);
	} catch {
		return '(invalid URL)';
	}
	const path = u.pathname
		.split('/')
		.map((seg) => (looksLikeToken(seg) ? MASK : seg))
		.join('/');
	const query = [...u.searchParams.keys()].map((k) => `${encodeURIComponent(k)}=${MASK}`).join('&');
	const auth = u.username || u.password ? `${MASK}@` : '';
	return `${u.protocol}//${auth}${u.host}${path}${query ? `?${query}` : ''}`;
}

/**
 * Replaces every occurrence of each secret (raw, URI-encoded and form-encoded) with `***`.
 * Secrets shorter than 4 characters are ignored (they would mask ordinary words).
 *
 * @example
 * redact('POST https://x/send?key=SECRETKEY failed', ['SECRETKEY']); // 'POST https://x/send?key=*** failed'
 */
export function redact(text: string, secrets: readonly string[]): string {
	let out = text;
	const variants = new Set<string>();
	for (const s of secrets) {
		if (typeof s !== 'string' || s.length < 4) continue;
		variants.add(s);
		variants.add(encodeURIComponent(s));
		variants.add(new URLSearchParams({ s }).toString().slice(2));
	}
	// longest first, so a secret containing another is masked whole
	for (const v of [...variants].sort((a, b) => b.length - a.length)) out = out.split(v).join(MASK);
	return out;
}
