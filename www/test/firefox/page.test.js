// The page in Firefox: cross-origin isolated (threaded build, a real pool), not
// isolated (single-thread fallback), and `make dist`'s output on a static
// server that sends no headers (coi-serviceworker reloads it into isolation).
// Each builds, runs, sweeps, simulates and cancels, and fails on any console
// problem of the page or its workers.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { PORTS, bodyData, click, fill, inFirefox, startServer, text, waitFor, waitForBody } from './firefox.js';

const servers = [];
before(async () => {
  const url = (port) => `http://127.0.0.1:${port}/`;
  servers.push(await startServer(url(PORTS.isolated), 'scripts/serve.mjs', '--port', String(PORTS.isolated)));
  servers.push(await startServer(url(PORTS.plain), 'scripts/serve.mjs', '--port', String(PORTS.plain), '--no-isolation'));
  // `make dist`'s output, served with no special headers at all.
  execFileSync(process.execPath, [fileURLToPath(new URL('../../scripts/dist.mjs', import.meta.url))], { stdio: 'inherit' });
  const dist = fileURLToPath(new URL('../../../dist', import.meta.url));
  servers.push(await startServer(url(PORTS.dist), 'scripts/serve.mjs', '--port', String(PORTS.dist), '--no-isolation', '--root', dist));
});
after(() => servers.forEach((server) => server.kill()));

/** Opens `url` in a new Firefox and runs `body(driver)` there (see inFirefox). */
const atUrl = (url, body) =>
  inFirefox(async (driver) => {
    await driver.get(url);
    await body(driver);
  });

/** The last run's report, without its trace columns (typed arrays do not cross WebDriver). */
const lastReport = (driver) =>
  driver.executeScript(() => {
    const r = window.dagsim.lastReport;
    return { tasks: r.tasks, threads: r.threads, threadsUsed: new Set(r.trace.thread).size, best: r.best };
  });

/** Build, run, sweep, simulate and cancel, as a user does them, on a page whose engine is `flavour`. */
async function everyFlow(driver, { flavour, threads }) {
  await waitForBody(driver, 'engine', flavour);
  await waitForBody(driver, 'builds', '1');
  const graph = await driver.executeScript(() => ({ tasks: window.dagsim.graph.tasks }));

  // Build another spec, then run it.
  await fill(driver, 'files', 12);
  await fill(driver, 'compares', 9);
  await click(driver, '#build');
  await waitForBody(driver, 'builds', '2');
  await fill(driver, 'threads', threads);
  await fill(driver, 'time_scale', 0.02);
  await click(driver, '#run');
  await waitForBody(driver, 'runs', '1');
  const report = await lastReport(driver);
  assert.equal(report.threads, threads);
  assert.equal(report.threadsUsed, threads, 'every thread of the run ran tasks');
  assert.notEqual(report.tasks, graph.tasks, 'the run is of the rebuilt graph');
  assert.ok(report.best, 'the pipeline has an answer');

  // Sweep: one run per power of two up to the pool size.
  const max = Number(await driver.executeScript(() => document.querySelector('[name=threads]').max));
  const sweepRuns = Math.floor(Math.log2(max)) + 1;
  await click(driver, '#sweep');
  await waitForBody(driver, 'runs', String(1 + sweepRuns));
  await waitFor('the measured speedup curve', () => text(driver, '#speedup .u-legend'), (t) => t.includes('measured'));

  // Simulate a cluster, its schedule and every policy's curve.
  await fill(driver, 'workers', 4);
  await click(driver, '#simulate');
  await waitForBody(driver, 'simulations', '1');
  const sim = await driver.executeScript(() => {
    const s = window.dagsim.lastSimulation;
    return { makespan: s.makespan_ms, lower: s.bounds.lower_ms, workers: s.workers };
  });
  assert.equal(sim.workers, 4);
  assert.ok(sim.makespan >= sim.lower, `makespan ${sim.makespan} below the lower bound ${sim.lower}`);
  await waitFor('simulated curves', () => text(driver, '#speedup .u-legend'), (t) => t.includes('simulated b-level'));

  // Cancel a slow run once it has made progress; the next run works.
  await fill(driver, 'time_scale', 1);
  await click(driver, '#run');
  await waitFor('progress', () => driver.executeScript(() => [...document.querySelectorAll('#progress .count')].some((c) => !c.textContent.startsWith('0 /'))));
  await click(driver, '#cancel');
  await waitFor('the cancelled message', () => text(driver, '#form-status'), (t) => t.includes('cancelled'));
  await fill(driver, 'time_scale', 0);
  const runs = Number(await bodyData(driver, 'runs'));
  await waitFor('Run enabled', () => driver.executeScript(() => !document.getElementById('run').disabled));
  await click(driver, '#run');
  await waitForBody(driver, 'runs', String(runs + 1));
}

test('isolated page: the threaded build on a pool of 2', { timeout: 300_000 }, () =>
  atUrl(`http://127.0.0.1:${PORTS.isolated}/?pool=2`, async (driver) => {
    await everyFlow(driver, { flavour: 'threaded', threads: 2 });
    assert.equal(await text(driver, '#isolation-banner'), '', 'no banner on an isolated page');
  }));

test('non-isolated page: the single-thread build, and a banner says why', { timeout: 300_000 }, () =>
  atUrl(`http://127.0.0.1:${PORTS.plain}/`, async (driver) => {
    await everyFlow(driver, { flavour: 'single-thread', threads: 1 });
    assert.match(await text(driver, '#isolation-banner'), /not cross-origin isolated/);
  }));

test('dist/ on a static server without headers: coi-serviceworker turns threads on', { timeout: 300_000 }, () =>
  atUrl(`http://127.0.0.1:${PORTS.dist}/?pool=2`, async (driver) => {
    await everyFlow(driver, { flavour: 'threaded', threads: 2 });
    assert.equal(await driver.executeScript(() => self.crossOriginIsolated), true);
  }));
