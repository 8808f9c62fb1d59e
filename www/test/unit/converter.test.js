// The page's single-file converter download (www/scripts/converter.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { singleFileConverter } from '../../scripts/converter.mjs';

test('the converter download carries the calibration, with one __future__ import at the top', () => {
  const text = singleFileConverter();
  const measure = text.indexOf('def measure(');
  const probe = text.indexOf('class GilProbe');
  assert.ok(measure >= 0 && measure < probe, 'measure() comes before the appended calibration');
  assert.ok(text.includes('def calibrate(client)'));
  // Python requires `from __future__` imports at the top.
  assert.equal(text.split('from __future__').length - 1, 1);
  assert.ok(text.indexOf('from __future__') < text.indexOf('\nimport '));
});
