// End-to-end checks of the cost explorer: the presets load their layers (URL and figures), the
// four chart canvases are drawn and redrawn, a chart point loads its layer by mouse and by
// keyboard, the copy buttons fill the clipboard, the downloads are real PNG and SVG files, and
// screenshots of the explorer on a laptop and a phone.
import { readFile } from 'node:fs/promises';
import { test, expect } from '@playwright/test';
import { ConvlabPage } from './convlab-page.mjs';

const SHOTS = 'test-results/screenshots';
const CHARTS = ['macs-vs-channels', 'macs-vs-kernel', 'saving-ratio', 'params-vs-groups'];
const PRESETS = [
  'mobilenet-v1',
  'xception-entry',
  'resnext50-conv2',
  'shufflenet-v1-g3',
  'alexnet-conv2',
  'inception-v3-7x7',
];
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

let app;
test.beforeEach(async ({ page, baseURL }) => {
  app = new ConvlabPage(page, baseURL);
});
test.afterEach(async () => {
  app.expectClean();
});

/** For each chart: how many of its pixels differ from its top-left (background) pixel, and a
 * digest of its image, read from the canvas itself. */
async function chartPixels(page) {
  return page.evaluate((ids) => ids.map((id) => {
    const canvas = document.querySelector(`figure[data-chart="${id}"] canvas`);
    if (!canvas || canvas.width === 0 || canvas.height === 0) return { id, inked: 0, total: 0, digest: '' };
    const ctx = canvas.getContext('2d');
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let inked = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i] !== data[0] || data[i + 1] !== data[1] || data[i + 2] !== data[2]) inked++;
    }
    const url = canvas.toDataURL('image/png');
    return { id, inked, total: data.length / 4, digest: `${url.length}:${url.slice(-64)}` };
  }), CHARTS);
}

/** Waits until every chart has ink on at least 2 % of its pixels, and returns the pixels. */
async function expectChartsDrawn(page) {
  await expect.poll(async () => (await chartPixels(page)).every((c) => c.total > 0 && c.inked / c.total > 0.02), {
    message: 'every chart canvas has ink',
  }).toBe(true);
  return chartPixels(page);
}

/** The points a chart reports it drew: [{ series, point, x, y }] in CSS pixels. */
async function drawnPoints(page, id) {
  const canvas = page.locator(`figure[data-chart="${id}"] canvas`);
  await expect(canvas).not.toHaveAttribute('data-points', '');
  const text = await canvas.getAttribute('data-points');
  return text.split(';').map((p) => {
    const [series, point, x, y] = p.split(':').map(Number);
    return { series, point, x, y };
  });
}

test('the explorer loads only when the reader nears it, then shows everything it has', async ({ page }) => {
  const partRequests = [];
  page.on('request', (r) => { if (r.url().includes('/parts/explorer/')) partRequests.push(r.url()); });
  await app.open();
  await expect(page.locator('section.stage canvas')).toBeVisible();
  // The first screen is up and nothing of the explorer was fetched.
  await page.waitForTimeout(300);
  expect(partRequests).toEqual([]);
  await expect(page.locator('.explorer-placeholder h2')).toHaveText('Cost explorer');
  await page.locator('.explorer-slot').scrollIntoViewIfNeeded();
  await expect(page.locator('section.explorer')).toBeVisible();
  await expect(page.locator('.explorer-placeholder')).toHaveCount(0);
  // Its loader, stylesheet, glue and wasm, each asked for with this build's identity.
  const names = partRequests.map((u) => new URL(u).pathname.split('/').pop()).sort();
  expect(names).toEqual(['boot.js', 'convlab-explorer.js', 'convlab-explorer_bg.wasm', 'explorer.css']);
  const versions = new Set(partRequests.map((u) => new URL(u).searchParams.get('v')));
  expect(versions.size).toBe(1);
  expect([...versions][0]).toMatch(/^[0-9a-f]{12}$/);
  await expectChartsDrawn(page);
});

test('the explorer loads from the keyboard, and a failed fetch says so and retries', async ({ page }) => {
  let refuse = true;
  await page.route('**/parts/explorer/convlab-explorer_bg.wasm*', (route) => (refuse ? route.abort() : route.continue()));
  await app.open();
  const load = page.getByRole('button', { name: 'Load the cost explorer' });
  await load.focus();
  await page.keyboard.press('Enter');
  const alert = page.locator('.explorer-placeholder [role=alert]');
  await expect(alert).toContainText('The cost explorer could not be loaded');
  // The page keeps working without it.
  await app.field('cout').fill('8');
  // 7·7·8 outputs of 3·3·3 MACs each.
  expect(await app.metric('macs')).toBe(10584n);
  refuse = false;
  await page.getByRole('button', { name: 'Try again' }).press('Enter');
  await expect(page.locator('section.explorer')).toBeVisible();
  // The button is gone; the focus is on the explorer's heading, and Tab goes on into it.
  await expect(page.locator('#explorer-heading')).toBeFocused();
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => !!document.activeElement.closest('#explorer-root'))).toBe(true);
  await expect(alert).toHaveCount(0);
  // The explorer sees the layer the page has now.
  await expect(page.locator('.snippet[data-framework="pytorch"] pre')).toContainText('nn.Conv2d(3, 8, kernel_size=3');
  // A failed fetch logs a console error by design; nothing else may.
  app.consoleErrors = app.consoleErrors.filter((e) => !/Failed to load resource|ERR_FAILED|fetch/i.test(e));
});

test('the explorer shows four charts, the presets and the code under the stage', async ({ page }) => {
  await app.openExplorer();
  const explorer = page.getByRole('region', { name: 'Cost explorer' });
  await expect(explorer).toBeVisible();
  for (const id of CHARTS) await expect(page.locator(`figure[data-chart="${id}"] canvas`)).toHaveCount(1);
  for (const id of PRESETS) await expect(page.locator(`tr[data-preset="${id}"]`)).toHaveCount(1);
  // MobileNet v1 as built, counted by the engine (the paper prints 569 M and 4.2 M).
  expect(await app.metric('network-macs')).toBe(568740352n);
  expect(await app.metric('network-params')).toBe(4210088n);
  await expect(page.locator('tr[data-preset="mobilenet-v1"]')).toContainText('569 M');
  await expect(page.locator('.snippet[data-framework="pytorch"] pre')).toContainText('nn.Conv2d(3, 4, kernel_size=3');
  await expect(page.locator('.snippet[data-framework="keras"]')).toHaveCount(1);
});

test('each preset loads its layer: the URL, the marked row and the figures follow', async ({ page }) => {
  await app.openExplorer();
  let previous = page.url();
  for (const id of PRESETS) {
    await page.locator(`tr[data-preset="${id}"] button.load-preset`).click();
    await expect(page.locator(`tr[data-preset="${id}"]`)).toHaveAttribute('aria-current', 'true');
    await expect.poll(() => page.url(), { message: `${id} changes the URL` }).not.toBe(previous);
    previous = page.url();
    // The stage starts again at step 0 with the loaded layer.
    expect(app.query().get('step')).toBe('0');
  }
  await page.locator('tr[data-preset="mobilenet-v1"] button.load-preset').click();
  const q = app.query();
  expect(q.get('mode')).toBe('depthwise-separable');
  expect([q.get('h'), q.get('w'), q.get('cin'), q.get('cout')]).toEqual(['14', '14', '512', '512']);
  // Block 7: depthwise 512·14·14·9 = 903,168; pointwise 512·14·14·512 = 51,380,224.
  expect(await app.metric('macs-depthwise')).toBe(903168n);
  expect(await app.metric('macs-pointwise')).toBe(51380224n);
  expect(await app.metric('macs')).toBe(52283392n);
  expect(await app.metric('network-macs')).toBe(568740352n);
  expect(await app.metric('network-params')).toBe(4210088n);
  await expect(app.tab('depthwise-separable')).toHaveAttribute('aria-selected', 'true');
});

test('every chart canvas is drawn after load and redrawn after a change', async ({ page }) => {
  await app.openExplorer();
  const before = await expectChartsDrawn(page);
  await app.field('cout').fill('64');
  await expect.poll(async () => {
    const after = await chartPixels(page);
    return after.filter((c, i) => c.digest !== before[i].digest).map((c) => c.id);
  }, { message: 'the charts change with the layer' }).toEqual(expect.arrayContaining(['macs-vs-channels', 'saving-ratio']));
  await expectChartsDrawn(page);
  // The read-out names the current layer's exact values.
  await expect(page.locator('figure[data-chart="macs-vs-channels"] .chart-readout')).toContainText('O = 64');
});

test('hovering a chart point reads its values and clicking it loads that layer', async ({ page }) => {
  await app.openExplorer();
  await expectChartsDrawn(page);
  const canvas = page.locator('figure[data-chart="macs-vs-channels"] canvas');
  const points = await drawnPoints(page, 'macs-vs-channels');
  // Series 0 is Standard; its first point is O = 1.
  const first = points.find((p) => p.series === 0 && p.point === 0);
  expect(first).toBeTruthy();
  await canvas.hover({ position: { x: first.x, y: first.y } });
  await expect(page.locator('figure[data-chart="macs-vs-channels"] .chart-readout')).toContainText('Standard · O = 1 ·');
  await canvas.click({ position: { x: first.x, y: first.y } });
  await expect.poll(() => app.query().get('cout')).toBe('1');
  // 7·7·3·9 = 1,323 MACs for one output channel.
  expect(await app.metric('macs')).toBe(1323n);
});

test('a chart point loads from the keyboard: choose it in the list, press Enter', async ({ page }) => {
  await app.openExplorer();
  const list = page.locator('figure[data-chart="macs-vs-kernel"] select.chart-points');
  const option = list.locator('option', { hasText: 'Standard · K = 5 ·' });
  const value = await option.getAttribute('value');
  await list.focus();
  await list.selectOption(value);
  await expect(page.locator('figure[data-chart="macs-vs-kernel"] .chart-readout')).toContainText('K = 5');
  await list.press('Enter');
  await expect.poll(() => app.query().get('kh') ?? app.query().get('k')).toBe('5');
  await expect(app.field('kh')).toHaveValue('5');
});

test('copy buttons put the presets table and the code on the clipboard', async ({ page, context, baseURL }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
  await app.openExplorer();
  const clipboard = () => page.evaluate(() => navigator.clipboard.readText());

  await page.getByRole('button', { name: 'Copy table as Markdown' }).click();
  await expect(page.locator('.presets [role=status]')).toHaveText('Copied the presets table as Markdown.');
  const markdown = await clipboard();
  expect(markdown.startsWith('| Preset | Layer | MACs |')).toBe(true);
  expect(markdown).toContain('| MobileNet v1 (1.0, 224×224) |');
  expect(markdown).toContain('568,740,352');
  expect(markdown.trim().split('\n')).toHaveLength(2 + PRESETS.length);

  await page.getByRole('button', { name: 'Copy table as CSV' }).click();
  await expect(page.locator('.presets [role=status]')).toHaveText('Copied the presets table as CSV.');
  const csv = await clipboard();
  expect(csv.startsWith('id,Preset,Layer,MACs,Parameters')).toBe(true);
  expect(csv).toContain('\r\nmobilenet-v1,');
  expect(csv).toContain(',568740352,4210088,');

  await page.locator('[data-copy="code-pytorch"]').click();
  await expect(page.locator('.snippet[data-framework="pytorch"] [role=status]')).toHaveText('Copied.');
  const code = await clipboard();
  expect(code).toContain('nn.Conv2d(3, 4, kernel_size=3');
  expect(code).toBe(await page.locator('.snippet[data-framework="pytorch"] pre').innerText());
});

test('each chart downloads as PNG and as SVG', async ({ page }) => {
  await app.openExplorer();
  await expectChartsDrawn(page);
  for (const id of CHARTS) {
    const figure = page.locator(`figure[data-chart="${id}"]`);
    const [png] = await Promise.all([
      page.waitForEvent('download'),
      figure.locator('[data-export="png"]').click(),
    ]);
    expect(png.suggestedFilename()).toBe(`convlab-${id}.png`);
    const pngBytes = await readFile(await png.path());
    expect([...pngBytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(pngBytes.length).toBeGreaterThan(2000);

    const [svg] = await Promise.all([
      page.waitForEvent('download'),
      figure.locator('[data-export="svg"]').click(),
    ]);
    expect(svg.suggestedFilename()).toBe(`convlab-${id}.svg`);
    const svgText = await readFile(await svg.path(), 'utf8');
    expect(svgText).toContain('<svg');
    expect(svgText).toContain('</svg>');
    await expect(figure.locator('[role=status]')).toHaveText(`Downloaded convlab-${id}.svg.`);
  }
});

test('an invalid layer hides the charts and shows the frameworks’ rules', async ({ page }) => {
  await app.openExplorer('?mode=grouped&h=8&w=8&cin=4&cout=4&k=3&groups=3');
  await expect(page.locator('figure.chart')).toHaveCount(0);
  await expect(page.locator('tr[data-preset]')).toHaveCount(0);
  const rules = page.locator('.framework-rules');
  await expect(rules).toContainText('PyTorch: in_channels must be divisible by groups');
  await expect(rules).toContainText('Keras: input channels and filters must both be divisible by groups');
  await app.field('groups').fill('2');
  await expect(page.locator('figure.chart')).toHaveCount(4);
  await expect(rules).toHaveCount(0);
});

for (const [label, viewport] of [
  ['laptop', { width: 1280, height: 900 }],
  ['phone', { width: 390, height: 844 }],
]) {
  for (const scheme of ['light', 'dark']) {
    test(`screenshots of the explorer (${label}, ${scheme})`, async ({ page }) => {
      await page.setViewportSize(viewport);
      await page.emulateMedia({ colorScheme: scheme });
      await app.openExplorer('?mode=depthwise-separable&h=64&w=64&cin=3&cout=256&k=3&pad=1');
      const parts = page.locator('.explorer-part');
      if (label === 'phone') {
        // On a phone the explorer's parts arrive folded; the reader unfolds them.
        await expect(page.locator('.explorer-part[open]')).toHaveCount(0);
        for (let i = 0; i < 3; i++) {
          await parts.nth(i).locator('summary').click();
          await expect(parts.nth(i)).toHaveJSProperty('open', true);
        }
      }
      await expect(page.locator('.explorer-part[open]')).toHaveCount(3);
      await expectChartsDrawn(page);
      const explorer = page.getByRole('region', { name: 'Cost explorer' });
      await explorer.screenshot({ path: `${SHOTS}/explorer-${label}-${scheme}.png` });
      // Nothing in the explorer is wider than the page.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
    });
  }
}
