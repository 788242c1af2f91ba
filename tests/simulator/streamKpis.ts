/**
 * KPIs computed from a raw event stream with the definitions of docs/domain.md — written
 * independently of the simulator (it only reads the v1 wire events), so tests can use it as the
 * oracle for "the simulated KPIs land near the domain figures".
 */

type Ev = Record<string, unknown>;

export interface StreamKpis {
	offered: number;
	offeredByChannel: Record<string, number>;
	/** share of chat+phone arrivals first-responded within 60 s (即时响应率) */
	immediateResponseRate: number;
	immediateByChannel: Record<string, number>;
	abandonRateByChannel: Record<string, number>;
	/** mean answered → resolved over all resolutions, minutes */
	ahtMin: number;
	ahtMinByChannel: Record<string, number>;
	/** share of first resolutions without reopen and without a repeat contact */
	fcr: number;
	csat: number;
	ratings: number;
	nps: number;
	/** complaints re-opened / complaints resolved (投诉二次率) */
	complaintReopenRate: number;
	/** mean first-response wait of answered contacts, by channel, seconds */
	meanWaitSecByChannel: Record<string, number>;
	/** share of chat/phone contacts answered within the SL target over answered + abandoned after target */
	transfers: number;
}

interface C {
	channel: string;
	queue: string;
	arrived: number;
	firstAnswer: number | null;
	roundAnswer: number | null;
	abandoned: number | null;
	resolvedFirst: boolean;
	reopened: boolean;
	repeated: boolean;
	firstQueue: string;
}

/**
 * @param inWindow which arrivals to count (e.g. those of the first 24 h, so that re-opens and
 * repeat contacts of late arrivals, which fall after the window, are still seen)
 */
export function streamKpis(events: Ev[], inWindow: (arrivedMs: number) => boolean, immediateSec = 60): StreamKpis {
	const contacts = new Map<string, C>();
	const handles: { channel: string; ms: number }[] = [];
	const csats: number[] = [];
	const npss: number[] = [];
	const repeatOf: string[] = [];
	let transfers = 0;
	for (const e of events) {
		const type = e.type as string;
		if (type === 'agent.state') continue;
		const id = e.contact_id as string;
		const ts = e.ts as number;
		let c = contacts.get(id);
		if (type === 'contact.arrived') {
			c = {
				channel: e.channel as string,
				queue: e.queue as string,
				firstQueue: e.queue as string,
				arrived: ts,
				firstAnswer: null,
				roundAnswer: null,
				abandoned: null,
				resolvedFirst: false,
				reopened: false,
				repeated: false
			};
			contacts.set(id, c);
			const attrs = e.attrs as { repeat_of?: string } | undefined;
			if (attrs?.repeat_of) repeatOf.push(attrs.repeat_of);
			continue;
		}
		if (!c) continue;
		switch (type) {
			case 'contact.answered':
				if (c.firstAnswer === null) c.firstAnswer = ts;
				if (c.roundAnswer === null) c.roundAnswer = ts;
				break;
			case 'contact.abandoned':
				c.abandoned = ts;
				break;
			case 'contact.transferred':
				transfers++;
				break;
			case 'contact.resolved':
				if (c.roundAnswer !== null) handles.push({ channel: c.channel, ms: ts - c.roundAnswer });
				if (!c.reopened) c.resolvedFirst = true;
				c.roundAnswer = null;
				break;
			case 'contact.reopened':
				c.reopened = true;
				c.roundAnswer = null;
				break;
			case 'contact.rated':
				if (inWindow(c.arrived)) {
					csats.push(e.csat as number);
					if (typeof e.nps === 'number') npss.push(e.nps);
				}
				break;
		}
	}
	for (const id of repeatOf) {
		const c = contacts.get(id);
		if (c) c.repeated = true;
	}
	const offeredByChannel: Record<string, number> = {};
	const immediate: Record<string, [number, number]> = {};
	const abandon: Record<string, [number, number]> = {};
	const waits: Record<string, [number, number]> = {};
	let offered = 0;
	let firstResolved = 0;
	let fcrOk = 0;
	let complaintResolved = 0;
	let complaintReopened = 0;
	for (const c of contacts.values()) {
		if (!inWindow(c.arrived)) continue;
		offered++;
		offeredByChannel[c.channel] = (offeredByChannel[c.channel] ?? 0) + 1;
		const im = (immediate[c.channel] ??= [0, 0]);
		im[1]++;
		if (c.firstAnswer !== null && c.firstAnswer - c.arrived <= immediateSec * 1000) im[0]++;
		const ab = (abandon[c.channel] ??= [0, 0]);
		ab[1]++;
		if (c.abandoned !== null && c.firstAnswer === null) ab[0]++;
		if (c.firstAnswer !== null) {
			const w = (waits[c.channel] ??= [0, 0]);
			w[0] += c.firstAnswer - c.arrived;
			w[1]++;
		}
		if (c.resolvedFirst) {
			firstResolved++;
			if (!c.reopened && !c.repeated) fcrOk++;
			if (c.firstQueue === 'complaint') {
				complaintResolved++;
				if (c.reopened) complaintReopened++;
			}
		}
	}
	const ratio = (m: Record<string, [number, number]>) =>
		Object.fromEntries(Object.entries(m).map(([k, [a, b]]) => [k, b > 0 ? a / b : NaN]));
	const rt = ['chat', 'phone'].map((k) => immediate[k] ?? [0, 0]);
	const ahtBy: Record<string, [number, number]> = {};
	let hSum = 0;
	for (const h of handles) {
		const x = (ahtBy[h.channel] ??= [0, 0]);
		x[0] += h.ms;
		x[1]++;
		hSum += h.ms;
	}
	return {
		offered,
		offeredByChannel,
		immediateResponseRate: (rt[0][0] + rt[1][0]) / Math.max(1, rt[0][1] + rt[1][1]),
		immediateByChannel: ratio(immediate),
		abandonRateByChannel: ratio(abandon),
		ahtMin: hSum / Math.max(1, handles.length) / 60_000,
		ahtMinByChannel: Object.fromEntries(Object.entries(ahtBy).map(([k, [s, n]]) => [k, s / n / 60_000])),
		fcr: fcrOk / Math.max(1, firstResolved),
		csat: csats.reduce((a, b) => a + b, 0) / Math.max(1, csats.length),
		ratings: csats.length,
		nps: npss.length > 0 ? (100 * (npss.filter((n) => n >= 9).length - npss.filter((n) => n <= 6).length)) / npss.length : NaN,
		complaintReopenRate: complaintReopened / Math.max(1, complaintResolved),
		meanWaitSecByChannel: Object.fromEntries(Object.entries(waits).map(([k, [s, n]]) => [k, s / n / 1000])),
		transfers
	};
}
