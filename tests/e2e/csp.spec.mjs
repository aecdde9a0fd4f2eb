// The content security policy (scripts/csp.mjs): every page carries it in a <meta>, the policy
// is enforced (an injected inline script is refused), and using every page and feature —
// playing each method, presentation mode, the explorer with its downloads and copy buttons,
// the lessons and their kernel editor — raises no `securitypolicyviolation` at all.
import { test, expect } from '@playwright/test';
import { ConvlabPage, METHODS } from './convlab-page.mjs';

// Every violation the page reports, kept in the page (it survives nothing but the page itself).
function recordViolations() {
  window.__violations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample ?? ''}`.trim());
  });
}
const violations = (page) => page.evaluate(() => window.__violations);

test.beforeEach(async ({ page }) => {
  await page.addInitScript(recordViolations);
});

for (const path of ['/', '/lessons/']) {
  test(`${path} carries its policy and enforces it`, async ({ page }) => {
    await page.goto(path);
    const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(policy).toContain("script-src 'self' 'wasm-unsafe-eval' 'sha256-");
    expect(policy.split(';').find((d) => d.trim().startsWith('script-src'))).not.toContain('unsafe-inline');
    expect(policy).toContain("default-src 'self'");
    await expect(page.getByRole('tablist', { name: 'Convolution method' })).toBeVisible();
    // An inline script added now is refused, and reported.
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__injected = true;';
      document.body.append(s);
    });
    // Refused by the page's <meta> policy and again by the same policy sent as a header.
    await expect.poll(async () => (await violations(page)).length).toBeGreaterThan(0);
    for (const v of await violations(page)) expect(v).toMatch(/^script-src/);
    expect(await page.evaluate(() => window.__injected ?? false)).toBe(false);
  });
}

test('using the main page and its explorer raises no policy violation', async ({ page, context, baseURL }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
  const app = new ConvlabPage(page, baseURL);
  await app.open();
  for (const method of METHODS) {
    await page.locator(`#tab-${method}`).click();
    await page.locator('section.stage').getByRole('button', { name: 'Play' }).click();
    await page.waitForTimeout(300);
    await page.locator('section.stage').getByRole('button', { name: 'Pause' }).click();
  }
  await page.getByRole('button', { name: 'Present' }).click();
  await page.keyboard.press('Escape');
  await app.openExplorer('?mode=grouped&cin=4&cout=4&groups=2');
  const figure = page.locator('figure[data-chart]').first();
  await expect(figure.locator('canvas')).not.toHaveAttribute('data-points', '');
  expect(await violations(page)).toEqual([]);
  for (const format of ['png', 'svg']) {
    await Promise.all([page.waitForEvent('download'), figure.locator(`[data-export="${format}"]`).click()]);
  }
  await page.getByRole('button', { name: 'Copy table as Markdown' }).click();
  await expect(page.locator('.presets [role=status]')).toHaveText('Copied the presets table as Markdown.');
  expect(await violations(page)).toEqual([]);
  expect(app.consoleErrors).toEqual([]);
});

test('using the lessons and their kernel editor raises no policy violation', async ({ page, baseURL }) => {
  const app = new ConvlabPage(page, baseURL);
  await app.openLessons('?lesson=spatial-separable&chapter=3');
  const cell = page.locator('.kernel-editor input').first();
  await cell.fill('5');
  await cell.press('Tab');
  await page.keyboard.press('n');
  await page.getByRole('button', { name: /Next/ }).first().click();
  expect(await violations(page)).toEqual([]);
  expect(app.consoleErrors).toEqual([]);
});

test('exporting every format, from either page, raises no policy violation', async ({ page, context, baseURL }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
  const app = new ConvlabPage(page, baseURL);
  for (const open of [() => app.open('?mode=standard&h=4&w=4&cin=1&cout=1&k=3'), () => app.openLessons('?lesson=spatial-separable&chapter=3')]) {
    await open();
    await page.locator('section.stage').getByRole('button', { name: 'Export…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export the stage' });
    await expect(dialog).toBeVisible();
    for (const format of ['GIF', 'WebM', 'PNG', 'SVG']) {
      await dialog.getByLabel('Format').selectOption(format);
      if (format === 'GIF' || format === 'WebM') {
        await dialog.getByLabel('Range').selectOption('Steps…');
        await dialog.getByLabel('From step').fill('0');
        await dialog.getByLabel('To step').fill('3');
        await dialog.getByLabel('Frames per second').selectOption('30');
      }
      await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), dialog.getByRole('button', { name: 'Download' }).click()]);
    }
    await dialog.getByRole('button', { name: 'Copy embed code' }).click();
    await expect(dialog.locator('.export-copied')).toHaveText('Embed code copied.');
    await page.keyboard.press('Escape');
    expect(await violations(page)).toEqual([]);
  }
  expect(app.consoleErrors).toEqual([]);
});
