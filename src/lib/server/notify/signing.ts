/**
 * Request signatures for the IM robots and the generic webhook.
 */
import { createHmac } from 'node:crypto';

/**
 * DingTalk custom robot 加签 signature.
 *
 * Vendor formula (open.dingtalk.com, 自定义机器人安全设置 · 加签): stringToSign = timestamp + "\n" +
 * secret; sign = urlEncode(base64(HmacSHA256(key = secret, message = stringToSign))), with
 * timestamp in milliseconds; both go in the query string (`&timestamp=…&sign=…`). This returns
 * the base64 text; URLSearchParams does the URL encoding when the query is built.
 *
 * @param secret robot secret (`SEC…`)
 * @param timestampMs epoch milliseconds (DingTalk rejects timestamps more than 1 h off)
 * @throws Error when secret is empty or the timestamp is not an integer
 * @example
 * dingtalkSign('secret', 1700000000000); // 'OuzzJR5+xZ4/EYwqtNt6sMYZQMTa/HEGvc9miJe7XzY='
 */
export function dingtalkSign(secret: string, timestampMs: number): string {
	if (!secret) throw new Error('dingtalkSign: secret must be a non-empty string');
	if (!Number.isInteger(timestampMs)) throw new Error(`dingtalkSign: timestampMs must be an integer, got ${timestampMs}`);
	return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64');
}

/**
 * Feishu (Lark) custom bot 签名校验 signature.
 *
 * Vendor formula (open.feishu.cn, 自定义机器人使用指南 · 签名校验): stringToSign = timestamp +
 * "\n" + secret is the HMAC-SHA256 *key* over an empty message; sign = base64(result);
 * timestamp in seconds; both go in the JSON body (`"timestamp"`, `"sign"`).
 *
 * @param secret bot secret
 * @param timestampSec epoch seconds (Feishu rejects timestamps more than 1 h off)
 * @throws Error when secret is empty or the timestamp is not an integer
 * @example
 * feishuSign('secret', 1700000000);
 */
export function feishuSign(secret: string, timestampSec: number): string {
	if (!secret) throw new Error('feishuSign: secret must be a non-empty string');
	if (!Number.isInteger(timestampSec)) throw new Error(`feishuSign: timestampSec must be an integer, got ${timestampSec}`);
	return createHmac('sha256', `${timestampSec}\n${secret}`).update('', 'utf8').digest('base64');
}

/** Header names of the generic webhook signature. */
export const WEBHOOK_TIMESTAMP_HEADER = 'x-csops-timestamp';
export const WEBHOOK_SIGNATURE_HEADER = 'x-csops-signature';

/**
 * Generic webhook signature: `sha256=` + hex(HmacSHA256(key = secret, message = timestamp +
 * "." + body)), timestamp in milliseconds, sent in `X-CSOps-Timestamp` and
 * `X-CSOps-Signature`. Signing the timestamp with the body lets receivers reject replays (the
 * scheme GitHub and Stripe webhooks use).
 *
 * @throws Error when secret is empty
 * @example
 * webhookSignature('s3cret', 1700000000000, '{"a":1}'); // 'sha256=…'
 */
export function webhookSignature(secret: string, timestampMs: number, body: string): string {
	if (!secret) throw new Error('webhookSignature: secret must be a non-empty string');
	return `sha256=${createHmac('sha256', secret).update(`${timestampMs}.${body}`, 'utf8').digest('hex')}`;
}
