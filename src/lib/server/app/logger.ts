/**
 * The server's one logger. Every service gets it as `log(msg)` (an info line, the habit of the whole
 * code base: `area: what happened`); `warn` and `error` mark lines an operator should look at.
 * - text (default): `[2026-12-02T08:00:00.000Z] area: message`, warnings and errors with their level
 *   after the time; what `npm start` prints and the tests read.
 * - json (`LOG_FORMAT=json`): one object per line `{ts, level, area, msg, ...fields}` for a log shipper;
 *   `requestId` ties a line to the request (and to the id on the error page).
 */
export type LogLevel = 'info' | 'warn' | 'error';
export type LogFormat = 'text' | 'json';
export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
	(msg: string, fields?: LogFields): void;
	info(msg: string, fields?: LogFields): void;
	warn(msg: string, fields?: LogFields): void;
	error(msg: string, fields?: LogFields): void;
}

export function createLogger(opts: { format?: LogFormat; now?: () => number; write?: (level: LogLevel, line: string) => void } = {}): Logger {
	const format = opts.format ?? 'text';
	const now = opts.now ?? Date.now;
	const write = opts.write ?? ((level: LogLevel, line: string) => (level === 'info' ? console.log(line) : console.error(line)));
	const emit = (level: LogLevel, msg: string, fields?: LogFields) => {
		const ts = new Date(now()).toISOString();
		if (format === 'json') {
			const colon = msg.indexOf(': ');
			const area = colon > 0 && colon < 24 && !msg.slice(0, colon).includes(' ') ? msg.slice(0, colon) : '';
			write(level, JSON.stringify({ ts, level, area, msg: area ? msg.slice(colon + 2) : msg, ...fields }));
			return;
		}
		const extra = fields ? Object.entries(fields).filter(([, v]) => v !== undefined).map(([k, v]) => ` ${k}=${typeof v === 'string' && /\s/.test(v) ? JSON.stringify(v) : v}`).join('') : '';
		write(level, `[${ts}]${level === 'info' ? '' : ` ${level.toUpperCase()}`} ${msg}${extra}`);
	};
	const log = ((msg: string, fields?: LogFields) => emit('info', msg, fields)) as Logger;
	log.info = (msg, fields) => emit('info', msg, fields);
	log.warn = (msg, fields) => emit('warn', msg, fields);
	log.error = (msg, fields) => emit('error', msg, fields);
	return log;
}
