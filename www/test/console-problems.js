// What fails a browser test on the console, the same for Chromium (Playwright,
// test/e2e) and Firefox (WebDriver BiDi, test/firefox): any error or uncaught
// exception, of the page or of its workers, and the warnings listed here.

/** Warnings that fail a test: each once came from dagsim's own code or set-up. */
const FAILING_WARNINGS = [
  // wasm-bindgen's init called with positional arguments (scripts/build-wasm says where).
  /using deprecated parameters for the initialization function/,
];

/** Whether a console message `{ type, text }` (type as Playwright names it) fails the test. */
export function isProblem({ type, text }) {
  return type === 'error' || (type === 'warning' && FAILING_WARNINGS.some((w) => w.test(text)));
}

/**
 * A script for every page the tests open: a window `error` event that carries
 * no exception (ResizeObserver's "loop completed with undelivered
 * notifications" is one) reaches no console on its own; this logs it as an error.
 */
export const REPORT_WINDOW_ERRORS =
  "addEventListener('error', (event) => { if (!event.error) console.error(`window error event: ${event.message}`); });";
