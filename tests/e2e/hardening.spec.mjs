// End-to-end checks of the edges issue 14 found: a 100 KB value in a link is neither written
// back into the address nor repeated whole in the alert; kernel values past ±1,000,000 are
// refused with the rule, in the link and in a cell, and no page text reads inf or NaN.
import { test, expect } from '@playwright/test';
import { ConvlabPage } from './convlab-page.mjs';

const NOT_A_NUMBER = /\binf\b|infinity|\bnan\b|not a number/i;

let app;
test.beforeEach(async ({ page, baseURL }) => {
  app = new ConvlabPage(page, baseURL);
});
test.afterEach(async () => {
  app.expectClean();
});

test('a 100 KB h= stays in its field, out of the address, and is quoted in part', async ({ page }) => {
  const huge = '9'.repeat(100_000);
  // A query this long is over what the static server reads (64 KB and a margin), so the page
  // itself is fetched without it and the browser keeps the long address.
  await page.route(
    (url) => url.search.length > 64 * 1024,
    async (route) => {
      const response = await route.fetch({ url: new URL('/', route.request().url()).href });
      await route.fulfill({ response });
    },
  );
  await app.open(`?mode=standard&h=${huge}&w=8`);
  await expect(app.alert()).toContainText(`Input height is ${'9'.repeat(39)}…, above the limit 4096`);
  expect((await app.alert().innerText()).length).toBeLessThan(400);
  await expect(app.field('h')).toHaveValue(huge);
  // The address is the layer without the value: short, and it opens.
  await expect.poll(() => app.query().get('w')).toBe('8');
  expect(page.url().length).toBeLessThan(300);
  expect(app.query().has('h')).toBe(false);
  // Fixing the field puts it back.
  await app.field('h').fill('12');
  await expect.poll(() => app.query().get('h')).toBe('12');
  await expect(app.alert()).toHaveCount(0);
});

test('the issue’s kernel of 1e40 is refused with the rule, and no text reads inf or NaN', async ({ page }) => {
  await app.openLessons(
    '?lesson=spatial-separable&chapter=3&kernel=1e40,1e40,1e40,1e40,-1e40,1e40,1e40,1e40,1e40',
  );
  const rule = 'use a number from −1,000,000 to 1,000,000';
  await expect(app.alert()).toContainText(`kernel= value 1: “1e40” is beyond the limit: ${rule}`);
  expect(app.query().get('kernel')).not.toContain('1e40');
  expect(await page.locator('body').innerText()).not.toMatch(NOT_A_NUMBER);

  // In the editor a cell past the bound is named with the rule; the kernel keeps its last good
  // value, and nothing reads inf or NaN even at the bound itself.
  await app.openLessons('?lesson=spatial-separable&chapter=4');
  const cell = page.getByRole('textbox', { name: 'Row 1, column 1' });
  await cell.fill('1e7');
  await expect(page.locator('.cell-problem')).toHaveText(`Row 1, column 1: “1e7” is beyond the limit: ${rule}.`);
  const kept = app.query().get('kernel');
  expect(kept).not.toContain('1e7');
  for (const [row, value] of [[1, '1000000'], [2, '-1e6'], [3, '1e-300']]) {
    await page.getByRole('textbox', { name: `Row ${row}, column 2` }).fill(value);
  }
  await cell.fill('1e6');
  await expect(page.locator('.cell-problem')).toHaveCount(0);
  await expect.poll(() => app.query().get('kernel')).toMatch(/^1000000,1000000,/);
  await expect(page.locator('[data-metric="kernel-rank"]')).toHaveCount(1);
  expect(await page.locator('body').innerText()).not.toMatch(NOT_A_NUMBER);
});
