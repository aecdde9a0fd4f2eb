// Export and embed (issue 12): the stage's "Export…" dialog downloads a GIF of steps + 1 frames
// at the chosen width, a PNG and an SVG of the current frame with their metadata, a WebM with a
// duration; long ranges are sampled with a note before encoding; the dialog traps the focus and
// Escape closes it; the embed (`embed=1`) shows the stage alone from 320×240 up and links back.
// (The embed code in a sandboxed frame of another page: sandbox.spec.mjs.)
import { test, expect } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { ConvlabPage } from './convlab-page.mjs';

const SMALL = '?mode=standard&h=4&w=4&cin=1&cout=1&k=3';

/** The frames, logical size, global palette size and comments of a GIF file. */
function readGif(bytes) {
  const b = Buffer.from(bytes);
  expect(b.subarray(0, 6).toString('latin1')).toMatch(/^GIF8[79]a$/);
  const width = b.readUInt16LE(6);
  const height = b.readUInt16LE(8);
  const packed = b[10];
  let at = 13;
  const palette = packed & 0x80 ? 1 << ((packed & 7) + 1) : 0;
  at += 3 * palette;
  const skipBlocks = () => {
    const parts = [];
    while (b[at] !== 0) {
      parts.push(b.subarray(at + 1, at + 1 + b[at]));
      at += 1 + b[at];
    }
    at += 1;
    return Buffer.concat(parts);
  };
  let frames = 0;
  const comments = [];
  for (;;) {
    const kind = b[at];
    if (kind === 0x3b) break;
    if (kind === 0x21) {
      const label = b[at + 1];
      at += 2;
      const data = skipBlocks();
      if (label === 0xfe) comments.push(data.toString('utf8'));
    } else if (kind === 0x2c) {
      frames += 1;
      const local = b[at + 9];
      at += 10;
      if (local & 0x80) at += 3 * (1 << ((local & 7) + 1));
      at += 1; // LZW minimum code size
      skipBlocks();
    } else {
      throw new Error(`unexpected GIF block 0x${kind.toString(16)} at ${at}`);
    }
  }
  return { width, height, palette, frames, comments };
}

/** Opens the page, then the export dialog. */
async function openDialog(page, baseURL, query) {
  const app = new ConvlabPage(page, baseURL);
  await app.open(query);
  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export the stage' });
  await expect(dialog).toBeVisible();
  return { app, dialog };
}

/** Presses Download and returns the downloaded file's name and bytes. */
async function download(page, dialog) {
  const [file] = await Promise.all([
    page.waitForEvent('download', { timeout: 60_000 }),
    dialog.getByRole('button', { name: 'Download' }).click(),
  ]);
  const path = await file.path();
  return { name: file.suggestedFilename(), bytes: readFileSync(path) };
}

test('a whole animation as GIF has steps + 1 frames at the chosen width, and says what it shows', async ({ page, baseURL }) => {
  const { app, dialog } = await openDialog(page, baseURL, SMALL);
  const steps = Number(await app.metric('steps'));
  await dialog.getByLabel('Format').selectOption('GIF');
  await dialog.getByLabel('Range').selectOption('Whole animation');
  await dialog.getByLabel('Width').selectOption('640 px');
  await expect(dialog.locator('.export-plan')).toContainText(`${steps + 1} frames (steps 0 to ${steps})`);
  const { name, bytes } = await download(page, dialog);
  expect(name).toBe(`convlab-standard-4x4x1-1-k3-steps-0-${steps}.gif`);
  const gif = readGif(bytes);
  expect(gif.frames).toBe(steps + 1);
  expect(gif.width).toBe(640);
  expect(gif.height).toBeGreaterThan(100);
  expect(gif.palette).toBeLessThanOrEqual(256);
  expect(gif.comments.join('\n')).toContain('convlab: Standard, 4×4×1 input → 1 channel, 3×3 kernel');
  expect(gif.comments.join('\n')).toContain(`${baseURL}/?mode=standard`);
  await expect(dialog.locator('.export-done')).toContainText(`Saved ${name}`);
  // The same URL and settings give the same bytes.
  const again = await download(page, dialog);
  expect(Buffer.compare(again.bytes, bytes)).toBe(0);
  app.expectClean();
});

test('PNG and SVG of the current frame download with their metadata', async ({ page, baseURL }) => {
  const { app, dialog } = await openDialog(page, baseURL, `${SMALL}&step=2`);
  await dialog.getByLabel('Format').selectOption('PNG');
  await expect(dialog.getByLabel('Range')).toBeDisabled();
  const steps = Number(await app.metric('steps'));
  await expect(dialog.locator('.export-plan')).toHaveText(`The frame after step 2 of ${steps}.`);
  await page.screenshot({ path: test.info().outputPath('export-dialog-png.png') });
  const png = await download(page, dialog);
  writeFileSync(test.info().outputPath(png.name), png.bytes);
  expect(png.name).toBe('convlab-standard-4x4x1-1-k3-step-2.png');
  expect(png.bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  expect(png.bytes.readUInt32BE(16)).toBe(960); // IHDR width: the default width
  const text = png.bytes.toString('latin1');
  expect(text).toContain('tEXtSource\0' + `${baseURL}/?mode=standard`);
  expect(text).toContain('step=2');
  expect(text).toContain(`The stage after step 2 of ${steps}`);

  await dialog.getByLabel('Format').selectOption('SVG');
  const svg = await download(page, dialog);
  expect(svg.name).toBe('convlab-standard-4x4x1-1-k3-step-2.svg');
  const source = svg.bytes.toString('utf8');
  expect(source).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="960" height="[\d.]+" viewBox="0 0 /);
  expect(source).toContain('<title>convlab: Standard, 4×4×1 input → 1 channel, 3×3 kernel</title>');
  expect(source).toContain(`<desc>The stage after step 2 of ${steps}`);
  // It parses as XML.
  const parsed = await page.evaluate(
    (s) => new DOMParser().parseFromString(s, 'image/svg+xml').getElementsByTagName('parsererror').length,
    source,
  );
  expect(parsed).toBe(0);
  app.expectClean();
});

test('a WebM downloads with a duration', async ({ page, baseURL }) => {
  const { app, dialog } = await openDialog(page, baseURL, SMALL);
  await dialog.getByLabel('Format').selectOption('WebM');
  await dialog.getByLabel('Range').selectOption('Whole animation');
  await dialog.getByLabel('Width').selectOption('640 px');
  await dialog.getByLabel('Frames per second').selectOption('10');
  const webm = await download(page, dialog);
  expect(webm.name).toMatch(/\.webm$/);
  expect(webm.bytes.readUInt32BE(0)).toBe(0x1a45dfa3);
  // Played in a blank page of its own (the app's policy allows no media from blob: URLs).
  const player = await page.context().newPage();
  const duration = await player.evaluate(async (b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const video = document.createElement('video');
    video.src = URL.createObjectURL(new Blob([bytes], { type: 'video/webm' }));
    await new Promise((resolve, reject) => {
      video.onloadedmetadata = resolve;
      video.onerror = () => reject(new Error('the video does not load'));
    });
    return video.duration;
  }, webm.bytes.toString('base64'));
  expect(Number.isFinite(duration)).toBe(true);
  expect(duration).toBeGreaterThan(0.3);
  app.expectClean();
});

test('a long range is sampled, and the dialog says so before encoding; Cancel stops an export', async ({ page, baseURL }) => {
  const { app, dialog } = await openDialog(page, baseURL, '?mode=depthwise-separable&h=64&w=64&cin=3&cout=256&k=3&pad=1');
  await dialog.getByLabel('Range').selectOption('Whole animation');
  const plan = dialog.locator('.export-plan');
  await expect(plan).toContainText('600 frames');
  await expect(plan).toContainText('sampled evenly to 600 frames');
  await expect(plan).toContainText(/about \d+(\.\d)? (KB|MB)/);
  await dialog.getByLabel('Range').selectOption('Steps…');
  await dialog.getByLabel('From step').fill('10');
  await dialog.getByLabel('To step').fill('5');
  await expect(dialog.getByRole('alert')).toHaveText('“From step” must not be after “To step”.');
  await expect(dialog.getByRole('button', { name: 'Download' })).toBeDisabled();
  await dialog.getByLabel('To step').fill('400');
  await expect(plan).toContainText('391 frames (steps 10 to 400)');
  await dialog.getByRole('button', { name: 'Download' }).click();
  await expect(dialog.locator('progress')).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog.locator('.export-done')).toHaveText('Export cancelled.');
  app.expectClean();
});

test('the dialog keeps the focus, Escape closes it, and the focus returns to Export…', async ({ page, baseURL }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const { app, dialog } = await openDialog(page, baseURL, SMALL);
  await page.screenshot({ path: test.info().outputPath('export-dialog-phone.png') });
  for (let i = 0; i < 15; i += 1) {
    await page.keyboard.press('Tab');
    const inside = await page.evaluate(() => !!document.activeElement?.closest('dialog'));
    expect(inside, `Tab ${i + 1} stays in the dialog`).toBe(true);
  }
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('button', { name: 'Export…' })).toBeFocused();
  // The keyboard alone opens it again.
  await page.keyboard.press('Enter');
  await expect(dialog).toBeVisible();
  app.expectClean();
});

test('the embed shows the stage alone, fits 320×240, and links to the full page', async ({ page, baseURL }) => {
  // A page outside a frame never fetches the embed's stylesheet.
  const styles = [];
  page.on('request', (r) => r.url().endsWith('/embed.css') && styles.push(r.url()));
  const app = new ConvlabPage(page, baseURL);
  await app.open('?mode=grouped&h=6&w=6&cin=4&cout=4&k=3&groups=2');
  expect(styles).toEqual([]);
  await page.setViewportSize({ width: 320, height: 240 });
  await page.goto('/?mode=grouped&h=6&w=6&cin=4&cout=4&k=3&groups=2&step=3&embed=1');
  expect(styles).toEqual([`${baseURL}/embed.css`]);
  await expect(page.locator('section.stage canvas')).toBeVisible();
  await expect(page.locator('.site-header')).toBeHidden();
  await expect(page.getByRole('tablist', { name: 'Convolution method' })).toHaveCount(0);
  await expect(page.locator('#explorer-root')).toBeHidden();
  await expect(page.getByRole('button', { name: 'Export…' })).toBeHidden();
  const link = page.getByRole('link', { name: 'Open in convlab ↗' });
  await expect(link).toBeVisible();
  const href = new URL(await link.getAttribute('href'), page.url());
  expect(href.searchParams.get('embed')).toBeNull();
  expect(href.searchParams.get('mode')).toBe('grouped');
  expect(href.searchParams.get('step')).toBe('3');
  expect(await link.getAttribute('target')).toBe('_blank');
  await expect(page.locator('[data-metric="step"]')).toHaveAttribute('data-value', '3');
  // Nothing wider than the frame but the picture, which scrolls in its own box.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  // The address keeps embed=1 as the app mirrors its state.
  expect(app.query().get('embed')).toBe('1');
  await page.screenshot({ path: test.info().outputPath('embed-320x240.png') });
  // The lessons page embeds the same way (its stylesheet is the site's one).
  await page.goto('/lessons/?lesson=grouped&chapter=2&embed=1');
  await expect(page.locator('section.stage canvas')).toBeVisible();
  await expect(page.locator('.site-header')).toBeHidden();
  await expect(page.getByRole('group', { name: 'Choose a lesson' })).toHaveCount(0);
  expect(styles).toEqual([`${baseURL}/embed.css`, `${baseURL}/embed.css`]);
  app.expectClean();
});
