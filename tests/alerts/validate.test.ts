/**
 * Rules as data: defaults match docs/domain.md, configs survive JSON, invalid fields are
 * reported with path, value and what is allowed.
 */
import { describe, expect, it } from 'vitest';
import {
	AlertConfigError,
	createAlertEngine,
	defaultAlertConfig,
	formatDurationMs,
	matchPattern,
	renderIntent,
	escapeValue,
	validateConfig,
	validateSilence,
	type ContactRule
} from '../../alerts/index';
import { SEC, T0, chat, createEngine, simulate } from './harness';

describe('default configuration', () => {
	it('is valid, JSON-serialisable and carries the domain.md thresholds', () => {
		const config = defaultAlertConfig();
		expect(validateConfig(config)).toEqual([]);
		expect(JSON.parse(JSON.stringify(config))).toEqual(config);
		const seconds = (id: string) => {
			const r = config.rules.find((x) => x.id === id) as ContactRule;
			return [r.levels.l1.thresholdMs, r.levels.l2.thresholdMs, r.levels.l3.thresholdMs].map((ms) => ms / 1000);
		};
		// domain.md: chat 30/60/180 s, phone 20/60/180 s, email 4/12/24 h, ticket 1/24/72 h
		expect(seconds('chat-first-response')).toEqual([30, 60, 180]);
		expect(seconds('phone-first-response')).toEqual([20, 60, 180]);
		expect(seconds('email-first-response')).toEqual([4 * 3600, 12 * 3600, 24 * 3600]);
		expect(seconds('ticket-process')).toEqual([3600, 24 * 3600, 72 * 3600]);
		const sl = config.rules.find((x) => x.id === 'sl_deficit_pts-chat');
		expect(sl?.kind === 'aggregate' && [sl.levels.l1.threshold, sl.levels.l2.threshold, sl.levels.l3.threshold]).toEqual([5, 10, 20]);
	});
});

describe('validateConfig', () => {
	it('names the field, the value and what is allowed', () => {
		const config = defaultAlertConfig();
		const rule = config.rules[0] as ContactRule;
		rule.levels.l2.thresholdMs = 10_000; // below L1 (30 000)
		rule.clock = { kind: 'wall' } as never;
		rule.levels.l3.recipients = [{ type: 'boss' } as never];
		(config.rules[1] as ContactRule).calendar = 'no-such-calendar';
		config.rules[2].id = config.rules[0].id;
		const issues = validateConfig(config);
		expect(issues.map((i) => i.message)).toEqual([
			'rules[0].clock.kind: got "wall"; allowed: first_response, customer_waiting, milestone',
			"rules[0].levels.l2.thresholdMs: got 10000; allowed: a number of milliseconds greater than the previous level's (30000)",
			'rules[0].levels.l3.recipients[0].type: got "boss"; allowed: one of team, supervisor, manager, user, target',
			'rules[1].calendar: got "no-such-calendar"; allowed: null (24×7), an inline calendar, or a calendar id: service-hours',
			'rules[2].id: got "chat-first-response"; allowed: an id not used by another rule (rules[0] has it)'
		]);
		expect(issues[1]).toMatchObject({ path: 'rules[0].levels.l2.thresholdMs', value: 10000 });
	});

	it('createAlertEngine throws an AlertConfigError listing the issues', () => {
		const config = defaultAlertConfig();
		config.grouping.groupIntervalMs = -1;
		expect(() => createAlertEngine(config)).toThrow(AlertConfigError);
		expect(() => createAlertEngine(config)).toThrow(/grouping\.groupIntervalMs: got -1; allowed: a finite number ≥ 0/);
	});

	it('validates silences', () => {
		expect(validateSilence({ id: 's', matchers: [], startsAtMs: 10, endsAtMs: 5, createdBy: 'li', comment: '' }).map((i) => i.path)).toEqual([
			'silence.matchers',
			'silence.endsAtMs'
		]);
	});
});

describe('matchPattern', () => {
	it('matches globs without regular expressions', () => {
		expect(matchPattern('*', 'anything')).toBe(true);
		expect(matchPattern('after-*', 'after-sale')).toBe(true);
		expect(matchPattern('after-*', 'pre-sale')).toBe(false);
		expect(matchPattern('*-sale', 'pre-sale')).toBe(true);
		expect(matchPattern('a*b*c', 'aXXbYYc')).toBe(true);
		expect(matchPattern('a*b*c', 'aXXbYY')).toBe(false);
		expect(matchPattern('vip', 'VIP')).toBe(false);
	});
});

describe('renderIntent', () => {
	it('renders a digest in Chinese and English with a capped list', () => {
		const items = Array.from({ length: 25 }, (_, i) => chat(`c${i}`, T0));
		const run = simulate(createEngine(['chat-first-response'], { grouping: { by: ['channel'], groupWaitMs: 0, groupIntervalMs: 30 * SEC } }), { items: () => items }, T0, T0 + 30 * SEC);
		const intent = run.intents[0];
		const zh = renderIntent(intent);
		expect(zh.title).toBe('[L1 黄·预警] chat: 25 个告警');
		expect(zh.text.split('\n')).toHaveLength(2 + 20 + 1);
		expect(zh.text).toContain('- …另有 5 项');
		const en = renderIntent(intent, { locale: 'en', maxLines: 2 });
		expect(en.title).toBe('[L1 yellow · warning] chat: 25 alerts');
		expect(en.text.split('\n')[2]).toBe('- c0 · pre-sale/normal · team T1 · waited 30s (limit 30s) · Chat first response overdue');
	});

	it('escapes event text for the markup of each notifier (issue 24)', () => {
		// a contact id and a team an integrator controls, carrying a link, emphasis, a WeCom @-all mention and a new line
		const item = chat('[free](http://evil.example)*x*', T0, { teamId: '<@all>\nT2' });
		const run = simulate(createEngine(['chat-first-response'], { grouping: { by: ['channel'], groupWaitMs: 0, groupIntervalMs: 30 * SEC } }), { items: () => [item] }, T0, T0 + 30 * SEC);
		const intent = run.intents[0];
		const md = renderIntent(intent, { locale: 'en', markup: 'markdown' }).text.split('\n');
		const text = renderIntent(intent, { locale: 'en', markup: 'text' }).text.split('\n');
		// hand-escaped: every [ ] ( ) * backslashed in markdown; < > full-width and the new line a space in both
		expect(md[2]).toBe('- \\[free\\]\\(http://evil.example\\)\\*x\\* · pre-sale/normal · team \uff1c@all\uff1e T2 · waited 30s (limit 30s) · Chat first response overdue');
		expect(text[2]).toBe('- [free](http://evil.example)*x* · pre-sale/normal · team \uff1c@all\uff1e T2 · waited 30s (limit 30s) · Chat first response overdue');
		expect(md).toHaveLength(3);
		expect(escapeValue('a_b`c|d~e!f\\g', 'markdown')).toBe('a\\_b\\`c\\|d\\~e\\!f\\\\g');
	});

	it('formats durations', () => {
		expect([45_000, 185_000, 4 * 3600_000 + 12 * 60_000, 50 * 3600_000].map(formatDurationMs)).toEqual(['45s', '3m05s', '4h12m', '2d02h']);
	});
});
