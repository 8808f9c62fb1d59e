// The npm package in Firefox: the packed tarball (scripts/build-npm) installed
// into the host app tests/npm-host and used as plain ES modules with an import
// map, isolated (a real pool) and not (one thread). The elements come up and
// the createEngine API builds, runs, sweeps, simulates and cancels; any console
// problem of the page or its workers fails the test.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { dagsimCli } from '../e2e/helpers.js';
import { PORTS, inFirefox, startServer, text, waitFor } from './firefox.js';

// The host page's third element shows src="graph.json": the CLI's export of another spec.
const GRAPH_FILE = dagsimCli('graph', '--files', '6', '--compares', '5', '--seed', '11', '--format', 'json');
const FILE_TASKS = JSON.parse(GRAPH_FILE).tasks.length;
const cli = (...args) => JSON.parse(dagsimCli('run', '--time-scale', '0', '--threads', '2', ...args));

const servers = [];
before(async () => {
  writeFileSync(new URL('../../../tests/npm-host/graph.json', import.meta.url), GRAPH_FILE);
  const url = (port) => `http://127.0.0.1:${port}/npm-host/`;
  servers.push(await startServer(url(PORTS.host), 'scripts/npm-host.mjs', '--port', String(PORTS.host)));
  servers.push(await startServer(url(PORTS.plainHost), 'scripts/npm-host.mjs', '--port', String(PORTS.plainHost), '--no-isolation'));
});
after(() => servers.forEach((server) => server.kill()));

/** An element's `data-<name>` attribute. */
const elementData = (driver, id, name) => driver.executeScript((i, n) => document.getElementById(i).dataset[n], id, name);

/**
 * In the page, through the installed package's API: build, run on `threads`,
 * sweep, simulate, and cancel a slow run once it has made progress.
 */
const API_FLOWS = async (threads, done) => {
  try {
    // WebDriver's scripts do not see the page's import map: resolve 'dagsim' by it here.
    const map = JSON.parse(document.querySelector('script[type=importmap]').textContent);
    const { createEngine } = await import(new URL(map.imports.dagsim, document.baseURI));
    const engine = createEngine({ threads });
    const hello = await engine.ready;
    const graph = await engine.build({ files: 13, compares: 17, seed: 5 });
    const report = await engine.run({ threads, time_scale: 0.02 }).result;
    const sweep = await engine.sweep({});
    const sim = await engine.simulate({ workers: 4, policy: 'b-level' });
    let progressed;
    const madeProgress = new Promise((resolve) => (progressed = resolve));
    const slow = engine.run({ threads, time_scale: 1 }, { onProgress: (p) => p.prefixes.some((x) => x.done > 0) && progressed() });
    await madeProgress;
    slow.cancel();
    const cancelled = await slow.result.then(() => 'finished', (err) => err.message);
    engine.terminate();
    done({
      hello,
      tasks: graph.tasks,
      report: { best: report.best, tasks: report.tasks, threads: report.threads, threadsUsed: new Set(report.trace.thread).size },
      policies: [...new Set(sweep.map((p) => p.policy))].sort(),
      sim: { policy: sim.policy, makespan: sim.makespan_ms, lower: sim.bounds.lower_ms },
      cancelled,
    });
  } catch (err) {
    done({ error: `${err?.name}: ${err?.message ?? err}\n${err?.stack ?? ""}` });
  }
};

/** Opens the host page at `port`, checks its elements, drives the API with `threads`; the console must stay clean. */
function hostFlows(port, { flavour, threads }) {
  return inFirefox(async (driver) => {
    await driver.get(`http://127.0.0.1:${port}/npm-host/`);
    await waitFor('the first element built', () => elementData(driver, 'first', 'built'), (v) => v === '50');
    await waitFor('the third element showing graph.json', () => elementData(driver, 'third', 'built'), (v) => v === String(FILE_TASKS));
    assert.equal(await elementData(driver, 'first', 'engine'), flavour);
    await waitFor('the host page\'s own API call', () => text(driver, '#api-result'), (t) => t.startsWith('{'));

    // The element runs its graph: the CLI's answer for the same spec.
    const element = await driver.executeAsyncScript(async (done) => {
      const r = await document.getElementById('first').run({ time_scale: 0 });
      done({ best: r.best, tasks: r.tasks });
    });
    assert.deepEqual([element.best.a, element.best.b], cli('--files', '10', '--compares', '20', '--seed', '42').best);

    await driver.manage().setTimeouts({ script: 120_000 });
    const api = await driver.executeAsyncScript(`(${API_FLOWS})(${threads}, arguments[arguments.length - 1]);`);
    assert.equal(api.error, undefined, api.error);
    assert.equal(api.hello.flavour, flavour);
    const expected = cli('--files', '13', '--compares', '17', '--seed', '5');
    assert.deepEqual([api.report.best.a, api.report.best.b], expected.best);
    assert.equal(api.report.tasks, api.tasks);
    assert.equal(api.report.threads, threads);
    assert.equal(api.report.threadsUsed, threads, 'every thread of the run ran tasks');
    assert.deepEqual(api.policies, ['b-level', 'dask-like', 'fifo', 'random', 'work-stealing']);
    assert.equal(api.sim.policy, 'b-level');
    assert.ok(api.sim.makespan >= api.sim.lower);
    assert.match(api.cancelled, /cancelled/);
  });
}

test('the widget from the tarball, isolated: threads on', { timeout: 300_000 }, () =>
  hostFlows(PORTS.host, { flavour: 'threaded', threads: 2 }));

test('the widget from the tarball, not isolated: one thread', { timeout: 300_000 }, () =>
  hostFlows(PORTS.plainHost, { flavour: 'single-thread', threads: 1 }));
