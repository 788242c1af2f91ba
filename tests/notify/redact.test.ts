/**
 * Secrets never appear in texts we show: robot tokens in URLs, signing secrets, passwords.
 */
import { describe, expect, it } from 'vitest';
import { maskUrl, redact, secretsOfUrl } from '../../src/lib/server/notify/redact';

describe('maskUrl', () => {
	it('masks the robot credentials of each vendor URL', () => {
		expect(maskUrl('https://oapi.dingtalk.com/robot/send?access_token=9f2c1e0b7a6d5c4b3a2918f7e6d5c4b3a2918f7e6d5c4b3a2918f7e6d5c4b3a')).toBe('https://oapi.dingtalk.com/robot/send?access_token=***');
		expect(maskUrl('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa')).toBe('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=***');
		expect(maskUrl('https://open.feishu.cn/open-apis/bot/v2/hook/0c1f3b6a-8d2e-4f5a-9b7c-1d2e3f4a5b6c')).toBe('https://open.feishu.cn/open-apis/bot/v2/hook/***');
		expect(maskUrl('https://user:pa55@hooks.example.com/x')).toBe('https://***@hooks.example.com/x');
	});
});

describe('redact', () => {
	it('masks raw, URI-encoded and form-encoded forms', () => {
		const secret = 'SEC+abc/def=';
		const text = `sign failed for ${secret}, url had ${encodeURIComponent(secret)} and ${new URLSearchParams({ s: secret }).toString().slice(2)}`;
		expect(redact(text, [secret])).toBe('sign failed for ***, url had *** and ***');
	});

	it('masks every secret found in a URL', () => {
		const url = 'https://open.feishu.cn/open-apis/bot/v2/hook/0c1f3b6a-8d2e-4f5a-9b7c-1d2e3f4a5b6c?x=tok3n-value';
		const text = `POST ${url} failed`;
		const out = redact(text, secretsOfUrl(url));
		expect(out).not.toContain('0c1f3b6a-8d2e');
		expect(out).not.toContain('tok3n-value');
	});
});
