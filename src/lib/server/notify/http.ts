/**
 * HTTP plumbing shared by the webhook-style notifiers: the URL guard, then one request pinned to
 * the addresses the guard checked (./pinnedRequest: no DNS rebinding, no redirects — a redirect
 * could lead to a private address the guard never saw — and a timeout), and classification of
 * failures into retryable or not.
 *
 * Retry policy (issue 8): retry on network errors, timeouts, 5xx and 429 (honouring
 * Retry-After); no retry on other 4xx, except 408 Request Timeout, which RFC 9110 §15.5.9
 * defines as the server giving up waiting for the request — a timeout, so retried like one.
 */
import { checkTargetUrl, type NetPolicy } from './netGuard';
import { pinnedPost, RequestTimeoutError } from './pinnedRequest';
import { maskUrl, redact } from './redact';
import type { SendResult } from './types';

export interface HttpResponse {
	status: number;
	headers: Headers;
	bodyText: string;
	/** Parsed JSON body, or undefined when the body is not JSON. */
	json: unknown;
}

export interface PostOptions {
	timeoutMs: number;
	headers?: Record<string, string>;
	net: NetPolicy;
	/** Values to mask in error texts. */
	secrets: readonly string[];
	nowMs: number;
}

/** Largest Retry-After honoured (a misconfigured server must not park the queue for days). */
export const MAX_RETRY_AFTER_MS = 60 * 60 * 1000;

/**
 * Parses a Retry-After header (RFC 9110 §10.2.3: delay-seconds or an HTTP-date) into ms from
 * `nowMs`, capped at {@link MAX_RETRY_AFTER_MS}; undefined when absent or malformed.
 *
 * @example
 * parseRetryAfter('120', 0); // 120000
 * parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('2015-10-21T07:27:00Z')); // 60000
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
	if (value == null) return undefined;
	const text = value.trim();
	if (/^\d+$/.test(text)) return Math.min(Number(text) * 1000, MAX_RETRY_AFTER_MS);
	const at = Date.parse(text);
	if (Number.isNaN(at)) return undefined;
	return Math.min(Math.max(0, at - nowMs), MAX_RETRY_AFTER_MS);
}

/**
 * Classifies a non-2xx HTTP status.
 *
 * @example
 * classifyHttpStatus(503, new Headers(), 0, 'POST x'); // { ok: false, retryable: true, error: 'POST x: HTTP 503' }
 */
export function classifyHttpStatus(status: number, headers: Headers, nowMs: number, what: string, detail = ''): SendResult {
	const error = `${what}: HTTP ${status}${detail ? ` ${detail}` : ''}`;
	if (status === 429 || status >= 500 || status === 408) {
		const retryAfterMs = parseRetryAfter(headers.get('retry-after'), nowMs);
		return retryAfterMs === undefined ? { ok: false, retryable: true, error } : { ok: false, retryable: true, error, retryAfterMs };
	}
	if (status >= 300 && status < 400) return { ok: false, retryable: false, error: `${error} (redirects are not followed)` };
	return { ok: false, retryable: false, error };
}

/** Short, secret-free excerpt of a response body for error texts. */
export function bodyExcerpt(text: string, secrets: readonly string[]): string {
	const flat = text.replace(/\s+/g, ' ').trim();
	return redact(flat.length > 200 ? `${flat.slice(0, 197)}...` : flat, secrets);
}

/**
 * POSTs JSON after the URL guard. Returns the response (any status) or a failure for guard
 * refusals, timeouts and network errors.
 *
 * @throws never
 * @example
 * const r = await postJson('https://example.com/hook', { a: 1 }, { timeoutMs: 5000, net: {}, secrets: [], nowMs: Date.now() });
 */
export async function postJson(url: string, body: unknown, opts: PostOptions): Promise<HttpResponse | Extract<SendResult, { ok: false }>> {
	const what = `POST ${maskUrl(url)}`;
	const check = await checkTargetUrl(url, opts.net);
	if (!check.ok) return { ok: false, retryable: false, error: redact(check.error, opts.secrets) };
	const payload = typeof body === 'string' ? body : JSON.stringify(body);
	try {
		const res = await pinnedPost(
			check.url,
			check.addresses,
			payload,
			{ 'content-type': 'application/json; charset=utf-8', ...(opts.headers ?? {}) },
			opts.timeoutMs
		);
		let json: unknown;
		try {
			json = res.bodyText ? JSON.parse(res.bodyText) : undefined;
		} catch {
			json = undefined;
		}
		return { status: res.status, headers: res.headers, bodyText: res.bodyText, json };
	} catch (e) {
		const err = e as NodeJS.ErrnoException;
		if (err instanceof RequestTimeoutError) return { ok: false, retryable: true, error: `${what}: timed out after ${opts.timeoutMs} ms` };
		return { ok: false, retryable: true, error: redact(`${what}: network error (${err.code ?? err.message})`, opts.secrets) };
	}
}

/** Type guard: did postJson fail before getting a response? */
export function isFailure(r: HttpResponse | SendResult): r is Extract<SendResult, { ok: false }> {
	return (r as SendResult).ok === false;
}

/**
 * What is wrong with a target's URL, for `Notifier.validate`: not a URL at all, or missing the query
 * parameter its service needs (DingTalk's `access_token`, WeCom's `key`). Masked, since the
 * parameter is the secret.
 */
export function urlIssues(url: string, requiredParam?: string): string[] {
	let u: URL;
	try {
		u = new URL(url);
	} catch {
		return ['url is not a valid URL'];
	}
	if (requiredParam && !u.searchParams.get(requiredParam)) return [`url ${maskUrl(url)} has no ${requiredParam} query parameter`];
	return [];
}
