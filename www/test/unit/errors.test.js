// isCancel: every engine answer to Cancel is a cancel, and a failure is not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isCancel } from '../../src/lib/errors.js';

test('the engine says what it cancelled in up to two words', () => {
  for (const message of ['run cancelled', 'simulation cancelled', 'sweep cancelled', 'comparison cancelled', 'shape sweep cancelled']) {
    assert.equal(isCancel(new Error(message)), true, message);
  }
  assert.equal(isCancel({ cancelled: true }), true);
});

test('failures are not cancels', () => {
  for (const message of ['task load-3 failed: boom', 'no work in progress: start one first', 'workers: must be 1 to 4096, got 0']) {
    assert.equal(isCancel(new Error(message)), false, message);
  }
});
