// The npm package, installed from the packed tarball into the host app
// tests/npm-host, used three ways: as plain ES modules with an import map (no
// bundler), bundled by `vite build`, and through Vite's dev server. Each time:
// two <dagsim-etl> elements sharing one engine, events, theming, and the
// createEngine API; isolated (a real thread pool) and not (one thread).
import { test, expect } from '@playwright/test';
import { HOST_PORT, PLAIN_HOST_PORT, VITE_PORT, PLAIN_VITE_PORT, VITE_DEV_PORT } from '../../playwright.config.js';
import { collectConsoleErrors, dagsimCli } from './helpers.js';

const cli = (...args) => JSON.parse(dagsimCli('run', '--time-scale', '0', '--threads', '2', ...args));

// The host page's third element shows a graph file (src="graph.json"): the CLI's export of another spec.
const GRAPH_FILE = dagsimCli('graph', '--files', '6', '--compares', '5', '--seed', '11', '--format', 'json');
test.beforeEach(async ({ page }) => {
  await page.route('**/graph.json', (route) => route.fulfill({ body: GRAPH_FILE, contentType: 'application/json' }));
});

/** Where each way of using the package is served, and what proves which entry it loaded. */
const HOSTS = [
  {
    name: 'plain ES modules',
    port: HOST_PORT,
    plainPort: PLAIN_HOST_PORT,
    path: '/npm-host/', // not the site's root
    // The no-bundler entry, from node_modules/dagsim, not from the repo's sources.
    loaded: (paths) => expect(paths).toContain('/npm-host/node_modules/dagsim/src/embed/no-bundler.js'),
    engineWorker: /\/node_modules\/dagsim\/src\/engine\/worker\.js$/,
  },
  {
    name: 'vite build',
    port: VITE_PORT,
    plainPort: PLAIN_VITE_PORT,
    path: '/',
    // Everything bundled into /assets, nothing fetched from node_modules.
    loaded: (paths) => {
      expect(paths.filter((p) => p.includes('node_modules'))).toEqual([]);
      expect(paths.some((p) => /^\/assets\/index-.*\.js$/.test(p))).toBe(true);
    },
    engineWorker: /\/assets\/worker-bundled-.*\.js$/,
  },
  {
    name: 'vite dev',
    port: VITE_DEV_PORT,
    plainPort: null, // the dev server sends the app's COOP/COEP headers
    path: '/',
    // The bundler entry, pre-bundled by Vite (no optimizeDeps config).
    loaded: (paths) => expect(paths).toContain('/node_modules/.vite/deps/dagsim.js'),
    engineWorker: /\/node_modules\/dagsim\/src\/engine\/worker-bundled\.js/,
  },
];

for (const host of HOSTS) {
  test(`${host.name}: the elements and the API work from the installed tarball`, async ({ page }) => {
    const errors = await collectConsoleErrors(page);
    await page.goto(`http://127.0.0.1:${host.port}${host.path}`);
    await expect(page.locator('#first')).toHaveAttribute('data-built', '50');
    // Two engine workers: one shared by both elements, one the page's createEngine() call started.
    const engineWorkers = page.workers().filter((w) => host.engineWorker.test(new URL(w.url()).pathname));
    expect(engineWorkers).toHaveLength(2);
    host.loaded(await page.evaluate(() => performance.getEntriesByType('resource').map((r) => new URL(r.name).pathname)));
    await expect(page.locator('#first')).toHaveAttribute('data-built', '50');
    await expect(page.locator('#second')).toHaveAttribute('data-built', /\d+/);
    const fileTasks = JSON.parse(GRAPH_FILE).tasks.length;
    await expect(page.locator('#third')).toHaveAttribute('data-built', String(fileTasks));
    await expect(page.locator('#third g.node ellipse')).toHaveCount(fileTasks);
    await expect(page.locator('#first')).toHaveAttribute('data-engine', 'threaded');

    // The API: same answer as the CLI for the same spec.
    await expect(page.locator('#api-result')).toContainText('"isolated":true');
    const api = JSON.parse(await page.locator('#api-result').textContent());
    const expected = cli('--files', '13', '--compares', '17', '--seed', '5');
    expect([api.best.a, api.best.b]).toEqual(expected.best);
    expect(api.best.score).toBe(expected.score);

    // The third element replays its file's graph: every task, no answer.
    const replay = await page.evaluate(() => document.getElementById('third').run({ time_scale: 0 }));
    expect(replay.best).toBeNull();
    expect(replay.tasks).toBe(fileTasks);
    // The first element runs its own graph (even though others built theirs since).
    // Before the first run: titled cards, the state legend, placeholders, no clamp note.
    await expect(page.locator('#first h3')).toContainText(['Task graph', 'Progress', 'Result', 'Speedup (simulated)', 'Task stream']);
    await expect(page.locator('#first .legend')).toContainText('waitingreadyrunningdonefailed');
    await expect(page.locator('#first [data-view=stream] .stream-caption')).toContainText('Press Run');
    await expect(page.locator('#first [data-view=stream] .stream-scroll')).toBeHidden(); // no blank box
    await expect(page.locator('#first [data-view=result]')).toContainText('press Run');
    await expect(page.locator('#first .clamped')).toBeHidden();
    const report = await page.evaluate(async () => {
      const r = await document.getElementById('first').run({ time_scale: 0.02 });
      return { best: r.best, threads: r.threads, threadsUsed: new Set(r.trace.thread).size, cores: navigator.hardwareConcurrency };
    });
    const small = cli('--files', '10', '--compares', '20', '--seed', '42');
    expect([report.best.a, report.best.b]).toEqual(small.best);
    // Really on the pool: threads="2" (capped by the cores) ran tasks, sleeping ones, so each gets some.
    expect(report.threads).toBe(Math.min(2, report.cores));
    expect(report.threadsUsed).toBe(report.threads);
    const events = await page.evaluate(() => window.events);
    expect(events.some((e) => e.name === 'dagsim-progress' && e.id === 'first')).toBe(true);
    expect(events.some((e) => e.name === 'dagsim-done' && e.id === 'first')).toBe(true);
    // The result card shows the answer, not only the dagsim-done event.
    await expect(page.locator('#first [data-stat=best-pair]')).toHaveText(`roll ${small.best[0]} × roll ${small.best[1]}`);
    await expect(page.locator('#first [data-stat=makespan]')).toHaveText(/ (µs|ms|s)$/);
    // A threads attribute above the pool is clamped, visibly.
    await page.locator('#first').evaluate((el) => el.setAttribute('threads', '64'));
    await expect(page.locator('#first .clamped')).toContainText(`threads="64" is more than this engine's ${report.threads}`);
    // Views in the shadow DOM: the DAG, the stream with one bar per task, the simulated curves.
    await expect(page.locator('#first g.node ellipse')).toHaveCount(50);
    await expect(page.locator('#first [data-view=stream]')).toHaveAttribute('data-bars', '50');
    await expect(page.locator('#first .u-legend')).toContainText('simulated dask-like');
    // view="progress" shows only the progress view; theming reaches inside.
    await expect(page.locator('#second [data-view=dag]')).toBeHidden();
    await expect(page.locator('#second [data-view=progress]')).toBeVisible();
    const accent = await page.locator('#second').evaluate((el) => getComputedStyle(el.shadowRoot.querySelector('.run')).backgroundColor);
    expect(accent).toBe('rgb(142, 68, 173)');
    await page.screenshot({ path: `test-results/npm-host-${host.name.replace(' ', '-')}.png`, fullPage: true });
    expect(errors).toEqual([]);
  });

  if (host.plainPort) test(`${host.name}: a non-isolated host page gets one thread and the element says so`, async ({ page }) => {
    const errors = await collectConsoleErrors(page);
    await page.goto(`http://127.0.0.1:${host.plainPort}${host.path}`);
    await expect(page.locator('#first')).toHaveAttribute('data-engine', 'single-thread');
    await expect(page.locator('#first .status')).toContainText('not cross-origin isolated');
    await expect(page.locator('#api-result')).toContainText('"isolated":false');
    const report = await page.evaluate(() => document.getElementById('first').run({ time_scale: 0 }));
    expect(report.threads).toBe(1);
    await expect(page.locator('#first .clamped')).toContainText('threads="2" is more than this engine\'s 1: runs use 1.');
    expect(errors).toEqual([]);
  });
}

test('the widget shows a graph file\'s markup keys as text in its shadow DOM', async ({ page }) => {
  const errors = await collectConsoleErrors(page);
  const keys = ['<img src=x onerror=window.__pwned=1>-a', '</script><svg onload=window.__pwned=2>-b'];
  const graph = { tasks: [{ key: keys[0], deps: [], duration_ms: 5 }, { key: keys[1], deps: [keys[0]], duration_ms: 5 }] };
  await page.route('**/graph.json', (route) => route.fulfill({ body: JSON.stringify(graph), contentType: 'application/json' }));
  await page.goto(`http://127.0.0.1:${HOST_PORT}/npm-host/`);
  await expect(page.locator('#third')).toHaveAttribute('data-built', '2');
  await expect(page.locator('#third g.node ellipse')).toHaveCount(2);
  await page.locator('#third svg').scrollIntoViewIfNeeded();
  await page.locator('#third svg').press('f'); // long labels: fit it all in view
  const tips = [];
  for (const key of keys) {
    const at = await page.locator('#third').evaluate((el, k) => {
      const r = [...el.shadowRoot.querySelectorAll('g.node')].find((g) => g.id === k).querySelector('ellipse').getBoundingClientRect();
      return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
    }, key);
    await page.mouse.move(at.x, at.y);
    tips.push(await page.locator('#third .tooltip b').textContent());
  }
  expect(tips).toEqual(keys);
  const found = await page.locator('#third').evaluate((el) => ({
    pwned: window.__pwned ?? null,
    strange: el.shadowRoot.querySelectorAll('img, script, style, foreignObject').length,
    tooltipElements: [...el.shadowRoot.querySelectorAll('.tooltip *')].map((e) => e.tagName),
  }));
  expect(found).toEqual({ pwned: null, strange: 0, tooltipElements: ['B', 'BR'] });
  expect(errors).toEqual([]);
});
