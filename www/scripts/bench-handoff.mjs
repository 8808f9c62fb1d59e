// Times handing the largest pipeline (about 1.9M tasks) from the page's core to
// its scheduling lab, in headless Chromium, threaded page. The hand-over runs
// a chunk (or a slice of its check) per turn of the engine worker's message
// loop; the engine worker records each hand-over's span, slices and longest
// slice (a `dagsim hand-over` performance measure), which this script reads.
// Meanwhile it probes the worker with cheap requests (`estimate`, every 2 ms)
// and reports the longest wait for an answer from Simulate's request to its
// first progress (the hand-over and whatever else runs unsliced: the lab's
// start, the simulation's set-up). Rounds: (1) the first Simulate (the lab's
// wasm is fetched and compiled, then sent the graph), (2) after a rebuild (the
// graph is sent again), (3) once more on the same graph (nothing sent), each
// from Simulate's request to its first progress message; then (4) a rebuild
// whose Simulate is cancelled 100 ms in, during the hand-over: the time from
// Cancel to the reply.
//
//   node scripts/bench-handoff.mjs      (after scripts/build-wasm; HANDOFF_PORT, default 8196)
import { chromium } from '@playwright/test';
import { startServer } from './start-server.mjs';

const port = Number(process.env.HANDOFF_PORT ?? 8196);
const server = await startServer(port);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });

/** Records the engine worker's requests and replies in window.marks; probes it on window.startProbe(). */
function instrument() {
  const post = Worker.prototype.postMessage;
  const PROBE = 1e9;
  window.marks = { simulate: [], cancel: [], probes: [] };
  Worker.prototype.postMessage = function (m, ...rest) {
    if (m?.type === 'init') window.engine = this;
    if (m?.type === 'simulate') {
      const mark = { sent: performance.now(), first: null, reply: null };
      window.marks.simulate.push(mark);
      const on = ({ data }) => {
        if (data.id !== m.id) return;
        mark.first ??= performance.now();
        if (data.type === 'reply') {
          mark.reply = performance.now();
          mark.ok = data.ok;
          mark.error = data.error;
          this.removeEventListener('message', on);
        }
      };
      this.addEventListener('message', on);
    }
    if (m?.type === 'cancel') window.marks.cancel.push(performance.now());
    return post.call(this, m, ...rest);
  };
  let probe = PROBE;
  window.startProbe = () => {
    const sent = new Map();
    const latencies = [];
    const on = ({ data }) => {
      if (!sent.has(data.id)) return;
      latencies.push(performance.now() - sent.get(data.id));
      sent.delete(data.id);
    };
    window.engine.addEventListener('message', on);
    const timer = setInterval(() => {
      probe += 1;
      sent.set(probe, performance.now());
      window.engine.postMessage({ id: probe, type: 'estimate', spec: { files: 10, compares: 10 } });
    }, 2);
    window.stopProbe = () => {
      clearInterval(timer);
      window.engine.removeEventListener('message', on);
      return { count: latencies.length, max: Math.max(0, ...latencies), unanswered: sent.size };
    };
  };
}

try {
  const page = await browser.newPage();
  await page.addInitScript(instrument);
  await page.goto(`http://127.0.0.1:${port}/?pool=2`);
  const built = (n) => document.body.dataset.builds === String(n) && document.body.dataset.busy === 'false';
  await page.waitForFunction(built, 1, { timeout: 120_000 });
  const build = async (files, n) => {
    await page.fill('input[name=files]', String(files));
    await page.fill('input[name=compares]', '1000000');
    await page.fill('input[name=workers]', '1');
    await page.click('#build');
    await page.waitForFunction(built, n, { timeout: 300_000 });
    return page.evaluate(() => window.dagsim.graph.tasks);
  };
  /** The engine worker's hand-overs so far: [{ duration, slices, longest_ms }]. */
  const handovers = () => page.workers().find((w) => w.url().endsWith('/src/engine/worker.js'))
    .evaluate(() => performance.getEntriesByName('dagsim hand-over').map((e) => ({ duration: e.duration, ...e.detail })));
  const idle = () => page.waitForFunction(() => document.body.dataset.busy === 'false', null, { timeout: 300_000 });
  const rounds = [['lab loaded, graph sent', 300000], ['graph sent', 299999], ['nothing sent', null]];
  let builds = 1;
  for (const [i, [what, files]] of rounds.entries()) {
    if (files) builds += 1;
    const tasks = files ? await build(files, builds) : await page.evaluate(() => window.dagsim.graph.tasks);
    await page.evaluate(() => window.startProbe());
    await page.click('#simulate');
    await page.waitForFunction((n) => window.marks.simulate[n]?.first != null, i, { timeout: 300_000 });
    const probe = await page.evaluate(() => window.stopProbe());
    await page.click('#cancel');
    await idle();
    const mark = await page.evaluate((n) => window.marks.simulate[n], i);
    const handover = files ? (await handovers()).at(-1) : null;
    const sliced = handover
      ? `hand-over ${handover.duration.toFixed(0)} ms in ${handover.slices} slices, the longest ${handover.longest_ms.toFixed(1)} ms`
      : 'no hand-over';
    console.log(`${i + 1}. ${what}: ${tasks} tasks, Simulate's request to its first progress ${(mark.first - mark.sent).toFixed(0)} ms (${sliced}); `
      + `longest wait for an answer meanwhile ${probe.max.toFixed(1)} ms (${probe.count} probes)`);
  }
  // 4. Cancel in the middle of a hand-over.
  builds += 1;
  const tasks = await build(300000, builds);
  await page.click('#simulate');
  await page.waitForTimeout(100);
  await page.click('#cancel');
  await idle();
  const cut = (await handovers()).at(-1);
  const { mark, cancel, status } = await page.evaluate(() => ({
    mark: window.marks.simulate.at(-1), cancel: window.marks.cancel.at(-1), status: document.getElementById('form-status').textContent,
  }));
  const during = mark.first === mark.reply; // no progress before the reply: still handing over
  console.log(`4. Cancel ${(cancel - mark.sent).toFixed(0)} ms into a Simulate of ${tasks} tasks (${during ? 'during' : 'after'} the hand-over, `
    + `which stopped after ${cut.slices} slices, ${cut.duration.toFixed(0)} ms): answered ${(mark.reply - cancel).toFixed(1)} ms later with "${mark.error}"; `
    + `the page says "${status}"`);
  // The lab kept its graph (round 2's): a Simulate now sends the new one whole.
  await page.click('#simulate');
  await page.waitForFunction(() => window.marks.simulate.at(-1)?.first != null, null, { timeout: 300_000 });
  await page.click('#cancel');
  await idle();
  const again = (await handovers()).at(-1);
  console.log(`5. Simulate again: hand-over ${again.duration.toFixed(0)} ms in ${again.slices} slices, the longest ${again.longest_ms.toFixed(1)} ms`);
} finally {
  await browser.close();
  server.kill();
}
