// The page inside a sandboxed frame (`sandbox="allow-scripts"`: an opaque origin, no storage,
// no service worker): it starts, draws its stage and reports no error. Course pages embed it
// this way; the export dialog's embed code works so, its keys acting only when it has the focus.
// (Chromium's local-network checks would refuse a loopback frame in a page of
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

test('the embed code plays and steps, its keys acting only when it has focus', async ({ page, baseURL }) => {
  await page.goto('/?mode=standard&h=4&w=4&cin=1&cout=1&k=3&step=1');
  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export the stage' });
  const code = await dialog.getByLabel('Embed code').inputValue();
  expect(code).toMatch(/^<iframe src="[^"]+embed=1" width="800" height="600" title="convlab: Standard[^"]*" loading="lazy"/);
  expect(code).toContain('step=1');

  const errors = [];
  const host = await page.context().newPage();
  host.on('pageerror', (e) => errors.push(String(e)));
  host.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await host.setContent(`<p>A course page.</p><button id="outside">Outside</button>${code.replace('<iframe ', '<iframe sandbox="allow-scripts" ')}`);
  const frame = host.frameLocator('iframe');
  const step = frame.locator('[data-metric="step"]');
  await expect(frame.locator('section.stage canvas')).toBeVisible();
  await expect(step).toHaveAttribute('data-value', '1');
  // Keys pressed in the host page do not reach the stage.
  await host.locator('#outside').focus();
  await host.keyboard.press('ArrowRight');
  await expect(step).toHaveAttribute('data-value', '1');
  // Focused, the stage steps with the keyboard.
  await frame.locator('section.stage').focus();
  await host.keyboard.press('ArrowRight');
  await expect(step).toHaveAttribute('data-value', '2');
  // And plays.
  await frame.getByRole('button', { name: 'Play' }).click();
  await expect(step).toHaveAttribute('data-value', '4', { timeout: 10_000 });
  expect(errors).toEqual([]);
});
