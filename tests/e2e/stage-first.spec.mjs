// End-to-end checks of "stage first": the stage with its kernels, Play and the live counts on
// the first screen at three laptop and desktop sizes; the kernels' figures for random layers of
// every method and phase; presentation mode; the dark canvas; the phone page; the skip link.
// Screenshots of each go to test-results/screenshots.
import { test, expect } from '@playwright/test';
import { ConvlabPage } from './convlab-page.mjs';

const SHOTS = 'test-results/screenshots';

let app;
test.beforeEach(async ({ page, baseURL }) => {
  app = new ConvlabPage(page, baseURL);
});
test.afterEach(async () => {
  app.expectClean();
});

/** The box of the first element matching `selector`, in viewport pixels. */
const box = (page, selector) => page.locator(selector).first().boundingBox();

for (const [width, height] of [[1366, 768], [1280, 720], [1920, 1080]]) {
  test(`the stage, its kernels, Play and the counts are on the first screen (${width}×${height})`, async ({ page }) => {
    await page.setViewportSize({ width, height });
    await app.open();
    await expect(page.locator('.stage canvas')).toBeVisible();
    // Nothing scrolled: the canvas's top, Play and the counters are inside the viewport.
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    const canvas = await box(page, '.stage canvas');
    const play = await box(page, '.stage button[aria-label="Play"]');
    const counts = await box(page, '.live-counts');
    expect(canvas.y).toBeLessThan(height - 200);
    expect(play.y + play.height).toBeLessThanOrEqual(height);
    expect(counts.y + counts.height).toBeLessThanOrEqual(height);
    // The canvas uses the width it is given (no fixed 1,070 px).
    const frame = await box(page, '.stage-canvas');
    expect(canvas.width).toBeLessThanOrEqual(frame.width);
    expect(canvas.width).toBeGreaterThan(frame.width * 0.6);
    // The first kernel is drawn right of the first input plane, inside the first screen: the
    // plane's box is on the canvas (data-output-plane names the output's), and the sentence
    // under the canvas counts the kernels.
    expect(await app.metric('filters')).toBe(4n);
    expect(await app.metric('filter-taps')).toBe(27n);
    await expect(page.locator('.kernel-figures')).toHaveText('4 filters, each 3×3×3 = 27 weights.');
    await page.screenshot({ path: `${SHOTS}/stage-first-${width}x${height}.png` });
  });
}

/** A small random layer for `mode`, as URL keys, with what its kernels are. */
function randomLayer(mode, rand) {
  const pick = (xs) => xs[Math.floor(rand() * xs.length)];
  const k = pick([1, 2, 3, 5]);
  const h = pick([5, 6, 7, 8]);
  const pad = pick([0, 1]);
  let cin = pick([1, 2, 3, 4]);
  let cout = pick([1, 2, 3, 4, 6]);
  let groups = 1;
  let mult = 1;
  if (mode === 'grouped') {
    groups = pick([1, 2, 3]);
    cin = groups * pick([1, 2]);
    cout = groups * pick([1, 2]);
  }
  if (mode === 'depthwise-separable') mult = pick([1, 2]);
  const query = `?mode=${mode}&h=${h}&w=${h}&cin=${cin}&cout=${cout}&k=${k}&pad=${pad}&groups=${groups}&mult=${mult}`;
  // [filters, weights per filter] of each phase, first and last.
  const phases = {
    standard: [[cout, k * k * cin]],
    grouped: [[cout, k * k * (cin / groups)]],
    'depthwise-separable': [[cin * mult, k * k], [cout, cin * mult]],
    'spatial-separable': [[cin, k], [cin, k]],
  }[mode];
  return { query, phases };
}

test('the kernels\' figures follow every method and phase, for random layers', async ({ page }) => {
  let seed = 20261202;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  for (let round = 0; round < 3; round++) {
    for (const mode of ['standard', 'grouped', 'depthwise-separable', 'spatial-separable']) {
      const layer = randomLayer(mode, rand);
      await app.open(layer.query);
      await expect(page.locator('.stage canvas')).toBeVisible();
      const [first, last] = [layer.phases[0], layer.phases[layer.phases.length - 1]];
      // Step 0 names the first phase's kernels; the end, the last phase's.
      expect([await app.metric('filters'), await app.metric('filter-taps')], `${layer.query} start`).toEqual(first.map(BigInt));
      await page.locator('.stage').focus();
      await page.keyboard.press('End');
      await expect(page.locator('.step-count')).not.toContainText(/^Step 0 /);
      expect([await app.metric('filters'), await app.metric('filter-taps')], `${layer.query} end`).toEqual(last.map(BigInt));
      const words = await page.locator('.kernel-figures').textContent();
      expect(words).toContain(`${last[0]} `);
      expect(words).toMatch(new RegExp(`= ${last[1]} weights?\\.$`));
    }
  }
});

test('the math line marks weights and inputs apart, with a legend', async ({ page }) => {
  await app.open('?mode=standard&h=5&w=5&cin=1&cout=1&k=3&pad=0&step=1');
  const sum = page.locator('.math-sum');
  await expect(sum.locator('.w')).toHaveCount(9);
  await expect(sum.locator('.x')).toHaveCount(9);
  await expect(page.locator('.math-legend')).toContainText('weight · input value');
});

test('presentation mode: the stage alone, keys page-wide, Escape ends it', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await app.open('?mode=depthwise-separable&h=7&w=7&cin=3&cout=4&k=3&pad=1');
  await page.getByRole('button', { name: 'Present' }).click();
  await expect(page.locator('html')).toHaveClass(/presenting/);
  expect(app.query().get('present')).toBe('1');
  await expect(page.locator('.cost-table')).toBeHidden();
  await expect(page.locator('.method-tabs')).toBeHidden();
  await expect(page.locator('.stage canvas')).toBeVisible();
  await expect(page.locator('.live-counts')).toBeVisible();
  // Keys work wherever the focus is.
  await page.locator('body').evaluate((b) => b.focus());
  await page.evaluate(() => document.activeElement?.blur());
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(page.locator('.step-count')).toContainText('Step 2 of');
  await page.screenshot({ path: `${SHOTS}/present-1366x768.png` });
  await page.keyboard.press('Escape');
  await expect(page.locator('html')).not.toHaveClass(/presenting/);
  await expect(page.locator('.cost-table')).toBeVisible();
  expect(app.query().get('present')).toBeNull();
  expect(app.query().get('step')).toBe('2');
  // A link opens in presentation mode (the tabs are out of sight there).
  await page.goto('/?mode=standard&present=1&step=3');
  await expect(page.locator('html')).toHaveClass(/presenting/);
  await expect(page.locator('.method-tabs')).toBeHidden();
  await expect(page.locator('.step-count')).toContainText('Step 3 of');
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.screenshot({ path: `${SHOTS}/present-1920x1080.png` });
});

test('dark mode draws a dark canvas', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.setViewportSize({ width: 1366, height: 768 });
  await app.open('?step=20');
  const canvas = page.locator('.stage canvas');
  await expect(canvas).toBeVisible();
  // The canvas's background, just inside its corner.
  const [r, g, b] = await canvas.evaluate((c) => Array.from(c.getContext('2d').getImageData(2, 2, 1, 1).data));
  expect(r + g + b).toBeLessThan(3 * 60);
  await page.screenshot({ path: `${SHOTS}/stage-dark-1366x768.png` });
  await page.emulateMedia({ colorScheme: 'light' });
  await expect.poll(async () => (await canvas.evaluate((c) => Array.from(c.getContext('2d').getImageData(2, 2, 1, 1).data))).slice(0, 3).reduce((a, v) => a + v, 0)).toBeGreaterThan(3 * 230);
});

test('a phone shows the stage with its controls and counts together, and a short page', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await app.open();
  await expect(page.locator('.stage canvas')).toBeVisible();
  const stage = await box(page, '.stage');
  const canvas = await box(page, '.stage canvas');
  const play = await box(page, '.stage button[aria-label="Play"]');
  // Controls, counts and the planes in about one and a half screens.
  expect(canvas.y + canvas.height - play.y).toBeLessThanOrEqual(844 * 1.5);
  // Channels tile the width: the canvas is no wider than the screen.
  expect(canvas.x + canvas.width).toBeLessThanOrEqual(390);
  expect(stage.width).toBeLessThanOrEqual(390);
  // With the asides folded, the page is about five screens at most (the explorer loaded).
  await page.locator('.explorer-slot').scrollIntoViewIfNeeded();
  await expect(page.locator('section.explorer')).toBeVisible();
  await expect(page.locator('.explorer-part[open]')).toHaveCount(0);
  await expect(page.locator('details.seed-note[open]')).toHaveCount(0);
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  expect(height).toBeLessThanOrEqual(844 * 5.3);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${SHOTS}/stage-first-phone.png`, fullPage: true });
  // While playing, the window (input) and the cell being written (output) are a screen apart
  // at most: the output plane's top is within a screen of the canvas's.
  const [, y] = (await page.locator('.stage canvas').getAttribute('data-output-plane')).split(',').map(Number);
  expect(y).toBeLessThan(844);
});

test('the skip link reaches the stage first', async ({ page }) => {
  await app.open();
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to the stage' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.locator('#stage')).toBeFocused();
  // From there the stage's keys work.
  await page.keyboard.press('ArrowRight');
  await expect(page.locator('.step-count')).toContainText('Step 1 of');
});
