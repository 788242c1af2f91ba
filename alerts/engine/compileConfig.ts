/**
 * Turns a validated {@link AlertConfig} into the lookups the pipeline needs.
 */
import { compileCalendar, type CompiledCalendar } from '../calendar/businessCalendar';
import { patternSpecificity } from '../rules/matchPattern';
import type { AlertConfig, AlertRule, ClockSpec } from '../rules/ruleTypes';
import { assertValidConfig } from '../rules/validateConfig';

export interface CompiledRule {
	rule: AlertRule;
	calendar: CompiledCalendar;
	/** Higher wins when several enabled rules of one clock match an item. */
	specificity: number;
	/** Position in config.rules (earlier wins a specificity tie). */
	index: number;
	/** Rules compete per clock: `first_response`, `customer_waiting`, `milestone:<from>><until>`. */
	clockKey: string;
}

export interface CompiledConfig {
	config: AlertConfig;
	/** All rules by id (disabled ones included, so their alerts resolve as `rule_removed`). */
	rulesById: Map<string, CompiledRule>;
	enabledContactRules: CompiledRule[];
	enabledAggregateRules: CompiledRule[];
	enabledSourceRules: CompiledRule[];
}

/** Identifies the clock a rule watches; rules of different clocks apply side by side. */
export function clockKeyOf(clock: ClockSpec): string {
	return clock.kind === 'milestone' ? `milestone:${clock.from}>${clock.until}` : clock.kind;
}

/**
 * Validates and compiles a configuration.
 *
 * @throws AlertConfigError listing every invalid field
 * @example
 * const compiled = compileConfig(defaultAlertConfig());
 */
export function compileConfig(config: AlertConfig): CompiledConfig {
	assertValidConfig(config, 'compileConfig');
	const copy = structuredClone(config);
	const calendars = new Map<string, CompiledCalendar>();
	for (const [id, cal] of Object.entries(copy.calendars)) calendars.set(id, compileCalendar(cal));
	const rulesById = new Map<string, CompiledRule>();
	copy.rules.forEach((rule, index) => {
		const calendar =
			rule.calendar === null
				? compileCalendar(null)
				: typeof rule.calendar === 'string'
					? (calendars.get(rule.calendar) as CompiledCalendar)
					: compileCalendar(rule.calendar);
		const specificity =
			rule.kind === 'contact'
				? patternSpecificity(rule.match.channel) * 100 + patternSpecificity(rule.match.queue) * 10 + patternSpecificity(rule.match.priority)
				: rule.kind === 'aggregate'
					? patternSpecificity(rule.match.channel) * 10 + patternSpecificity(rule.match.queue)
					: patternSpecificity(rule.match.source);
		const clockKey = rule.kind === 'contact' ? clockKeyOf(rule.clock) : rule.kind === 'aggregate' ? `aggregate:${rule.metric}:${rule.scope}` : 'source';
		rulesById.set(rule.id, { rule, calendar, specificity, index, clockKey });
	});
	const enabled = [...rulesById.values()].filter((r) => r.rule.enabled);
	return {
		config: copy,
		rulesById,
		enabledContactRules: enabled.filter((r) => r.rule.kind === 'contact'),
		enabledAggregateRules: enabled.filter((r) => r.rule.kind === 'aggregate'),
		enabledSourceRules: enabled.filter((r) => r.rule.kind === 'source')
	};
}
