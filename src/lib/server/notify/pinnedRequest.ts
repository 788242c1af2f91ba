/**
 * One outbound HTTP(S) request that connects only to addresses the URL guard already checked
 * (./netGuard): the socket's DNS lookup is replaced by the checked list, so a name whose answer
 * changes between the check and the connection (DNS rebinding) cannot steer the request into the
 * private network. TLS still verifies the certificate against the URL's host name (SNI and
 * `checkServerIdentity` use the host, not the address). No redirects are followed (node:http
 * never follows them); the response body is read up to {@link MAX_RESPONSE_BYTES}.
 */
import type { LookupFunction } from 'node:net';
import { isIP } from 'node:net';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** Responses are only read for status texts and vendor error codes; more than this is cut off. */
export const MAX_RESPONSE_BYTES = 64 * 1024;

export interface PinnedResponse {
	status: number;
	headers: Headers;
	bodyText: string;
}

/** Raised when the whole request (connect, send, read) takes longer than `timeoutMs`. */
export class RequestTimeoutError extends Error {
	constructor(ms: number) {
		super(`timed out after ${ms} ms`);
		this.name = 'TimeoutError';
	}
}

/**
 * A `lookup` for net.connect that answers with the given addresses only. Node 20's connect asks
 * for all addresses (`all: true`, happy eyeballs) or for one; both forms are served.
 *
 * @throws never; an empty list answers ENOTFOUND
 * @example pinnedLookup(['203.0.113.7'])('hook.example', {}, (err, address) => address) // '203.0.113.7'
 */
export function pinnedLookup(addresses: readonly string[]): LookupFunction {
	const entries = addresses.map((address) => ({ address, family: isIP(address) }));
	return (hostname, options, callback) => {
		const wanted = options.family === 4 || options.family === 6 ? entries.filter((e) => e.family === options.family) : entries;
		if (wanted.length === 0) {
			const err = Object.assign(new Error(`no checked address for ${hostname}`), { code: 'ENOTFOUND' });
			(callback as (e: NodeJS.ErrnoException) => void)(err);
			return;
		}
		if (options.all) (callback as (e: null, a: typeof wanted) => void)(null, wanted);
		else callback(null, wanted[0].address, wanted[0].family);
	};
}

function toHeaders(raw: IncomingHttpHeaders): Headers {
	const h = new Headers();
	for (const [k, v] of Object.entries(raw)) {
		if (v === undefined) continue;
		for (const one of Array.isArray(v) ? v : [v]) h.append(k, one);
	}
	return h;
}

/**
 * POSTs `body` to `url`, connecting only to `addresses` (already checked by the guard).
 *
 * @throws RequestTimeoutError after `timeoutMs`; the socket's error (with `code`, e.g.
 *   ECONNREFUSED) on network failures
 * @example await pinnedPost(new URL('https://hook.example/x'), ['203.0.113.7'], '{}', {}, 5000)
 */
export function pinnedPost(
	url: URL,
	addresses: readonly string[],
	body: string,
	headers: Record<string, string>,
	timeoutMs: number
): Promise<PinnedResponse> {
	return new Promise((resolve, reject) => {
		const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
		const req = send(url, {
			method: 'POST',
			headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
			lookup: pinnedLookup(addresses),
			agent: false
		});
		let settled = false;
		const timer = setTimeout(() => req.destroy(new RequestTimeoutError(timeoutMs)), timeoutMs);
		const settle = (fn: () => void) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			fn();
		};
		req.on('error', (e) => settle(() => reject(e)));
		req.on('response', (res) => {
			const chunks: Buffer[] = [];
			let size = 0;
			const done = () =>
				settle(() =>
					resolve({
						status: res.statusCode ?? 0,
						headers: toHeaders(res.headers),
						bodyText: Buffer.concat(chunks).subarray(0, MAX_RESPONSE_BYTES).toString('utf8')
					})
				);
			res.on('data', (chunk: Buffer) => {
				chunks.push(chunk);
				size += chunk.length;
				if (size >= MAX_RESPONSE_BYTES) {
					// Enough for status texts and error codes: stop reading, close the socket.
					done();
					res.destroy();
				}
			});
			res.on('end', done);
			res.on('error', (e) => settle(() => reject(e)));
			res.on('close', () => settle(() => reject(Object.assign(new Error('connection closed before the response ended'), { code: 'ECONNRESET' }))));
		});
		req.end(body);
	});
}
