// ESTEE's task model in the page (issue #18, item 3): families whose tasks
// need several threads of one worker and have several outputs, generated
// from the picker; a cluster with too few threads per worker is flagged on
// its field, naming the task, and a wide enough one simulates as the CLI does.
import { test, expect } from '@playwright/test';
import { ISOLATED_PORT } from '../../playwright.config.js';
import { collectConsoleErrors, dagsimCli, familyPicker, generateFamily as generate } from './helpers.js';

test.beforeEach(async ({ page }) => {
  page.errors = await collectConsoleErrors(page);
  await page.setViewportSize({ width: 1440, height: 900 });
});
test.afterEach(async ({ page }) => expect(page.errors).toEqual([]));

/** Simulates on the fields' cluster and waits for the report. */
async function simulate(page) {
  const done = Number(await page.locator('body').getAttribute('data-simulations') ?? 0);
  await page.click('#simulate');
  await expect(page.locator('body')).toHaveAttribute('data-simulations', String(done + 1));
  return page.evaluate(() => {
    const r = window.dagsim.lastSimulation;
    return { makespan: r.makespan_ms, bytes: r.transferred_bytes, task: Array.from(r.trace.task), thread: Array.from(r.trace.thread) };
  });
}

test('crossv needs 4 threads per worker: flagged by name, then simulated on 4 threads as the CLI does', async ({ page }) => {
  await page.goto(`http://127.0.0.1:${ISOLATED_PORT}/?pool=2`);
  await expect(page.locator('body')).toHaveAttribute('data-builds', '1');
  const names = await (await familyPicker(page)).locator('option').allTextContents();
  expect(names).toEqual(expect.arrayContaining(['plain1cpus', 'fork2', 'size_stairs', 'crossv', 'fastcrossv', 'nestedcrossv', 'mapreduce', 'montage', 'cybershake', 'epigenomics', 'ligo', 'sipht']));
  // size_stairs: one task with 4 outputs, each read by its own consumer.
  await generate(page, 'size_stairs', 4);
  await expect(page.locator('#graph-source')).toContainText("ESTEE's size_stairs at size 4, seed 42 (5 tasks)");
  await generate(page, 'crossv', 1);
  await expect(page.locator('#graph-source')).toContainText("ESTEE's crossv at size 1, seed 42 (17 tasks)");
  await page.fill('input[name=workers]', '2');
  await page.fill('input[name=threads_per_worker]', '2');
  await page.click('#simulate');
  const flag = page.locator('.field-error[data-for=threads_per_worker]');
  await expect(flag).toContainText('Threads / worker: must be between 4 and 256 for this graph, got 2');
  await expect(flag).toContainText('needs 4 threads of one worker');
  await page.fill('input[name=threads_per_worker]', '4');
  await page.fill('input[name=bandwidth_mb_s]', '100');
  await page.fill('input[name=time_scale]', '1');
  const r = await simulate(page);
  await expect(flag).toBeEmpty();
  await expect(page.locator('#stream')).toContainText('17 tasks in');
  // 7 one-thread tasks and 10 four-thread ones: one trace row each thread holds.
  expect(r.task.length).toBe(7 + 10 * 4);
  const rows = new Map();
  r.task.forEach((t, i) => rows.set(t, [...(rows.get(t) ?? []), r.thread[i]]));
  const wide = [...rows.values()].filter((threads) => threads.length === 4);
  expect(wide.length).toBe(10);
  for (const threads of wide) {
    expect(new Set(threads).size).toBe(4);
    expect(new Set(threads.map((t) => Math.floor(t / 4))).size).toBe(1);
  }
  const cli = JSON.parse(String(dagsimCli('simulate', '--family', 'crossv', '--size', '1', '--seed', '42',
    '--workers', '2', '--threads-per-worker', '4', '--bandwidth', '100', '--latency-us', '100', '--policy', 'dask-like')));
  expect(r.makespan).toBeCloseTo(cli.makespan_ms, 6);
  expect(r.bytes).toBe(cli.transferred_bytes);
});
