// The views as a Dask user reads them (issue #16): nothing stale after an
// import, a preset switch or a cancel; no absurd figures; a task stream and a
// DAG that scale; palettes that keep state colours for states; a speedup
// chart that says what it measures; forms that speak the user's labels; a
// clean SVG download. Each test fails on the views before this change.
import { test, expect } from '@playwright/test';
import { ISOLATED_PORT } from '../../playwright.config.js';
import { collectConsoleErrors, dagsimCli, openGraphFile } from './helpers.js';

test.beforeEach(async ({ page }) => {
  page.errors = await collectConsoleErrors(page);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`http://127.0.0.1:${ISOLATED_PORT}/?pool=2`);
  await expect(page.locator('body')).toHaveAttribute('data-builds', '1');
  await expect(page.locator('#dag')).toHaveAttribute('data-state', 'drawn');
});
test.afterEach(async ({ page }) => expect(page.errors).toEqual([]));

/** A chain graph whose prefixes are not the ETL's. */
const OTHER = {
  tasks: ['array', 'rechunk', 'sum', 'mean', 'finalize', 'store'].map((p, i, all) => ({
    key: `${p}-${i}`, deps: i ? [`${all[i - 1]}-${i - 1}`] : [], duration_ms: 10 + i,
  })),
};

test('progress rows follow the graph on screen: another graph gets its own prefixes and colours', async ({ page }) => {
  await openGraphFile(page, Buffer.from(JSON.stringify(OTHER)));
  const graph = await page.evaluate(() => window.dagsim.graph);
  await expect(page.locator('#progress .name')).toHaveText(graph.prefixes.map((p) => p.name));
  const fills = await page.locator('#progress .bar > span').evaluateAll((spans) => spans.map((s) => getComputedStyle(s).backgroundColor));
  const hex = (rgb) => `#${rgb.match(/\d+/g).slice(0, 3).map((n) => Number(n).toString(16).padStart(2, '0')).join('')}`;
  expect(fills.map(hex)).toEqual(graph.prefixes.map((p) => p.color));
  // Every bar has an accessible name and value.
  await expect(page.locator('#progress [role=progressbar]').first()).toHaveAttribute('aria-label', 'array: tasks done');
  await expect(page.locator('#progress [role=progressbar]').first()).toHaveAttribute('aria-valuetext', '0 of 1 done');
});

test('time scale 0: span is n/a, and parallelism is the graph\'s work ÷ span, the same as the chart\'s bound', async ({ page }) => {
  await page.fill('input[name=time_scale]', '0');
  await page.click('#sweep');
  await expect(page.locator('body')).toHaveAttribute('data-runs', '2');
  await expect(page.locator('[data-stat=span-critical-path]')).toHaveText('n/a (time scale 0)');
  const parallelism = await page.locator('[data-stat=parallelism-work-span]').textContent();
  expect(parallelism).toMatch(/^\d+(\.\d+)?×$/);
  const graph = await page.evaluate(() => window.dagsim.graph);
  expect(Number(parallelism.slice(0, -1))).toBeCloseTo(graph.work_ms / graph.span_ms, 1);
  await expect(page.locator('#speedup .u-legend')).toContainText(`critical-path bound (${parallelism})`);
});

test('after a cancel the result card holds nothing stale and the cancel is not an error', async ({ page }) => {
  await page.fill('input[name=workers]', '2');
  await page.click('#simulate');
  await expect(page.locator('body')).toHaveAttribute('data-simulations', '1');
  await expect(page.locator('[data-stat=predicted-makespan]')).toBeVisible();
  await page.fill('input[name=time_scale]', '1');
  await page.click('#run');
  await expect.poll(() => page.locator('#stream').getAttribute('data-live')).not.toBeNull();
  await page.click('#cancel');
  await expect(page.locator('#form-status')).toHaveText('Run cancelled.');
  await expect(page.locator('#form-error')).toBeEmpty();
  await expect(page.locator('#result [data-stat]')).toHaveCount(0);
  await expect(page.locator('#result')).toContainText('cancelled');
});

test('switching preset hides the previous graph while the new one is laid out', async ({ page }) => {
  await page.click('[data-preset=large]');
  await expect(page.locator('#dag')).toHaveAttribute('data-state', 'layout');
  await expect(page.locator('#dag .dag-canvas svg')).toHaveCount(0);
  await expect(page.locator('#dag .dag-note')).toHaveText('Laying out…');
  await expect(page.locator('#dag')).toHaveAttribute('data-state', 'drawn', { timeout: 90_000 });
});

test('the large example is readable at first sight, with a minimap and live state colours', async ({ page }) => {
  await page.click('[data-preset=large]');
  await expect(page.locator('body')).toHaveAttribute('data-builds', '2');
  await expect(page.locator('#dag')).toHaveAttribute('data-state', 'drawn', { timeout: 90_000 });
  // A task circle at the default zoom is big enough to see its colour (it was 2 px wide).
  const size = await page.locator('#dag g.node ellipse').first().evaluate((e) => e.getBoundingClientRect().width);
  expect(size).toBeGreaterThan(15);
  await expect(page.locator('#dag .minimap')).toBeVisible();
  await page.fill('input[name=time_scale]', '0');
  await page.click('#run');
  await expect(page.locator('body')).toHaveAttribute('data-runs', '1');
  const done = await page.evaluate(() => window.dagsim.graph.state_colors[3]);
  const fills = await page.locator('#dag g.node ellipse').evaluateAll((els) => els.map((e) => e.getAttribute('fill')));
  expect(new Set(fills)).toEqual(new Set([done]));
});

test('the task stream: full width, rows per worker thread that ran, bounded height, time zoom', async ({ page }) => {
  await page.fill('input[name=workers]', '64');
  await page.fill('input[name=threads_per_worker]', '4');
  await page.click('#simulate');
  await expect(page.locator('body')).toHaveAttribute('data-simulations', '1');
  const graph = await page.evaluate(() => window.dagsim.graph);
  const rows = Number(await page.locator('#stream').getAttribute('data-rows'));
  expect(rows).toBeGreaterThan(0);
  expect(rows).toBeLessThanOrEqual(graph.tasks);
  await expect(page.locator('#stream .stream-caption')).toContainText(`of 256 simulated threads ran nothing (not shown)`);
  const canvas = page.locator('#stream canvas');
  expect((await canvas.boundingBox()).height).toBeLessThanOrEqual(380);
  const layout = await page.locator('main').boundingBox();
  expect((await page.locator('#stream').boundingBox()).width).toBeGreaterThan(layout.width * 0.9);
  // Hover names the worker and thread.
  await page.evaluate(() => { window.__tips = []; new MutationObserver(() => window.__tips.push(document.getElementById('tooltip').textContent)).observe(document.getElementById('tooltip'), { childList: true }); });
  const box = await canvas.boundingBox();
  await canvas.scrollIntoViewIfNeeded();
  for (let x = box.x + 150; x < box.x + box.width && !(await page.evaluate(() => window.__tips.length)); x += 4) await page.mouse.move(x, (await canvas.boundingBox()).y + 30);
  expect((await page.evaluate(() => window.__tips))[0]).toMatch(/worker \d+ · thread \d/);
  // Wheel zooms time; 0 resets.
  const b = await canvas.boundingBox();
  await page.mouse.move(b.x + b.width / 2, b.y + 40);
  await page.mouse.wheel(0, -300);
  await expect(page.locator('#stream')).toHaveAttribute('data-window', /^\d+-\d+$/);
  await page.locator('#stream .stream-scroll').focus();
  await page.keyboard.press('0');
  await expect(page.locator('#stream')).toHaveAttribute('data-window', 'all');
});

/** Waits until the next frame is drawn. */
const frames = (page) => page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));

/** Red transfer pixels on the task stream's canvas below the time axis, as [x, y] CSS px, and how many. */
const redPixels = (page) => page.evaluate(() => {
  const canvas = document.querySelector('#stream canvas');
  const ratio = canvas.width / canvas.clientWidth;
  const { data, width, height } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
  let count = 0;
  let first = null;
  for (let y = Math.ceil(20 * ratio); y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const o = (y * width + x) * 4;
      if (data[o] > 200 && data[o + 1] < 60 && data[o + 2] < 60) {
        count += 1;
        first ??= [x / ratio, y / ratio];
      }
    }
  }
  return { count, first };
});

test('the task stream draws simulated transfers in red on the receiving worker, none on a free network', async ({ page }) => {
  await page.click('[data-preset=large]');
  await expect(page.locator('#dag')).toHaveAttribute('data-state', 'drawn');
  await page.fill('input[name=workers]', '4');
  await page.fill('input[name=threads_per_worker]', '1');
  await page.fill('input[name=bandwidth_mb_s]', '1');
  await page.click('#simulate');
  await expect(page.locator('body')).toHaveAttribute('data-simulations', '1');
  const log = await page.evaluate(() => {
    const t = window.dagsim.lastSimulation.transfer_log;
    return { n: t.start.length, ok: t.start.every((s, i) => t.end[i] > s && t.to[i] !== t.from[i] && t.to[i] < 4 && t.bytes[i] > 0) };
  });
  expect(log.n).toBeGreaterThan(0);
  expect(log.n).toBe(await page.evaluate(() => window.dagsim.lastSimulation.transfers));
  expect(log.ok).toBe(true);
  await expect(page.locator('#stream .stream-caption')).toContainText(/Red along the bottom of a worker's first row: transfers into this worker \([\d,]+ in all\)/);
  await page.locator('#stream').scrollIntoViewIfNeeded();
  await frames(page);
  const red = await redPixels(page);
  expect(red.count).toBeGreaterThan(0);
  await page.locator('#stream').screenshot({ path: 'test-results/stream-transfers.png' });
  // Zoomed into the end of the run, transfers are still drawn (over the zoomed window).
  const canvasBox = await page.locator('#stream canvas').boundingBox();
  await page.mouse.move(canvasBox.x + canvasBox.width * 0.85, canvasBox.y + 40);
  for (let k = 0; k < 8; k += 1) await page.mouse.wheel(0, -300);
  await expect(page.locator('#stream')).toHaveAttribute('data-window', /^\d+-\d+$/);
  await frames(page);
  expect((await redPixels(page)).count).toBeGreaterThan(0);
  await page.locator('#stream').screenshot({ path: 'test-results/stream-transfers-zoomed.png' });
  await page.locator('#stream .stream-scroll').focus();
  await page.keyboard.press('0');
  await expect(page.locator('#stream')).toHaveAttribute('data-window', 'all');
  await frames(page);
  // Hovering a red strip names the transfer.
  const box = await page.locator('#stream canvas').boundingBox();
  await page.evaluate(() => { window.__tips = []; new MutationObserver(() => window.__tips.push(document.getElementById('tooltip').textContent)).observe(document.getElementById('tooltip'), { childList: true }); });
  await page.mouse.move(box.x + red.first[0] + 0.5, box.y + red.first[1] + 0.5);
  await expect.poll(() => page.evaluate(() => window.__tips.at(-1))).toMatch(/transfer into worker \d.*from worker \d · [\d.]+ [kMG]?B · /);
  // A free network moves nothing: no red.
  await page.fill('input[name=bandwidth_mb_s]', '');
  await page.click('#simulate');
  await expect(page.locator('body')).toHaveAttribute('data-simulations', '2');
  expect(await page.evaluate(() => window.dagsim.lastSimulation.transfer_log.start.length)).toBe(0);
  await frames(page);
  expect((await redPixels(page)).count).toBe(0);
  await expect(page.locator('#stream .stream-caption')).not.toContainText('Red');
});

test('prefix colours never use a state colour, here and in the grouped DOT', async ({ page }) => {
  const graph = await page.evaluate(() => window.dagsim.graph);
  const rgb = (c) => c.match(/[0-9a-f]{2}/gi).map((x) => parseInt(x, 16));
  const distance = (a, b) => Math.hypot(...rgb(a).map((v, i) => v - rgb(b)[i]));
  for (const p of graph.prefixes) {
    for (const s of graph.state_colors) expect(distance(p.color, s), `${p.name} ${p.color} vs state ${s}`).toBeGreaterThan(80);
  }
  expect(new Set(graph.prefixes.map((p) => p.color)).size).toBe(graph.prefixes.length);
});

test('the speedup chart marks the simulated cluster and explains flat curves', async ({ page }) => {
  await page.fill('input[name=threads_per_worker]', '256');
  await page.click('#simulate');
  await expect(page.locator('body')).toHaveAttribute('data-simulations', '1');
  await expect(page.locator('#speedup .u-legend')).toContainText('your cluster (dask-like)');
  await expect(page.locator('#speedup .chart')).toHaveAttribute('aria-label', /x: threads in total \(simulated: workers × threads per worker\); y: speedup over one thread/);
  await expect(page.locator('#speedup .speedup-note')).toContainText('Each simulated worker has 256 threads');
  await expect(page.locator('#speedup .speedup-note')).toContainText('adding workers cannot speed it up');
  await expect(page.locator('[data-stat=predicted-makespan]')).toHaveText(/^[\d,.]+ (µs|ms|s|min|h)$/);
  await expect(page.locator('[data-stat=simulated-cluster]')).toHaveText('8 workers × 256 threads, dask-like');
});

test('form errors use the label, the range and the reason, tied to the field', async ({ page }) => {
  await page.fill('input[name=threads_per_worker]', '0');
  await page.click('#simulate');
  const slot = page.locator('.field-error[data-for=threads_per_worker]');
  await expect(slot).toHaveText("Threads / worker must be a whole number from 1 to 256 (the simulator's largest worker)");
  const id = await slot.getAttribute('id');
  await expect(page.locator('input[name=threads_per_worker]')).toHaveAttribute('aria-describedby', id);
  await expect(page.locator('input[name=threads_per_worker]')).toHaveAttribute('aria-invalid', 'true');
});

test('graph.svg is the whole graph without the page\'s attributes, even when zoomed', async ({ page }) => {
  const svg = page.locator('#dag svg');
  const b = await svg.boundingBox();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2);
  await page.mouse.wheel(0, -500);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-download=svg]')]);
  const chunks = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk);
  const text = Buffer.concat(chunks).toString('utf8');
  const doc = await page.evaluate((t) => {
    const root = new DOMParser().parseFromString(t, 'image/svg+xml').documentElement;
    return { viewBox: root.getAttribute('viewBox'), attrs: root.getAttributeNames(), nodes: root.querySelectorAll('g.node').length };
  }, text);
  expect(doc.attrs).not.toContain('tabindex');
  expect(doc.attrs).not.toContain('aria-label');
  expect(doc.viewBox).toMatch(/^0(\.0+)? 0(\.0+)? /);
  const graph = await page.evaluate(() => window.dagsim.graph);
  expect(doc.nodes).toBe(2 * graph.tasks);
});

test('numbers carry units and grouping in the result card', async ({ page }) => {
  const big = dagsimCli('graph', '--files', '12', '--compares', '5', '--format', 'json');
  await openGraphFile(page, big);
  await page.fill('input[name=time_scale]', '0.01');
  await page.click('#run');
  await expect(page.locator('body')).toHaveAttribute('data-runs', '1');
  for (const stat of ['makespan', 'work-sum-of-tasks', 'span-critical-path']) {
    await expect(page.locator(`[data-stat=${stat}]`)).toHaveText(/^[\d,.]+ (µs|ms|s|min|h)$/);
  }
});

test('a graph drawn one node per prefix says what each node holds on hover', async ({ page }) => {
  await openGraphFile(page, dagsimCli('graph', '--files', '300', '--compares', '500', '--format', 'json'));
  await expect(page.locator('#dag')).toHaveAttribute('data-state', 'drawn');
  await expect(page.locator('#dag .dag-note')).toContainText('one node per prefix');
  await page.locator('#dag svg').press('f');
  const at = await page.evaluate(() => {
    const r = [...document.querySelectorAll('#dag g.node')].find((g) => g.id === 'compare').getBoundingClientRect();
    return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
  });
  await page.mouse.move(at.x, at.y);
  await expect(page.locator('#tooltip')).toHaveText('compare500 tasks with this prefix');
});
