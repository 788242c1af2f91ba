/**
 * Outbound URL guard (SSRF protection): webhook URLs are typed in by managers, so a URL that
 * points into the private network (the metadata service at 169.254.169.254, the ClickHouse
 * port on localhost, …) is refused unless configuration allows it.
 *
 * Blocked ranges: the special-purpose registries of RFC 6890 and their IANA updates
 * (iana.org/assignments/iana-ipv4-special-registry, …/iana-ipv6-special-registry) that are not
 * globally reachable, plus multicast; IPv6 forms that embed an IPv4 address (IPv4-mapped,
 * IPv4-translated ::ffff:0:0/96, IPv4-compatible, NAT64 64:ff9b::/96, 6to4 2002::/16) are judged by
 * the embedded address, whatever the notation (hex groups or dotted tail: the address is parsed to
 * its eight groups first); the local-use NAT64 prefix 64:ff9b:1::/48 is refused as a whole.
 *
 * The addresses checked here are the only ones the request may connect to (./pinnedRequest),
 * so a DNS answer that changes between this check and the connection (DNS rebinding) cannot
 * steer a webhook into the private network.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { maskUrl } from './redact';

export interface NetPolicy {
	/** Allow private, loopback, link-local and unspecified targets (tests, on-premise receivers). */
	allowPrivateTargets?: boolean;
	/** Hostnames (exact, case-insensitive) or IP / CIDR entries allowed even if private. */
	allowHosts?: string[];
	/** DNS resolution (injectable for tests); default node:dns lookup with all addresses. */
	lookup?: (hostname: string) => Promise<Array<{ address: string; family: number }>>;
}

export type UrlCheck = { ok: true; url: URL; addresses: string[] } | { ok: false; error: string };

const V4_BLOCKED: Array<[string, number]> = [
	['0.0.0.0', 8], // "this network", includes the unspecified 0.0.0.0
	['10.0.0.0', 8], // private
	['100.64.0.0', 10], // shared address space (CGNAT)
	['127.0.0.0', 8], // loopback
	['169.254.0.0', 16], // link-local (cloud metadata)
	['172.16.0.0', 12], // private
	['192.0.0.0', 24], // IETF protocol assignments
	['192.0.2.0', 24], // TEST-NET-1
	['192.88.99.0', 24], // 6to4 relay anycast (deprecated)
	['192.168.0.0', 16], // private
	['198.18.0.0', 15], // benchmarking
	['198.51.100.0', 24], // TEST-NET-2
	['203.0.113.0', 24], // TEST-NET-3
	['224.0.0.0', 4], // multicast
	['240.0.0.0', 4] // reserved, includes broadcast 255.255.255.255
];

function v4ToInt(ip: string): number {
	return ip.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
}

function v4InCidr(ipInt: number, base: string, bits: number): boolean {
	if (bits === 0) return true;
	const size = 2 ** (32 - bits);
	const start = Math.floor(v4ToInt(base) / size) * size;
	return ipInt >= start && ipInt < start + size;
}

/** Parses an IPv6 address (with optional brackets, zone id, embedded IPv4) into eight 16-bit groups. */
export function parseIpv6(text: string): number[] | null {
	let s = text.replace(/^\[|\]$/g, '');
	const zone = s.indexOf('%');
	if (zone >= 0) s = s.slice(0, zone);
	if (isIP(s) !== 6) return null;
	const lastColon = s.lastIndexOf(':');
	const last = s.slice(lastColon + 1);
	if (last.includes('.')) {
		const n = v4ToInt(last);
		s = `${s.slice(0, lastColon + 1)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
	}
	const parts = s.split('::');
	const head = parts[0] ? parts[0].split(':') : [];
	if (parts.length === 1) return head.length === 8 ? head.map((h) => parseInt(h, 16)) : null;
	const tail = parts[1] ? parts[1].split(':') : [];
	const zeros = 8 - head.length - tail.length;
	if (zeros < 0) return null;
	return [...head, ...new Array<string>(zeros).fill('0'), ...tail].map((h) => parseInt(h, 16));
}

function v6Prefix(groups: number[], prefix: number[], bits: number): boolean {
	for (let i = 0; i < 8 && bits > 0; i++) {
		const take = Math.min(16, bits);
		const mask = (0xffff << (16 - take)) & 0xffff;
		if ((groups[i] & mask) !== ((prefix[i] ?? 0) & mask)) return false;
		bits -= take;
	}
	return true;
}

function embeddedV4(hi: number, lo: number): string {
	return `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
}

/**
 * Whether an IP address is not a public unicast address (private, loopback, link-local,
 * unspecified, documentation, multicast, reserved…). Non-IP input counts as private.
 *
 * @example
 * isPrivateAddress('169.254.169.254'); // true
 * isPrivateAddress('::ffff:10.0.0.1'); // true
 * isPrivateAddress('8.8.8.8'); // false
 */
export function isPrivateAddress(ip: string): boolean {
	const bare = ip.replace(/^\[|\]$/g, '');
	if (isIP(bare) === 4) {
		const n = v4ToInt(bare);
		return V4_BLOCKED.some(([base, bits]) => v4InCidr(n, base, bits));
	}
	const g = parseIpv6(bare);
	if (!g) return true;
	if (g.every((x) => x === 0)) return true; // :: unspecified
	if (g.slice(0, 7).every((x) => x === 0) && g[7] === 1) return true; // ::1 loopback
	if (v6Prefix(g, [0, 0, 0, 0, 0, 0xffff], 96)) return isPrivateAddress(embeddedV4(g[6], g[7])); // IPv4-mapped
	if (v6Prefix(g, [0, 0, 0, 0, 0xffff, 0], 96)) return isPrivateAddress(embeddedV4(g[6], g[7])); // IPv4-translated ::ffff:0:0/96 (RFC 2765 SIIT)
	if (v6Prefix(g, [0, 0, 0, 0, 0, 0], 96)) return isPrivateAddress(embeddedV4(g[6], g[7])); // IPv4-compatible (deprecated)
	if (v6Prefix(g, [0x64, 0xff9b, 1], 48)) return true; // local-use NAT64 64:ff9b:1::/48 (RFC 8215): not globally reachable, any prefix length
	if (v6Prefix(g, [0x64, 0xff9b, 0, 0, 0, 0], 96)) return isPrivateAddress(embeddedV4(g[6], g[7])); // NAT64
	if (v6Prefix(g, [0x2002], 16)) return isPrivateAddress(embeddedV4(g[1], g[2])); // 6to4
	return (
		v6Prefix(g, [0xfc00], 7) || // unique local
		v6Prefix(g, [0xfe80], 10) || // link-local
		v6Prefix(g, [0xfec0], 10) || // site-local (deprecated)
		v6Prefix(g, [0xff00], 8) || // multicast
		v6Prefix(g, [0x2001, 0x0db8], 32) || // documentation
		v6Prefix(g, [0x0100, 0, 0, 0], 64) || // discard-only
		v6Prefix(g, [0x2001, 0], 23) // IETF protocol assignments (incl. Teredo 2001::/32)
	);
}

function inAllowList(hostname: string, addresses: string[], allow: readonly string[]): boolean {
	const host = hostname.toLowerCase();
	for (const entry of allow) {
		const e = entry.trim().toLowerCase();
		if (e === host) return true;
		const [base, bitsText] = e.split('/');
		if (isIP(base) === 4) {
			const bits = bitsText === undefined ? 32 : Number(bitsText);
			if (addresses.some((a) => isIP(a) === 4 && v4InCidr(v4ToInt(a), base, bits))) return true;
		} else if (isIP(base) === 6) {
			const p = parseIpv6(base);
			const bits = bitsText === undefined ? 128 : Number(bitsText);
			if (p && addresses.some((a) => {
				const g = parseIpv6(a);
				return g !== null && v6Prefix(g, p, bits);
			})) return true;
		}
	}
	return false;
}

const defaultLookup = async (hostname: string) => dnsLookup(hostname, { all: true, verbatim: true });

/**
 * Checks an outbound URL: http(s) only; every address the host resolves to must be public
 * unless `allowPrivateTargets` is set or the host/address is in `allowHosts`.
 *
 * @returns the parsed URL and addresses, or an error (with the URL masked)
 * @throws never (DNS failures come back as errors)
 * @example
 * await checkTargetUrl('http://127.0.0.1:9/x', {}); // { ok: false, error: '… private address 127.0.0.1 …' }
 */
export async function checkTargetUrl(url: string, policy: NetPolicy = {}): Promise<UrlCheck> {
	let u: URL;
	try {
		u = new URL(url);
	} catch {
		return { ok: false, error: 'target URL is not a valid absolute URL' };
	}
	if (u.protocol !== 'http:' && u.protocol !== 'https:') {
		return { ok: false, error: `target URL ${maskUrl(url)} must use http or https, got ${u.protocol}` };
	}
	const hostname = u.hostname.replace(/^\[|\]$/g, '');
	let addresses: string[];
	if (isIP(hostname)) addresses = [hostname];
	else {
		try {
			addresses = (await (policy.lookup ?? defaultLookup)(hostname)).map((a) => a.address);
		} catch (e) {
			return { ok: false, error: `cannot resolve ${hostname} for ${maskUrl(url)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
		}
		if (addresses.length === 0) return { ok: false, error: `cannot resolve ${hostname} for ${maskUrl(url)}: no address` };
	}
	if (policy.allowPrivateTargets || inAllowList(hostname, addresses, policy.allowHosts ?? [])) return { ok: true, url: u, addresses };
	const blocked = addresses.find(isPrivateAddress);
	if (blocked !== undefined) {
		return {
			ok: false,
			error: `target URL ${maskUrl(url)} resolves to the private/loopback/link-local address ${blocked}; refused (allow it with allowPrivateTargets or allowHosts)`
		};
	}
	return { ok: true, url: u, addresses };
}
