// The npm package, installed from the packed tarball into tests/npm-host (a
// plain ES-module page with an import map, no bundler): two <dagsim-etl>
// elements sharing one engine, events, theming, and the createEngine API.
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { HOST_PORT, PLAIN_HOST_PORT } from '../../playwright.config.js';
import { collectConsoleErrors } from './helpers.js';

const DAGSIM = fileURLToPath(new URL('../../../target/debug/dagsim', import.meta.url));
const cli = (...args) => JSON.parse(execFileSync(DAGSIM, ['run', '--time-scale', '0', '--threads', '2', ...args]));

test('the elements and the API work from the installed tarball', async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await page.goto(`http://127.0.0.1:${HOST_PORT}/`);
  // Loaded from node_modules/dagsim, not from the repo's sources.
  const loaded = await page.evaluate(() => performance.getEntriesByType('resource').map((r) => new URL(r.name).pathname));
  expect(loaded).toContain('/node_modules/dagsim/src/embed/element.js');
  await expect(page.locator('#first')).toHaveAttribute('data-built', '50');
  await expect(page.locator('#second')).toHaveAttribute('data-built', /\d+/);
  await expect(page.locator('#first')).toHaveAttribute('data-engine', 'threaded');

  // The API: same answer as the CLI for the same spec.
  await expect(page.locator('#api-result')).toContainText('"isolated":true');
  const api = JSON.parse(await page.locator('#api-result').textContent());
  const expected = cli('--files', '13', '--compares', '17', '--seed', '5');
  expect([api.best.a, api.best.b]).toEqual(expected.best);
  expect(api.best.score).toBe(expected.score);

  // The first element runs its own graph (even though the second built another one since).
  const report = await page.evaluate(() => document.getElementById('first').run({ time_scale: 0.02 }));
  const small = cli('--files', '10', '--compares', '20', '--seed', '42');
  expect([report.best.a, report.best.b]).toEqual(small.best);
  const events = await page.evaluate(() => window.events);
  expect(events.some((e) => e.name === 'dagsim-progress' && e.id === 'first')).toBe(true);
  expect(events.some((e) => e.name === 'dagsim-done' && e.id === 'first')).toBe(true);
  // Views in the shadow DOM: the DAG, the stream with one bar per task, the simulated curves.
  await expect(page.locator('#first g.node ellipse')).toHaveCount(50);
  await expect(page.locator('#first [data-view=stream]')).toHaveAttribute('data-bars', '50');
  await expect(page.locator('#first .u-legend')).toContainText('simulated dask-like');
  // view="progress" shows only the progress view; theming reaches inside.
  await expect(page.locator('#second [data-view=dag]')).toBeHidden();
  await expect(page.locator('#second [data-view=progress]')).toBeVisible();
  const accent = await page.locator('#second').evaluate((el) => getComputedStyle(el.shadowRoot.querySelector('.run')).backgroundColor);
  expect(accent).toBe('rgb(142, 68, 173)');
  await page.screenshot({ path: 'test-results/npm-host.png', fullPage: true });
  expect(errors).toEqual([]);
});

test('a non-isolated host page gets one thread and the element says so', async ({ page }) => {
  await page.goto(`http://127.0.0.1:${PLAIN_HOST_PORT}/`);
  await expect(page.locator('#first')).toHaveAttribute('data-engine', 'single-thread');
  await expect(page.locator('#first .status')).toContainText('not cross-origin isolated');
  await expect(page.locator('#api-result')).toContainText('"isolated":false');
  const report = await page.evaluate(() => document.getElementById('first').run({ time_scale: 0 }));
  expect(report.threads).toBe(1);
});
