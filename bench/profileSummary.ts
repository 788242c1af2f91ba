/** A V8 CPU profile (node --cpu-prof) summarised by pipeline stage, for bench:ingest and bench:soak. */
export interface CpuProfile {
	nodes: { id: number; callFrame: { functionName: string; url: string }; children?: number[] }[];
	samples: number[];
	timeDeltas: number[];
}

/**
 * The server's CPU time by pipeline stage: each sample goes to the nearest frame on its stack that
 * names a stage (our functions by name in the build's chunks, libraries by path); the rest is "other".
 */
export function summariseProfile(p: CpuProfile): string {
	const ours = (url: string) => url.includes('/build/') || url.includes('/.svelte-kit/') || url.includes('/src/');
	const stage = (f: { functionName: string; url: string }): string | null => {
		const n = f.functionName;
		if (n === '(garbage collector)') return 'GC';
		if (n === '(idle)') return 'idle';
		if (n === '(program)') return 'native/other';
		if (f.url.includes('node_modules/ws/')) return 'WebSocket frames';
		if (f.url.includes('@clickhouse/client') || f.url.includes('node_modules/chdb')) return 'rows + insert';
		if (!ours(f.url)) return null;
		if (['parseBody', 'fromValue', 'locate', 'firstSyntaxError'].includes(n)) return 'parsing';
		if (n === 'validateEvent') return 'validation';
		if (['contactEventRow', 'agentEventRow', 'contactEventLine', 'agentEventLine', 'contactValues', 'agentValues', 'write', 'flush', 'seal', 'insertBatch', 'writeBatch', 'insertEventLines', 'runInsertLines'].includes(n)) return 'rows + insert';
		if (['serialiseSnapshot', 'serialiseDedup', 'takeSnapshot', 'exportState', 'writeSnapshot', 'writeDedupSnapshot'].includes(n)) return 'snapshots';
		if (['apply', 'derive', 'applyContact', 'applyAgent', 'prune'].includes(n)) return 'live state';
		if (n === 'submit' || n === 'has' || n === 'add' || n === 'hash32') return 'dedup + bookkeeping';
		if (['poke', 'publish', 'snapshot', 'broadcast', 'publishAlerts'].includes(n)) return 'board publisher';
		if (n === 'tick' || n === 'step' || n === 'runStep' || n === 'openItemsFrom') return 'alerts';
		return null;
	};
	const byId = new Map(p.nodes.map((n) => [n.id, n]));
	const parent = new Map<number, number>();
	for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
	const memo = new Map<number, string>();
	const stageOf = (id: number): string => {
		const m = memo.get(id);
		if (m) return m;
		const node = byId.get(id)!;
		const own = stage(node.callFrame);
		const p2 = parent.get(id);
		const r = own ?? (p2 === undefined ? 'other' : stageOf(p2));
		memo.set(id, r);
		return r;
	};
	const us = new Map<string, number>();
	p.samples.forEach((id, i) => {
		const st = stageOf(id);
		us.set(st, (us.get(st) ?? 0) + (p.timeDeltas[i] ?? 0));
	});
	const total = [...us.values()].reduce((a, b) => a + b, 0);
	const busy = total - (us.get('idle') ?? 0);
	return [...us]
		.filter(([k]) => k !== 'idle')
		.sort((a, b) => b[1] - a[1])
		.map(([k, v]) => `${k} ${((v / busy) * 100).toFixed(1)}%`)
		.join(', ') + ` (of ${(busy / 1e6).toFixed(1)} s busy; idle ${(((us.get('idle') ?? 0) / total) * 100).toFixed(0)}% of the main thread)`;
}
