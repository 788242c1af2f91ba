import type { ChannelConfig, QueueConfig } from '$lib/types/domain';

/**
 * Defaults from docs/domain.md. Every figure is a default, overridable in the config file.
 * - SL targets: 80/20 for phone (industry standard); chat uses 30 s (the L1 warning time);
 *   e-mail 4 h and tickets 1 h first response (the L1 warning times of the alert table).
 * - 即时响应率 threshold: 60 s for chat and phone (domain.md "immediate response rate").
 * - Three-level thresholds: the 三级预警 table (chat 30/60/180 s, phone 20/60/180 s,
 *   e-mail 4/12/24 h, ticket 1/24/72 h).
 */
export const DEFAULT_CHANNELS: ChannelConfig[] = [
	{
		id: 'chat',
		nameZh: '旺旺在线',
		nameEn: 'Chat',
		kind: 'realtime',
		slTargetSec: 30,
		slTargetPct: 80,
		slFormula: 'answered_over_answered_plus_late_abandons',
		slAbandonGraceSec: 5,
		immediateResponseSec: 60,
		alerts: { l1Sec: 30, l2Sec: 60, l3Sec: 180 },
		concurrency: 3
	},
	{
		id: 'phone',
		nameZh: '电话',
		nameEn: 'Phone',
		kind: 'realtime',
		slTargetSec: 20,
		slTargetPct: 80,
		slFormula: 'answered_over_answered_plus_late_abandons',
		slAbandonGraceSec: 5,
		immediateResponseSec: 60,
		alerts: { l1Sec: 20, l2Sec: 60, l3Sec: 180 },
		concurrency: 1
	},
	{
		id: 'email',
		nameZh: '邮件',
		nameEn: 'E-mail',
		kind: 'deferred',
		slTargetSec: 4 * 3600,
		slTargetPct: 80,
		slFormula: 'answered_over_answered',
		slAbandonGraceSec: 0,
		immediateResponseSec: 60,
		alerts: { l1Sec: 4 * 3600, l2Sec: 12 * 3600, l3Sec: 24 * 3600 },
		concurrency: 1
	},
	{
		id: 'ticket',
		nameZh: '工单',
		nameEn: 'Ticket',
		kind: 'deferred',
		slTargetSec: 3600,
		slTargetPct: 80,
		slFormula: 'answered_over_answered',
		slAbandonGraceSec: 0,
		immediateResponseSec: 60,
		alerts: { l1Sec: 3600, l2Sec: 24 * 3600, l3Sec: 72 * 3600 },
		concurrency: 1
	}
];

export const DEFAULT_QUEUES: QueueConfig[] = [
	{ id: 'presale', nameZh: '售前', nameEn: 'Pre-sale' },
	{ id: 'insale', nameZh: '售中', nameEn: 'In-sale' },
	{ id: 'aftersale', nameZh: '售后', nameEn: 'After-sale' },
	{ id: 'complaint', nameZh: '投诉/纠纷', nameEn: 'Complaints' }
];
