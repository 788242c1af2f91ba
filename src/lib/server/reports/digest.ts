import type { ClickHouseClient } from '@clickhouse/client';
import { DateTime } from 'luxon';
import type { ChannelConfig, QueueConfig } from '$lib/types/domain';
import type { KpiRow } from '$lib/types/reports';
import { reportMessages } from '$lib/i18n/reports';
import type { DigestSchedule, ReportSettings } from '../config/config';
import type { NotifierTarget, NotifyMessage, SendResult } from '../notify/types';
import { kpiReport } from './kpis';
import { deliveredTargets } from '../queries/digests/deliveredTargets';
import { digestLog, type DigestLogRow } from '../queries/digests/digestLog';
import { insertDigestLog } from '../queries/digests/insertDigestLog';

/** re-exported: the digest API and its tests read the log here */
export { digestLog, type DigestLogRow };

/**
 * Scheduled daily and weekly report digests (docs/metrics.md "Digests"): at the configured local
 * time the digest of the last full day (daily) or ISO week (weekly, on the configured weekday) is
 * built from the same KPI report as /reports and sent to each target through the notifiers
 * (DingTalk/WeCom/Feishu get the markdown, e-mail an HTML table as well). Every attempt is logged in
 * report_digest_log; a period delivered to a target is not sent to it again; a failed one is retried
 * on the next tick until the next period is due.
 */

export interface DigestPeriod {
	from: string;
	to: string;
	prevFrom: string;
	prevTo: string;
}

/** The period the digest due at `nowMs` reports on, or null when none is due yet today/this week. */
export function duePeriod(s: DigestSchedule, nowMs: number, timezone: string): DigestPeriod | null {
	const now = DateTime.fromMillis(nowMs, { zone: timezone });
	const [hh, mm] = s.at.split(':').map(Number);
	if (s.kind === 'daily') {
		const dueAt = now.startOf('day').set({ hour: hh, minute: mm });
		const day = (now < dueAt ? now.minus({ days: 1 }) : now).startOf('day').minus({ days: 1 });
		return { from: day.toISODate()!, to: day.toISODate()!, prevFrom: day.minus({ days: 1 }).toISODate()!, prevTo: day.minus({ days: 1 }).toISODate()! };
	}
	// weekly: the ISO week before the latest due weekday/time
	let due = now.startOf('day').set({ hour: hh, minute: mm });
	while (due.weekday !== s.weekday || due > now) due = due.minus({ days: 1 }).set({ hour: hh, minute: mm });
	const monday = due.startOf('week').minus({ weeks: 1 });
	return {
		from: monday.toISODate()!,
		to: monday.plus({ days: 6 }).toISODate()!,
		prevFrom: monday.minus({ weeks: 1 }).toISODate()!,
		prevTo: monday.minus({ days: 1 }).toISODate()!
	};
}

const f1 = (v: number | null, digits = 1) => (v === null ? '—' : v.toFixed(digits));
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const KEY_FIELDS = ['offered', 'serviceLevelPct', 'immediateResponsePct', 'avgFirstResponseSec', 'ahtSec', 'abandonRatePct', 'fcrPct', 'complaintRepeatPct', 'csatAvg', 'npsScore'] as const;

/** The digest message: markdown for the IM robots, an HTML table (with bars for volume by channel) for e-mail. */
export function renderDigest(
	s: Pick<DigestSchedule, 'id' | 'kind' | 'locale'>,
	period: DigestPeriod,
	cur: KpiRow | null,
	prev: KpiRow | null,
	byChannel: KpiRow[],
	channels: Pick<ChannelConfig, 'id' | 'nameZh' | 'nameEn'>[],
	nowMs: number
): NotifyMessage {
	const t = reportMessages[s.locale];
	const title = `${s.kind === 'daily' ? t.digestDaily : t.digestWeekly} ${period.from === period.to ? period.from : `${period.from} – ${period.to}`}`;
	const name = (id: string | undefined) => {
		const c = channels.find((x) => x.id === id);
		return c ? (s.locale === 'en' ? c.nameEn : c.nameZh) : (id ?? '');
	};
	const fmt = (f: (typeof KEY_FIELDS)[number], v: number | null | undefined) =>
		v === null || v === undefined ? '—' : f === 'offered' ? String(v) : f === 'csatAvg' ? v.toFixed(2) : v.toFixed(1);
	const delta = (f: (typeof KEY_FIELDS)[number]) => {
		const a = cur?.[f];
		const b = prev?.[f];
		if (a === null || a === undefined || b === null || b === undefined) return '';
		const d = a - b;
		return ` (${d >= 0 ? '+' : ''}${f === 'offered' ? String(d) : d.toFixed(f === 'csatAvg' ? 2 : 1)})`;
	};
	const lines = [
		`### ${title}`,
		`**${t.digestKey}** (${t.vsPrevious} ${period.prevFrom}${period.prevFrom === period.prevTo ? '' : ` – ${period.prevTo}`})`,
		...KEY_FIELDS.map((f) => `- ${t[f]}: **${fmt(f, cur?.[f])}**${delta(f)}`),
		'',
		`**${t.digestChannels}**`,
		`| ${t.channel} | ${t.offered} | ${t.serviceLevelPct} | ${t.fcrPct} | ${t.csatAvg} |`,
		'| --- | ---: | ---: | ---: | ---: |',
		...byChannel.map((r) => `| ${name(r.channel)} | ${r.offered} | ${f1(r.serviceLevelPct)} | ${f1(r.fcrPct)} | ${f1(r.csatAvg, 2)} |`)
	];
	const maxOffered = Math.max(1, ...byChannel.map((r) => r.offered));
	const html = `<!doctype html><html><body style="font-family:Arial,'PingFang SC','Microsoft YaHei',sans-serif;color:#111">
<h2 style="margin:0 0 8px">${escapeHtml(title)}</h2>
<table cellpadding="4" style="border-collapse:collapse">
<tr><th align="left">${escapeHtml(t.metric)}</th><th align="right">${escapeHtml(period.from)}${period.from === period.to ? '' : ` – ${escapeHtml(period.to)}`}</th><th align="right">${escapeHtml(t.vsPrevious)}</th></tr>
${KEY_FIELDS.map((f) => `<tr><td>${escapeHtml(t[f])}</td><td align="right"><b>${fmt(f, cur?.[f])}</b></td><td align="right">${escapeHtml(delta(f).replace(/[()\s]/g, ''))}</td></tr>`).join('\n')}
</table>
<h3 style="margin:16px 0 8px">${escapeHtml(t.digestChannels)}</h3>
<table cellpadding="4" style="border-collapse:collapse">
<tr><th align="left">${escapeHtml(t.channel)}</th><th align="left">${escapeHtml(t.offered)}</th><th align="right">${escapeHtml(t.serviceLevelPct)}</th><th align="right">${escapeHtml(t.fcrPct)}</th><th align="right">${escapeHtml(t.csatAvg)}</th></tr>
${byChannel
	.map(
		(r) =>
			`<tr><td>${escapeHtml(name(r.channel))}</td><td><div style="display:inline-block;background:#2563eb;height:10px;width:${Math.round((r.offered / maxOffered) * 200)}px"></div> ${r.offered}</td><td align="right">${f1(r.serviceLevelPct)}</td><td align="right">${f1(r.fcrPct)}</td><td align="right">${f1(r.csatAvg, 2)}</td></tr>`
	)
	.join('\n')}
</table></body></html>`;
	return {
		id: `digest:${s.id}:${period.from}`,
		title,
		text: lines.join('\n'),
		html,
		level: 0,
		kind: 'digest',
		sound: false,
		createdAtMs: nowMs,
		sourceIds: [],
		data: { digest: s.id, kind: s.kind, period, total: cur, previous: prev, byChannel }
	};
}

export interface DigestDeps {
	client: ClickHouseClient;
	timezone: string;
	channels: ChannelConfig[];
	queues: QueueConfig[];
	reports: ReportSettings;
	targets: readonly NotifierTarget[];
	send: (target: NotifierTarget, message: NotifyMessage) => Promise<SendResult>;
	now: () => number;
	log: (line: string) => void;
}

/** Runs every digest that is due and not yet delivered; returns the attempts made. */
export async function runDueDigests(d: DigestDeps): Promise<DigestLogRow[]> {
	const made: DigestLogRow[] = [];
	for (const s of d.reports.digests) {
		const period = duePeriod(s, d.now(), d.timezone);
		if (!period) continue;
		const delivered = await deliveredTargets(d.client, s.id, period.from);
		const pending = s.targets.filter((id) => !delivered.has(id));
		if (pending.length === 0) continue;
		const ctx = { timezone: d.timezone, channels: d.channels, reports: d.reports };
		const [cur] = await kpiReport(d.client, { from: period.from, to: period.to, by: 'total', dims: [], filters: {} }, ctx);
		const [prev] = await kpiReport(d.client, { from: period.prevFrom, to: period.prevTo, by: 'total', dims: [], filters: {} }, ctx);
		const byChannel = await kpiReport(d.client, { from: period.from, to: period.to, by: 'total', dims: ['channel'], filters: {} }, ctx);
		const message = renderDigest(s, period, cur ?? null, prev ?? null, byChannel, d.channels, d.now());
		for (const targetId of pending) {
			const target = d.targets.find((x) => x.id === targetId);
			const result: SendResult = target
				? await d.send(target, message)
				: { ok: false, retryable: false, error: `no notifier target with id ${JSON.stringify(targetId)} in alerts.targets` };
			const row: DigestLogRow = {
				digest_id: s.id,
				kind: s.kind,
				period_from: period.from,
				period_to: period.to,
				target_id: targetId,
				ok: result.ok ? 1 : 0,
				error: result.ok ? '' : result.error,
				sent_at_ms: d.now()
			};
			made.push(row);
			d.log(`reports: ${s.kind} digest ${s.id} for ${period.from}${period.to === period.from ? '' : `–${period.to}`} → ${targetId}: ${result.ok ? 'sent' : `failed (${result.error})`}`);
		}
	}
	if (made.length > 0) await insertDigestLog(d.client, made);
	return made;
}

/** Checks once a minute; one run at a time. */
export function startDigestScheduler(d: DigestDeps, everyMs = 60_000): { stop(): void } {
	let running = false;
	const tick = async () => {
		if (running) return;
		running = true;
		try {
			await runDueDigests(d);
		} catch (err) {
			d.log(`reports: digest run failed: ${(err as Error).message}`);
		} finally {
			running = false;
		}
	};
	const timer = setInterval(() => void tick(), everyMs);
	timer.unref();
	void tick();
	return { stop: () => clearInterval(timer) };
}
