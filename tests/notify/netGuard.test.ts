/**
 * Private-address refusal. Expected classifications come from the IANA special-purpose
 * address registries (RFC 6890 and updates): private, loopback, link-local, unspecified,
 * shared (CGNAT), documentation, multicast and reserved ranges are not public.
 */
import { describe, expect, it } from 'vitest';
import { checkTargetUrl, isPrivateAddress } from '../../src/lib/server/notify/netGuard';

describe('isPrivateAddress', () => {
	it.each([
		['127.0.0.1', true],
		['127.255.255.254', true],
		['10.20.30.40', true],
		['172.16.0.1', true],
		['172.31.255.255', true],
		['172.32.0.1', false],
		['192.168.0.10', true],
		['169.254.169.254', true],
		['100.64.1.1', true],
		['0.0.0.0', true],
		['224.0.0.1', true],
		['255.255.255.255', true],
		['198.51.100.7', true],
		['8.8.8.8', false],
		['203.119.128.1', false],
		['::', true],
		['::1', true],
		['[::1]', true],
		['fe80::1%eth0', true],
		['fc00::1', true],
		['fd12:3456::1', true],
		['ff02::1', true],
		['::ffff:127.0.0.1', true],
		['::ffff:7f00:1', true],
		['::ffff:8.8.8.8', false],
		['64:ff9b::a00:1', true],
		['2002:c0a8:0101::1', true],
		['2001:db8::1', true],
		['2400:3200::1', false],
		['not-an-ip', true],
		// issue 24: normalised IPv6 forms the attack run slipped through (IANA IPv6 special registry)
		['[::ffff:0:127.0.0.1]', true], // IPv4-translated (RFC 2765), dotted tail
		['::ffff:0:7f00:1', true], // the same, hex groups
		['::ffff:0:a9fe:a9fe', true], // IPv4-translated metadata 169.254.169.254
		['::ffff:0:808:808', false], // IPv4-translated 8.8.8.8: public
		['64:ff9b:1::1', true], // local-use NAT64 (RFC 8215)
		['64:ff9b:1:ffff::a00:1', true],
		['64:ff9b::127.0.0.1', true], // well-known NAT64 with a dotted loopback
		['64:ff9b::808:808', false], // well-known NAT64 to 8.8.8.8: public
		['0:0:0:0:0:ffff:127.0.0.1', true], // IPv4-mapped, uncompressed
		['::FFFF:A9FE:A9FE', true], // upper-case hex
		['::127.0.0.1', true], // IPv4-compatible
		['2002:7f00:1::', true], // 6to4 of 127.0.0.1
		['2001::1', true] // Teredo
	])('%s → %s', (ip, expected) => {
		expect(isPrivateAddress(ip)).toBe(expected);
	});
});

describe('checkTargetUrl', () => {
	const resolvesTo = (...addresses: string[]) => async () => addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

	it('refuses loopback, link-local and unspecified literals, masking the URL', async () => {
		for (const url of ['http://127.0.0.1:8123/?query=x', 'http://[::1]/hook', 'http://169.254.169.254/latest/meta-data', 'http://0.0.0.0/', 'http://2130706433/']) {
			const r = await checkTargetUrl(url);
			expect(r.ok, url).toBe(false);
		}
		const r = await checkTargetUrl('http://127.0.0.1/robot/send?access_token=topsecret-token-123');
		expect(r.ok === false && r.error).toMatch(/resolves to the private\/loopback\/link-local address 127\.0\.0\.1; refused/);
		expect(r.ok === false && r.error).not.toContain('topsecret');
	});

	it('refuses names that resolve to a private address (any of them, IPv4 or IPv6)', async () => {
		expect((await checkTargetUrl('https://hooks.example.com/x', { lookup: resolvesTo('93.184.216.34', '10.0.0.5') })).ok).toBe(false);
		expect((await checkTargetUrl('https://hooks.example.com/x', { lookup: resolvesTo('fd00::5') })).ok).toBe(false);
		expect((await checkTargetUrl('https://hooks.example.com/x', { lookup: resolvesTo('93.184.216.34') })).ok).toBe(true);
		expect((await checkTargetUrl('http://localhost:9/x')).ok).toBe(false); // real resolver: loopback
	});

	it('allows private targets when configured, by flag, hostname or CIDR', async () => {
		expect((await checkTargetUrl('http://127.0.0.1:9/x', { allowPrivateTargets: true })).ok).toBe(true);
		expect((await checkTargetUrl('http://receiver.intranet/x', { allowHosts: ['RECEIVER.intranet'], lookup: resolvesTo('10.1.1.1') })).ok).toBe(true);
		expect((await checkTargetUrl('http://10.1.1.1/x', { allowHosts: ['10.1.0.0/16'] })).ok).toBe(true);
		expect((await checkTargetUrl('http://10.2.1.1/x', { allowHosts: ['10.1.0.0/16'] })).ok).toBe(false);
		expect((await checkTargetUrl('http://[fd00::7]/x', { allowHosts: ['fd00::/8'] })).ok).toBe(true);
	});

	it('refuses non-http schemes and unresolvable names', async () => {
		expect(await checkTargetUrl('file:///etc/passwd')).toMatchObject({ ok: false, error: expect.stringMatching(/must use http or https/) });
		const failing = async () => {
			throw Object.assign(new Error('queryA ENOTFOUND'), { code: 'ENOTFOUND' });
		};
		expect(await checkTargetUrl('https://nope.invalid/x', { lookup: failing })).toMatchObject({ ok: false, error: expect.stringMatching(/cannot resolve nope\.invalid .*ENOTFOUND/) });
	});
});
