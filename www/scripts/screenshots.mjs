// Regenerates the README's screenshots in docs/: the page after a run, after
// a simulation, on a narrow screen, and without cross-origin isolation.
//
//   node scripts/screenshots.mjs      (after scripts/build-wasm)
import { chromium } from '@playwright/test';
import { startServer } from './start-server.mjs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const docs = path.join(here, '..', '..', 'docs');
const servers = [await startServer(8191), await startServer(8192, '--no-isolation')];
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
const ready = (page) => page.waitForFunction(() => document.body.dataset.builds === '1' && document.querySelector('#dag').dataset.state === 'drawn', null, { timeout: 60_000 });
const shoot = (page, name) => page.screenshot({ path: path.join(docs, name), fullPage: true });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto('http://127.0.0.1:8191/?pool=4');
  await ready(page);
  await page.fill('input[name=time_scale]', '0.1');
  await page.click('#sweep');
  await page.waitForFunction(() => document.body.dataset.runs === '3', null, { timeout: 60_000 });
  await shoot(page, 'run.png');
  await page.click('#simulate');
  await page.waitForFunction(() => document.body.dataset.simulations === '1');
  await shoot(page, 'simulate.png');

  const narrow = await browser.newPage({ viewport: { width: 420, height: 900 } });
  await narrow.goto('http://127.0.0.1:8191/?pool=2');
  await ready(narrow);
  await shoot(narrow, 'narrow.png');

  const plain = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await plain.goto('http://127.0.0.1:8192/');
  await ready(plain);
  await plain.screenshot({ path: path.join(docs, 'single-thread.png') });
  console.log(`screenshots: wrote ${docs}/{run,simulate,narrow,single-thread}.png`);
} finally {
  await browser.close();
  for (const s of servers) s.kill();
}
