// `make dist` output on a static host that sends no COOP/COEP headers: the
// coi-serviceworker adds them after one reload and threads come on.
import { test, expect } from '@playwright/test';
import { DIST_PORT } from '../../playwright.config.js';
import { collectConsoleErrors } from './helpers.js';

test('dist/ on a plain static server turns threads on after the reload, under the page\'s CSP', async ({ page }) => {
  const errors = await collectConsoleErrors(page);
  await page.goto(`http://127.0.0.1:${DIST_PORT}/?pool=2`);
  // The service worker installs, reloads the page, and the engine comes up threaded.
  await expect(page.locator('body')).toHaveAttribute('data-engine', 'threaded', { timeout: 60_000 });
  expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(true);
  await expect(page.locator('#isolation-banner')).toBeHidden();
  await page.fill('input[name=time_scale]', '0');
  await page.click('#run');
  await expect(page.locator('body')).toHaveAttribute('data-runs', '1');
  expect(errors).toEqual([]);
});
