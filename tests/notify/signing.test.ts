/**
 * Signatures with fixed secrets and timestamps.
 *
 * Vendor formulas:
 * - DingTalk custom robot 加签 (open.dingtalk.com, 自定义机器人安全设置): stringToSign =
 *   timestamp(ms) + "\n" + secret; sign = urlEncode(base64(HmacSHA256(key = secret, stringToSign))).
 * - Feishu custom bot 签名校验 (open.feishu.cn, 自定义机器人使用指南): stringToSign =
 *   timestamp(s) + "\n" + secret used as the HMAC-SHA256 key over an empty message; sign = base64.
 * Each expected value is computed here independently with node:crypto, and DingTalk also
 * against a published test vector.
 */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dingtalkSign, feishuSign, webhookSignature } from '../../src/lib/server/notify/signing';

describe('dingtalkSign', () => {
	it('matches the published vector of the dingding crate (docs.rs dingding 0.1.1, src/signature.rs)', () => {
		// that test signs timestamp "1700000000000" with secret "secret" and expects the
		// URL-encoded value below
		const sign = dingtalkSign('secret', 1_700_000_000_000);
		expect(new URLSearchParams({ sign }).toString()).toBe('sign=OuzzJR5%2BxZ4%2FEYwqtNt6sMYZQMTa%2FHEGvc9miJe7XzY%3D');
	});

	it('equals HMAC-SHA256(key = secret, timestamp + "\\n" + secret) in base64', () => {
		const secret = 'SEC6d0c3f1e2b4a59687766554433221100ffeeddccbbaa99887766554433221';
		const ts = 1_741_000_123_456;
		const expected = createHmac('sha256', Buffer.from(secret, 'utf8')).update(Buffer.from(`${ts}\n${secret}`, 'utf8')).digest().toString('base64');
		expect(dingtalkSign(secret, ts)).toBe(expected);
		expect(dingtalkSign(secret, ts + 1)).not.toBe(expected);
	});

	it('rejects an empty secret and a fractional timestamp', () => {
		expect(() => dingtalkSign('', 1)).toThrow(/dingtalkSign: secret must be a non-empty string/);
		expect(() => dingtalkSign('s', 1.5)).toThrow(/timestampMs must be an integer/);
	});
});

describe('feishuSign', () => {
	it('equals base64(HMAC-SHA256(key = timestamp + "\\n" + secret, empty message))', () => {
		const secret = 'qYbQ0kIGcJ5nFhHR3kFLzb';
		const ts = 1_741_000_123;
		const expected = createHmac('sha256', Buffer.from(`${ts}\n${secret}`, 'utf8')).update(Buffer.alloc(0)).digest('base64');
		expect(feishuSign(secret, ts)).toBe(expected);
		// not the DingTalk construction (key and message swapped)
		expect(feishuSign(secret, ts)).not.toBe(createHmac('sha256', secret).update(`${ts}\n${secret}`).digest('base64'));
	});
});

describe('webhookSignature', () => {
	it('is sha256= + hex HMAC of timestamp.body', () => {
		const body = '{"id":"x","level":3}';
		const expected = `sha256=${createHmac('sha256', 'whsec').update(`1741000123456.${body}`).digest('hex')}`;
		expect(webhookSignature('whsec', 1_741_000_123_456, body)).toBe(expected);
	});
});
