import { test } from 'node:test';
import assert from 'node:assert/strict';
import { metrics, addLine, emptyCounts, round4, fmt } from '../metrics.mjs';

const close = (a, b) => assert.ok(Math.abs(a - b) < 1e-12, `${a} != ${b}`);

test('ordinary counts', () => {
  const m = metrics({ tp: 8, fp: 2, fn: 4, tn: 86 });
  close(m.precision, 0.8);
  close(m.recall, 8 / 12);
  close(m.f1, (2 * 0.8 * (8 / 12)) / (0.8 + 8 / 12));
  close(m.fpr, 2 / 88);
  assert.equal(m.n, 100);
  assert.equal(m.positives, 12);
});

test('perfect filter', () => {
  assert.deepEqual(
    [metrics({ tp: 5, fp: 0, fn: 0, tn: 5 })].map(({ precision, recall, f1, fpr }) => [precision, recall, f1, fpr]),
    [[1, 1, 1, 0]],
  );
});

test('flags nothing on a set with positives: precision undefined, recall and F1 zero', () => {
  const m = metrics({ tp: 0, fp: 0, fn: 7, tn: 3 });
  assert.equal(m.precision, null);
  assert.equal(m.recall, 0);
  assert.equal(m.f1, 0);
  assert.equal(m.fpr, 0);
});

test('set without positives (look-alikes): recall undefined, FPR defined', () => {
  const m = metrics({ tp: 0, fp: 3, fn: 0, tn: 31 });
  assert.equal(m.recall, null);
  assert.equal(m.precision, 0);
  assert.equal(m.f1, 0);
  close(m.fpr, 3 / 34);
});

test('set without negatives: FPR undefined', () => {
  const m = metrics({ tp: 2, fp: 0, fn: 1, tn: 0 });
  assert.equal(m.fpr, null);
  close(m.recall, 2 / 3);
});

test('all zero: everything undefined', () => {
  const m = metrics(emptyCounts());
  assert.deepEqual([m.precision, m.recall, m.f1, m.fpr], [null, null, null, null]);
  assert.equal(m.n, 0);
});

test('all wrong: zeros, not NaN', () => {
  const m = metrics({ tp: 0, fp: 4, fn: 6, tn: 0 });
  assert.deepEqual([m.precision, m.recall, m.f1, m.fpr], [0, 0, 0, 1]);
});

test('addLine fills the right cell', () => {
  const c = emptyCounts();
  addLine(c, true, true);
  addLine(c, true, false);
  addLine(c, false, true);
  addLine(c, false, false);
  addLine(c, false, false);
  assert.deepEqual(c, { tp: 1, fp: 1, fn: 1, tn: 2 });
});

test('rejects bad counts', () => {
  assert.throws(() => metrics({ tp: -1, fp: 0, fn: 0, tn: 0 }), RangeError);
  assert.throws(() => metrics({ tp: 1.5, fp: 0, fn: 0, tn: 0 }), RangeError);
  assert.throws(() => metrics({ tp: 1, fp: 0, fn: 0 }), RangeError);
});

test('rounding and formatting', () => {
  assert.equal(round4(2 / 3), 0.6667);
  assert.equal(round4(null), null);
  assert.equal(fmt(null), 'n/a');
  assert.equal(fmt(0.12345), '0.123');
});
