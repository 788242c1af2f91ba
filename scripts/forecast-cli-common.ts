/**
 * What the two forecast CLIs (scripts/forecast.ts, scripts/forecast-backtest.ts) share: parsing
 * the arguments, failing with a message and the usage (exit code 2), reading an argument's file,
 * the common options (--history, --events, --interval-min, --model, --zone, --no-builtin-events)
 * and the built-in calendar for the years a run covers.
 */
import { readFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { builtInEvents, FESTIVAL_FIRST_YEAR, FESTIVAL_LAST_YEAR, type CalendarEvent } from '../forecast/calendar';
import { MODEL_NAMES, parseTimestamp, type ModelName } from '../forecast/volume';
import { CliExit, type CliIo } from './cli';

/** Options both CLIs take. */
const COMMON_OPTIONS = {
	history: { type: 'string' },
	events: { type: 'string' },
	'interval-min': { type: 'string' },
	model: { type: 'string' },
	zone: { type: 'string' },
	'no-builtin-events': { type: 'boolean' }
} as const;

type Options = NonNullable<ParseArgsConfig['options']>;

export interface Cli {
	/**
	 * The command line's values: the common options plus `extra`; strict (an unknown option or a
	 * missing value fails the CLI with node's message).
	 */
	parse<const O extends Options>(extra: O): ReturnType<typeof parseArgs<{ strict: true; allowPositionals: false; options: typeof COMMON_OPTIONS & O }>>['values'];
	/** Writes `name: message` and the usage to stderr and ends the CLI with exit code 2 (throws CliExit). */
	fail(message: string): never;
	/** The file's text, or fail naming the argument and the OS error. */
	readArgFile(arg: string, path: string): string;
}

export function createCli(name: string, usage: string, argv: readonly string[], io: CliIo): Cli {
	const fail = (message: string): never => {
		io.err(`${name}: ${message}\n${usage}\n`);
		throw new CliExit(2);
	};
	return {
		fail,
		parse(extra) {
			try {
				return parseArgs({ args: [...argv], strict: true, allowPositionals: false, options: { ...COMMON_OPTIONS, ...extra } }).values;
			} catch (e) {
				return fail((e as Error).message);
			}
		},
		readArgFile(arg, path) {
			try {
				return readFileSync(path, 'utf8');
			} catch (e) {
				return fail(`--${arg} ${path}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
			}
		}
	};
}

export interface CommonOptions {
	intervalMin?: number;
	model: ModelName | 'auto';
	zone: string;
}

/**
 * Validates --interval-min, --model and --zone (default Asia/Shanghai).
 *
 * @throws never; fails the CLI with a message naming the argument and what is allowed
 */
export function commonOptions(cli: Cli, v: { 'interval-min'?: string; model?: string; zone?: string }): CommonOptions {
	let intervalMin: number | undefined;
	if (v['interval-min'] !== undefined) {
		if (!['5', '15', '30', '60'].includes(v['interval-min'])) {
			cli.fail(`--interval-min must be one of 5, 15, 30, 60, got ${JSON.stringify(v['interval-min'])}`);
		}
		intervalMin = Number(v['interval-min']);
	}
	const model = (v.model ?? 'auto') as ModelName | 'auto';
	if (model !== 'auto' && !MODEL_NAMES.includes(model)) {
		cli.fail(`--model must be auto or one of ${MODEL_NAMES.join(', ')}, got ${JSON.stringify(v.model)}`);
	}
	const zone = v.zone ?? 'Asia/Shanghai';
	if (parseTimestamp('2020-01-01T00:00:00Z', zone) === null) cli.fail(`--zone ${JSON.stringify(zone)} is not a known IANA time zone`);
	return { intervalMin, model, zone };
}

/**
 * Built-in Chinese promotions and holidays for the years firstYear…lastYear, clipped to the
 * verified calendar (years outside it get none); none with --no-builtin-events.
 */
export function builtInEventsFor(firstYear: number, lastYear: number, disabled: boolean): CalendarEvent[] {
	const from = Math.max(firstYear, FESTIVAL_FIRST_YEAR);
	const to = Math.min(lastYear, FESTIVAL_LAST_YEAR);
	return !disabled && from <= to ? builtInEvents(from, to) : [];
}

/** Runs a CLI body that fails through `Cli.fail`; returns the exit code. */
export function exitCode(body: () => void): number {
	try {
		body();
		return 0;
	} catch (e) {
		if (e instanceof CliExit) return e.code;
		throw e;
	}
}
