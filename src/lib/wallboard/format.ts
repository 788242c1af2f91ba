/** Number formats for the board (browser-safe). */
export const fmtPct = (x: number | null | undefined): string => (x === null || x === undefined ? '—' : `${x.toFixed(1)}%`);

/** 0:07, 1:05, 1:02:03 — a wait or handle time, readable from across the hall; rounded to the nearest second (53.9 s → 0:54), not truncated */
export function fmtDuration(ms: number | null | undefined): string {
	if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
	const total = Math.max(0, Math.round(ms / 1000));
	const h = Math.floor(total / 3600);
	const m = Math.floor((total % 3600) / 60);
	const s = total % 60;
	const ss = String(s).padStart(2, '0');
	return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
