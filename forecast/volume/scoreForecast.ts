import type { Metrics } from './types';

export interface ScoredSeries {
	actual: ArrayLike<number>;
	forecast: ArrayLike<number>;
	lo80?: ArrayLike<number>;
	hi80?: ArrayLike<number>;
	lo95?: ArrayLike<number>;
	hi95?: ArrayLike<number>;
}

/**
 * Accuracy of a forecast, exactly as the bank-calls anchors were scored
 * (tests/fixtures/bank-calls-2003/README.md), with e = actual − forecast over points whose actual
 * is a finite number:
 *   WAPE = 100·Σ|e|/Σactual; MASE = mean|e| / Q (Hyndman & Koehler 2006, with Q the in-sample
 *   seasonal-naive MAE, see ./seasonalNaiveScale); Bias = 100·(Σforecast − Σactual)/Σactual;
 *   CovXX = 100 · share of actuals with lo ≤ actual ≤ hi.
 *
 * @throws if the arrays differ in length or no point has an actual.
 * @example scoreForecast({ actual: [10, 20], forecast: [12, 18] }).wapePct // 100·4/30 = 13.33…
 */
export function scoreForecast(series: ScoredSeries, scaleQ?: number): Metrics {
	const { actual, forecast } = series;
	const n0 = actual.length;
	for (const key of ['forecast', 'lo80', 'hi80', 'lo95', 'hi95'] as const) {
		const arr = series[key];
		if (arr && arr.length !== n0) {
			throw new Error(`scoreForecast: ${key} has ${arr.length} values, actual has ${n0}; they must match`);
		}
	}
	let n = 0;
	let sumAbs = 0;
	let sumAct = 0;
	let sumFc = 0;
	let in80 = 0;
	let in95 = 0;
	for (let i = 0; i < n0; i++) {
		const y = actual[i];
		if (!Number.isFinite(y)) continue;
		const f = forecast[i];
		n++;
		sumAbs += Math.abs(y - f);
		sumAct += y;
		sumFc += f;
		if (series.lo80 && series.hi80 && y >= series.lo80[i] && y <= series.hi80[i]) in80++;
		if (series.lo95 && series.hi95 && y >= series.lo95[i] && y <= series.hi95[i]) in95++;
	}
	if (n === 0) throw new Error('scoreForecast: no point has a finite actual value');
	const mae = sumAbs / n;
	return {
		n,
		wapePct: (100 * sumAbs) / sumAct,
		mase: scaleQ !== undefined && scaleQ > 0 ? mae / scaleQ : NaN,
		biasPct: (100 * (sumFc - sumAct)) / sumAct,
		cov80Pct: series.lo80 && series.hi80 ? (100 * in80) / n : NaN,
		cov95Pct: series.lo95 && series.hi95 ? (100 * in95) / n : NaN,
		mae
	};
}
