// End-to-end checks of the first page: figures for shared URLs, keyboard editing, invalid
// values, URL state, and screenshots of every tab on a laptop and a phone.
import { test, expect } from '@playwright/test';
import { ConvlabPage, METHODS } from './convlab-page.mjs';

const SHOTS = 'test-results/screenshots';

let app;
test.beforeEach(async ({ page, baseURL }) => {
  app = new ConvlabPage(page, baseURL);
});
test.afterEach(async () => {
  app.expectClean();
});

// Each case: a shared link and the exact figures it must show (worked out by hand).
const CASES = [
  {
    name: 'seed example, depthwise separable, padding 1',
    query: '?mode=depthwise-separable&h=64&w=64&cin=3&cout=256&k=3&pad=1',
    // 3·64·64·9 = 110,592; 256·64·64·3 = 3,145,728; 256·64·64·27 = 28,311,552.
    want: {
      'out-c': 256n, 'out-h': 64n, 'out-w': 64n,
      'macs-depthwise': 110592n, 'macs-pointwise': 3145728n, macs: 3256320n,
      'macs-standard': 28311552n, params: 27n + 768n, 'params-standard': 6912n,
    },
  },
  {
    name: 'seed example, depthwise separable, valid',
    query: '?mode=depthwise-separable&h=64&w=64&cin=3&cout=256&k=3&pad=0',
    want: {
      'out-h': 62n, 'out-w': 62n, 'macs-depthwise': 103788n, 'macs-pointwise': 2952192n,
      macs: 3055980n, 'macs-standard': 26569728n,
    },
  },
  {
    name: 'spatial separable 3×3 on 2×6×7',
    query: '?mode=spatial-separable&h=6&w=7&cin=2&cout=9&k=3&pad=0&stride=2',
    // Column pass 2·4·7·3 = 168, row pass 2·4·5·3 = 120; full 3×3: 2·4·5·9 = 360.
    want: {
      'out-c': 2n, 'out-h': 4n, 'out-w': 5n, 'macs-column': 168n, 'macs-row': 120n,
      macs: 288n, 'macs-standard': 360n, params: 12n, 'params-standard': 18n,
    },
  },
  {
    name: 'grouped, 4 groups, with bias',
    query: '?mode=grouped&h=8&w=8&cin=8&cout=8&k=3&pad=1&groups=4&bias=1',
    // 8·8·8·2·9 = 9,216 against 8·8·8·8·9 = 36,864; params 8·2·9 + 8 = 152 against 8·8·9 + 8 = 584.
    want: { macs: 9216n, 'macs-standard': 36864n, params: 152n, 'params-standard': 584n },
  },
  {
    name: 'standard, stride 2, on 224×224×3',
    query: '?mode=standard&h=224&w=224&cin=3&cout=32&k=3&stride=2&pad=1&groups=7',
    // 32·112·112·27 = 10,838,016; groups is not used by a standard convolution.
    want: { 'out-h': 112n, 'out-w': 112n, macs: 10838016n, 'macs-standard': 10838016n, params: 864n },
  },
  {
    name: 'rectangular kernel, dilation and padding per axis',
    query: '?mode=standard&h=9&w=7&cin=2&cout=3&kh=3&kw=1&dh=2&dw=1&ph=1&pw=0&sh=1&sw=2',
    // OH = floor((9 + 2 − 2·2 − 1)/1) + 1 = 7, OW = floor((7 − 1)/2) + 1 = 4; 3·7·4·2·3 = 504.
    want: { 'out-h': 7n, 'out-w': 4n, macs: 504n },
  },
];

for (const c of CASES) {
  test(`figures: ${c.name}`, async () => {
    await app.open(c.query);
    const got = await app.metrics();
    for (const [name, value] of Object.entries(c.want)) {
      expect(got[name], name).toBe(value);
    }
  });
}

test('the seed note shows the correct ratio and the seed button loads the example', async ({ page }) => {
  await app.open('?mode=depthwise-separable');
  await expect(page.locator('.seed-note')).toContainText('2304/265 ≈ 8.69×');
  await expect(page.locator('.seed-note')).toContainText('not 1,020,910');
  await page.getByRole('button', { name: 'Seed example', exact: true }).click();
  expect(await app.metric('macs')).toBe(3256320n);
  expect(app.query().get('h')).toBe('64');
  await expect(page.locator('.cost-table')).toContainText('2304/265 ≈ 8.69×');
});

test('keyboard only: tabs with arrows, fields with arrows and typing', async ({ page }) => {
  await app.open('?mode=standard&h=5&w=5&cin=1&cout=1&k=3&pad=0');
  expect(await app.metric('macs')).toBe(81n);
  // Tab from the page start passes the skip link, the links to the lessons and the lab, and reaches the
  // selected tab; arrows move between tabs.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to the stage' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: /Guided lessons/ })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Image lab' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(app.tab('standard')).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(app.tab('spatial-separable')).toBeFocused();
  await expect(app.tab('spatial-separable')).toHaveAttribute('aria-selected', 'true');
  expect(app.query().get('mode')).toBe('spatial-separable');
  await page.keyboard.press('End');
  await expect(app.tab('grouped')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Home');
  await expect(app.tab('standard')).toHaveAttribute('aria-selected', 'true');
  // Tab onwards, past the stage's controls, to the input height field, then step it with the
  // arrow keys.
  for (let i = 0; i < 30 && !(await app.field('h').evaluate((e) => e === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  await expect(app.field('h')).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await expect(app.field('h')).toHaveValue('7');
  // 1·5·3·1·3·3 = 135.
  expect(await app.metric('out-h')).toBe(5n);
  expect(await app.metric('macs')).toBe(135n);
  // Replace the value by typing.
  await page.keyboard.press('Control+A');
  await page.keyboard.type('12');
  expect(await app.metric('out-h')).toBe(10n);
  expect(app.query().get('h')).toBe('12');
});

test('an invalid value shows the rule and an alert, hides the table, and recovers', async ({ page }) => {
  await app.open('?mode=grouped&h=8&w=8&cin=4&cout=4&k=3&groups=2&pad=0');
  await expect(app.alert()).toHaveCount(0);
  await app.field('h').fill('abc');
  await expect(app.alert()).toContainText('Input height is “abc”, not a whole number');
  await expect(page.locator('.field.invalid')).toContainText('Use a whole number from 1 to 4096.');
  await expect(page.locator('.cost-table')).toHaveCount(0);
  await expect(page.locator('[data-metric]')).toHaveCount(0);
  expect(app.query().get('h')).toBe('abc');
  await app.field('h').fill('9');
  await expect(app.alert()).toHaveCount(0);
  expect(await app.metric('out-h')).toBe(7n);
  // A layer-level rule: groups must divide the channels.
  await app.field('groups').fill('3');
  await expect(app.alert()).toContainText('Groups (3) must divide input channels (4).');
  await expect(app.field('groups')).toHaveAttribute('aria-invalid', 'true');
  await app.field('groups').fill('4');
  await expect(app.alert()).toHaveCount(0);
});

test('invalid links keep the page working', async ({ page }) => {
  await app.open('?mode=diagonal&h=0&w=99999&k=20&bias=maybe');
  const alert = app.alert();
  await expect(alert).toContainText('mode “diagonal”');
  await expect(alert).toContainText('Input height is 0, below the minimum 1');
  await expect(alert).toContainText('Input width is 99999, above the limit 4096');
  await expect(alert).toContainText('Kernel height is 20, above the limit 15');
  await expect(alert).toContainText('Bias is “maybe”');
  await expect(page.locator('.cost-table')).toHaveCount(0);
  // Fixing every field by hand brings the table back.
  await app.field('h').fill('8');
  await app.field('w').fill('8');
  await app.field('kh').fill('3');
  await app.field('kw').fill('3');
  await page.locator('#field-bias').check();
  await expect(page.locator('.cost-table')).toBeVisible();
  // The default padding of 1 keeps 8×8 with a 3×3 kernel.
  expect(await app.metric('out-h')).toBe(8n);
});

test('a field a method does not use is disabled with a reason', async ({ page }) => {
  await app.open('?mode=spatial-separable&cin=3&cout=8');
  await expect(app.field('cout')).toBeDisabled();
  await expect(app.field('cout')).toHaveValue('3');
  await expect(page.locator('.field.unused').first()).toContainText('Not used:');
  // The link's own value survives a trip through another tab.
  await app.tab('grouped').click();
  await expect(app.field('cout')).toHaveValue('8');
});

test('the URL restores the view after a reload', async ({ page }) => {
  await app.open('?mode=grouped&h=10&w=12&cin=6&cout=9&k=3&pad=0&groups=3&bias=1');
  await app.field('w').fill('14');
  await page.reload();
  await expect(app.tab('grouped')).toHaveAttribute('aria-selected', 'true');
  await expect(app.field('w')).toHaveValue('14');
  await expect(app.field('groups')).toHaveValue('3');
  await expect(page.locator('#field-bias')).toBeChecked();
  // 9·8·12·2·9 = 15,552.
  expect(await app.metric('macs')).toBe(15552n);
});

for (const [label, viewport] of [
  ['laptop', { width: 1280, height: 800 }],
  ['phone', { width: 390, height: 844 }],
]) {
  test(`screenshots of every tab (${label})`, async ({ page }) => {
    await page.setViewportSize(viewport);
    await app.open('?h=64&w=64&cin=3&cout=256&k=3&pad=1');
    for (const mode of METHODS) {
      await app.tab(mode).click();
      await expect(app.tab(mode)).toHaveAttribute('aria-selected', 'true');
      await page.screenshot({ path: `${SHOTS}/${label}-${mode}.png`, fullPage: true });
    }
  });
}

test('each method says in words where its saving comes from, with the layer’s figures', async ({ page }) => {
  await app.open('?mode=depthwise-separable&h=7&w=7&cin=3&cout=4&k=3&pad=1');
  const why = page.locator('.cost-column .saving-why');
  await expect(why).toContainText('(1/4 + 1/9) of the work: 36/13 ≈ 2.77× less');
  await expect(why).toContainText('With only 4 output channels the 1/4 term dominates');
  // The same sentence follows the layer: with 256 output channels it is the seed's 8.69×.
  await app.field('cout').fill('256');
  await expect(why).toContainText('(1/256 + 1/9) of the work: 2304/265 ≈ 8.69× less.');
  await expect(why).not.toContainText('dominates');
  await page.getByRole('tab', { name: 'Grouped' }).click();
  await app.field('groups').fill('1');
  await expect(why).toContainText('the same as the standard convolution');
});
