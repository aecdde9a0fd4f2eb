// The image lab at /lab/: a generated PNG with a vertical edge through the file input has its
// size, and Sobel X lights the edge's columns and nothing else (read from the output canvas
// and the hover line); corrupt, text, SVG and oversized files get their messages while the
// page keeps working; drag and drop and paste read a picture; no request leaves the page;
// axe-core finds no violation; no console error; a screenshot of each method on a sample.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { png, edgePng, bombHeaderPng } from './lab-png.mjs';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const SHOTS = 'test-results/screenshots';
const METHODS = ['standard', 'spatial-separable', 'depthwise-separable', 'grouped'];

/** Opens the lab, watching for console errors and for requests that leave the page's files. */
async function openLab(page, query = '') {
  const errors = [];
  const foreign = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(String(err)));
  page.on('request', (req) => {
    const url = new URL(req.url());
    const own = url.origin === new URL(page.url() === 'about:blank' ? req.url() : page.url()).origin;
    if (!own || !(url.pathname.startsWith('/lab/') || url.pathname.startsWith('/static/') || url.pathname === '/manifest.webmanifest')) {
      foreign.push(req.url());
    }
  });
  await page.goto(`/lab/${query}`);
  await expect(page.locator('[data-metric="lab-time-ms"]')).toBeVisible({ timeout: 20_000 });
  return { errors, foreign };
}

async function waitComputed(page) {
  await expect(page.locator('#lab-progress')).toHaveCount(0, { timeout: 20_000 });
  await expect(page.locator('[data-metric="lab-time-ms"]')).toBeVisible({ timeout: 20_000 });
}

/** The RGBA of pixels `(x, y)` of a map's canvas. */
async function pixels(page, selector, points) {
  return page.locator(selector).evaluate((canvas, pts) => {
    const ctx = canvas.getContext('2d');
    return pts.map(([x, y]) => [...ctx.getImageData(x, y, 1, 1).data]);
  }, points);
}

test('a PNG with a vertical edge: its size, and Sobel X lights the edge columns only', async ({ page }) => {
  const { errors, foreign } = await openLab(page, '?method=standard&kernel=sobel-x');
  await page.setInputFiles('#lab-picture', { name: 'edge.png', mimeType: 'image/png', buffer: edgePng(64, 48, 32) });
  await expect(page.locator('[data-metric="image-width"]')).toHaveAttribute('data-value', '64');
  await expect(page.locator('[data-metric="image-height"]')).toHaveAttribute('data-value', '48');
  await expect(page.locator('.lab-source figcaption')).toContainText('Your picture: edge.png');
  await waitComputed(page);
  // Exact MACs: one 3×3×3 filter on 64×48 outputs.
  await expect(page.locator('[data-metric="lab-macs"]')).toHaveAttribute('data-value', String(64 * 48 * 27));
  const out = 'canvas[data-step="0"][data-channel="0"]';
  await expect(page.locator(out)).toHaveJSProperty('width', 64);
  const row = 24;
  const got = await pixels(page, out, Array.from({ length: 64 }, (_, x) => [x, row]));
  const white = got[0];
  const lit = got.map((p, x) => (p.join() === white.join() ? null : x)).filter((x) => x !== null);
  // The kernel's window straddles the edge at columns 31 and 32 only; the borders' zero padding
  // of a black left side gives nothing, but the white right side meets the padding at x = 63.
  expect(lit.filter((x) => x !== 63)).toEqual([31, 32]);
  // The value there, from the hover line: 4 × 255.
  await page.locator(out).scrollIntoViewIfNeeded();
  const box = await page.locator(out).boundingBox();
  await page.mouse.move(box.x + (box.width * 32.5) / 64, box.y + (box.height * (row + 0.5)) / 48);
  await expect(page.locator('[data-metric="pixel-value"]')).toHaveAttribute('data-value', /^1020$|^1019\.99/);
  await expect(page.locator('.lab-math')).toContainText('=');
  await page.mouse.move(box.x + (box.width * 10.5) / 64, box.y + (box.height * (row + 0.5)) / 48);
  await expect(page.locator('[data-metric="pixel-value"]')).toHaveAttribute('data-value', '0');
  // The address carries the state but not the picture.
  expect(page.url()).toContain('picture=own');
  expect(page.url()).toContain('kernel=sobel-x');
  expect(errors).toEqual([]);
  expect(foreign).toEqual([]);
});

test('corrupt, text, SVG and oversized files get their messages; the page keeps working', async ({ page }) => {
  const { errors, foreign } = await openLab(page, '?sample=ring');
  const width = page.locator('[data-metric="image-width"]');
  await expect(width).toHaveAttribute('data-value', '384');
  const alert = page.locator('.lab-picture [role="alert"]');
  const good = edgePng(64, 48, 32);
  const cases = [
    ['truncated.png', 'image/png', good.subarray(0, 60), /damaged|cut short/],
    ['notes.png', 'image/png', Buffer.from('hello, this is text and not a picture\n'), /not a picture/],
    ['bomb.svg', 'image/svg+xml', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="100000" height="100000"></svg>'), /SVG/],
    ['bomb.png', 'image/png', bombHeaderPng(60000, 60000), /too large to decode/],
  ];
  for (const [name, mimeType, buffer, message] of cases) {
    await page.setInputFiles('#lab-picture', { name, mimeType, buffer });
    await expect(alert).toContainText(message);
    await expect(alert).toContainText('The previous picture stays.');
    await expect(width).toHaveAttribute('data-value', '384');
  }
  // A large picture is scaled down, with the message saying from what to what.
  const big = png(3000, 2000, (x, y) => [x % 256, y % 256, 128]);
  await page.setInputFiles('#lab-picture', { name: 'big.png', mimeType: 'image/png', buffer: big });
  await expect(page.locator('.lab-notes')).toContainText('Scaled from 3,000×2,000 to 1,024×683 pixels', { timeout: 20_000 });
  await expect(width).toHaveAttribute('data-value', '1024');
  await expect(page.locator('[data-metric="image-height"]')).toHaveAttribute('data-value', '683');
  await expect(alert).toHaveCount(0);
  await waitComputed(page);
  // Still working: another method on the scaled picture.
  await page.locator('#tab-grouped').click();
  await waitComputed(page);
  await expect(page.locator('[data-metric="lab-macs"]')).toHaveAttribute('data-value', String(1024 * 683 * (6 * 9 + 6 * 2)));
  expect(errors).toEqual([]);
  expect(foreign).toEqual([]);
});

test('drag and drop and paste read a picture', async ({ page }) => {
  const { errors, foreign } = await openLab(page);
  const bytes = [...edgePng(40, 30, 20)];
  await page.locator('[data-testid="drop-zone"]').evaluate((zone, data) => {
    const file = new File([new Uint8Array(data)], 'dropped.png', { type: 'image/png' });
    const dt = new DataTransfer();
    dt.items.add(file);
    zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, bytes);
  await expect(page.locator('[data-metric="image-width"]')).toHaveAttribute('data-value', '40');
  await expect(page.locator('.lab-source figcaption')).toContainText('dropped.png');
  const pasted = [...edgePng(24, 16, 12)];
  await page.evaluate((data) => {
    const file = new File([new Uint8Array(data)], 'pasted.png', { type: 'image/png' });
    const dt = new DataTransfer();
    dt.items.add(file);
    window.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, pasted);
  await expect(page.locator('[data-metric="image-width"]')).toHaveAttribute('data-value', '24');
  await waitComputed(page);
  expect(errors).toEqual([]);
  expect(foreign).toEqual([]);
});

test('a link made with an own picture reopens with a sample and says so', async ({ page }) => {
  const { errors } = await openLab(page, '?sample=checkerboard&method=depthwise-separable&picture=own');
  await expect(page.locator('.lab-notes')).toContainText('picture of its own');
  await expect(page.locator('.lab-notes')).toContainText('Checkerboard');
  await expect(page.locator('#tab-depthwise-separable')).toHaveAttribute('aria-selected', 'true');
  expect(errors).toEqual([]);
});

test('spatial separable: the difference map is exactly 0 for Sobel X, and Laplacian takes two passes', async ({ page }) => {
  await openLab(page, '?method=spatial-separable&kernel=sobel-x&sample=scene');
  await expect(page.locator('[data-metric="max-diff"]')).toHaveAttribute('data-value', '0');
  await page.selectOption('#lab-kernel', 'laplacian');
  await waitComputed(page);
  await expect(page.locator('.lab-cost')).toContainText('2 column ⊗ row passes');
});

for (const [name, viewport] of Object.entries({ laptop: { width: 1366, height: 768 }, phone: { width: 390, height: 844 } })) {
  test(`every method on a sample, ${name}: screenshots, axe finds nothing`, async ({ page }) => {
    await page.setViewportSize(viewport);
    const { errors, foreign } = await openLab(page, '?sample=scene');
    for (const method of METHODS) {
      await page.locator(`#tab-${method}`).click();
      await waitComputed(page);
      await expect(page.locator('.lab-step').first()).toBeVisible();
      await page.screenshot({ path: `${SHOTS}/lab-${method}-${name}.png`, fullPage: name === 'laptop' });
      if (name === 'laptop') {
        // One screen from the tabs down: the method's controls, cost, time and first maps.
        await page.locator('.method-tabs').evaluate((e) => e.scrollIntoView());
        await page.screenshot({ path: `${SHOTS}/lab-${method}-laptop-screen.png` });
        await page.evaluate(() => window.scrollTo(0, 0));
      }
      if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE_SOURCE);
      for (const scheme of ['light', 'dark']) {
        await page.emulateMedia({ colorScheme: scheme });
        const violations = await page.evaluate(() =>
          window.axe
            .run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } })
            .then((r) => r.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${v.help} at ${n.target.join(' ')}`))),
        );
        expect(violations, `${method} ${scheme}`).toEqual([]);
      }
      await page.emulateMedia({ colorScheme: 'light' });
    }
    expect(errors).toEqual([]);
    expect(foreign).toEqual([]);
  });
}
