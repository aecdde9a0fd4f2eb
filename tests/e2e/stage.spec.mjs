// End-to-end checks of the animated stage: playing and pausing each method, a keyboard-only
// walk through a whole layer, clicking an output cell, `step=` links, and screenshots of every
// method in both views.
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

/**
 * The closed form of the MACs done after `step` element-steps, worked out independently of the
 * engine: each stage's elements in order, each costing its taps.
 */
function macsAfter(mode, p, step) {
  const out = (n, k, s, pad, d) => Math.floor((n + 2 * pad - d * (k - 1) - 1) / s) + 1;
  const oh = out(p.h, p.k, 1, p.pad, 1);
  const ow = out(p.w, p.k, 1, p.pad, 1);
  let stages;
  if (mode === 'standard') stages = [[p.cout * oh * ow, p.cin * p.k * p.k]];
  if (mode === 'grouped') stages = [[p.cout * oh * ow, (p.cin / p.groups) * p.k * p.k]];
  if (mode === 'depthwise-separable') stages = [[p.cin * oh * ow, p.k * p.k], [p.cout * oh * ow, p.cin]];
  if (mode === 'spatial-separable') {
    const mh = p.h + 2 * p.pad - p.k + 1;
    stages = [[p.cin * mh * p.w, p.k], [p.cin * mh * ow, p.k]];
  }
  let left = step;
  let macs = 0;
  for (const [elements, taps] of stages) {
    const here = Math.min(left, elements);
    macs += here * taps;
    left -= here;
  }
  return BigInt(macs);
}

const LAYER = { h: 6, w: 6, cin: 4, cout: 4, k: 3, pad: 1, groups: 2 };
const layerQuery = (mode) =>
  `?mode=${mode}&h=${LAYER.h}&w=${LAYER.w}&cin=${LAYER.cin}&cout=${LAYER.cout}&k=${LAYER.k}&pad=${LAYER.pad}&groups=${LAYER.groups}`;

for (const mode of METHODS) {
  test(`play and pause: ${mode}`, async ({ page }) => {
    await app.open(layerQuery(mode));
    expect(await app.metric('step')).toBe(0n);
    expect(await app.metric('macs-done')).toBe(0n);
    await page.locator('.stage').focus();
    await page.keyboard.press('Space');
    await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
    await page.waitForTimeout(1600);
    await page.keyboard.press('Space');
    await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
    const step = await app.metric('step');
    expect(step).toBeGreaterThan(0n);
    expect(await app.metric('macs-done')).toBe(macsAfter(mode, LAYER, Number(step)));
    expect(app.query().get('step')).toBe(String(step));
  });
}

test('keyboard only: walk a whole small layer step by step', async ({ page }) => {
  // 5×5 input, 3×3 kernel, no padding: 9 output values of 9 MACs each.
  await app.open('?mode=standard&h=5&w=5&cin=1&cout=1&k=3&pad=0');
  await page.locator('.stage').focus();
  expect(await app.metric('steps')).toBe(9n);
  for (let i = 1; i <= 9; i++) {
    await page.keyboard.press('ArrowRight');
    expect(await app.metric('step')).toBe(BigInt(i));
    expect(await app.metric('macs-done')).toBe(BigInt(9 * i));
  }
  await expect(page.locator('.math-panel')).toContainText('Output channel 1, row 3, column 3');
  await page.keyboard.press('ArrowRight');
  expect(await app.metric('step')).toBe(9n);
  await page.keyboard.press('ArrowLeft');
  expect(await app.metric('step')).toBe(8n);
  await page.keyboard.press('Home');
  expect(await app.metric('step')).toBe(0n);
  await page.keyboard.press('End');
  expect(await app.metric('macs-done')).toBe(81n);
});

test('Space on the focused scrubber plays and pauses instead of scrolling', async ({ page }) => {
  await app.open(layerQuery('standard'));
  const scrubber = page.getByRole('slider', { name: 'Step' });
  await scrubber.focus();
  const scrolled = await page.evaluate(() => window.scrollY);
  await page.keyboard.press('Space');
  await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
  await page.keyboard.press('Space');
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
  expect(await page.evaluate(() => window.scrollY)).toBe(scrolled);
  await expect(scrubber).toBeFocused();
  // The speeds read as people say them.
  await expect(page.locator('select[aria-label="Speed"] option').nth(1)).toHaveText('1 step/s');
});

test('Shift+arrows jump between phases', async ({ page }) => {
  await app.open('?mode=depthwise-separable&h=6&w=6&cin=3&cout=4&k=3&pad=1');
  await page.locator('.stage').focus();
  await page.keyboard.press('Shift+ArrowRight');
  // The depthwise step writes 3·6·6 = 108 values; the pointwise step starts after them.
  expect(await app.metric('step')).toBe(108n);
  expect(await app.metric('macs-done')).toBe(108n * 9n);
  await page.keyboard.press('Shift+ArrowRight');
  expect(await app.metric('step')).toBe(108n + 144n);
  await page.keyboard.press('Shift+ArrowLeft');
  expect(await app.metric('step')).toBe(108n);
});

test('clicking an output cell seeks to the step that computes it', async ({ page }) => {
  await app.open('?mode=standard&h=6&w=6&cin=2&cout=3&k=3&pad=1');
  const canvas = page.locator('.stage canvas');
  const [x, y, , , cell] = (await canvas.getAttribute('data-output-plane')).split(',').map(Number);
  // Row 3, column 5 of output channel 1: the 3·6 + 5 = 23rd value.
  // Just inside the cell's top-left corner, so an offset of a few pixels would miss it.
  await canvas.click({ position: { x: x + 4 * cell + 2, y: y + 2 * cell + 2 } });
  expect(await app.metric('step')).toBe(17n);
  await expect(page.locator('.math-panel')).toContainText('Output channel 1, row 3, column 5');
});

test('a step= link reopens the same frame', async ({ page }) => {
  await app.open('?mode=grouped&h=6&w=6&cin=4&cout=4&k=3&pad=1&groups=2&step=50&seed=7');
  expect(await app.metric('step')).toBe(50n);
  // Each value of a 2-group layer reads 2 channels of 3×3: 18 MACs.
  expect(await app.metric('macs-done')).toBe(50n * 18n);
  const sum = await page.locator('.math-sum').textContent();
  await page.reload();
  expect(await app.metric('step')).toBe(50n);
  await expect(page.locator('.math-sum')).toHaveText(sum);
});

test('multiply-add steps show the arithmetic tap by tap', async ({ page }) => {
  await app.open('?mode=standard&h=5&w=5&cin=1&cout=1&k=3&pad=0&gran=mac');
  expect(await app.metric('steps')).toBe(81n);
  await page.locator('.stage').focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.locator('.math-sum')).toContainText('so far');
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press('ArrowRight');
    // Negative numbers carry the minus sign (−), never a hyphen.
    await expect(page.locator('.math-sum')).not.toHaveText(/-\d/);
  }
  expect(await app.metric('macs-done')).toBe(9n);
  await expect(page.locator('.math-sum')).not.toContainText('so far');
  await expect(page.locator('.math-sum')).toContainText('−');
});

test('switching the step size keeps the element on screen, mapped to its multiply-adds', async ({ page }) => {
  await app.open('?mode=standard&h=5&w=5&cin=1&cout=1&k=3&pad=0&step=4');
  expect(await app.metric('steps')).toBe(9n);
  const heading = await page.locator('.math-heading').first().textContent();
  await page.selectOption('select[aria-label="Step size"]', 'mac');
  expect(await app.metric('steps')).toBe(81n);
  // Element 4 done is multiply-add 36 done: the same element, all its 9 taps.
  await expect.poll(() => app.metric('step')).toBe(36n);
  expect(await app.metric('macs-done')).toBe(36n);
  await expect(page.locator('.math-heading').first()).toHaveText(heading);
  expect(app.query().get('gran')).toBe('mac');
  // One multiply-add on, the next element has begun; back to whole elements, it is current.
  await page.locator('.stage').focus();
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => app.metric('step')).toBe(37n);
  await page.selectOption('select[aria-label="Step size"]', 'element');
  await expect.poll(() => app.metric('step')).toBe(5n);
  await page.selectOption('select[aria-label="View"]', 'stacked');
  expect(app.query().get('view')).toBe('stacked');
});

test('the seed example animates with level of detail', async ({ page }) => {
  await app.open('?mode=depthwise-separable&h=64&w=64&cin=3&cout=256&k=3&pad=1');
  expect(await app.metric('steps')).toBe(3n * 4096n + 256n * 4096n);
  await page.locator('.stage').focus();
  await page.keyboard.press('End');
  expect(await app.metric('macs-done')).toBe(3256320n);
  await expect(page.locator('.stage-canvas')).toBeVisible();
  // Mid-way through the pointwise step, both views.
  for (const view of ['flat', 'stacked']) {
    await page.setViewportSize({ width: 1280, height: 900 });
    await app.open(`?mode=depthwise-separable&h=64&w=64&cin=3&cout=256&k=3&pad=1&step=600000&view=${view}`);
    await expect(page.locator('.math-panel')).toContainText('pointwise step');
    await page.locator('section.stage').screenshot({ path: `${SHOTS}/stage-seed-${view}.png` });
  }
});

test('the largest layers animate positions and counts', async ({ page }) => {
  // 8 filters over a 4096×4096×3 input: too many MACs to carry numbers, still steppable.
  await app.open('?mode=standard&h=4096&w=4096&cin=3&cout=8&k=3&pad=1');
  await expect(page.locator('section.stage .note')).toContainText('positions and counts only');
  expect(await app.metric('steps')).toBe(8n * 4096n * 4096n);
  const box = await page.locator('section.stage canvas').boundingBox();
  expect(box.width).toBeLessThanOrEqual(1280);
  await page.locator('section.stage').focus();
  await page.keyboard.press('End');
  expect(await app.metric('macs-done')).toBe(8n * 4096n * 4096n * 27n);
  await page.keyboard.press('ArrowLeft');
  await expect(page.locator('.math-panel')).toContainText('Output channel 8, row 4096, column 4095');
});

for (const view of ['flat', 'stacked']) {
  test(`stage screenshots (${view})`, async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 900 });
    for (const mode of METHODS) {
      await app.open(`${layerQuery(mode)}&view=${view}&step=30`);
      await page.locator('section.stage').scrollIntoViewIfNeeded();
      await page.locator('section.stage').screenshot({ path: `${SHOTS}/stage-${view}-${mode}.png` });
    }
  });
}

test('stage on a phone', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await app.open(`${layerQuery('depthwise-separable')}&step=120`);
  await page.locator('section.stage').screenshot({ path: `${SHOTS}/stage-phone.png` });
});
