// In-browser benchmarks: drives the engine worker of the served page in
// headless Chromium and prints markdown tables.
//
//   node scripts/bench-wasm.mjs [--quick] [--simulate-only] [--json FILE]
//
// With --json the same numbers are also written to FILE for bench/compare.py.
// Graph build time and arena memory per task at ~1k … 1M tasks, the
// executor's per-task overhead on zero-latency graphs at 500 … 500k tasks,
// and the simulator's speed at 10k … 1M tasks on 64 workers.
import { chromium } from '@playwright/test';
import { startServer } from './start-server.mjs';
import { writeFileSync } from 'node:fs';

const quick = process.argv.includes('--quick');
const simulateOnly = process.argv.includes('--simulate-only');
const jsonAt = process.argv.indexOf('--json');
const results = { build: [], overhead: [], simulate: [] };
const PORT = Number(process.env.BENCH_PORT ?? 8190);
const POOL = 2;

/** Starts (once) a second engine in the page for the measurements: `window.benchEngine`. */
const startBenchEngine = (page) => page.evaluate(async () => {
  const { startEngine } = await import('/src/engine/client.js');
  window.benchEngine ??= startEngine(new Worker('/src/engine/worker.js', { type: 'module' }), { pool: 2 });
  await window.benchEngine.hello();
});

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
  for (const target of quick ? [10_000] : [10_000, 100_000, 1_000_000]) {
    const policies = quick ? ['dask-like'] : target >= 1_000_000 ? POLICIES.slice(0, 3) : POLICIES;
    await startBenchEngine(page);
    for (const policy of policies) {
      for (const network of quick ? ['free', 'maxmin'] : ['free', 'fcfs-inbound', 'simple', 'maxmin']) {
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
} finally {
  await browser.close();
  server.kill();
}
