// The engine under abuse, in the browser: random call sequences through
// createEngine() (the npm API) never kill it, a run keeps the graph it ran,
// an oversized file is refused by its size, and Cancel stops a long sweep on
// the page and leaves it usable.
import { test, expect } from '@playwright/test';
import { ISOLATED_PORT, PLAIN_PORT } from '../../playwright.config.js';
import { clickCancel, collectConsoleErrors } from './helpers.js';

const PAGE = `http://127.0.0.1:${ISOLATED_PORT}/?pool=2`;

test.beforeEach(async ({ page }) => {
  page.errors = await collectConsoleErrors(page);
  await page.goto(PAGE);
  await expect(page.locator('body')).toHaveAttribute('data-builds', '1');
});
test.afterEach(async ({ page }) => expect(page.errors).toEqual([]));

test('random call sequences through createEngine leave a working engine', async ({ page }) => {
  const outcome = await page.evaluate(async () => {
    await import('/src/embed/no-bundler.js');
    const { createEngine } = await import('/src/embed/api.js');
    const engine = createEngine({ threads: 2 });
    await engine.ready;
    // A seeded PRNG (mulberry32): the same sequence every time.
    let seed = 14;
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const pick = (xs) => xs[Math.floor(random() * xs.length)];
    const small = '{"tasks":[{"key":"x","duration_ms":1}]}';
    const calls = [
      () => engine.build({ files: pick([2, 5, 12]), compares: 5 }),
      () => engine.build({ filez: 3 }),
      () => engine.load(pick([small, '{"tasks":[', '{"tasks":[{"key":"a","deps":["a"],"duration_ms":1}]}'])),
      () => engine.load(new Blob([small])),
      () => {
        const { result, cancel } = engine.run({ threads: pick([0, 1, 2]), time_scale: pick([0, 0.001]) });
        if (random() < 0.5) cancel();
        return result;
      },
      () => engine.simulate({ workers: pick([0, 1, 8]), policy: 'b-level' }),
      () => {
        const sweep = engine.sweep(pick([{}, { time_scale: 0.5 }]));
        if (random() < 0.5) setTimeout(() => sweep.cancel(), 0);
        return sweep;
      },
      () => engine.export(pick(['json', 'dot', 'trace', 'dask', 'png'])),
      () => engine.estimate({ files: pick([10, 300000]), compares: 5 }),
    ];
    const errors = [];
    for (let i = 0; i < 150; i++) {
      try {
        await pick(calls)();
      } catch (err) {
        if (!(err instanceof Error) || !err.message) throw new Error(`not an Error: ${err}`);
        errors.push(err.field ?? '');
      }
    }
    // Still working: the sequence (run, load a smaller graph while it
    // runs, export the trace: it names the tasks of the graph that ran) and more.
    await engine.build({ files: 10, compares: 20 });
    const { result } = engine.run({ threads: 2, time_scale: 0.02 });
    await engine.load(small);
    const report = await result;
    const trace = JSON.parse(await engine.export('trace'));
    const keys = new Set(trace.map((e) => e.name));
    // A new graph drops the old run's trace: a clear error, not a wrong trace.
    await engine.load(small);
    const gone = await engine.export('trace').catch((err) => err.message);
    const sim = await engine.simulate({ workers: 2 });
    const badField = await engine.build({ files: 2 }).catch((err) => err.field);
    engine.terminate();
    return { errors: errors.length, fields: [...new Set(errors)].sort(), best: report.best, events: trace.length, tasks: report.tasks, keys: [...keys], gone, makespan: sim.makespan_ms, badField };
  });
  expect(outcome.errors).toBeGreaterThan(10);
  expect(outcome.fields).toContain('graph');
  expect(outcome.best).not.toBeNull();
  expect(outcome.events).toBeGreaterThanOrEqual(outcome.tasks);
  expect(outcome.keys.filter((k) => k.startsWith('load-'))).toHaveLength(10);
  expect(outcome.keys).not.toContain('x');
  expect(outcome.gone).toBe('no finished run yet');
  expect(outcome.makespan).toBeGreaterThan(0);
  expect(outcome.badField).toBe('files');
});

test('an oversized graph file is refused by its size, with the way out, and the graph stays', async ({ page }) => {
  const outcome = await page.evaluate(async () => {
    await import('/src/embed/no-bundler.js');
    const { createEngine } = await import('/src/embed/api.js');
    const engine = createEngine({ threads: 1 });
    const { limits } = await engine.ready;
    await engine.build({ files: 10, compares: 20 });
    const huge = new Blob([new Uint8Array(limits.import_bytes + 1)]);
    const err = await engine.load(huge).catch((e) => e);
    const still = JSON.parse(await engine.export('json')).tasks.length;
    engine.terminate();
    return { field: err.field, message: err.message, still, limits };
  });
  expect(outcome.limits.memory_bytes).toBe(2 ** 30);
  expect(outcome.field).toBe('graph');
  expect(outcome.message).toContain(`more than the ${outcome.limits.import_bytes}`);
  expect(outcome.message).toContain('dagsim simulate --graph');
  expect(outcome.still).toBeGreaterThan(40);
});

test('a run posts per-task states only while the graph is drawn one node per task', async ({ page }) => {
  const outcome = await page.evaluate(async () => {
    await import('/src/embed/no-bundler.js');
    const { createEngine } = await import('/src/embed/api.js');
    const engine = createEngine({ threads: 2 });
    await engine.ready;
    const states = async (spec) => {
      const summary = await engine.build(spec);
      let posted = 0;
      await engine.run({ time_scale: 0 }, { onProgress: (p) => (posted += p.states ? 1 : 0) }).result;
      return { tasks: summary.tasks, grouped: summary.grouped, posted, names: summary.state_names };
    };
    const small = await states({ files: 10, compares: 20 });
    const grouped = await states({ files: 400, compares: 600 });
    engine.terminate();
    return { small, grouped };
  });
  expect(outcome.small).toMatchObject({ grouped: false, names: ['waiting', 'ready', 'running', 'done', 'failed'] });
  expect(outcome.small.posted).toBeGreaterThan(0);
  // Between the drawing's grouping threshold (1,000) and the old 5,000-task cut.
  expect(outcome.grouped.tasks).toBeGreaterThan(1_000);
  expect(outcome.grouped.tasks).toBeLessThan(5_000);
  expect(outcome.grouped).toMatchObject({ grouped: true, posted: 0 });
});

test('a sweep refuses the workers and policy it would ignore', async ({ page }) => {
  const fields = await page.evaluate(async () => {
    await import('/src/embed/no-bundler.js');
    const { createEngine } = await import('/src/embed/api.js');
    const engine = createEngine({ threads: 1 });
    await engine.build({ files: 10, compares: 20 });
    const refused = [];
    for (const options of [{ workers: 1 }, { policy: 'fifo' }]) refused.push(await engine.sweep(options).then(() => null, (e) => [e.field, e.message]));
    const points = (await engine.sweep({ threads_per_worker: 2 })).length;
    engine.terminate();
    return { refused, points };
  });
  expect(fields.refused).toEqual([
    ['workers', 'workers: a sweep simulates every policy at 1…256 workers: leave it out'],
    ['policy', 'policy: a sweep simulates every policy at 1…256 workers: leave it out'],
  ]);
  expect(fields.points).toBe(45);
});

for (const [build, port] of [['threaded', ISOLATED_PORT], ['single-thread', PLAIN_PORT]]) {
test(`Cancel stops the simulate sweep of a 200k-task graph and the page stays usable (${build})`, async ({ page }) => {
  await page.goto(`http://127.0.0.1:${port}/?pool=2`);
  await expect(page.locator('body')).toHaveAttribute('data-engine', build);
  await expect(page.locator('body')).toHaveAttribute('data-builds', '1');
  await page.fill('input[name=files]', '50000');
  await page.fill('input[name=compares]', '50000');
  await expect(page.locator('#work-note')).toContainText('up to 200,000 tasks');
  await page.click('#build');
  await expect(page.locator('body')).toHaveAttribute('data-builds', '2', { timeout: 90_000 });
  expect(await page.evaluate(() => window.dagsim.graph.tasks)).toBeGreaterThan(190_000);
  await page.click('#simulate');
  await expect(page.locator('#work-note')).toContainText(/Simulating every policy: \d+ of 45 clusters, about \d+ s left/, { timeout: 90_000 });
  await page.locator('#spec-form').screenshot({ path: `test-results/safety-sweep-${build}.png` });
  const stopped = await clickCancel(page);
  console.log(`${build}: sweep of ${await page.evaluate(() => window.dagsim.graph.tasks)} tasks stopped ${stopped.toFixed(0)} ms after Cancel`);
  await expect(page.locator('#form-status')).toHaveText('Sweep cancelled.');
  await expect(page.locator('#form-error')).toHaveText('');
  await expect(page.locator('#work-note')).toHaveText('');
  // The next action works: back to the small example.
  await page.click('[data-preset=small]');
  await expect(page.locator('body')).toHaveAttribute('data-builds', '3');
  await expect(page.locator('#progress .bar-row')).toHaveCount(6);
});
}
