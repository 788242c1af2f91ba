import { readFileSync } from 'node:fs';

/**
 * What grew between two V8 heap snapshots (.heapsnapshot files, e.g. written on SIGUSR2 with
 * --heapsnapshot-signal): self sizes summed by node kind and constructor name ("object:Map",
 * "string", "closure:onMessage", …), the largest growths first. Used by bench:soak --heap-snapshots
 * to pin a growing JS heap on what holds it. Reads the files without JSON.parse of the whole text
 * (a snapshot of a 200 MB heap is larger than V8's longest string).
 */
export function heapDiff(fileA: string, fileB: string, top = 15): string {
	const a = summarise(fileA);
	const b = summarise(fileB);
	const rows: { key: string; dSize: number; dCount: number; size: number; count: number }[] = [];
	for (const [key, vb] of b.groups) {
		const va = a.groups.get(key) ?? { size: 0, count: 0 };
		rows.push({ key, dSize: vb.size - va.size, dCount: vb.count - va.count, size: vb.size, count: vb.count });
	}
	for (const [key, va] of a.groups) if (!b.groups.has(key)) rows.push({ key, dSize: -va.size, dCount: -va.count, size: 0, count: 0 });
	rows.sort((x, y) => y.dSize - x.dSize);
	const MB = 1048576;
	const lines = [`    total self size ${(a.total / MB).toFixed(1)} → ${(b.total / MB).toFixed(1)} MB (${((b.total - a.total) / MB).toFixed(1)} MB)`];
	for (const r of rows.slice(0, top)) {
		lines.push(`    ${r.dSize >= 0 ? '+' : ''}${(r.dSize / MB).toFixed(2)} MB  ${r.dCount >= 0 ? '+' : ''}${r.dCount} nodes  ${r.key}  (now ${(r.size / MB).toFixed(1)} MB in ${r.count})`);
	}
	return lines.join('\n');
}

function summarise(file: string): { total: number; groups: Map<string, { size: number; count: number }> } {
	const buf = readFileSync(file);
	const nodesAt = buf.indexOf('"nodes":[');
	const edgesAt = buf.indexOf('"edges":[', nodesAt);
	const stringsAt = buf.lastIndexOf('"strings":[');
	const head = JSON.parse(`${buf.toString('utf8', 0, nodesAt).replace(/,\s*$/, '')}}`) as {
		snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
	};
	const fields = head.snapshot.meta.node_fields;
	const types = head.snapshot.meta.node_types[0];
	const strings = JSON.parse(buf.toString('utf8', stringsAt + '"strings":'.length, buf.lastIndexOf(']') + 1)) as string[];
	// the nodes array: unsigned integers separated by commas and newlines
	const nodes: number[] = [];
	let n = 0;
	let inNum = false;
	for (let i = nodesAt + '"nodes":['.length; i < edgesAt; i++) {
		const ch = buf[i];
		if (ch >= 48 && ch <= 57) {
			n = n * 10 + (ch - 48);
			inNum = true;
		} else if (inNum) {
			nodes.push(n);
			n = 0;
			inNum = false;
		}
	}
	const width = fields.length;
	const fType = fields.indexOf('type');
	const fName = fields.indexOf('name');
	const fSize = fields.indexOf('self_size');
	const groups = new Map<string, { size: number; count: number }>();
	let total = 0;
	for (let i = 0; i + width <= nodes.length; i += width) {
		const type = types[nodes[i + fType]];
		const size = nodes[i + fSize];
		total += size;
		const named = type === 'object' || type === 'closure' || type === 'native' || type === 'hidden' || type === 'synthetic';
		const key = named ? `${type}:${strings[nodes[i + fName]].slice(0, 60)}` : type;
		const g = groups.get(key);
		if (g) {
			g.size += size;
			g.count++;
		} else groups.set(key, { size, count: 1 });
	}
	return { total, groups };
}
