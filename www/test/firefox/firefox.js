// Firefox over WebDriver: Debian's headless firefox-esr driven by geckodriver
// (built from crates.io by scripts/setup) through selenium-webdriver (pinned in
// www/package.json), with WebDriver BiDi on so every console message and
// uncaught error — of the page and of its workers — reaches the test.
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Builder, By } from 'selenium-webdriver';
import firefox from 'selenium-webdriver/firefox.js';
import { REPORT_WINDOW_ERRORS, isProblem } from '../console-problems.js';

const www = fileURLToPath(new URL('../..', import.meta.url));
const FIREFOX = process.env.FIREFOX ?? '/usr/bin/firefox-esr';
const GECKODRIVER = process.env.GECKODRIVER ?? path.join(os.homedir(), '.cargo', 'bin', 'geckodriver');
/** Longest wait for one thing the page does (a build, a run, the engine coming up). */
const WAIT_MS = 90_000;

/** Ports of the servers the Firefox tests start (not those of the Playwright e2e tests). */
const BASE = Number(process.env.FIREFOX_PORT_BASE ?? 8171);
export const PORTS = { isolated: BASE, plain: BASE + 1, dist: BASE + 2, host: BASE + 3, plainHost: BASE + 4 };

/**
 * Starts `node www/<script> …args` and resolves once `url` answers; the child
 * is stopped with the test process (`after(() => child.kill())`).
 */
export async function startServer(url, script, ...args) {
  const child = spawn(process.execPath, [path.join(www, script), ...args], { stdio: ['ignore', 'inherit', 'inherit'] });
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${script} ${args.join(' ')} exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return child;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within 180 s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * A new headless Firefox session. `log` fills with every console message;
 * `problems` with every console error or
 * warning and every uncaught error, from the page and from its workers (BiDi
 * `log.entryAdded`, subscribed for the whole session), and every window error
 * event that is not an exception (such as ResizeObserver's loop error).
 */
export async function openFirefox() {
  const options = new firefox.Options().setBinary(FIREFOX).addArguments('-headless').enableBidi();
  options.windowSize({ width: 1280, height: 900 });
  const driver = await new Builder()
    .forBrowser('firefox')
    .setFirefoxOptions(options)
    .setFirefoxService(new firefox.ServiceBuilder(GECKODRIVER))
    .build();
  const problems = [];
  const log = [];
  const bidi = await driver.getBidi();
  bidi.on('log.entryAdded', (entry) => {
    const message = { type: entry.type === 'javascript' ? 'error' : entry.level === 'warn' ? 'warning' : entry.level, text: entry.text };
    log.push(`${entry.level}: ${entry.text}`);
    if (isProblem(message)) problems.push(`${entry.level}: ${entry.text}`);
  });
  await bidi.subscribe('log.entryAdded');
  await bidi.send({ method: 'script.addPreloadScript', params: { functionDeclaration: `() => { ${REPORT_WINDOW_ERRORS} }` } });
  return { driver, problems, log };
}

/**
 * Runs `body(driver)` in a new Firefox, then checks the console stayed clean; a
 * failure carries the whole console, to say what the page was doing.
 */
export async function inFirefox(body) {
  const { driver, problems, log } = await openFirefox();
  try {
    await body(driver);
    if (problems.length) throw new Error(`console problems:\n${problems.join('\n')}`);
  } catch (err) {
    err.message += `\n--- the console:\n${log.join('\n')}`;
    throw err;
  } finally {
    await driver.quit();
  }
}

/**
 * Waits until `read()` (async) returns a value `ok` accepts; returns that value.
 * A read that throws (the page is between two documents, as when
 * coi-serviceworker reloads it) counts as not yet.
 */
export async function waitFor(what, read, ok = Boolean, timeout = WAIT_MS) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await read();
      if (ok(last)) return last;
    } catch (err) {
      last = `${err.name}: ${err.message}`;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what} (last: ${JSON.stringify(last)})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** `document.body.dataset[name]`, as a string or undefined. */
export const bodyData = (driver, name) => driver.executeScript(`return document.body?.dataset[arguments[0]];`, name);

/** Waits until the body's `data-<name>` equals `value` (a string). */
export const waitForBody = (driver, name, value, timeout) =>
  waitFor(`body data-${name}=${value}`, () => bodyData(driver, name), (v) => v === value, timeout);

/** Sets form field `name` to `value` the way typing does (input and change events). */
export async function fill(driver, name, value) {
  const field = await driver.findElement(By.css(`[name=${name}]`));
  await field.clear();
  await field.sendKeys(String(value));
}

/** Clicks the element `css` selects. */
export const click = async (driver, css) => (await driver.findElement(By.css(css))).click();

/** The text of the element `css` selects. */
export const text = async (driver, css) => (await driver.findElement(By.css(css))).getText();
