/**
 * npm run import:history -- --file history.csv [--url http://localhost:3000] [--key <ingest key>]
 *     [--channel phone] [--queue presale] [--interval-min 15] [--zone Asia/Shanghai]
 *     [--encoding auto|utf8|gbk] [--format csv|xlsx|ndjson] [--map '{"旺旺":"chat"}'] [--columns '{"timestamp":"interval_start"}']
 *
 * Uploads an interval-history file to a running server (POST /api/v1/history) with progress
 * (bytes sent, rows validated / total). The key defaults to $INGEST_KEY, then ./data/ingest-key.
 * Exit 0 when stored, 1 when refused (every error printed with its line, column and rule), 2 on bad arguments.
 * File format: README.md, "Moving in: bring your history".
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { uploadHistory } from './history-upload';

function fail(msg: string): never {
	console.error(`import:history: ${msg}`);
	process.exit(2);
}

let args;
try {
	({ values: args } = parseArgs({
		options: {
			file: { type: 'string' },
			url: { type: 'string', default: process.env.CSOPS_URL ?? 'http://localhost:3000' },
			key: { type: 'string' },
			channel: { type: 'string' },
			queue: { type: 'string' },
			'interval-min': { type: 'string' },
			zone: { type: 'string' },
			encoding: { type: 'string' },
			format: { type: 'string' },
			map: { type: 'string' },
			columns: { type: 'string' },
			help: { type: 'boolean', short: 'h' }
		},
		strict: true
	}));
} catch (e) {
	fail(`${(e as Error).message}; see --help`);
}
if (args.help) {
	console.log(readFileSync(new URL(import.meta.url), 'utf8').split('*/')[0].replace(/^\/\*\*?|^ \* ?/gm, ''));
	process.exit(0);
}
if (!args.file) fail('--file is required (a .csv, .xlsx or .ndjson file)');
if (!existsSync(args.file)) fail(`no such file: ${args.file}`);
const key = args.key ?? process.env.INGEST_KEY ?? (existsSync('data/ingest-key') ? readFileSync('data/ingest-key', 'utf8').trim() : undefined);
if (!key) fail('no ingest key: pass --key, set INGEST_KEY, or run next to ./data/ingest-key');
const obj = (name: string, raw: string | undefined): Record<string, string> | undefined => {
	if (raw === undefined) return undefined;
	try {
		const v = JSON.parse(raw) as unknown;
		if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('not an object');
		return v as Record<string, string>;
	} catch (e) {
		fail(`--${name} must be a JSON object such as '{"旺旺":"chat"}': ${(e as Error).message}`);
	}
};
const intervalMin = args['interval-min'] === undefined ? undefined : Number(args['interval-min']);
if (intervalMin !== undefined && ![5, 15, 30, 60, 1440].includes(intervalMin)) fail('--interval-min must be 5, 15, 30, 60 or 1440');

const t0 = Date.now();
const tty = process.stderr.isTTY;
const answer = await uploadHistory(
	{ url: args.url!, key, file: args.file, channel: args.channel, queue: args.queue, intervalMin, zone: args.zone, encoding: args.encoding, format: args.format, map: obj('map', args.map), columns: obj('columns', args.columns) },
	(p) => {
		const pct = p.rowsTotal ? ` (${((100 * p.rowsDone) / Math.max(1, p.rowsTotal)).toFixed(0)} %)` : '';
		const line = `${p.phase}: ${(p.bytesSent / 1048576).toFixed(1)} / ${(p.bytesTotal / 1048576).toFixed(1)} MB sent, ${p.rowsDone}${p.rowsTotal !== null ? ` / ${p.rowsTotal}` : ''} rows checked${pct}`;
		process.stderr.write(tty ? `\r${line}   ` : `${line}\n`);
	}
).catch((e: Error) => {
	console.error(`\nimport:history: cannot reach ${args.url}: ${e.message}${(e.cause as Error | undefined)?.message ? ` (${(e.cause as Error).message})` : ''}`);
	process.exit(1);
});
if (tty) process.stderr.write('\n');
const b = answer.body as { rows?: number; series?: { channel: string; queue: string; intervalMin: number; rows: number; offered: number; first: string; last: string }[]; error?: string; errors?: { line: number; column: string; rule: string; message: string }[]; totalErrors?: number };
if (answer.status === 200) {
	console.log(`stored ${b.rows} intervals in ${((Date.now() - t0) / 1000).toFixed(1)} s:`);
	for (const s of b.series ?? []) console.log(`  ${s.channel}/${s.queue} (${s.intervalMin} min): ${s.rows} intervals, ${s.offered} offered, ${s.first} … ${s.last}`);
	process.exit(0);
}
console.error(`refused (HTTP ${answer.status}): ${b.error ?? JSON.stringify(b)}`);
for (const e of b.errors ?? []) console.error(`  line ${e.line}${e.column ? `, column ${e.column}` : ''} [${e.rule}]: ${e.message}`);
if ((b.totalErrors ?? 0) > (b.errors?.length ?? 0)) console.error(`  … and ${(b.totalErrors ?? 0) - (b.errors?.length ?? 0)} more`);
process.exit(1);
