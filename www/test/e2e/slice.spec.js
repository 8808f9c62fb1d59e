// The vertical slice: the page runs the seed's small example on the engine
// worker — on a real thread pool when isolated, on one thread when not.
import { test, expect } from '@playwright/test';
import { ISOLATED_PORT, PLAIN_PORT } from '../../playwright.config.js';
import { collectConsoleErrors, dagsimCli, openGraphFile, runSmallExample, overlappingPairs } from './helpers.js';

test('isolated page runs tasks in parallel on the pool', async ({ page }) => {
  const errors = await collectConsoleErrors(page);
  await page.goto(`http://127.0.0.1:${ISOLATED_PORT}/?pool=4`);
  await expect(page.locator('body')).toHaveAttribute('data-engine', 'threaded');
  await expect(page.locator('#isolation-banner')).toBeHidden();
  await expect(page.locator('#engine-status')).toContainText('4 pool threads');

  const report = await runSmallExample(page, { threads: 4, timeScale: 0.05 });
  expect(report.threads).toBe(4);
  expect(report.trace.start.length).toBe(report.tasks);
  // Proof of parallelism from the recorded intervals, independent of machine speed:
  // some task on one pool thread ran while another task ran on a different thread.
  expect(overlappingPairs(report.trace)).toBeGreaterThan(0);
  expect(new Set(report.trace.thread).size).toBeGreaterThan(1);

  await expect(page.locator('[data-stat="threads"]')).toHaveText('4');
  await expect(page.locator('#per-thread .bar-row')).toHaveCount(4);
  const perThread = await page.locator('#per-thread .count').allTextContents();
  expect(perThread.reduce((sum, t) => sum + parseInt(t, 10), 0)).toBe(report.tasks);
  await page.screenshot({ path: 'test-results/slice-isolated.png', fullPage: true });
  expect(errors).toEqual([]);
});

test('non-isolated page falls back to one thread and says why', async ({ page }) => {
  const errors = await collectConsoleErrors(page);
  await page.goto(`http://127.0.0.1:${PLAIN_PORT}/`);
  await expect(page.locator('body')).toHaveAttribute('data-engine', 'single-thread');
  const banner = page.locator('#isolation-banner');
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('not cross-origin isolated');
  await expect(banner).toContainText('Cross-Origin-Embedder-Policy: require-corp');

  const report = await runSmallExample(page, { threads: 1, timeScale: 0.02 });
  expect(report.threads).toBe(1);
  expect(new Set(report.trace.thread)).toEqual(new Set([0]));
  expect(overlappingPairs(report.trace)).toBe(0);
  // Everything but multi-thread runs works: the simulator too.
  await page.click('#simulate');
  await expect(page.locator('body')).toHaveAttribute('data-simulations', '1');
  // And an imported graph replays on the one thread (stepped, the page never blocks).
  const json = dagsimCli('graph', '--files', '4', '--compares', '3', '--format', 'json');
  await openGraphFile(page, json);
  await page.click('#run');
  await expect(page.locator('body')).toHaveAttribute('data-runs', '2');
  const replay = await page.evaluate(() => window.dagsim.lastReport);
  expect(replay.best).toBeNull();
  expect(replay.tasks).toBe(JSON.parse(json).tasks.length);
  await page.screenshot({ path: 'test-results/slice-single.png', fullPage: true });
  expect(errors).toEqual([]);
});

test('both builds compute the same answer', async ({ page }) => {
  await page.goto(`http://127.0.0.1:${ISOLATED_PORT}/?pool=2`);
  const threaded = await runSmallExample(page, { threads: 2, timeScale: 0 });
  await page.goto(`http://127.0.0.1:${PLAIN_PORT}/`);
  const single = await runSmallExample(page, { threads: 1, timeScale: 0 });
  expect(single.best).toEqual(threaded.best);
  expect(single.tasks).toBe(threaded.tasks);
});
