// Shared steps of the end-to-end tests.
import { expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { REPORT_WINDOW_ERRORS, isProblem } from '../console-problems.js';

const DAGSIM = fileURLToPath(new URL('../../../target/debug/dagsim', import.meta.url));

/** Runs the native CLI (built by `cargo test` earlier in `make test`) and returns its stdout. */
export function dagsimCli(...args) {
  return execFileSync(DAGSIM, args);
}

/**
 * The family picker, focused: the page lists the families (from the engine's
 * scheduling lab, loaded then) the first time it is focused or pressed.
 */
export async function familyPicker(page) {
  const select = page.locator('select[name=family]');
  await select.focus();
  await expect(select.locator('option')).not.toHaveCount(1);
  return select;
}

/** Picks family `name` at `size` in the page's family picker and generates it; waits until it is the graph shown. */
export async function generateFamily(page, name, size) {
  const builds = Number(await page.locator('body').getAttribute('data-builds'));
  await (await familyPicker(page)).selectOption(name);
  await page.fill('input[name=size]', String(size));
  await page.click('#generate');
  await expect(page.locator('body')).toHaveAttribute('data-builds', String(builds + 1));
}

/** Opens `json` (a Buffer) through the page's "Or open" file field and waits until it is shown. */
export async function openGraphFile(page, json, name = 'mine.json') {
  const builds = Number(await page.locator('body').getAttribute('data-builds'));
  await page.locator('input[name=graph]').setInputFiles({ name, mimeType: 'application/json', buffer: json });
  await expect(page.locator('body')).toHaveAttribute('data-builds', String(builds + 1));
}

/**
 * Records console errors (and the warnings ../console-problems.js lists), window
 * error events, uncaught page errors, the workers' console errors and
 * Content-Security-Policy violations, from now on; the array fills as they happen.
 */
export async function collectConsoleErrors(page) {
  const errors = [];
  await page.addInitScript(REPORT_WINDOW_ERRORS);
  page.on('console', (msg) => isProblem({ type: msg.type(), text: msg.text() }) && errors.push(msg.text()));
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('worker', (worker) => worker.on('console', (msg) => msg.type() === 'error' && errors.push(`worker ${worker.url()}: ${msg.text()}`)));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI} in ${e.sourceFile}:${e.lineNumber}`));
  });
  return errors;
}

/** Fills the form with the seed's small example and runs it; returns the engine's report. */
export async function runSmallExample(page, { threads, timeScale }) {
  await expect(page.locator('#run')).toBeEnabled();
  await expect(page.locator('body')).toHaveAttribute('data-builds', /\d+/);
  const runs = Number((await page.locator('body').getAttribute('data-runs')) ?? 0);
  await page.fill('input[name=files]', '10');
  await page.fill('input[name=compares]', '20');
  await page.fill('input[name=threads]', String(threads));
  await page.fill('input[name=time_scale]', String(timeScale));
  await page.click('#run');
  await expect(page.locator('body')).toHaveAttribute('data-runs', String(runs + 1));
  return page.evaluate(() => {
    const r = window.dagsim.lastReport;
    return { ...r, trace: { thread: [...r.trace.thread], start: [...r.trace.start], end: [...r.trace.end] } };
  });
}

/** Number of pairs of tasks on different threads whose [start, end) intervals intersect. */
export function overlappingPairs(trace) {
  let pairs = 0;
  const n = trace.start.length;
  for (let i = 0; i < n; i += 1) {
    for (let j = i + 1; j < n; j += 1) {
      if (trace.thread[i] !== trace.thread[j] && trace.start[i] < trace.end[j] && trace.start[j] < trace.end[i]) {
        pairs += 1;
      }
    }
  }
  return pairs;
}

/** Clicks Cancel and resolves with the ms until the page is no longer busy. */
export function clickCancel(page) {
  return page.evaluate(
    () =>
      new Promise((resolve) => {
        const t0 = performance.now();
        document.getElementById('cancel').click();
        const done = () => (document.body.dataset.busy === 'false' ? resolve(performance.now() - t0) : setTimeout(done, 1));
        done();
      }),
  );
}
