// Confusion counts -> precision, recall, F1, false-positive rate.
//
// A ratio whose denominator is zero is undefined and reported as null (printed "n/a"), not 0:
// e.g. recall on a set with no flagged lines, or precision of a filter that flagged nothing.
// F1 is 2TP / (2TP + FP + FN), which equals 2PR / (P + R) whenever both are defined and is 0
// (not undefined) when the filter flagged nothing on a set that has positives; it is null only
// when TP = FP = FN = 0. (chatguard eval prints 0 for every undefined ratio; the counts are the same.)

/** @returns {{tp:number, fp:number, fn:number, tn:number}} */
export function emptyCounts() {
  return { tp: 0, fp: 0, fn: 0, tn: 0 };
}

/** Adds one scored line to counts (mutates and returns them). */
export function addLine(counts, gold, predicted) {
  if (gold && predicted) counts.tp++;
  else if (!gold && predicted) counts.fp++;
  else if (gold) counts.fn++;
  else counts.tn++;
  return counts;
}

function ratio(num, den) {
  return den === 0 ? null : num / den;
}

/** Metrics from confusion counts; undefined ratios are null. */
export function metrics({ tp, fp, fn, tn }) {
  for (const [k, v] of Object.entries({ tp, fp, fn, tn })) {
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`${k} must be a non-negative integer, got ${v}`);
  }
  return {
    n: tp + fp + fn + tn,
    positives: tp + fn,
    tp, fp, fn, tn,
    precision: ratio(tp, tp + fp),
    recall: ratio(tp, tp + fn),
    f1: ratio(2 * tp, 2 * tp + fp + fn),
    fpr: ratio(fp, fp + tn),
  };
}

/** Rounds to 4 decimals (like chatguard eval); null stays null. */
export function round4(x) {
  return x === null || x === undefined ? null : Math.round(x * 10000) / 10000;
}

/** Three decimals for tables; null -> "n/a". */
export function fmt(x) {
  return x === null || x === undefined ? 'n/a' : x.toFixed(3);
}
