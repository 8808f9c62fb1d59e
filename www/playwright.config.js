// End-to-end tests: Debian's Chromium (no browser download) against the page
// served twice — cross-origin isolated (threads) and not isolated (fallback).
import { defineConfig } from '@playwright/test';

/** First of the eight ports the servers below use; E2E_PORT_BASE moves them (two suites on one machine). */
const BASE = Number(process.env.E2E_PORT_BASE ?? 8181);
export const ISOLATED_PORT = BASE;
export const PLAIN_PORT = BASE + 1;
/** `make dist`'s output, served with no special headers at all. */
export const DIST_PORT = BASE + 2;
/** tests/npm-host with the packed tarball installed: isolated, and not. */
export const HOST_PORT = BASE + 3;
export const PLAIN_HOST_PORT = BASE + 4;
/** The same host app bundled by `vite build`: isolated, and not; and Vite's dev server. */
export const VITE_PORT = BASE + 5;
export const PLAIN_VITE_PORT = BASE + 6;
export const VITE_DEV_PORT = BASE + 7;

export default defineConfig({
  testDir: 'test/e2e',
  timeout: 120_000,
  expect: { timeout: 60_000 },
  workers: 1,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
    viewport: { width: 1280, height: 800 },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: [
    { command: `node scripts/serve.mjs --port ${ISOLATED_PORT}`, url: `http://127.0.0.1:${ISOLATED_PORT}/`, reuseExistingServer: false },
    { command: `node scripts/serve.mjs --port ${PLAIN_PORT} --no-isolation`, url: `http://127.0.0.1:${PLAIN_PORT}/`, reuseExistingServer: false },
    { command: `node scripts/dist.mjs && node scripts/serve.mjs --port ${DIST_PORT} --no-isolation --root ../dist`, url: `http://127.0.0.1:${DIST_PORT}/`, reuseExistingServer: false },
    // Playwright starts these one after another: the first installs the tarball, the others reuse it.
    { command: `node scripts/npm-host.mjs --port ${HOST_PORT}`, url: `http://127.0.0.1:${HOST_PORT}/npm-host/`, reuseExistingServer: false, timeout: 120_000 },
    { command: `node scripts/npm-host.mjs --port ${PLAIN_HOST_PORT} --no-isolation`, url: `http://127.0.0.1:${PLAIN_HOST_PORT}/npm-host/`, reuseExistingServer: false, timeout: 120_000 },
    { command: `node scripts/npm-host.mjs --port ${VITE_PORT} --vite build`, url: `http://127.0.0.1:${VITE_PORT}/`, reuseExistingServer: false, timeout: 120_000 },
    { command: `node scripts/npm-host.mjs --port ${PLAIN_VITE_PORT} --no-isolation --vite build`, url: `http://127.0.0.1:${PLAIN_VITE_PORT}/`, reuseExistingServer: false, timeout: 120_000 },
    { command: `node scripts/npm-host.mjs --port ${VITE_DEV_PORT} --vite dev`, url: `http://127.0.0.1:${VITE_DEV_PORT}/`, reuseExistingServer: false, timeout: 120_000 },
  ],
});
