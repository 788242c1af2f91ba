import { parseArgs, type ParseArgsConfig } from 'node:util';
import { SCENARIOS, type ScenarioName } from './scenario';

/** Options of `npm run simulate` (scripts/simulate.ts). */
export interface SimulateArgs {
	scenario: ScenarioName;
	speed: number;
	url: string;
	/** from --key, else INGEST_KEY, else the server's local key file; null = none found */
	key: string | null;
	/** wall minutes to run; null = the scenario's length at this speed */
	durationMin: number | null;
	seed: number;
	volumeScale: number;
	outageChannel: string | null;
	/** scenario clock start, local 'YYYY-MM-DDTHH:MM' in the centre's zone; null = the scenario's own */
	simStart: string | null;
	help: boolean;
}

export const SIMULATE_USAGE = `Usage: npm run simulate -- [options]

Plays a scenario against a running server through the WebSocket ingest endpoint.

  --scenario <name>      ${SCENARIOS.join(' | ')} (default normal)
  --speed <x>            scenario clock speed, 0 < x ≤ 60 (default 1; 60 = one hour of the day per minute)
  --url <ws-url>         ingest stream (default ws://localhost:<PORT or 3000>/api/v1/events/stream,
                         the server of this checkout)
  --key <key>            ingest key (default: env INGEST_KEY, else <DATA_PATH or ./data>/ingest-key)
  --duration-min <n>     wall minutes to run (default: the scenario's length at this speed:
                         normal 24 h, double11/618 28 h, outage 8 h of scenario time)
  --seed <n>             integer seed (default 20261111)
  --volume-scale <x>     multiply all volumes, 0 < x ≤ 20 (default 1)
  --outage-channel <id>  outage scenario: the channel that stops answering (default phone)
  --sim-start <local>    where the scenario clock starts, YYYY-MM-DDTHH:MM in the centre's zone
  --help                 this text

Tip: run the server with SIMULATOR=0 to see the scenario alone, without the built-in live traffic.`;

export class ArgError extends Error {}

/** The options `parseArgs` tokenizes; every one but --help takes a value. */
const OPTIONS = {
	scenario: { type: 'string' },
	speed: { type: 'string' },
	url: { type: 'string' },
	key: { type: 'string' },
	'duration-min': { type: 'string' },
	seed: { type: 'string' },
	'volume-scale': { type: 'string' },
	'outage-channel': { type: 'string' },
	'sim-start': { type: 'string' },
	help: { type: 'boolean', short: 'h' }
} as const satisfies NonNullable<ParseArgsConfig['options']>;
type OptionName = keyof typeof OPTIONS;
const ALLOWED = Object.keys(OPTIONS).map((o) => `--${o}`).join(', ');

/**
 * Parses the CLI arguments (everything after `npm run simulate --`) with `node:util` `parseArgs`, as
 * the other CLIs do. It runs non-strict with tokens so that each problem is reported here, naming the
 * option, what was wrong and what is allowed (node's own messages name neither the allowed options
 * nor the rule of a value).
 * @throws ArgError naming the argument, what was wrong and what is allowed
 */
export function parseSimulateArgs(argv: readonly string[], env: Record<string, string | undefined>, readKeyFile: () => string | null): SimulateArgs {
	const out: SimulateArgs = {
		scenario: 'normal',
		speed: 1,
		url: `ws://localhost:${/^\d{1,5}$/.test(env.PORT ?? '') ? env.PORT : '3000'}/api/v1/events/stream`,
		key: null,
		durationMin: null,
		seed: 20261111,
		volumeScale: 1,
		outageChannel: null,
		simStart: null,
		help: false
	};
	const { tokens } = parseArgs({ args: [...argv], options: OPTIONS, strict: false, allowPositionals: true, tokens: true });
	const seen = new Set<string>();
	for (const t of tokens) {
		if (t.kind === 'positional') throw new ArgError(`unexpected argument ${JSON.stringify(t.value)}: options start with --; see --help`);
		if (t.kind === 'option-terminator') throw new ArgError('unexpected argument "--": this command takes no positional arguments; see --help');
		if (!Object.hasOwn(OPTIONS, t.name)) throw new ArgError(`unknown option ${t.rawName}; allowed: ${ALLOWED}; see --help`);
		const name = t.name as OptionName;
		if (name === 'help') {
			if (t.value !== undefined) throw new ArgError(`${t.rawName} takes no value; see --help`);
			out.help = true;
			continue;
		}
		const value = t.value;
		// `--speed --seed 1`: parseArgs takes "--seed" as the value; the user forgot one
		if (value === undefined || (!t.inlineValue && value.startsWith('--'))) throw new ArgError(`--${name} needs a value; see --help`);
		if (seen.has(name)) throw new ArgError(`--${name} is given twice`);
		seen.add(name);
		switch (name) {
			case 'scenario':
				if (!(SCENARIOS as readonly string[]).includes(value)) {
					throw new ArgError(`--scenario ${JSON.stringify(value)} is not a scenario; allowed: ${SCENARIOS.join(', ')}`);
				}
				out.scenario = value as ScenarioName;
				break;
			case 'speed':
				out.speed = number(name, value, (x) => x > 0 && x <= 60, 'a number greater than 0 and at most 60');
				break;
			case 'url':
				if (!/^wss?:\/\/\S+$/.test(value)) throw new ArgError(`--url ${JSON.stringify(value)} is not a ws:// or wss:// URL`);
				out.url = value;
				break;
			case 'key':
				if (value.trim() === '') throw new ArgError('--key is empty');
				out.key = value.trim();
				break;
			case 'duration-min':
				out.durationMin = number(name, value, (x) => x > 0 && x <= 7 * 24 * 60, 'a number of minutes greater than 0 and at most 10080 (a week)');
				break;
			case 'seed':
				out.seed = number(name, value, (x) => Number.isInteger(x) && x >= 0 && x <= 2 ** 31 - 1, 'an integer from 0 to 2147483647');
				break;
			case 'volume-scale':
				out.volumeScale = number(name, value, (x) => x > 0 && x <= 20, 'a number greater than 0 and at most 20');
				break;
			case 'outage-channel':
				if (!/^[a-z][a-z0-9_]{0,31}$/.test(value)) {
					throw new ArgError(`--outage-channel ${JSON.stringify(value)} is not a channel id (lower-case letter, then up to 31 of a–z, 0–9, _)`);
				}
				out.outageChannel = value;
				break;
			case 'sim-start':
				if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) {
					throw new ArgError(`--sim-start ${JSON.stringify(value)} must be local date and time as YYYY-MM-DDTHH:MM`);
				}
				out.simStart = value;
				break;
		}
	}
	if (out.outageChannel !== null && out.scenario !== 'outage') {
		throw new ArgError('--outage-channel only applies to --scenario outage');
	}
	out.key ??= env.INGEST_KEY?.trim() || readKeyFile();
	return out;
}

function number(name: string, value: string, ok: (x: number) => boolean, rule: string): number {
	const x = Number(value);
	if (value.trim() === '' || !Number.isFinite(x) || !ok(x)) throw new ArgError(`--${name} ${JSON.stringify(value)}: must be ${rule}`);
	return x;
}
