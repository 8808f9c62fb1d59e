// What the scheduler knows and how often it decides (issue #18): the page's
// "Scheduler knows", "Noise σ" and "Scheduling interval µs" fields and the
// CAMP policy give the simulation the CLI computes with the same flags; bad
// values are flagged on their field; the <dagsim-etl> widget passes its
// attributes to its simulated curves and shows a bad one by its field.
import { test, expect } from '@playwright/test';
import { ISOLATED_PORT } from '../../playwright.config.js';
import { collectConsoleErrors, dagsimCli } from './helpers.js';

test.beforeEach(async ({ page }) => {
  page.errors = await collectConsoleErrors(page);
  await page.setViewportSize({ width: 1440, height: 900 });
});
test.afterEach(async ({ page }) => expect(page.errors).toEqual([]));

/** Opens the isolated page and waits for its first graph (the pipeline of the fields). */
async function open(page) {
  await page.goto(`http://127.0.0.1:${ISOLATED_PORT}/?pool=2`);
  await expect(page.locator('body')).toHaveAttribute('data-builds', '1');
}

/** The CLI's simulation of the page's default pipeline and cluster with `flags`. */
function cliSimulation(...flags) {
  const out = dagsimCli('simulate', '--files', '10', '--compares', '20', '--seed', '42', '--workers', '8',
    '--bandwidth', '1000', '--latency-us', '100', '--time-scale', '0.2', ...flags);
  return JSON.parse(String(out));
}

/** Clicks Simulate and resolves with the report once it is shown. */
async function simulate(page) {
  const done = Number((await page.locator('body').getAttribute('data-simulations')) ?? 0);
  await page.click('#simulate');
  await expect(page.locator('body')).toHaveAttribute('data-simulations', String(done + 1));
  return page.evaluate(() => window.dagsim.lastSimulation.makespan_ms);
}

test('the scheduler knows estimates and decides at intervals, as the CLI computes it', async ({ page }) => {
  await open(page);
  // The engine's ranges bound the fields; σ is for noisy estimates only.
  await expect(page.locator('input[name=noise]')).toHaveAttribute('max', '2');
  await expect(page.locator('input[name=scheduling_interval_us]')).toHaveAttribute('max', '60000000');
  await expect(page.locator('input[name=noise]')).toBeDisabled();
  const exact = await simulate(page);
  expect(exact).toBeCloseTo(cliSimulation().makespan_ms, 6);
  await expect(page.locator('[data-stat=scheduler-knew]')).toHaveText('exact durations and sizes, a decision at every event');

  await page.selectOption('select[name=policy]', 'camp');
  await page.selectOption('select[name=information]', 'prefix-mean');
  await page.fill('input[name=scheduling_interval_us]', '20000');
  const camp = await simulate(page);
  expect(camp).toBeCloseTo(cliSimulation('--policy', 'camp', '--information', 'prefix-mean', '--scheduling-interval-us', '20000').makespan_ms, 6);
  await expect(page.locator('[data-stat=scheduler-knew]')).toHaveText('per-prefix means, decisions at least 20.0 ms apart');
  await expect(page.locator('[data-stat=simulated-cluster]')).toContainText('camp');

  await page.selectOption('select[name=information]', 'noisy');
  await expect(page.locator('input[name=noise]')).toBeEnabled();
  await page.fill('input[name=noise]', '1.2');
  const noisy = await simulate(page);
  expect(noisy).toBeCloseTo(cliSimulation('--policy', 'camp', '--information', 'noisy', '--noise', '1.2', '--scheduling-interval-us', '20000').makespan_ms, 6);
  await expect(page.locator('[data-stat=scheduler-knew]')).toHaveText('noisy estimates (σ 1.2), decisions at least 20.0 ms apart');
  await page.locator('#result').screenshot({ path: test.info().outputPath('result.png') });
  // The schedule still runs the real durations: every bar is its task's real time × the time scale.
  const realTimes = await page.evaluate(() => {
    const { trace } = window.dagsim.lastSimulation;
    const durations = window.dagsim.graph.durations_ms;
    return [...trace.task].every((t, i) => Math.abs(trace.end[i] - trace.start[i] - durations[t] * 0.2 * 1e3) < 1e-6);
  });
  expect(realTimes).toBe(true);

  // Compare under the same knowledge: camp is a row, the note says what the schedulers knew.
  await page.click('#compare');
  await expect(page.locator('body')).toHaveAttribute('data-comparisons', '1');
  await expect(page.locator('#compare-card .compare-note')).toContainText('the schedulers knew noisy estimates (σ 1.2), decisions at least 20.0 ms apart');
  await expect(page.locator('#compare-card tbody th', { hasText: /^camp$/ })).toHaveCount(1);
  await page.locator('#compare-card').screenshot({ path: test.info().outputPath('compare-noisy.png') });
  await page.locator('#spec-form').screenshot({ path: test.info().outputPath('fields.png') });

  // Bad values are flagged on their field, with the label and the range, and nothing runs.
  for (const [name, value, message] of [
    ['noise', '2.5', 'Noise σ must be a number from 0 to 2 (only with noisy estimates)'],
    ['scheduling_interval_us', '-1', 'Scheduling interval µs must be a number from 0 to 60,000,000 (0: a decision at every event)'],
  ]) {
    await page.fill(`input[name=${name}]`, value);
    await page.click('#simulate');
    await expect(page.locator(`.field-error[data-for=${name}]`)).toHaveText(message);
    await expect(page.locator(`input[name=${name}]`)).toHaveAttribute('aria-invalid', 'true');
    await page.fill(`input[name=${name}]`, '0');
  }
  await expect(page.locator('body')).toHaveAttribute('data-simulations', '3');
});

test('the widget simulates its curves with what its attributes say the scheduler knows', async ({ page }) => {
  await open(page);
  const result = await page.evaluate(async () => {
    // Every sweep request any engine worker gets from now on.
    const sweeps = [];
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (message, ...rest) {
      if (message?.type === 'sweep') sweeps.push(JSON.parse(JSON.stringify(message.options)));
      return post.call(this, message, ...rest);
    };
    await import('/src/embed/no-bundler.js');
    await import('/src/embed/element.js');
    const settled = (el) => new Promise((resolve) => {
      const poll = () => {
        const error = el.shadowRoot.querySelector('.error').textContent;
        if (error || el.dataset.built) resolve(error);
        else setTimeout(poll, 20);
      };
      poll();
    });
    const make = async (attributes) => {
      const el = document.createElement('dagsim-etl');
      for (const [k, v] of Object.entries({ files: '10', compares: '20', view: 'speedup', ...attributes })) el.setAttribute(k, v);
      document.body.append(el);
      return { error: await settled(el), series: el.shadowRoot.querySelector('[data-view=speedup]').dataset.series };
    };
    const good = await make({ information: 'prefix-mean', noise: '0.3', 'scheduling-interval-us': '50000' });
    const bad = await make({ information: 'noisy', noise: '9' });
    return { good, bad, sweeps };
  });
  expect(result.good.error).toBe('');
  expect(Number(result.good.series)).toBeGreaterThan(0);
  expect(result.sweeps[0]).toEqual({ time_scale: 1, information: 'prefix-mean', noise: 0.3, scheduling_interval_us: 50000 });
  expect(result.bad.error).toBe('noise: must be a number between 0 and 2, got 9');
});
