/**
 * In-app channel: hands the message to a sink the server connects to the WebSocket hub
 * (wall-board and inbox). L3 messages carry `sound: true` for the board.
 */
import type { InAppMessage } from '$lib/types/realtime';
import type { InAppTarget, Notifier, NotifyMessage, SendContext } from './types';

/** The message's shape is part of the realtime protocol ($lib/types/realtime): one declaration. */
export type { InAppMessage };

export interface InAppSink {
	publish(message: InAppMessage): void;
}

/**
 * Creates the in-app notifier. A sink that throws is a bug on our side, not a transient
 * condition: reported as not retryable.
 *
 * @example
 * const n = createInAppNotifier({ sink: { publish: (m) => hub.broadcast('alerts', m) } });
 */
export function createInAppNotifier(opts: { sink: InAppSink }): Notifier<InAppTarget> {
	return {
		type: 'inapp',
		validate: (t) => (typeof t.audience === 'string' && t.audience.length > 0 ? [] : ['audience must be a non-empty string']),
		secretsOf: () => [],
		async send(t: InAppTarget, m: NotifyMessage, _ctx: SendContext) {
			try {
				opts.sink.publish({
					type: 'alert-notification',
					targetId: t.id,
					audience: t.audience,
					id: m.id,
					title: m.title,
					text: m.text,
					level: m.level,
					kind: m.kind,
					sound: m.sound,
					createdAtMs: m.createdAtMs,
					sourceIds: m.sourceIds,
					data: m.data ?? null
				});
				return { ok: true };
			} catch (e) {
				return { ok: false, retryable: false, error: `in-app publish to ${t.audience} failed: ${(e as Error).message}` };
			}
		}
	};
}
