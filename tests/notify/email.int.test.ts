/**
 * E-mail over a real local SMTP server (smtp-server on 127.0.0.1), no transport mocks.
 * Oracles: RFC 5321 §4.2.1 (4yz transient → retry, 5yz permanent → no retry) and the message
 * fields we set (From, To, Subject, body).
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher, type AttemptReport } from '../../src/lib/server/notify/dispatcher';
import { createNotifierRegistry } from '../../src/lib/server/notify/registry';
import type { NotifyMessage } from '../../src/lib/server/notify/types';

interface Mail {
	from: string;
	to: string[];
	raw: string;
}

const servers: SMTPServer[] = [];
afterEach(async () => {
	await Promise.all(servers.splice(0).map((s) => new Promise<void>((r) => s.close(() => r()))));
});

/** Starts a local SMTP server; `rcpt` may reject an address with an SMTP reply code. */
async function startSmtp(rcpt: (address: string, n: number) => number | null = () => null, port = 0): Promise<{ port: number; mails: Mail[]; server: SMTPServer }> {
	const mails: Mail[] = [];
	let rcptCount = 0;
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		logger: false,
		onAuth(auth, _session, cb) {
			if (auth.username === 'alerts' && auth.password === 'smtp-pass-9') cb(null, { user: 'alerts' });
			else cb(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
		},
		onRcptTo(address, _session, cb) {
			const code = rcpt(address.address, rcptCount++);
			if (code) cb(Object.assign(new Error(code >= 500 ? 'mailbox unavailable' : 'try again later'), { responseCode: code }));
			else cb();
		},
		onData(stream, session, cb) {
			const chunks: Buffer[] = [];
			stream.on('data', (c: Buffer) => chunks.push(c));
			stream.on('end', () => {
				mails.push({
					from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
					to: session.envelope.rcptTo.map((r) => r.address),
					raw: Buffer.concat(chunks).toString('utf8')
				});
				cb();
			});
		}
	});
	servers.push(server);
	await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
	return { port: (server.server.address() as AddressInfo).port, mails, server };
}

/** Decodes a quoted-printable or base64 MIME body part enough to read UTF-8 text. */
function decodeBody(raw: string): string {
	const [head, ...rest] = raw.split(/\r?\n\r?\n/);
	const body = rest.join('\n\n');
	if (/content-transfer-encoding:\s*base64/i.test(head)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
	if (/content-transfer-encoding:\s*quoted-printable/i.test(head)) {
		const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => `%${h}`);
		return decodeURIComponent(bytes.replace(/%(?![0-9A-F]{2})/gi, '%25'));
	}
	return body;
}

const message: NotifyMessage = {
	id: 'intent-1',
	title: '[L3 red - intervention] chat: 2 alerts',
	text: '- c1 · 已等待 3m05s (阈值 3m00s)\n- c2 · 已等待 3m01s (阈值 3m00s)',
	level: 3,
	kind: 'firing',
	sound: true,
	createdAtMs: Date.now(),
	sourceIds: ['intent-1']
};

describe('e-mail notifier', () => {
	it('delivers to a real SMTP server with authentication', async () => {
		const smtp = await startSmtp();
		const registry = createNotifierRegistry({ smtp: { host: '127.0.0.1', port: smtp.port, ignoreTLS: true, from: 'alerts@cs.example.com', auth: { user: 'alerts', pass: 'smtp-pass-9' } } });
		const r = await registry.send({ id: 'mgr-mail', type: 'email', to: ['manager@cs.example.com'], cc: ['ops@cs.example.com'] }, message);
		expect(r).toEqual({ ok: true });
		expect(smtp.mails).toHaveLength(1);
		const mail = smtp.mails[0];
		expect(mail.from).toBe('alerts@cs.example.com');
		expect(mail.to.sort()).toEqual(['manager@cs.example.com', 'ops@cs.example.com']);
		expect(mail.raw).toMatch(/^Subject: \[L3 red - intervention\] chat: 2 alerts\r?$/m);
		expect(mail.raw).toMatch(/^X-CSOps-Message-Id: intent-1\r?$/im);
		expect(decodeBody(mail.raw)).toContain('c1 · 已等待 3m05s');
		registry.close();
	});

	it('reports a wrong password as not retryable and never shows it', async () => {
		const smtp = await startSmtp();
		const registry = createNotifierRegistry({ smtp: { host: '127.0.0.1', port: smtp.port, ignoreTLS: true, from: 'alerts@cs.example.com', auth: { user: 'alerts', pass: 'wrong-pass-77' } } });
		const r = await registry.send({ id: 'm', type: 'email', to: ['manager@cs.example.com'] }, message);
		expect(r).toMatchObject({ ok: false, retryable: false });
		expect((r as { error: string }).error).not.toContain('wrong-pass-77');
		registry.close();
	});

	it('retries a 451 (transient) but not a 550 (permanent)', async () => {
		const smtp = await startSmtp((address) => (address.startsWith('busy') ? 451 : address.startsWith('gone') ? 550 : null));
		const registry = createNotifierRegistry({ smtp: { host: '127.0.0.1', port: smtp.port, ignoreTLS: true, from: 'alerts@cs.example.com' } });
		expect(await registry.send({ id: 'a', type: 'email', to: ['busy@cs.example.com'] }, message)).toMatchObject({ ok: false, retryable: true, error: expect.stringMatching(/SMTP 451/) });
		expect(await registry.send({ id: 'b', type: 'email', to: ['gone@cs.example.com'] }, message)).toMatchObject({ ok: false, retryable: false, error: expect.stringMatching(/SMTP 550/) });
		registry.close();
	});

	it('the dispatcher retries until the SMTP server accepts', async () => {
		// the first RCPT gets 451, the second is accepted
		const smtp = await startSmtp((_a, n) => (n === 0 ? 451 : null));
		const registry = createNotifierRegistry({ smtp: { host: '127.0.0.1', port: smtp.port, ignoreTLS: true, from: 'alerts@cs.example.com' } });
		const reports: AttemptReport[] = [];
		const d = createDispatcher({ registry, retry: { baseDelayMs: 50, maxDelayMs: 200 }, onResult: (r) => reports.push(r) });
		d.enqueue({ id: 'j1', intentId: 'intent-1', target: { id: 'mgr-mail', type: 'email', to: ['manager@cs.example.com'] }, message });
		await d.idle();
		expect(reports.map((r) => [r.attempt, r.result.ok])).toEqual([
			[1, false],
			[2, true]
		]);
		expect(smtp.mails).toHaveLength(1);
		await d.close();
		registry.close();
	});

	it('a server that is not running is a retryable failure', async () => {
		const smtp = await startSmtp();
		const port = smtp.port;
		await new Promise<void>((r) => smtp.server.close(() => r()));
		servers.splice(servers.indexOf(smtp.server), 1);
		const registry = createNotifierRegistry({ smtp: { host: '127.0.0.1', port, ignoreTLS: true, from: 'alerts@cs.example.com', connectionTimeoutMs: 2000 } });
		expect(await registry.send({ id: 'a', type: 'email', to: ['manager@cs.example.com'] }, message)).toMatchObject({ ok: false, retryable: true });
		registry.close();
	});
});
