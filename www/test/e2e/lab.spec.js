// The scheduling lab in the page (issue #18, items 4–5): ESTEE's benchmark
// families built by the engine from a picker, and every policy × network
// model compared on the graph and cluster of the fields, as the CLI's
// `dagsim simulate --compare` computes it.
import { test, expect } from '@playwright/test';
import { ISOLATED_PORT, PLAIN_PORT } from '../../playwright.config.js';
import { clickCancel, collectConsoleErrors, dagsimCli, familyPicker, generateFamily as generate } from './helpers.js';

test.beforeEach(async ({ page }) => {
  page.errors = await collectConsoleErrors(page);
  await page.setViewportSize({ width: 1440, height: 900 });
});
test.afterEach(async ({ page }) => expect(page.errors).toEqual([]));

/** Opens the page on `port` and waits for the first graph. */
async function open(page, port) {
  await page.goto(`http://127.0.0.1:${port}/?pool=2`);
  await expect(page.locator('body')).toHaveAttribute('data-builds', '1');
}

/** The CLI's comparison table as { policy: { network: normalised } }. */
function cliComparison(args) {
  const rows = String(dagsimCli('simulate', ...args, '--compare')).split('\n').filter((l) => /^\| [a-z]/.test(l));
  const networks = rows[0].split('|').slice(2, -1).map((s) => s.trim());
  return Object.fromEntries(rows.slice(1).map((row) => {
    const [policy, ...cells] = row.split('|').slice(1, -1).map((s) => s.trim());
    return [policy, Object.fromEntries(cells.map((c, i) => [networks[i], Number.parseFloat(c)]))];
  }));
}

for (const [name, port] of [['isolated', ISOLATED_PORT], ['not isolated', PLAIN_PORT]]) {
  test(`${name}: the first load fetches neither the lab's wasm nor the views it does not show; Simulate fetches the wasm once, and it simulates the graph the core built`, async ({ page }) => {
    const fetched = [];
    page.on('request', (request) => fetched.push(new URL(request.url()).pathname));
    const lab = () => fetched.filter((path) => path.startsWith('/pkg-lab/'));
    await open(page, port);
    await page.locator('#dag svg').first().waitFor();
    expect(fetched).not.toContain('/src/views/stream.js'); // until a schedule is shown
    expect(fetched).not.toContain('/src/views/result.js'); // until a result is shown
    await page.fill('input[name=time_scale]', '0');
    await page.click('#run');
    await expect(page.locator('body')).toHaveAttribute('data-runs', '1');
    expect(fetched).toContain('/src/views/stream.js');
    expect(fetched).toContain('/src/views/result.js');
    expect(lab()).toEqual([]);
    const views = ['/src/views/compare.js', '/src/views/shapes.js', '/src/views/speedup.js'];
    expect(fetched.filter((path) => views.includes(path))).toEqual([]);
    expect(fetched).toContain(port === ISOLATED_PORT ? '/pkg/dagsim_bg.wasm' : '/pkg-st/dagsim_bg.wasm');
    await page.click('#simulate');
    await expect(page.locator('body')).toHaveAttribute('data-simulations', '1');
    const graph = await page.evaluate(() => window.dagsim.graph);
    expect(await page.evaluate(() => window.dagsim.lastSimulation.trace.task.length)).toBe(graph.tasks);
    await page.click('#compare');
    await expect(page.locator('body')).toHaveAttribute('data-comparisons', '1');
    expect(fetched.filter((path) => views.includes(path)).sort()).toEqual(['/src/views/compare.js', '/src/views/speedup.js']); // no measured graph yet
    // A new graph in the core reaches the lab too.
    await page.fill('input[name=files]', '12');
    await page.click('#build');
    await expect(page.locator('body')).toHaveAttribute('data-builds', '2');
    await page.click('#simulate');
    await expect(page.locator('body')).toHaveAttribute('data-simulations', '2');
    const rebuilt = await page.evaluate(() => window.dagsim.graph.tasks);
    expect(rebuilt).not.toBe(graph.tasks);
    expect(await page.evaluate(() => window.dagsim.lastSimulation.trace.task.length)).toBe(rebuilt);
    expect(lab().filter((path) => path.endsWith('.wasm'))).toEqual(['/pkg-lab/dagsim_bg.wasm']);
  });
}

test('the family picker says it is loading while the lab loads, says so when the lab fails to load, and loads it on the next focus', async ({ page, context }) => {
  // The lab's wasm is held back, then refused once; the next request gets it.
  let release;
  const held = new Promise((resolve) => (release = resolve));
  await context.route('**/pkg-lab/dagsim_bg.wasm', async (route) => {
    await held;
    await route.fulfill({ status: 503, body: 'unavailable' });
  }, { times: 1 });
  await open(page, ISOLATED_PORT);
  const select = page.locator('select[name=family]');
  await expect(select).not.toHaveAttribute('data-state');
  await select.focus();
  await expect(select).toHaveAttribute('data-state', 'loading');
  await expect(select).toHaveAttribute('aria-busy', 'true');
  await expect(select.locator('option')).toHaveText(['loading families…']);
  release();
  await expect(select).toHaveAttribute('data-state', 'error');
  await expect(select.locator('option')).toHaveText(['families failed to load']);
  await expect(page.locator('.field-error[data-for=family]')).toContainText('The families could not be loaded');
  // The refused wasm is the only problem the page reported: take it off the list.
  const refused = page.errors.filter((e) => /503|dagsim_bg\.wasm|WebAssembly|Failed to load/i.test(e));
  page.errors.splice(0, page.errors.length, ...page.errors.filter((e) => !refused.includes(e)));
  await page.locator('input[name=size]').focus();
  await select.focus();
  await expect(select).toHaveAttribute('data-state', 'ready');
  await expect(select).toHaveAttribute('aria-busy', 'false');
  await expect(select.locator('option').first()).toHaveText('—');
  expect(await select.locator('option').count()).toBeGreaterThan(10);
  await expect(page.locator('.field-error[data-for=family]')).toBeEmpty();
});

test('a family from the picker is built by the engine, drawn and simulated; a bad size names the field', async ({ page }) => {
  await open(page, ISOLATED_PORT);
  const names = await (await familyPicker(page)).locator('option').allTextContents();
  expect(names).toEqual(expect.arrayContaining(['grid', 'bigmerge', 'splitters', 'gridcat']));
  await generate(page, 'grid', 6);
  await expect(page.locator('#graph-source')).toContainText("ESTEE's grid at size 6, seed 42 (36 tasks)");
  await expect(page.locator('#dag')).toHaveAttribute('data-state', 'drawn');
  expect(await page.evaluate(() => window.dagsim.graph.tasks)).toBe(36);
  // Simulate runs the family graph, not the ETL pipeline.
  await page.click('#simulate');
  await expect(page.locator('body')).toHaveAttribute('data-simulations', '1');
  expect(await page.evaluate(() => window.dagsim.lastSimulation.trace.task.length)).toBe(36);
  // The size field follows the family: grid's side is at most 1,000.
  await (await familyPicker(page)).selectOption('grid');
  await page.fill('input[name=size]', '5000');
  await page.click('#generate');
  await expect(page.locator('.field-error[data-for=size]')).toContainText('Size must be a whole number from 1 to 1,000');
  expect(await page.evaluate(() => window.dagsim.graph.tasks)).toBe(36);
});

for (const [flavour, port] of [['threaded', ISOLATED_PORT], ['single-thread', PLAIN_PORT]]) {
  test(`Compare shows every policy × network model as the CLI computes it (${flavour})`, async ({ page }) => {
    await open(page, port);
    await page.fill('input[name=time_scale]', '1');
    await generate(page, 'grid', 6);
    await page.click('#compare');
    await expect(page.locator('body')).toHaveAttribute('data-comparisons', '1');
    const cli = cliComparison(['--family', 'grid', '--size', '6', '--seed', '42', '--workers', '8', '--bandwidth', '1000', '--latency-us', '100']);
    const { lower_ms: lowerMs, cells } = await page.evaluate(() => window.dagsim.lastComparison);
    expect(lowerMs).toBeGreaterThan(0);
    expect(cells).toHaveLength(Object.keys(cli).length * 3);
    for (const cell of cells) {
      expect(cell.normalised).toBeGreaterThanOrEqual(1 - 1e-9);
      expect(cell.normalised).toBeCloseTo(cli[cell.policy][cell.network], 3);
    }
    // The chart: one row per policy, sorted by its best; the table: every cell as text.
    const policies = Object.keys(cli);
    await expect(page.locator('#compare-card .compare-chart .policy')).toHaveCount(policies.length);
    const bests = await page.locator('#compare-card .compare-chart .policy + .bars + span').allTextContents();
    const values = bests.map((t) => Number.parseFloat(t));
    expect(values).toEqual([...values].sort((a, b) => a - b));
    await expect(page.locator('#compare-card thead th')).toHaveText(['policy', 'fcfs-inbound', 'simple', 'maxmin']);
    await expect(page.locator('#compare-card tbody tr')).toHaveCount(policies.length);
    await expect(page.locator('#compare-card .compare-chart')).toHaveAttribute('aria-label', /16 policies under fcfs-inbound, simple, maxmin/);
    // A new graph clears it.
    await generate(page, 'bigmerge', 10);
    await expect(page.locator('#compare-card tbody tr')).toHaveCount(0);
  });
}

test('Compare on a large family reports progress and Cancel stops it', async ({ page }) => {
  await open(page, ISOLATED_PORT);
  await generate(page, 'grid', 200);
  await page.click('#compare');
  await expect(page.locator('#work-note')).toContainText(/Comparing every policy: \d+ of \d+ simulations, \d+ % done, (about \d+ s left|estimating the time left)/, { timeout: 90_000 });
  const stopped = await clickCancel(page);
  console.log(`comparison of ${await page.evaluate(() => window.dagsim.graph.tasks)} tasks stopped ${stopped.toFixed(0)} ms after Cancel`);
  await expect(page.locator('#form-status')).toHaveText('Comparison cancelled.', { timeout: 90_000 });
  await expect(page.locator('body')).toHaveAttribute('data-busy', 'false');
  await expect(page.locator('#compare-card tbody tr')).toHaveCount(0);
  expect(await page.evaluate(() => window.dagsim.lastComparison ?? null)).toBeNull();
  // The engine is still usable: a small comparison after the cancelled one.
  await generate(page, 'grid', 4);
  await page.click('#compare');
  await expect(page.locator('body')).toHaveAttribute('data-comparisons', '1');
});
