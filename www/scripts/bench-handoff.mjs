// Times handing the largest pipeline (about 1.9M tasks) from the page's core to
// its scheduling lab, in headless Chromium: from Simulate's request to its first
// progress message, (1) the first time (the lab's wasm is fetched and compiled,
// then sent the graph), (2) after a rebuild (the graph is sent again) and (3)
// once more on the same graph (nothing sent): (2) − (3) is the hand-over.
//
//   node scripts/bench-handoff.mjs      (after scripts/build-wasm; HANDOFF_PORT, default 8196)
import { chromium } from '@playwright/test';
import { startServer } from './start-server.mjs';

const port = Number(process.env.HANDOFF_PORT ?? 8196);
const server = await startServer(port);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${port}/?pool=2`);
  await page.waitForFunction(() => document.body.dataset.builds === '1' && document.body.dataset.busy === 'false', null, { timeout: 120_000 });
  // Time each simulate request to its first progress message (or its reply).
  await page.evaluate(() => {
    const post = Worker.prototype.postMessage;
    window.marks = [];
    Worker.prototype.postMessage = function (m, ...rest) {
      if (m?.type === 'simulate') {
        const t0 = performance.now();
        const on = ({ data }) => {
          if (data.id !== m.id) return;
          window.marks.push(performance.now() - t0);
          this.removeEventListener('message', on);
        };
        this.addEventListener('message', on);
      }
      return post.call(this, m, ...rest);
    };
  });
  const rounds = [['lab loaded, graph sent', '300000'], ['graph sent', '299999'], ['nothing sent', null]];
  for (const [i, [what, files]] of rounds.entries()) {
    if (files) {
      await page.fill('input[name=files]', files);
      await page.fill('input[name=compares]', '1000000');
      await page.fill('input[name=workers]', '1');
      await page.click('#build');
      const built = (n) => document.body.dataset.builds === String(n) && document.body.dataset.busy === 'false';
      await page.waitForFunction(built, i + 2, { timeout: 300_000 });
    }
    const tasks = await page.evaluate(() => window.dagsim.graph.tasks);
    await page.click('#simulate');
    await page.waitForFunction((n) => window.marks.length >= n, i + 1, { timeout: 300_000 });
    await page.click('#cancel');
    await page.waitForFunction(() => document.body.dataset.busy === 'false', null, { timeout: 300_000 });
    const ms = await page.evaluate(() => window.marks.at(-1));
    console.log(`${i + 1}. ${what}: ${tasks} tasks, Simulate's request to its first progress ${ms.toFixed(0)} ms`);
  }
} finally {
  await browser.close();
  server.kill();
}
