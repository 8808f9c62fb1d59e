// Benchmark of the task-stream view: how long one redraw takes after a time
// zoom, with N bars (a simulated schedule of the CLI's ETL graph at N tasks
// on 16 workers), in headless Chromium. Prints a Markdown table for
// BENCHMARKS.md. Measures the work of the frame that draws (from the frame's
// start to the end of its animation callbacks), not the wait for it.
//
//   node scripts/bench-stream.mjs        (after scripts/build-wasm and cargo build)
//
// BENCH_PORT (default 8193) is the port it serves on.
import { chromium } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './start-server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const dagsim = path.join(here, '..', '..', 'target', 'debug', 'dagsim');
const port = Number(process.env.BENCH_PORT ?? 8193);
const server = await startServer(port);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });

/** Redraw times (ms) of the stream for `frames` wheel zooms in then out, median and max. */
async function measure(page, frames) {
  return page.evaluate(async (n) => {
    const canvas = document.querySelector('#stream canvas');
    const r = canvas.getBoundingClientRect();
    const times = [];
    for (let i = 0; i < n; i += 1) {
      canvas.dispatchEvent(new WheelEvent('wheel', { deltaY: i < n / 2 ? -100 : 100, clientX: r.left + r.width / 2, clientY: r.top + 40, cancelable: true }));
      // Runs after the view's own frame callback, in the same frame.
      times.push(await new Promise((resolve) => requestAnimationFrame((start) => resolve(performance.now() - start))));
    }
    times.sort((a, b) => a - b);
    return { median: times[Math.floor(n / 2)], max: times[n - 1] };
  }, frames);
}

try {
  console.log('| bars | rows | redraw ms, median | redraw ms, max |');
  console.log('|---:|---:|---:|---:|');
  for (const files of [2_500, 25_000]) {
    const json = execFileSync(dagsim, ['graph', '--files', String(files), '--compares', String(files), '--format', 'json'], { maxBuffer: 1 << 30 });
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`http://127.0.0.1:${port}/?pool=2`);
    await page.waitForFunction(() => document.body.dataset.builds === '1', null, { timeout: 120_000 });
    await page.locator('input[name=graph]').setInputFiles({ name: 'big.json', mimeType: 'application/json', buffer: json });
    await page.waitForFunction(() => document.body.dataset.builds === '2', null, { timeout: 300_000 });
    await page.fill('input[name=workers]', '16');
    await page.click('#simulate');
    await page.waitForFunction(() => document.body.dataset.simulations === '1', null, { timeout: 600_000 });
    await page.locator('#stream canvas').scrollIntoViewIfNeeded();
    const bars = await page.locator('#stream').getAttribute('data-bars');
    const rows = await page.locator('#stream').getAttribute('data-rows');
    const t = await measure(page, 40);
    console.log(`| ${Number(bars).toLocaleString('en')} | ${rows} | ${t.median.toFixed(1)} | ${t.max.toFixed(1)} |`);
    await page.close();
  }
} finally {
  await browser.close();
  server.kill();
}
