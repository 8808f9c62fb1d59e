// What the page loads before the first interaction, by size: opens the served
// page in headless Chromium (isolated, then not), waits until the engine is up
// and the first graph is built and drawn, and prints every file fetched with its
// raw size and `gzip -9` size (as a server would compress it), Graphviz (viz.js,
// loaded by the layout worker) apart. The same file fetched by several workers
// counts once.
//
//   node scripts/core-size.mjs      (after scripts/build-wasm; CORE_SIZE_PORT, default 8192)
import { chromium } from '@playwright/test';
import { startServer } from './start-server.mjs';
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const www = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const PORT = Number(process.env.CORE_SIZE_PORT ?? 8192);
const GRAPHVIZ = '/vendor/viz.js';
const kb = (bytes) => (bytes / 1024).toFixed(1);

/** The local paths the page fetches until its first graph is drawn. */
async function fetched(browser, port) {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const paths = new Set();
  context.on('request', (request) => {
    const url = new URL(request.url());
    if (url.port === String(port)) paths.add(url.pathname === '/' ? '/index.html' : url.pathname);
  });
  const page = await context.newPage();
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.waitForFunction(() => document.body.dataset.builds === '1' && document.body.dataset.busy === 'false', null, { timeout: 120_000 });
  await page.locator('#dag svg').first().waitFor({ timeout: 120_000 });
  await context.close();
  return [...paths].sort();
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
try {
  for (const [name, flags, port] of [['isolated (threaded wasm)', [], PORT], ['not isolated (single-thread wasm)', ['--no-isolation'], PORT + 1]]) {
    const server = await startServer(port, ...flags);
    try {
      const rows = (await fetched(browser, port)).map((p) => {
        const file = path.join(www, p);
        return { path: p, raw: statSync(file).size, gzip: execFileSync('gzip', ['-9c', file], { maxBuffer: 1 << 30 }).length };
      });
      const core = rows.filter((r) => r.path !== GRAPHVIZ);
      const sum = (list, key) => list.reduce((total, r) => total + r[key], 0);
      const wasm = core.filter((r) => r.path.endsWith('.wasm'));
      const rest = core.filter((r) => !r.path.endsWith('.wasm'));
      console.log(`\n${name}: before the first interaction\n\n| file | raw KB | gzip -9 KB |\n|---|---:|---:|`);
      for (const r of rows) console.log(`| ${r.path} | ${kb(r.raw)} | ${kb(r.gzip)} |`);
      console.log(`| **wasm** | ${kb(sum(wasm, 'raw'))} | ${kb(sum(wasm, 'gzip'))} |`);
      console.log(`| **JS, CSS, HTML** | ${kb(sum(rest, 'raw'))} | ${kb(sum(rest, 'gzip'))} |`);
      console.log(`| **core (all but ${GRAPHVIZ})** | ${kb(sum(core, 'raw'))} | ${kb(sum(core, 'gzip'))} |`);
    } finally {
      server.kill();
    }
  }
} finally {
  await browser.close();
}
