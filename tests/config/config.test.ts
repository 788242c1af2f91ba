import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, redactConfig } from '../../src/lib/server/config/config';

const problemsOf = (f: () => unknown): string[] => {
	try {
		f();
	} catch (err) {
		if (err instanceof ConfigError) return err.problems;
		throw err;
	}
	throw new Error('expected a ConfigError');
};

describe('loadConfig', () => {
	it('ships the defaults of docs/domain.md', () => {
		const c = loadConfig({ env: {} });
		expect(c.storage.mode).toBe('embedded');
		expect(c.storage.dataPath).toBe('./data');
		expect(c.timezone).toBe('Asia/Shanghai');
		const phone = c.channels.find((x) => x.id === 'phone')!;
		// domain.md 三级预警 table: phone 20 s / 60 s / 180 s; SL target "e.g. 80/20 for phone"
		expect(phone.alerts).toEqual({ l1Sec: 20, l2Sec: 60, l3Sec: 180 });
		expect([phone.slTargetPct, phone.slTargetSec]).toEqual([80, 20]);
		const ticket = c.channels.find((x) => x.id === 'ticket')!;
		// domain.md: ticket 1 h / 24 h / 72 h
		expect(ticket.alerts).toEqual({ l1Sec: 3600, l2Sec: 86400, l3Sec: 259200 });
		expect(c.queues.map((q) => q.id)).toEqual(['presale', 'insale', 'aftersale', 'complaint']);
	});

	it('switches to a ClickHouse server when CLICKHOUSE_URL is set', () => {
		const c = loadConfig({ env: { CLICKHOUSE_URL: 'http://ch:8123', CLICKHOUSE_DATABASE: 'cs', CLICKHOUSE_PASSWORD: 's3cret' } });
		expect(c.storage).toMatchObject({ mode: 'remote', url: 'http://ch:8123', database: 'cs' });
		expect(JSON.stringify(redactConfig(c))).not.toContain('s3cret');
	});

	it('names the key, the value and the rule for a bad env value', () => {
		const p = problemsOf(() => loadConfig({ env: { PORT: 'eighty' } }));
		expect(p).toEqual(['PORT = "eighty": must be a whole number from 1 to 65535']);
	});

	it('reports every problem of a config file, not just the first', () => {
		const yaml = `
timezone: Mars/Olympus
channels:
  - id: chat
    slTargetPct: 180
    alerts: { l1Sec: 60, l2Sec: 30, l3Sec: 180 }
  - id: Fax Line
`;
		const p = problemsOf(() => loadConfig({ env: { CSOPS_CONFIG: '/etc/cs.yaml' }, readFile: () => yaml }));
		expect(p).toContain('TIMEZONE = "Mars/Olympus": must be an IANA time zone such as Asia/Shanghai');
		expect(p).toContain('channels[0].slTargetPct = 180: must be a number from 1 to 100');
		expect(p).toContain('channels[0].alerts = 60/30/180: levels must rise strictly (l1Sec < l2Sec < l3Sec)');
		expect(p.some((x) => x.startsWith('channels[1].id = "Fax Line"'))).toBe(true);
	});

	it('lets a file override a channel and env override the file', () => {
		const yaml = 'server: { port: 4000 }\nchannels:\n  - id: chat\n    slTargetSec: 45\n    concurrency: 4\n';
		const c = loadConfig({ env: { CSOPS_CONFIG: 'x.yaml', PORT: '5000' }, readFile: () => yaml });
		expect(c.server.port).toBe(5000);
		expect(c.channels).toHaveLength(1);
		expect(c.channels[0]).toMatchObject({ id: 'chat', slTargetSec: 45, concurrency: 4, nameZh: '旺旺在线', alerts: { l1Sec: 30, l2Sec: 60, l3Sec: 180 } });
	});

	it('refuses an unreadable or malformed file with its path', () => {
		expect(problemsOf(() => loadConfig({ env: { CSOPS_CONFIG: '/nope.yaml' }, readFile: () => { throw new Error('ENOENT'); } }))[0]).toMatch(/^CSOPS_CONFIG = \/nope.yaml: cannot read the file/);
		expect(problemsOf(() => loadConfig({ env: { CSOPS_CONFIG: 'a.yaml' }, readFile: () => 'a: [1, 2' }))[0]).toMatch(/^CSOPS_CONFIG = a.yaml: not valid YAML\/JSON/);
	});

	it('never echoes an ingest key in an error', () => {
		const p = problemsOf(() => loadConfig({ env: { INGEST_KEYS: 'crm:short' } }));
		expect(p.join()).not.toContain('short');
		expect(p[0]).toMatch(/^INGEST_KEYS entry 1/);
	});
	it('checks notifier targets and SMTP against their schemas, naming the path and the rule (issue 23)', () => {
		const yaml = `
alerts:
  targets:
    - { id: mgr-ding, type: dingtalk, url: "https://oapi.dingtalk.com/robot/send?access_token=t", secrt: "SEC1" }
    - { id: ops-mail, type: email, to: ["ops at example.com"] }
    - { id: hook, type: webhok, url: "http://127.0.0.1:9/x" }
    - { id: hook2, type: webhook, url: "ftp://example.com/x" }
  smtp: { host: smtp.example.com, port: 70000, from: "cs-ops@example.com" }
`;
		const p = problemsOf(() => loadConfig({ env: { CSOPS_CONFIG: 'a.yaml' }, readFile: () => yaml }));
		// a misspelt key is refused (an unsigned robot call would otherwise go out silently), with the keys a dingtalk target may have
		expect(p).toContain('alerts.targets[0].secrt: unknown key (allowed: id, rateLimits, type, url, secret, atMobiles, atAll)');
		expect(p).toContain('alerts.targets[1].to[0]: must be an e-mail address such as ops@example.com');
		expect(p).toContain('alerts.targets[2].type: type must be one of dingtalk, wecom, feishu, webhook, email, inapp');
		expect(p).toContain('alerts.targets[3].url: must start with http:// or https://');
		expect(p).toContain('alerts.smtp.port: port must be ≤ 65535');
	});

	it('types a valid target and SMTP server from the schema (no casts downstream)', () => {
		const yaml = `
alerts:
  targets:
    - { id: ops-mail, type: email, to: ["ops@example.com"] }
  routes:
    - { recipients: ["manager"], targets: [ops-mail] }
  smtp: { host: smtp.example.com, port: 465, secure: true, from: "cs-ops@example.com" }
`;
		const c = loadConfig({ env: { CSOPS_CONFIG: 'a.yaml' }, readFile: () => yaml });
		expect(c.alerts.targets).toEqual([{ id: 'ops-mail', type: 'email', to: ['ops@example.com'] }]);
		expect(c.alerts.smtp).toEqual({ host: 'smtp.example.com', port: 465, secure: true, from: 'cs-ops@example.com' });
	});
});
