// Huge builds are long work: the page shows how far a build of the largest
// pipeline is, Cancel stops it (the previous graph stays on screen and the
// engine stays usable), and createEngine's build() has onProgress and cancel().
import { test, expect } from '@playwright/test';
import { ISOLATED_PORT } from '../../playwright.config.js';
import { clickCancel, collectConsoleErrors } from './helpers.js';

const PAGE = `http://127.0.0.1:${ISOLATED_PORT}/?pool=2`;
/** Cancels in the page test (the latency line wants a few). */
const CANCELS = 5;

test.beforeEach(async ({ page }) => {
  page.errors = await collectConsoleErrors(page);
  await page.goto(PAGE);
  await expect(page.locator('body')).toHaveAttribute('data-builds', '1');
});
test.afterEach(async ({ page }) => expect(page.errors).toEqual([]));

test('Build of the largest pipeline shows its progress and Cancel keeps the previous graph', async ({ page }) => {
  test.setTimeout(300_000);
  const before = await page.evaluate(() => window.dagsim.graph.tasks);
  const nodes = page.locator('#dag svg g.node');
  await expect(nodes.first()).toBeAttached();
  const drawn = await nodes.count();
  // The largest pipeline the fields take (FILES and COMPARES in src/etl/spec.rs): about 1.9M tasks.
  const limits = ['300000', '1000000'];
  await page.fill('input[name=files]', limits[0]);
  await page.fill('input[name=compares]', limits[1]);
  const note = page.locator('#work-note');
  const latencies = [];
  for (let i = 0; i < CANCELS; i += 1) {
    await page.click('#build');
    await expect(note).toContainText(/Building: \d+ of \d+ tasks, \d+ % done, (about \d+ s left|estimating the time left)/, { timeout: 60_000 });
    if (i === 0) await page.locator('#spec-form').screenshot({ path: 'test-results/build-progress.png' });
    // Land at different points of a slice.
    await page.waitForTimeout(7 * i);
    latencies.push(await clickCancel(page));
    await expect(page.locator('#form-status')).toHaveText('Build cancelled.');
    await expect(page.locator('#form-error')).toHaveText('');
    await expect(note).toHaveText('');
    // The previous graph is still the one on screen.
    await expect(page.locator('body')).toHaveAttribute('data-builds', '1');
    expect(await page.evaluate(() => window.dagsim.graph.tasks)).toBe(before);
    await expect(nodes).toHaveCount(drawn);
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  // Measured and printed, never asserted against a clock.
  console.log(`Build of ${limits[0]} files × ${limits[1]} compares, Cancel to idle page over ${CANCELS} cancels: min ${sorted[0].toFixed(0)} / median ${sorted[2].toFixed(0)} / max ${sorted.at(-1).toFixed(0)} ms`);
  // The engine is usable: the previous graph (the fields' first values) simulates
  // without a rebuild, and the large example builds.
  await page.fill('input[name=files]', '10');
  await page.fill('input[name=compares]', '20');
  await page.click('#simulate');
  await expect(page.locator('body')).toHaveAttribute('data-simulations', '1');
  await expect(page.locator('body')).toHaveAttribute('data-builds', '1');
  await page.click('[data-preset=large]');
  await expect(page.locator('body')).toHaveAttribute('data-builds', '2');
  await expect(page.locator('#progress .bar-row')).toHaveCount(6);
});

test('createEngine: build() reports tasks and cancel() keeps the previous graph', async ({ page }) => {
  const outcome = await page.evaluate(async () => {
    await import('/src/embed/no-bundler.js');
    const { createEngine } = await import('/src/embed/api.js');
    const engine = createEngine({ threads: 2 });
    const small = await engine.build({ files: 10, compares: 20 });
    const seen = [];
    const huge = { files: 300_000, compares: 1_000_000 };
    const building = engine.build(huge, {
      onProgress: (p) => {
        seen.push(p);
        if (seen.length === 1) building.cancel();
      },
    });
    const error = await building.then(() => null, (err) => err.message);
    // The previous graph is the engine's: its export has its tasks.
    const kept = JSON.parse(await engine.export('json')).tasks.length;
    const stepped = await engine.build({ files: 2_000, compares: 2_000 }, { onProgress: (p) => seen.push(p) });
    const report = await engine.simulate({ workers: 4 });
    engine.terminate();
    return { small: small.tasks, first: seen[0], last: seen.at(-1), error, kept, tasks: stepped.tasks, makespan: report.makespan_ms };
  });
  expect(outcome.error).toBe('build cancelled');
  expect(outcome.first.done).toBeGreaterThan(0);
  expect(outcome.first.done).toBeLessThan(outcome.first.total);
  expect(outcome.first.fraction).toBeCloseTo(outcome.first.done / outcome.first.total, 9);
  expect(outcome.kept).toBe(outcome.small);
  expect(outcome.last).toMatchObject({ done: outcome.tasks, total: outcome.tasks, fraction: 1 });
  expect(outcome.makespan).toBeGreaterThan(0);
});
