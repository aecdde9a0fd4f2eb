// The page inside a sandboxed frame (`sandbox="allow-scripts"`: an opaque origin, no storage,
// no service worker): it starts, draws its stage and reports no error. Course pages embed it
// this way. (Chromium's local-network checks would refuse a loopback frame in a page of
// another origin: this file's browser runs without them, as the set-up notes say.)
import { test, expect } from '@playwright/test';
import config from './playwright.config.mjs';

test.use({
  serviceWorkers: 'allow',
  launchOptions: {
    ...config.use.launchOptions,
    args: [...config.use.launchOptions.args, '--disable-features=LocalNetworkAccessChecks'],
  },
});

for (const path of ['/', '/lessons/']) {
  test(`${path} starts in a sandboxed frame, with no error`, async ({ page, baseURL }) => {
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.setContent(`<iframe sandbox="allow-scripts" title="convlab" width="1000" height="700" src="${baseURL}${path}"></iframe>`);
    const frame = page.frameLocator('iframe');
    await expect(frame.getByRole('tablist', { name: 'Convolution method' })).toBeVisible();
    await expect(frame.locator('section.stage canvas')).toBeVisible();
    await expect(frame.locator('.shell-loading')).toHaveCount(0);
    await page.waitForTimeout(500); // past the frame's load event, where the worker would register
    // The frame has no service worker (some browsers refuse even to read the property); the
    // page works without one.
    const inner = page.frames().find((f) => f !== page.mainFrame());
    const worker = await inner.evaluate(() => {
      try {
        return typeof navigator.serviceWorker;
      } catch {
        return 'refused';
      }
    });
    expect(['undefined', 'refused']).toContain(worker);
    expect(errors).toEqual([]);
  });
}
