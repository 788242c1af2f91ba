import type { ClickHouseClient } from '@clickhouse/client';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CHANNELS, DEFAULT_QUEUES } from '../../src/lib/server/config/defaults';
import { DEFAULT_CATEGORIES, type ReportSettings } from '../../src/lib/server/config/config';
import { createNotifierRegistry } from '../../src/lib/server/notify/registry';
import type { NotifierTarget } from '../../src/lib/server/notify/types';
import { digestLog, duePeriod, runDueDigests } from '../../src/lib/server/reports/digest';
import { openMigratedEngine, tempDir } from '../helpers/engine';
import { startReceiver, type Receiver } from '../notify/receiver';
import { FIXTURE } from './fixture';

/**
 * A daily digest of the hand-computed fixture (tests/reports/fixture.ts), delivered for real to a
 * local HTTP receiver (webhook) and a local SMTP server (e-mail with an HTML table). The figures
 * expected are those of 2026-11-11 worked out in tests/reports/kpis.int.test.ts.
 */
const dir = tempDir('csops-digest-');
let client: ClickHouseClient;
let receiver: Receiver;
let smtp: SMTPServer;
const mails: { to: string[]; raw: string }[] = [];

beforeAll(async () => {
	client = await openMigratedEngine(dir.path);
	await client.insert({ table: 'contact_events', values: FIXTURE, format: 'JSONEachRow' });
	receiver = await startReceiver();
	smtp = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		logger: false,
		onData(stream, session, cb) {
			const chunks: Buffer[] = [];
			stream.on('data', (c: Buffer) => chunks.push(c));
			stream.on('end', () => {
				mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
				cb();
			});
		}
	});
	await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));
});
afterAll(async () => {
	await client?.close();
	await receiver?.close();
	await new Promise<void>((r) => (smtp ? smtp.close(() => r()) : r()));
	dir.cleanup();
});

/** The decoded text/html part of a raw MIME message (quoted-printable or base64). */
function htmlPart(raw: string): string {
	const m = /Content-Type: text\/html[^\r\n]*\r?\n(?:[^\r\n]+\r?\n)*?Content-Transfer-Encoding: ([^\r\n]+)\r?\n\r?\n([\s\S]*?)\r?\n--/i.exec(raw);
	if (!m) throw new Error(`no text/html part in:\n${raw.slice(0, 2000)}`);
	const [, enc, body] = m;
	if (/base64/i.test(enc)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
	const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => `%${h}`);
	return decodeURIComponent(bytes.replace(/%(?![0-9A-F]{2})/gi, '%25'));
}

describe('report digests', () => {
	it('knows which period is due', () => {
		const at = (iso: string) => Date.parse(`${iso}+08:00`);
		const daily = { id: 'd', kind: 'daily' as const, at: '08:00', weekday: 1, targets: ['x'], locale: 'zh-CN' as const };
		expect(duePeriod(daily, at('2026-11-12T08:00:30'), 'Asia/Shanghai')).toMatchObject({ from: '2026-11-11', to: '2026-11-11', prevFrom: '2026-11-10' });
		// before 08:00 the last due digest is the one of 08:00 yesterday, about the day before
		expect(duePeriod(daily, at('2026-11-12T07:59:00'), 'Asia/Shanghai')).toMatchObject({ from: '2026-11-10' });
		// weekly on Monday 09:00: 2026-11-16 is a Monday; the week reported is Mon 11-09 … Sun 11-15
		const weekly = { ...daily, kind: 'weekly' as const, at: '09:00', weekday: 1 };
		expect(duePeriod(weekly, at('2026-11-16T09:05:00'), 'Asia/Shanghai')).toEqual({ from: '2026-11-09', to: '2026-11-15', prevFrom: '2026-11-02', prevTo: '2026-11-08' });
		expect(duePeriod(weekly, at('2026-11-16T08:55:00'), 'Asia/Shanghai')).toMatchObject({ from: '2026-11-02', to: '2026-11-08' });
	});

	it('delivers the daily digest to a webhook and by e-mail, logs it, and does not resend it', async () => {
		const port = (smtp.server.address() as AddressInfo).port;
		const registry = createNotifierRegistry({
			smtp: { host: '127.0.0.1', port, from: 'reports@example.com', ignoreTLS: true },
			net: { allowPrivateTargets: true }
		});
		const targets: NotifierTarget[] = [
			{ id: 'hook', type: 'webhook', url: receiver.url('/digest') },
			{ id: 'mail', type: 'email', to: ['ops@example.com'] }
		];
		const reports: ReportSettings = {
			fcrWindowDays: 7,
			complaintRepeatDays: 7,
			complaintQueues: ['complaint'],
			categories: DEFAULT_CATEGORIES,
			digests: [{ id: 'ops_daily', kind: 'daily', at: '08:00', weekday: 1, targets: ['hook', 'mail'], locale: 'zh-CN' }]
		};
		const logs: string[] = [];
		const deps = {
			client,
			timezone: 'Asia/Shanghai',
			channels: DEFAULT_CHANNELS,
			queues: DEFAULT_QUEUES,
			reports,
			targets,
			send: (t: NotifierTarget, m: Parameters<typeof registry.send>[1]) => registry.send(t, m),
			now: () => Date.parse('2026-11-12T08:00:30+08:00'),
			log: (l: string) => logs.push(l)
		};
		const made = await runDueDigests(deps);
		expect(made.map((r) => [r.target_id, r.ok, r.period_from])).toEqual([
			['hook', 1, '2026-11-11'],
			['mail', 1, '2026-11-11']
		]);

		expect(receiver.requests).toHaveLength(1);
		const body = receiver.requests[0].json as { title: string; text: string; kind: string };
		expect(body.kind).toBe('digest');
		expect(body.title).toBe('客服运营日报 2026-11-11');
		// 2026-11-11 (kpis.int.test.ts): offered 2 vs 7 the day before, SL 100 vs 40, FCR 100 vs 75, CSAT 4.50 vs 3.50
		expect(body.text).toContain('- 咨询量: **2** (-5)');
		expect(body.text).toContain('- 服务水平 %: **100.0** (+60.0)');
		expect(body.text).toContain('- 首次解决率 %: **100.0** (+25.0)');
		expect(body.text).toContain('- 满意度: **4.50** (+1.00)');
		// by channel on 11-11: chat C7 (offered 1), email C9 (offered 1)
		expect(body.text).toContain('| 旺旺在线 | 1 | 100.0 | 100.0 | 4.00 |');
		expect(body.text).toContain('| 邮件 | 1 | 100.0 | 100.0 | 5.00 |');

		expect(mails).toHaveLength(1);
		expect(mails[0].to).toEqual(['ops@example.com']);
		const html = htmlPart(mails[0].raw);
		expect(html).toContain('<h2 style="margin:0 0 8px">客服运营日报 2026-11-11</h2>');
		expect(html).toContain('<tr><td>服务水平 %</td><td align="right"><b>100.0</b></td><td align="right">+60.0</td></tr>');

		// logged; a second run for the same period sends nothing
		const log = await digestLog(client, 10);
		expect(log.map((r) => [r.digest_id, r.target_id, r.ok])).toEqual(expect.arrayContaining([['ops_daily', 'hook', 1], ['ops_daily', 'mail', 1]]));
		expect(await runDueDigests(deps)).toEqual([]);
		expect(receiver.requests).toHaveLength(1);
		registry.close();
	});
});
