// Regenerates the README's screenshots in docs/: the page at 1440 and 420 px
// wide after build, run, sweep, simulate and import; the page without
// cross-origin isolation; and the <dagsim-etl> widget in tests/npm-host.
//
//   node scripts/screenshots.mjs            (after scripts/build-wasm and scripts/build-npm)
//   node scripts/screenshots.mjs measured   (only docs/measured.png: a measured graph's cluster shapes)
//   node scripts/screenshots.mjs --lab      (only docs/compare.png: a family compared)
//
// SCREENSHOT_PORT (default 8191) is the first of the three ports it serves on.
import { chromium } from '@playwright/test';
import { spawn, execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './start-server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '..', '..');
const docs = path.join(root, 'docs');
const port = Number(process.env.SCREENSHOT_PORT ?? 8191);
const onlyMeasured = process.argv[2] === 'measured';
const labOnly = process.argv.includes('--lab');
const servers = [await startServer(port), await startServer(port + 1, '--no-isolation')];
if (!onlyMeasured && !labOnly) {
  const host = spawn(process.execPath, [path.join(here, 'npm-host.mjs'), '--port', String(port + 2)], { stdio: ['ignore', 'pipe', 'inherit'] });
  servers.push(host);
  await new Promise((resolve) => host.stdout.on('data', (d) => String(d).includes('serving') && resolve()));
}
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });

const drawn = (page, builds) => page.waitForFunction((n) => document.body.dataset.builds === String(n) && document.querySelector('#dag').dataset.state === 'drawn', builds, { timeout: 120_000 });
const count = (page, name, n) => page.waitForFunction(([k, v]) => document.body.dataset[k] === String(v), [name, n], { timeout: 120_000 });
const shoot = (page, name) => page.screenshot({ path: path.join(docs, name), fullPage: true });
// Another graph than the ETL: the CLI's export of a chain-and-fan graph with other prefixes.
const imported = execFileSync(path.join(root, 'target', 'debug', 'dagsim'), ['graph', '--files', '30', '--compares', '40', '--seed', '9', '--format', 'json']);

/** Build, run, sweep, simulate and import at `width`; files named `<prefix>build.png`, …. */
async function flow(width, prefix) {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  await page.goto(`http://127.0.0.1:${port}/?pool=4`);
  await drawn(page, 1);
  await page.click('[data-preset=large]');
  await drawn(page, 2);
  await shoot(page, `${prefix}build.png`);
  await page.fill('input[name=time_scale]', '0.05');
  await page.click('#run');
  await count(page, 'runs', 1);
  await shoot(page, `${prefix}run.png`);
  await page.click('#sweep');
  await count(page, 'runs', 4);
  await shoot(page, `${prefix}sweep.png`);
  await page.fill('input[name=workers]', '16');
  await page.fill('input[name=threads_per_worker]', '2');
  await page.click('#simulate');
  await count(page, 'simulations', 1);
  await shoot(page, `${prefix}simulate.png`);
  await page.locator('input[name=graph]').setInputFiles({ name: 'mygraph.json', mimeType: 'application/json', buffer: imported });
  await drawn(page, 3);
  await page.click('#simulate');
  await count(page, 'simulations', 2);
  await shoot(page, `${prefix}import.png`);
  await page.close();
}

/** A graph file measured by dask_to_dagsim.measure() (the e2e fixture), simulated: docs/measured.png. */
async function measured() {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(`http://127.0.0.1:${port}/?pool=2`);
  await drawn(page, 1);
  await page.locator('input[name=graph]').setInputFiles(path.join(root, 'www', 'test', 'e2e', 'fixtures', 'measured.json'));
  await drawn(page, 2);
  await page.click('#simulate');
  await count(page, 'simulations', 1);
  await page.waitForSelector('#shapes:not([hidden]) tbody tr');
  await shoot(page, 'measured.png');
  await page.close();
}

/** ESTEE's gridcat generated from the family picker, simulated and compared at 1440 px: compare.png. */
async function lab() {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(`http://127.0.0.1:${port}/?pool=4`);
  await drawn(page, 1);
  // The picker is filled from the scheduling lab the first time it is focused.
  await page.focus('select[name=family]');
  await page.waitForFunction(() => document.querySelectorAll('select[name=family] option').length > 1);
  await page.selectOption('select[name=family]', 'gridcat');
  await page.fill('input[name=size]', '4');
  await page.click('#generate');
  await drawn(page, 2);
  await page.fill('input[name=bandwidth_mb_s]', '100');
  await page.click('#simulate');
  await count(page, 'simulations', 1);
  await page.click('#compare');
  await count(page, 'comparisons', 1);
  await shoot(page, 'compare.png');
  await page.close();
}

/** Every other screenshot. */
async function all() {
  await flow(1440, '');
  await flow(420, 'narrow-');
  const plain = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await plain.goto(`http://127.0.0.1:${port + 1}/`);
  await drawn(plain, 1);
  await plain.screenshot({ path: path.join(docs, 'single-thread.png') });
  const widget = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  await widget.goto(`http://127.0.0.1:${port + 2}/npm-host/`);
  await widget.waitForFunction(() => document.getElementById('first').dataset.built === '50', null, { timeout: 120_000 });
  await widget.evaluate(() => document.getElementById('first').run({ time_scale: 0.05 }));
  await widget.locator('#first').screenshot({ path: path.join(docs, 'widget.png') });
  console.log(`screenshots: wrote ${docs}/{,narrow-}{build,run,sweep,simulate,import}.png, single-thread.png, widget.png`);
}

try {
  if (!labOnly) await measured();
  if (!onlyMeasured) await lab();
  if (!onlyMeasured && !labOnly) await all();
} finally {
  await browser.close();
  for (const s of servers) s.kill();
}
