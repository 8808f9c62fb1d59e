// Unit tests of the number formats every view uses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatBytes, formatCount, formatKnowledge, formatMs, formatPercent, formatRatio } from '../../src/lib/format.js';

test('durations pick a unit and keep three significant digits', () => {
  assert.equal(formatMs(5844488.0), '1.62 h');
  assert.equal(formatMs(5844.488), '5.84 s');
  assert.equal(formatMs(584.4), '584 ms');
  assert.equal(formatMs(12.34), '12.3 ms');
  assert.equal(formatMs(0.25), '250 µs');
  assert.equal(formatMs(0), '0 ms');
  assert.equal(formatMs(90e3), '1.50 min');
  assert.equal(formatMs(NaN), 'n/a');
});

test('counts are grouped, bytes use powers of 1000', () => {
  assert.equal(formatCount(2682673), '2,682,673');
  assert.equal(formatBytes(2021890000), '2.02 GB');
  assert.equal(formatBytes(512), '512 B');
  assert.equal(formatPercent(0.875), '87.5 %');
});

test('a ratio over zero is n/a, not infinity or a huge number', () => {
  assert.equal(formatRatio(364.75, 0), 'n/a');
  assert.equal(formatRatio(10, 4), '2.50×');
  assert.equal(formatRatio(4657, 100), '46.6×');
});

test("what a simulation's scheduler knew, and how often it decided", () => {
  assert.equal(formatKnowledge({}), 'exact durations and sizes, a decision at every event');
  assert.equal(formatKnowledge({ information: 'noisy', noise: 1.2, scheduling_interval_us: 20000 }), 'noisy estimates (σ 1.2), decisions at least 20.0 ms apart');
  assert.equal(formatKnowledge({ information: 'prefix-mean', scheduling_interval_us: 500 }), 'per-prefix means, decisions at least 500 µs apart');
});
