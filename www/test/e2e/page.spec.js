// The page's flows, as a user does them: presets, build, run, bad input,
// cancel, sweep. Assertions are on what the user sees.
import { test, expect } from '@playwright/test';
import { ISOLATED_PORT } from '../../playwright.config.js';
import { collectConsoleErrors, dagsimCli, openGraphFile } from './helpers.js';

const PAGE = `http://127.0.0.1:${ISOLATED_PORT}/?pool=4`;

test.beforeEach(async ({ page }) => {
  page.errors = await collectConsoleErrors(page);
  await page.goto(PAGE);
  await expect(page.locator('body')).toHaveAttribute('data-builds', '1');
});
test.afterEach(async ({ page }) => expect(page.errors).toEqual([]));

test('the small preset draws the graph like visualize()', async ({ page }) => {
  const graph = await page.evaluate(() => window.dagsim.graph);
  await expect(page.locator('#dag')).toHaveAttribute('data-state', 'drawn');
  // One function node (circle) per task, labelled by its op, and one data box per task.
  await expect(page.locator('#dag g.node ellipse')).toHaveCount(graph.tasks);
  await expect(page.locator('#dag g.node polygon')).toHaveCount(graph.tasks);
  await expect(page.locator('#progress .bar-row')).toHaveCount(6);
  await page.screenshot({ path: 'test-results/page-built.png', fullPage: true });
});

test('the large preset builds 100 files and 200 compares', async ({ page }) => {
  await page.click('[data-preset=large]');
  await expect(page.locator('body')).toHaveAttribute('data-builds', '2');
  const graph = await page.evaluate(() => window.dagsim.graph);
  const count = (name) => graph.prefixes.find((p) => p.name === name).count;
  expect(count('load')).toBe(100);
  expect(count('compare')).toBe(200);
  expect(count('roll')).toBeLessThanOrEqual(98);
  await expect(page.locator('#dag')).toHaveAttribute('data-state', 'drawn', { timeout: 90_000 });
});

test('a run reaches 100% and the stream has one bar per task', async ({ page }) => {
  await page.fill('input[name=time_scale]', '0.05');
  await page.click('#run');
  await expect(page.locator('body')).toHaveAttribute('data-runs', '1');
  const graph = await page.evaluate(() => window.dagsim.graph);
  for (const row of await page.locator('#progress .bar-row').all()) {
    const [done, total] = (await row.locator('.count').textContent()).split(' / ').map(Number);
    expect(done).toBe(total);
  }
  await expect(page.locator('#stream')).toHaveAttribute('data-bars', String(graph.tasks));
  await expect(page.locator('[data-stat="best-pair"]')).toContainText('roll');
  // Every task node ends green (done).
  const fills = await page.locator('#dag g.node ellipse').evaluateAll((els) => els.map((e) => e.getAttribute('fill')));
  expect(new Set(fills)).toEqual(new Set(['#5cb85c']));
  await page.screenshot({ path: 'test-results/page-run.png', fullPage: true });
});

test('bad input is flagged next to its field and nothing runs', async ({ page }) => {
  await page.fill('input[name=files]', '2');
  await page.fill('input[name=time_scale]', '-1');
  await page.click('#run');
  await expect(page.locator('.field-error[data-for=files]')).toContainText('Files must be a whole number from 3 to 300,000 (a roll needs three consecutive files)');
  await expect(page.locator('input[name=files]')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('.field-error[data-for=time_scale]')).toContainText('from 0 to 100');
  expect(await page.locator('body').getAttribute('data-runs')).toBeNull();
  // Fixing the value clears the flag and the page still works.
  await page.fill('input[name=files]', '12');
  await page.fill('input[name=time_scale]', '0');
  await page.click('#run');
  await expect(page.locator('body')).toHaveAttribute('data-runs', '1');
  await expect(page.locator('.field-error[data-for=files]')).toBeEmpty();
});

test('cancel stops a run mid-way and the next run works', async ({ page }) => {
  await page.fill('input[name=time_scale]', '1');
  await page.click('#run');
  await expect(page.locator('#cancel')).toBeEnabled();
  await expect.poll(async () => page.locator('#progress .count').allTextContents().then((t) => t.some((c) => !c.startsWith('0 /')))).toBe(true);
  // The task stream grows while the run goes on.
  await expect.poll(async () => Number(await page.locator('#stream').getAttribute('data-live'))).toBeGreaterThan(0);
  await page.click('#cancel');
  await expect(page.locator('#form-status')).toContainText('cancelled');
  await expect(page.locator('#form-error')).toBeEmpty();
  await expect(page.locator('#run')).toBeEnabled();
  await page.fill('input[name=time_scale]', '0');
  await page.click('#run');
  await expect(page.locator('body')).toHaveAttribute('data-runs', '1');
});

test('sweep measures 1, 2, 4 threads and charts the speedup', async ({ page }) => {
  await page.fill('input[name=time_scale]', '0.05');
  await page.click('#sweep');
  await expect(page.locator('body')).toHaveAttribute('data-runs', '3');
  await expect(page.locator('#speedup .u-legend')).toContainText('measured');
  await expect(page.locator('#speedup .u-legend')).toContainText('critical-path bound');
  await page.screenshot({ path: 'test-results/page-sweep.png', fullPage: true });
});

test('simulate predicts the cluster, draws its schedule and every policy curve', async ({ page }) => {
  await page.fill('input[name=workers]', '4');
  await page.selectOption('select[name=policy]', 'b-level');
  await page.click('#simulate');
  await expect(page.locator('body')).toHaveAttribute('data-simulations', '1');
  const graph = await page.evaluate(() => window.dagsim.graph);
  const sim = await page.evaluate(() => window.dagsim.lastSimulation);
  expect(sim.policy).toBe('b-level');
  expect(sim.makespan_ms).toBeGreaterThanOrEqual(sim.bounds.lower_ms);
  await expect(page.locator('#stream')).toHaveAttribute('data-bars', String(graph.tasks));
  await expect(page.locator('[data-stat="predicted-makespan"]')).toContainText('ms');
  for (const policy of ['dask-like', 'work-stealing', 'b-level', 'random', 'fifo']) {
    await expect(page.locator('#speedup .u-legend')).toContainText(`simulated ${policy}`);
  }
  await page.screenshot({ path: 'test-results/page-simulate.png', fullPage: true });

  // The network: with a bandwidth, outputs move between workers; without one, transfers are free.
  expect(sim.transfers).toBeGreaterThan(0);
  await expect(page.locator('[data-stat="transfers"]')).toContainText(`${sim.transfers.toLocaleString('en')} (`);
  await page.fill('input[name=bandwidth_mb_s]', '');
  await page.click('#simulate');
  await expect(page.locator('body')).toHaveAttribute('data-simulations', '2');
  expect(await page.evaluate(() => window.dagsim.lastSimulation.transfers)).toBe(0);
  await expect(page.locator('[data-stat="transfers"]')).toContainText('free network');
  // A slow network makes the same cluster slower.
  await page.fill('input[name=bandwidth_mb_s]', '0.01');
  await page.fill('input[name=latency_us]', '5000');
  await page.click('#simulate');
  await expect(page.locator('body')).toHaveAttribute('data-simulations', '3');
  const slow = await page.evaluate(() => window.dagsim.lastSimulation);
  expect(slow.makespan_ms).toBeGreaterThan(sim.makespan_ms);
  expect(slow.network).toBe('fcfs-inbound');
  // Other network models and schedulers.
  for (const [network, policy, count] of [['simple', 'b-level-gt', 4], ['maxmin', 'etf', 5]]) {
    await page.selectOption('select[name=network]', network);
    await page.selectOption('select[name=policy]', policy);
    await page.click('#simulate');
    await expect(page.locator('body')).toHaveAttribute('data-simulations', String(count));
    const other = await page.evaluate(() => window.dagsim.lastSimulation);
    expect([other.network, other.policy]).toEqual([network, policy]);
    expect(other.transfers).toBeGreaterThan(0);
    expect(other.makespan_ms).toBeGreaterThanOrEqual(other.bounds.lower_ms);
  }
});

test('a bad cluster size is flagged and nothing is simulated', async ({ page }) => {
  await page.fill('input[name=workers]', '0');
  await page.click('#simulate');
  await expect(page.locator('.field-error[data-for=workers]')).toContainText('from 1 to 4,096');
  expect(await page.locator('body').getAttribute('data-simulations')).toBeNull();
  await page.fill('input[name=workers]', '4');
  await page.fill('input[name=bandwidth_mb_s]', '0');
  await page.click('#simulate');
  await expect(page.locator('.field-error[data-for=bandwidth_mb_s]')).toContainText('Bandwidth MB/s must be a number from 0.001 to 1,000,000,000');
  expect(await page.locator('body').getAttribute('data-simulations')).toBeNull();
});

test('downloads: the trace as Chrome trace JSON, the graph as JSON, DOT and SVG, the Dask script and converter', async ({ page }) => {
  await page.fill('input[name=time_scale]', '0');
  await page.click('#run');
  await expect(page.locator('body')).toHaveAttribute('data-runs', '1');
  await expect(page.locator('#dag')).toHaveAttribute('data-state', 'drawn');
  const graph = await page.evaluate(() => window.dagsim.graph);
  const read = async (kind) => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(`[data-download=${kind}]`)]);
    const chunks = [];
    for await (const chunk of await download.createReadStream()) chunks.push(chunk);
    return { name: download.suggestedFilename(), text: Buffer.concat(chunks).toString('utf8') };
  };
  const trace = await read('trace');
  expect(trace.name).toBe('trace.json');
  const events = JSON.parse(trace.text);
  expect(events).toHaveLength(graph.tasks);
  expect(events[0]).toMatchObject({ ph: 'X', pid: 1 });
  const json = JSON.parse((await read('json')).text);
  expect(json.tasks.map((t) => t.key)).toEqual(graph.keys);
  expect((await read('dot')).text).toMatch(/^digraph \{/);
  expect((await read('svg')).text).toContain('<svg');
  const script = await read('dask');
  expect(script.name).toBe('etl_dask.py');
  expect(script.text).toContain('FILES = 10\nCOMPARES = 20\nSEED = 42');
  expect(script.text).toContain('from distributed import Client, LocalCluster, progress');
  const converter = await read('converter');
  expect(converter.name).toBe('dask_to_dagsim.py');
  expect(converter.text).toContain('def to_dagsim(');
  expect(converter.text).toContain('def calibrate(client)'); // dask_calibrate.py appended: one file
});

test('the best pair equals the CLI answer for the same spec', async ({ page }) => {
  const cli = JSON.parse(dagsimCli('run', '--files', '13', '--compares', '17', '--seed', '5', '--threads', '2', '--time-scale', '0'));
  await page.fill('input[name=files]', '13');
  await page.fill('input[name=compares]', '17');
  await page.fill('input[name=seed]', '5');
  await page.fill('input[name=time_scale]', '0');
  await page.click('#run');
  await expect(page.locator('body')).toHaveAttribute('data-runs', '1');
  const report = await page.evaluate(() => window.dagsim.lastReport);
  expect([report.best.a, report.best.b]).toEqual(cli.best);
  expect(report.best.score).toBe(cli.score);
  expect(report.tasks).toBe(cli.tasks);
});

test('an imported graph JSON is drawn, replayed on the pool and simulated; Build returns to the ETL', async ({ page }) => {
  // A graph from outside: the CLI's JSON export of another spec.
  const json = dagsimCli('graph', '--files', '5', '--compares', '4', '--seed', '3', '--format', 'json');
  const tasks = JSON.parse(json).tasks.length;
  await openGraphFile(page, json);
  await expect(page.locator('#graph-source')).toContainText(`Imported mine.json (${tasks} tasks)`);
  await expect(page.locator('#dag')).toHaveAttribute('data-state', 'drawn');
  await expect(page.locator('#dag g.node ellipse')).toHaveCount(tasks);
  await expect(page.locator('[data-download=dask]')).toBeDisabled();

  // Run replays the drawn durations on the pool: no answer, every task, at least the span.
  await page.fill('input[name=time_scale]', '0.02');
  await page.click('#run');
  await expect(page.locator('body')).toHaveAttribute('data-runs', '1');
  const graph = await page.evaluate(() => window.dagsim.graph);
  const report = await page.evaluate(() => window.dagsim.lastReport);
  expect(graph.tasks).toBe(tasks);
  expect(report.best).toBeNull();
  expect(report.tasks).toBe(tasks);
  expect(report.makespan_ms).toBeGreaterThanOrEqual(graph.span_ms * 0.02 * 0.99);
  await expect(page.locator('[data-stat="best-pair"]')).toHaveCount(0);
  await page.click('#simulate');
  await expect(page.locator('body')).toHaveAttribute('data-simulations', '1');
  await expect(page.locator('#stream')).toHaveAttribute('data-bars', String(tasks));
  await page.screenshot({ path: 'test-results/page-import.png', fullPage: true });

  // Build goes back to the pipeline of the fields.
  await page.click('#build');
  await expect(page.locator('body')).toHaveAttribute('data-builds', '3');
  expect(await page.evaluate(() => window.dagsim.graph.tasks)).toBe(50);
  await expect(page.locator('[data-download=dask]')).toBeEnabled();
});

test('a bad graph file is flagged next to the file field and the graph on screen stays; a dropped file opens', async ({ page }) => {
  const bad = JSON.stringify({ tasks: [{ key: 'a', deps: ['b'], duration_ms: 1 }] });
  await page.locator('input[name=graph]').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(bad) });
  await expect(page.locator('.field-error[data-for=graph]')).toContainText('tasks["a"].deps: unknown key "b"');
  expect(await page.evaluate(() => window.dagsim.graph.tasks)).toBe(50);
  await page.locator('input[name=graph]').setInputFiles({ name: 'cut.json', mimeType: 'application/json', buffer: Buffer.from('{"tasks": [') });
  await expect(page.locator('.field-error[data-for=graph]')).toContainText('graph JSON:');
  // Dropped on the page, a good file opens like a chosen one.
  const json = dagsimCli('graph', '--files', '3', '--compares', '2', '--format', 'json').toString();
  const drop = await page.evaluateHandle((text) => {
    const data = new DataTransfer();
    data.items.add(new File([text], 'dropped.json', { type: 'application/json' }));
    return data;
  }, json);
  await page.dispatchEvent('#dag', 'drop', { dataTransfer: drop });
  await expect(page.locator('#graph-source')).toContainText('Imported dropped.json');
  await expect(page.locator('.field-error[data-for=graph]')).toHaveText('');
  // Still works afterwards.
  await page.fill('input[name=time_scale]', '0');
  await page.click('#run');
  await expect(page.locator('body')).toHaveAttribute('data-runs', '1');
});
