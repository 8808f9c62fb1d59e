// A graph file measured by dask_to_dagsim.measure() (issue #15): opening it
// fills the simulated-cluster fields from the file's calibration and says
// so; Simulate then shows the calibrated Dask model's makespan for every
// cluster shape, the Pareto front of makespan against core-seconds, and the
// smallest cluster that finishes within the time asked — the same answer as
// the CLI's `simulate --sweep --within`. The fixture is a real measured file
// (a dask.array matmul on a 2 × 1 LocalCluster).
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { ISOLATED_PORT } from '../../playwright.config.js';
import { collectConsoleErrors, dagsimCli, openGraphFile } from './helpers.js';

const FIXTURE = new URL('./fixtures/measured.json', import.meta.url);
const MEASURED = readFileSync(FIXTURE);
const FILE = JSON.parse(MEASURED);

test.beforeEach(async ({ page }) => {
  page.errors = await collectConsoleErrors(page);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`http://127.0.0.1:${ISOLATED_PORT}/?pool=2`);
  await expect(page.locator('body')).toHaveAttribute('data-builds', '1');
});
test.afterEach(async ({ page }) => expect(page.errors).toEqual([]));

/** The number a field shows for `value` (four significant digits). */
const shown = (value) => String(Number(value.toPrecision(4)));

test('a measured file fills the cluster fields from its calibration and says so', async ({ page }) => {
  await expect(page.locator('#cluster-note')).toBeHidden();
  await openGraphFile(page, MEASURED, 'measured.json');
  const { cluster, calibration: cal, makespan_ms } = FILE.measurement;
  await expect(page.locator('input[name=workers]')).toHaveValue(String(cluster.workers));
  await expect(page.locator('input[name=threads_per_worker]')).toHaveValue(String(Math.max(...cluster.threads)));
  await expect(page.locator('input[name=overhead_us]')).toHaveValue(shown(cal.scheduler_us_per_task + cal.worker_us_per_task));
  await expect(page.locator('input[name=latency_us]')).toHaveValue(shown(cal.transfer.latency_us));
  await expect(page.locator('input[name=bandwidth_mb_s]')).toHaveValue(shown(cal.transfer.bandwidth_mb_s));
  await expect(page.locator('input[name=time_scale]')).toHaveValue('1');
  const note = page.locator('#cluster-note');
  await expect(note).toBeVisible();
  await expect(note).toContainText(`Measured by dask_to_dagsim.measure() on 2 workers × 1 thread (dask ${FILE.measurement.dask})`);
  await expect(note).toContainText(`${(makespan_ms / 1e3).toPrecision(3)} s`);
  await expect(note).toContainText('calibration');
  // Building the pipeline again forgets the file: no note, no shapes.
  await page.click('#build');
  await expect(note).toBeHidden();
  await expect(page.locator('#shapes')).toBeHidden();
});

test('Simulate on a measured graph: makespan by cluster shape, the Pareto front, the smallest cluster within X s', async ({ page }) => {
  await openGraphFile(page, MEASURED, 'measured.json');
  await expect(page.locator('#shapes')).toBeHidden();
  await page.click('#simulate');
  await expect(page.locator('body')).toHaveAttribute('data-simulations', '1');
  const card = page.locator('#shapes');
  await expect(card).toBeVisible();
  const rows = card.locator('tbody tr');
  await expect(rows).toHaveCount(15);
  // The page and the CLI (same file, same model) agree on every shape and the front.
  const within = Number(await card.locator('input[name=within_s]').inputValue());
  expect(within).toBeGreaterThan(0);
  const cli = JSON.parse(dagsimCli('simulate', '--graph', FIXTURE.pathname, '--sweep', '--within', String(within), '--json'));
  const pareto = cli.shapes.filter((p) => p.pareto).map((p) => `${p.workers} × ${p.threads_per_worker}`);
  expect(pareto.length).toBeGreaterThan(0);
  expect(pareto.length).toBeLessThan(15);
  await expect(card.locator('tbody tr[data-pareto=true]')).toHaveCount(pareto.length);
  for (const shape of pareto) await expect(card.locator(`tbody tr[data-shape="${shape}"]`)).toHaveAttribute('data-pareto', 'true');
  const [w, t] = cli.within.shape;
  await expect(card.locator('.shapes-answer')).toHaveAttribute('data-shape', `${w} × ${t}`);
  await expect(card.locator('.shapes-answer')).toContainText(`Smallest cluster within ${within} s: ${w} worker${w === 1 ? '' : 's'} × ${t} thread${t === 1 ? '' : 's'}`);
  await expect(card.locator('tr.answer')).toHaveAttribute('data-shape', `${w} × ${t}`);

  // Ask again: a time every shape meets names the smallest cluster, 1 × 1.
  const slowest = Math.max(...cli.shapes.map((p) => p.makespan_ms)) / 1e3;
  await card.locator('input[name=within_s]').fill(String(Math.ceil(slowest + 1)));
  await card.locator('input[name=within_s]').press('Enter');
  await expect(card.locator('.shapes-answer')).toHaveAttribute('data-shape', '1 × 1');
  // A time no shape meets says so; a bad one is flagged next to the input.
  await card.locator('input[name=within_s]').fill('0.001');
  await card.locator('input[name=within_s]').press('Enter');
  await expect(card.locator('.shapes-answer')).toContainText('No shape swept finishes within 0.001 s');
  await card.locator('input[name=within_s]').fill('-2');
  await card.locator('input[name=within_s]').press('Enter');
  await expect(card.locator('#shapes-error')).toContainText('Finish within: must be a number of seconds above 0');
  await expect(card.locator('input[name=within_s]')).toHaveAttribute('aria-invalid', 'true');
});

test('the npm API: engine.daskShapes gives the CLI sweep in slices with progress, and cancel stops it', async ({ page }) => {
  const text = MEASURED.toString();
  const got = await page.evaluate(async (text) => {
    await import('/src/embed/no-bundler.js');
    const { createEngine } = await import('/src/embed/api.js');
    const engine = createEngine({ threads: 2 });
    await engine.load(text);
    const progress = [];
    const sweep = await engine.daskShapes({ within_s: 1 }, { onProgress: (p) => progress.push([p.done, p.total]) });
    const real = await engine.daskShapes({ host_cores: 0 });
    const badHost = await engine.daskShapes({ host_cores: 2e6 }).then(() => null, (err) => [err.field, String(err.message)]);
    // Cancel after the first slice (≤ 25 ms, even inside one shape): the
    // promise rejects; a new sweep then runs whole.
    await engine.build({ files: 3000, compares: 10000 });
    let cancelled = null;
    let slices = 0;
    const second = engine.daskShapes({}, { onProgress: () => (slices++, second.cancel()) });
    try {
      await second;
    } catch (err) {
      cancelled = String(err.message);
    }
    await engine.load(text);
    const third = await engine.daskShapes();
    engine.terminate();
    return { sweep, real, badHost, progress, cancelled, slices, shapes: third.shapes.length };
  }, text);
  // host_cores: left out, the measured host (the file's workers shared 2 cores); 0, a real cluster.
  expect([got.sweep.host_cores, got.sweep.host_from_file, got.real.host_cores, got.real.host_from_file]).toEqual([2, true, 0, false]);
  const real = JSON.parse(dagsimCli('simulate', '--graph', FIXTURE.pathname, '--sweep', '--json', '--host-cores', '0'));
  expect(got.real.shapes.map((p) => p.makespan_ms)).toEqual(real.shapes.map((p) => p.makespan_ms));
  expect(got.badHost?.[0]).toBe('host_cores');
  const cli = JSON.parse(dagsimCli('simulate', '--graph', FIXTURE.pathname, '--sweep', '--within', '1', '--json'));
  expect(got.sweep.shapes.map((p) => [p.workers, p.threads_per_worker, p.makespan_ms, p.pareto]))
    .toEqual(cli.shapes.map((p) => [p.workers, p.threads_per_worker, p.makespan_ms, p.pareto]));
  expect(got.sweep.within.shape).toEqual(cli.within.shape);
  expect(got.sweep.calibrated).toBe(true);
  expect(got.progress.at(-1)).toEqual([15, 15]);
  expect(got.progress.every(([done, total], i) => total === 15 && done >= 0 && (i === 0 || done >= got.progress[i - 1][0]))).toBe(true);
  expect(got.cancelled).toBe('shape sweep cancelled');
  expect(got.slices).toBeLessThan(15);
  expect(got.shapes).toBe(15);
});

test('the page predicts cluster shapes in slices with progress under the buttons, and Cancel clears the card', async ({ page }) => {
  // A measured file (no calibration) of 50,000 tasks, 100 chains: a shape takes several slices.
  const tasks = Array.from({ length: 50_000 }, (_, i) => ({ key: `t-${i}`, deps: i < 100 ? [] : [`t-${i - 100}`], duration_ms: 1 }));
  const graph = { tasks };
  graph.measurement = {
    version: 1, dask: '2026.8.0', distributed: '2026.8.0', cluster: { workers: 2, threads: [1, 1], cores: 2 },
    makespan_ms: 1000, gil_switch_interval_ms: 5, tasks: {}, prefixes: {},
  };
  await openGraphFile(page, Buffer.from(JSON.stringify(graph)), 'big-measured.json');
  // Cancel as soon as the shapes' progress shows (no polling delay): the sweep stops within a slice.
  await page.evaluate(() => {
    const note = document.getElementById('work-note');
    window.shapeNotes = [];
    new MutationObserver(() => {
      if (!/Predicting every cluster shape: \d+ of 15 shapes/.test(note.textContent)) return;
      window.shapeNotes.push(note.textContent);
      if (window.shapeNotes.length === 1) document.getElementById('cancel').click();
    }).observe(note, { childList: true, characterData: true, subtree: true });
  });
  await page.click('#simulate');
  await expect.poll(() => page.evaluate(() => window.shapeNotes.length)).toBeGreaterThan(0);
  await expect(page.locator('#work-note')).toHaveText('');
  await expect(page.locator('#shapes')).toBeHidden();
  // The page still works: the measured fixture's shapes after another Simulate.
  await openGraphFile(page, MEASURED, 'measured.json');
  await page.click('#simulate');
  await expect(page.locator('#shapes tbody tr')).toHaveCount(15);
});

test('Host cores: a file measured on a shared host predicts that host; 0 a real cluster, as the CLI does', async ({ page }) => {
  await openGraphFile(page, MEASURED, 'measured.json');
  const field = page.locator('input[name=host_cores]');
  await expect(field).toHaveValue(String(FILE.measurement.cluster.cores));
  await expect(page.locator('#cluster-note')).toContainText('Its workers shared one host of 2 cores');
  await page.click('#simulate');
  const card = page.locator('#shapes');
  await expect(card.locator('tbody tr')).toHaveCount(15);
  await expect(card.locator('.note').first()).toContainText("every shape's workers sharing one host of 2 cores, the measured host");
  const makespans = async () => card.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.cells[2].textContent));
  const formatted = (cli) => page.evaluate(async (times) => {
    const { formatMs } = await import('/src/lib/format.js');
    return times.map(formatMs);
  }, cli.shapes.map((p) => p.makespan_ms));
  const shared = JSON.parse(dagsimCli('simulate', '--graph', FIXTURE.pathname, '--sweep', '--json'));
  expect(shared.shapes.every((p) => p.host_cores === 2 && p.host_from_file)).toBe(true);
  expect(await makespans()).toEqual(await formatted(shared));

  // 0: every thread its own core, the CLI's --host-cores 0.
  await field.fill('0');
  await page.click('#simulate');
  await expect(page.locator('body')).toHaveAttribute('data-simulations', '2');
  await expect(card.locator('.note').first()).toContainText('every thread on its own core');
  const real = JSON.parse(dagsimCli('simulate', '--graph', FIXTURE.pathname, '--sweep', '--json', '--host-cores', '0'));
  expect(await makespans()).toEqual(await formatted(real));
  expect(real.shapes.some((p, i) => p.makespan_ms < shared.shapes[i].makespan_ms)).toBe(true);

  // Out of range: flagged at the field, with its range.
  await field.fill('-1');
  await page.click('#simulate');
  await expect(page.locator('.field-error[data-for=host_cores]')).toContainText('Host cores must be a whole number from 0 to 1,048,576 (0: every thread its own core)');
  await expect(field).toHaveAttribute('aria-invalid', 'true');
});
