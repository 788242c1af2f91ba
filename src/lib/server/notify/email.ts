/**
 * E-mail over SMTP (nodemailer). SMTP reply codes decide retries (RFC 5321 §4.2.1): 4yz is a
 * transient failure (retry), 5yz permanent (no retry). Connection-level failures (refused,
 * timeout, socket closed, DNS) are retried; authentication, envelope and message errors are
 * configuration problems and are not.
 */
import nodemailer from 'nodemailer';
import type * as v from 'valibot';
import { redact } from './redact';
import type { SmtpConfigSchema } from './schemas';
import type { EmailTarget, Notifier, NotifyMessage, SendContext, SendResult } from './types';

/** The SMTP server, as checked by the config loader (schemas.ts). */
export type SmtpConfig = v.InferOutput<typeof SmtpConfigSchema>;

const NOT_RETRYABLE_CODES = new Set(['EAUTH', 'EENVELOPE', 'EMESSAGE', 'ETLS', 'EREQUIRETLS']);

/**
 * Classifies a nodemailer error.
 *
 * @example
 * classifySmtpError({ responseCode: 451, message: '451 try later' }, 'e-mail'); // retryable
 */
export function classifySmtpError(err: unknown, what: string, secrets: readonly string[] = []): SendResult {
	const e = (err ?? {}) as { responseCode?: unknown; code?: unknown; message?: unknown };
	const detail = redact(String(e.message ?? err), secrets).replace(/\s+/g, ' ').slice(0, 300);
	if (typeof e.responseCode === 'number') {
		return { ok: false, retryable: e.responseCode >= 400 && e.responseCode < 500, error: `${what}: SMTP ${e.responseCode} ${detail}` };
	}
	const code = typeof e.code === 'string' ? e.code : '';
	return { ok: false, retryable: !NOT_RETRYABLE_CODES.has(code), error: `${what}: ${code || 'error'} ${detail}`.trim() };
}

/**
 * Creates the e-mail notifier (one SMTP transport, reused).
 *
 * @example
 * const n = createEmailNotifier({ smtp: { host: 'smtp.example.com', port: 587, from: 'alerts@example.com', auth } });
 */
export function createEmailNotifier(opts: { smtp: SmtpConfig }): Notifier<EmailTarget> & { close(): void } {
	const { smtp } = opts;
	const timeout = smtp.connectionTimeoutMs ?? 10_000;
	const transport = nodemailer.createTransport({
		host: smtp.host,
		port: smtp.port,
		secure: smtp.secure ?? false,
		requireTLS: smtp.requireTLS ?? false,
		ignoreTLS: smtp.ignoreTLS ?? false,
		auth: smtp.auth ? { user: smtp.auth.user, pass: smtp.auth.pass } : undefined,
		connectionTimeout: timeout,
		greetingTimeout: timeout,
		socketTimeout: 3 * timeout
	});
	const secrets = smtp.auth ? [smtp.auth.pass] : [];
	return {
		type: 'email',
		validate(t) {
			const issues: string[] = [];
			if (!Array.isArray(t.to) || t.to.length === 0) issues.push('to must list at least one address');
			for (const a of [...(t.to ?? []), ...(t.cc ?? [])]) if (!/^[^\s@]+@[^\s@]+$/.test(a)) issues.push(`address ${JSON.stringify(a)} is not an e-mail address`);
			return issues;
		},
		secretsOf: () => secrets,
		async send(t: EmailTarget, message: NotifyMessage, _ctx: SendContext) {
			const what = `e-mail to ${t.to.length} recipient(s) via ${smtp.host}:${smtp.port}`;
			try {
				await transport.sendMail({
					from: smtp.from,
					to: t.to,
					cc: t.cc,
					subject: message.title,
					text: message.text,
					...(message.html ? { html: message.html } : {}),
					headers: { 'X-CSOps-Message-Id': message.id }
				});
				return { ok: true };
			} catch (err) {
				return classifySmtpError(err, what, secrets);
			}
		},
		close: () => transport.close()
	};
}
