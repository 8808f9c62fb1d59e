import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tasksPerThread, maxConcurrency } from '../../src/lib/trace.js';

const columns = (rows) => ({
  thread: Uint32Array.from(rows.map((r) => r[0])),
  start: Float64Array.from(rows.map((r) => r[1])),
  end: Float64Array.from(rows.map((r) => r[2])),
});

test('tasksPerThread counts tasks per thread, including idle threads', () => {
  const trace = columns([[0, 0, 5], [1, 0, 5], [0, 5, 9]]);
  assert.deepEqual(tasksPerThread(trace, 3), [2, 1, 0]);
});

test('maxConcurrency sees overlapping intervals', () => {
  assert.equal(maxConcurrency(columns([[0, 0, 10], [1, 5, 15], [2, 6, 7]])), 3);
});

test('back-to-back intervals are not concurrent', () => {
  assert.equal(maxConcurrency(columns([[0, 0, 10], [1, 10, 20]])), 1);
});
