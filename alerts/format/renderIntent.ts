/**
 * Renders a notification intent as a title and a short Markdown body, in Chinese (default, the
 * centre's working language) or English. Notifiers send this text; the in-app channel also gets
 * the structured intent.
 */
import type { IntentEntry, NotificationIntent } from '../pipeline/notify';
import type { Level } from '../types';

export type Locale = 'zh-CN' | 'en';

export interface RenderedMessage {
	title: string;
	/** Markdown: one bullet per alert, at most `maxLines`, then a count of the rest. */
	text: string;
}

const LEVEL_NAMES: Record<Locale, Record<Level, string>> = {
	'zh-CN': { 1: 'L1 黄·预警', 2: 'L2 橙·超时', 3: 'L3 红·主管干预' },
	en: { 1: 'L1 yellow · warning', 2: 'L2 orange · breach', 3: 'L3 red · intervention' }
};

const METRIC_NAMES: Record<Locale, Record<string, string>> = {
	'zh-CN': { sl_deficit_pts: '15分钟服务水平低于目标', backlog_count: '排队量', predicted_wait_sec: '预测等待', source_silent_min: '无数据（分钟）' },
	en: { sl_deficit_pts: '15-min service level below target', backlog_count: 'backlog', predicted_wait_sec: 'predicted wait', source_silent_min: 'silent (minutes)' }
};

/**
 * Formats a duration for people: 45s, 3m05s, 4h12m, 2d03h.
 *
 * @example
 * formatDurationMs(185_000); // '3m05s'
 */
export function formatDurationMs(ms: number | null): string {
	if (ms === null || !Number.isFinite(ms)) return '—';
	const s = Math.floor(Math.max(0, ms) / 1000);
	if (s < 60) return `${s}s`;
	const m = Math.floor(s / 60);
	if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
	const h = Math.floor(m / 60);
	if (h < 24) return `${h}h${String(m % 60).padStart(2, '0')}m`;
	return `${Math.floor(h / 24)}d${String(h % 24).padStart(2, '0')}h`;
}

function metricText(locale: Locale, metric: string, value: number | null): string {
	if (value === null) return '—';
	if (!Number.isFinite(value)) return locale === 'zh-CN' ? '无可用坐席' : 'no agent available';
	if (metric === 'sl_deficit_pts') return locale === 'zh-CN' ? `${value.toFixed(1)} 个百分点` : `${value.toFixed(1)} pts`;
	if (metric === 'predicted_wait_sec') return formatDurationMs(value * 1000);
	if (metric === 'source_silent_min') return formatDurationMs(value * 60_000);
	return String(Math.round(value));
}

/**
 * How the receiving channel reads the text: `markdown` (DingTalk, WeCom, in-app) or `text` (Feishu
 * text messages, e-mail, JSON webhooks). Values that come from events (contact ids, queues, teams)
 * are escaped for it, so an event cannot add links, emphasis, mentions or lines to a notice.
 */
export type Markup = 'markdown' | 'text';

/** inline markup starters (values are always mid-line, so list/heading markers cannot start a block) */
const MARKDOWN_SPECIAL = /[\\`*_[\]()!|~]/g;

/**
 * One event-derived value made inert for `markup`: line breaks become spaces (no injected lines);
 * `<` and `>` become their full-width forms in both markups (WeCom `<@userid>` / `<font>`,
 * Feishu `<at user_id="all">`, HTML in DingTalk markdown); in markdown the characters that start
 * inline markup (links, emphasis, code, strike-through, tables) are backslash-escaped.
 */
export function escapeValue(value: string, markup: Markup): string {
	const flat = value.replace(/[\r\n\u2028\u2029]+/g, ' ').replace(/</g, '\uff1c').replace(/>/g, '\uff1e');
	return markup === 'markdown' ? flat.replace(MARKDOWN_SPECIAL, (c) => `\\${c}`) : flat;
}

function line(locale: Locale, e: IntentEntry, markup: Markup): string {
	const zh = locale === 'zh-CN';
	const v = (x: string | number) => escapeValue(String(x), markup);
	const prefix = e.kind === 'repeat' ? (zh ? '再次提醒 ' : 'reminder ') : '';
	const ack = e.status === 'acknowledged' ? (zh ? ' · 已确认' : ' · acknowledged') : '';
	if (e.labels.kind === 'aggregate') {
		const scope =
			e.labels.scope === 'source'
				? `${zh ? '数据源' : 'source'} ${v(e.labels.source)}`
				: e.labels.queue === '*'
					? v(e.labels.channel)
					: `${v(e.labels.channel)}/${v(e.labels.queue)}`;
		const metric = METRIC_NAMES[locale][e.labels.metric] ?? e.labels.metric;
		const threshold = metricText(locale, e.labels.metric, e.value.threshold);
		return `- ${prefix}${scope} ${metric} ${metricText(locale, e.labels.metric, e.value.metricValue)} (${zh ? '阈值' : 'threshold'} ${threshold})${ack}`;
	}
	const waited = formatDurationMs(e.value.clockMs);
	const threshold = formatDurationMs(e.value.thresholdMs);
	const team = e.labels.team ? (zh ? ` · 团队 ${v(e.labels.team)}` : ` · team ${v(e.labels.team)}`) : '';
	return `- ${prefix}${v(e.labels.item)} · ${v(e.labels.queue)}/${v(e.labels.priority)}${team} · ${zh ? '已等待' : 'waited'} ${waited} (${zh ? '阈值' : 'limit'} ${threshold}) · ${v(zh ? e.ruleName : e.ruleNameEn)}${ack}`;
}

/**
 * Renders an intent.
 *
 * @param intent the digest
 * @param opts locale (default zh-CN) and maxLines (default 20)
 * @throws never
 * @example
 * const { title, text } = renderIntent(intent, { locale: 'en' });
 */
export function renderIntent(intent: NotificationIntent, opts: { locale?: Locale; maxLines?: number; markup?: Markup } = {}): RenderedMessage {
	const locale = opts.locale ?? 'zh-CN';
	const markup = opts.markup ?? 'markdown';
	const maxLines = Math.max(1, opts.maxLines ?? 20);
	const zh = locale === 'zh-CN';
	const n = intent.entries.length;
	const where = intent.channel ? escapeValue(intent.channel, markup) : zh ? '多渠道' : 'several channels';
	const title =
		intent.kind === 'resolved'
			? zh
				? `[已恢复] ${where}: ${n} 个告警已解除`
				: `[resolved] ${where}: ${n} alert${n === 1 ? '' : 's'} resolved`
			: zh
				? `[${LEVEL_NAMES[locale][intent.level]}] ${where}: ${n} 个告警`
				: `[${LEVEL_NAMES[locale][intent.level]}] ${where}: ${n} alert${n === 1 ? '' : 's'}`;
	const lines = intent.entries.slice(0, maxLines).map((e) => line(locale, e, markup));
	if (n > maxLines) lines.push(zh ? `- …另有 ${n - maxLines} 项` : `- … and ${n - maxLines} more`);
	return { title, text: [`**${title}**`, '', ...lines].join('\n') };
}
