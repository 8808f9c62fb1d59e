// In-browser benchmarks: drives the engine worker of the served page in
// headless Chromium and prints markdown tables.
//
//   node scripts/bench-wasm.mjs [--quick] [--shapes-only | --simulate-only] [--json FILE]
//                               [--sizes 1000000] [--policies dask-like,b-level] [--networks maxmin]
//
// With --json the same numbers are also written to FILE for scripts/bench-dask.py.
// Graph build time and arena memory per task at ~1k … 1M tasks, the
// executor's per-task overhead on zero-latency graphs at 500 … 500k tasks,
// the simulator's speed at 10k … 1M tasks on 64 workers, and the adversarial
// graph shapes of benches/adversarial.rs through the page's own engine calls.
// Page load and the first run use the page's own build; the measurements use
// the same engine on the threaded build with benchmark hooks (www/pkg-bench,
// built here first). BENCH_PORT (default 8190) picks the server's port.
import { chromium } from '@playwright/test';
import { startServer } from './start-server.mjs';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const quick = process.argv.includes('--quick');
const simulateOnly = process.argv.includes('--simulate-only');
const jsonAt = process.argv.indexOf('--json');
const results = { build: [], overhead: [], simulate: [] };
const shapesOnly = process.argv.includes('--shapes-only');
/** The comma-separated values after `flag`, or undefined: narrow the simulator table. */
const listArg = (flag) => {
  const at = process.argv.indexOf(flag);
  return at > 0 ? process.argv[at + 1].split(',') : undefined;
};
const onlySizes = listArg('--sizes')?.map(Number);
const onlyPolicies = listArg('--policies');
const onlyNetworks = listArg('--networks');
/** Thrown to stop after the shapes table (--shapes-only). */
class Done extends Error {}
const PORT = Number(process.env.BENCH_PORT ?? 8190);
const POOL = 2;

/** Starts (once) a second engine in the page, on the build with benchmark hooks: `window.benchEngine`. */
const startBenchEngine = (page) => page.evaluate(async () => {
  const { startEngine } = await import('/src/engine/client.js');
  window.benchEngine ??= startEngine(new Worker('/scripts/bench-worker.js', { type: 'module' }), { pool: 2 });
  await window.benchEngine.hello();
});

execFileSync(fileURLToPath(new URL('../../scripts/build-wasm', import.meta.url)), ['pkg-bench'], { stdio: 'inherit' });
const server = await startServer(PORT);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
try {
  const page = await browser.newPage();
  const t0 = Date.now();
  await page.goto(`http://127.0.0.1:${PORT}/?pool=${POOL}`);
  await page.waitForFunction(() => document.body.dataset.engine === 'threaded', null, { timeout: 60_000 });
  results.engine_ready_ms = Date.now() - t0;
  await page.waitForFunction(() => document.body.dataset.builds === '1' && document.body.dataset.busy === 'false');
  await page.fill('input[name=time_scale]', '0');
  await page.click('#run');
  await page.waitForFunction(() => document.body.dataset.runs === '1', null, { timeout: 60_000 });
  results.first_run_ms = Date.now() - t0;
  console.log(`\nPage load to engine ready: ${results.engine_ready_ms} ms; to the first finished run (small example, time scale 0): ${results.first_run_ms} ms`);
  const ua = await page.evaluate(() => navigator.userAgent.match(/Chrome\/[\d.]+/)?.[0]);

  await startBenchEngine(page);
  if (!simulateOnly) await adversarialShapes(page, ua, quick ? 2_000 : 200_000);
  if (shapesOnly) throw new Done();

  if (!simulateOnly) {
  console.log(`\n### Graph build in WASM (${ua}, threaded build)\n`);
  console.log('| target tasks | tasks | build µs/task (best of 5) | arena bytes/task |');
  console.log('|---:|---:|---:|---:|');
  for (const target of quick ? [1_000] : [1_000, 10_000, 100_000, 1_000_000]) {
    const files = target / 4;
    await startBenchEngine(page);
    const r = await page.evaluate((spec) => window.benchEngine.benchBuild(spec, 5), { files, compares: files });
    results.build.push({ tasks: r.tasks, us_per_task: r.best_us / r.tasks, bytes_per_task: r.heap_bytes / r.tasks });
    console.log(`| ${target} | ${r.tasks} | ${(r.best_us / r.tasks).toFixed(3)} | ${(r.heap_bytes / r.tasks).toFixed(1)} |`);
  }

  console.log(`\n### Executor overhead in WASM, time scale 0 (${ua}, pool of ${POOL})\n`);
  console.log('| target tasks | tasks | threads | makespan ms | overhead µs/task |');
  console.log('|---:|---:|---:|---:|---:|');
  for (const target of quick ? [500] : [500, 5_000, 50_000, 500_000]) {
    for (const threads of [1, POOL]) {
      const files = Math.max(3, target / 4);
      const r = await page.evaluate(async ({ spec, options }) => {
        const engine = window.benchEngine;
        await engine.build(spec);
        let best = null;
        for (let i = 0; i < 3; i += 1) {
          const report = await engine.run(options);
          if (!best || report.makespan_ms < best.makespan_ms) best = report;
        }
        return { tasks: best.tasks, makespan_ms: best.makespan_ms, overhead: best.overhead_us_per_task };
      }, { spec: { files, compares: files }, options: { threads, time_scale: 0, mode: 'sleep' } });
      results.overhead.push({ tasks: r.tasks, threads, makespan_ms: r.makespan_ms, us_per_task: r.overhead });
      console.log(`| ${target} | ${r.tasks} | ${threads} | ${r.makespan_ms.toFixed(2)} | ${r.overhead.toFixed(3)} |`);
    }
  }

  }

  // Every policy but genetic (graphs of at most 2,000 tasks) at 10k and 100k
  // tasks; at 1M the first three, on a free network and under each network
  // model at 1 MB/s, 100 µs latency (as benches/simulate.rs).
  console.log(`\n### Simulator in WASM: 64 workers × 1 thread (${ua})\n`);
  console.log('| tasks | policy | network | simulate ms (best of 3) | µs/task |');
  console.log('|---:|---|---|---:|---:|');
  const POLICIES = ['dask-like', 'work-stealing', 'b-level', 'random', 'fifo', 'b-level-gt', 't-level', 't-level-gt',
    'mcp', 'etf', 'dls', 'single', 'work-stealing-eager', 'lc'];
  for (const target of onlySizes ?? (quick ? [10_000] : [10_000, 100_000, 1_000_000])) {
    const policies = onlyPolicies ?? (quick ? ['dask-like'] : target >= 1_000_000 ? POLICIES.slice(0, 3) : POLICIES);
    await startBenchEngine(page);
    for (const policy of policies) {
      for (const network of onlyNetworks ?? (quick ? ['free', 'maxmin'] : ['free', 'fcfs-inbound', 'simple', 'maxmin'])) {
        const files = target / 4;
        const net = network === 'free' ? {} : { network, bandwidth_mb_s: 1, latency_us: 100 };
        const r = await page.evaluate(
          ({ spec, options }) => window.benchEngine.benchSimulate(spec, options, 3),
          { spec: { files, compares: files }, options: { workers: 64, policy, ...net } },
        );
        results.simulate.push({ tasks: r.tasks, policy, network, ms: r.best_us / 1e3 });
        console.log(`| ${r.tasks} | ${policy} | ${network} | ${(r.best_us / 1e3).toFixed(1)} | ${(r.best_us / r.tasks).toFixed(3)} |`);
      }
    }
  }
  results.chromium = ua;
  if (jsonAt > 0) writeFileSync(process.argv[jsonAt + 1], JSON.stringify(results, null, 1));
} catch (err) {
  if (!(err instanceof Done)) throw err;
} finally {
  await browser.close();
  server.kill();
}

/**
 * The shapes of benches/adversarial.rs, about `n` tasks each, through the
 * engine worker as the page uses it: load (import + the summary: stats, DOT,
 * keys), DOT export, a dask-like simulation on 64 workers and a replay on 2
 * threads at time scale 0. Prints per-task costs and the worst ratio to etl.
 */
async function adversarialShapes(page, ua, n) {
  console.log(`\n### Adversarial graph shapes in WASM, ${n} tasks (${ua}, pool of ${POOL})\n`);
  console.log('| shape | tasks | load µs/task | DOT µs/task | simulate µs/task | replay µs/task | worst ratio to etl |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  const rows = await page.evaluate(async (n) => {
    const engine = window.benchEngine;
    const file = (tasks) => JSON.stringify({ tasks });
    const chain = (name) => file(Array.from({ length: n }, (_, j) => n - 1 - j).map((i) => ({ key: name(i), deps: i ? [name(i - 1)] : [], duration_ms: 1 })));
    await engine.build({ files: Math.floor(n / 4), compares: Math.floor(n / 4) });
    const etl = await engine.exportGraph('json');
    const pad = (k) => `${k}-${'x'.repeat(Math.max(0, 255 - k.length))}`;
    const long = JSON.parse(etl);
    const leaves = Array.from({ length: n - 1 }, (_, i) => `leaf-${i}`);
    const shapes = [
      ['etl', etl],
      ['fan-in', file([...leaves.map((key) => ({ key, duration_ms: 1 })), { key: 'sink-0', deps: leaves, duration_ms: 1 }])],
      ['roots', file(Array.from({ length: n }, (_, i) => ({ key: `root-${i}`, duration_ms: 1 })))],
      ['chain', chain((i) => `step-${i}`)],
      ['prefixes', chain((i) => `t${i}`)],
      ['long-keys', file(long.tasks.map((t) => ({ key: pad(t.key), deps: t.deps.map(pad), duration_ms: t.duration_ms })))],
    ];
    const time = async (f) => {
      let best = Infinity;
      for (let i = 0; i < 3; i += 1) {
        const t0 = performance.now();
        await f();
        best = Math.min(best, performance.now() - t0);
      }
      return best * 1e3;
    };
    const rows = [];
    for (const [name, text] of shapes) {
      const load = await time(() => engine.load(text));
      const summary = await engine.load(text);
      const dot = await time(() => engine.exportGraph('dot'));
      const simulate = await time(() => engine.simulate({ workers: 64, policy: 'dask-like' }));
      const replay = await time(() => engine.run({ threads: 2, time_scale: 0 }));
      rows.push({ name, tasks: summary.tasks, bytes: text.length, costs: [load, dot, simulate, replay].map((us) => us / summary.tasks) });
    }
    return rows;
  }, n);
  const base = rows[0];
  for (const { name, tasks, bytes, costs } of rows) {
    // Loading reads every byte: long keys compare its cost per byte of input.
    const ratios = costs.map((c, i) => (c / base.costs[i]) * (i === 0 && name === 'long-keys' ? base.bytes / base.tasks / (bytes / tasks) : 1));
    console.log(`| ${name} | ${tasks} | ${costs.map((c) => c.toFixed(3)).join(' | ')} | ${Math.max(...ratios).toFixed(2)}× |`);
  }
  results.shapes = rows;
}
