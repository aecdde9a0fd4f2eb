// Offline and installable (www/sw.js, written into the build by scripts/service-worker.mjs;
// www/manifest.webmanifest; scripts/icons.mjs): after one visit every page and the cost
// explorer load with the network off, the manifest names icons that exist, and a new build's
// worker waits until the reader takes the offered reload, which drops the old build's cache.
import { test, expect } from '@playwright/test';
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

test.use({ serviceWorkers: 'allow' });

/** Waits until the page is controlled by an active worker whose install (precache) is done. */
async function controlled(page) {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

test('after one visit, every page and the cost explorer load with the network off', async ({ page, context }) => {
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto('/');
  await expect(page.getByRole('tablist', { name: 'Convolution method' })).toBeVisible();
  await controlled(page);

  await context.setOffline(true);
  expect(await page.evaluate(() => fetch('/?probe').then(() => 'cache', () => 'network error'))).toBe('cache');
  await page.reload();
  await expect(page.getByRole('tablist', { name: 'Convolution method' })).toBeVisible();
  await expect(page.locator('[data-metric="macs"]').first()).toHaveAttribute('data-value', '5292');
  const stage = page.locator('section.stage');
  await stage.getByRole('button', { name: 'Step forward' }).click();
  await expect(stage).toContainText('Step 1 of 196');

  // Another layer, the explorer's part (fetched only now, from the cache), the lessons.
  await page.goto('/?mode=depthwise-separable&h=8&w=8&cin=4&cout=8&k=3');
  await expect(page.locator('#tab-depthwise-separable')).toHaveAttribute('aria-selected', 'true');
  await page.locator('.explorer-slot').scrollIntoViewIfNeeded();
  await expect(page.locator('section.explorer')).toBeVisible();
  await expect(page.locator('figure[data-chart] canvas').first()).not.toHaveAttribute('data-points', '');
  await page.goto('/lessons/?lesson=grouped&chapter=2');
  await expect(page.getByRole('group', { name: 'Choose a lesson' })).toBeVisible();
  await expect(page.locator('section.stage canvas')).toBeVisible();
  expect(errors).toEqual([]);
});

test('the manifest names the app and icons that exist at their sizes', async ({ page }) => {
  await page.goto('/');
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  const manifest = await page.evaluate((url) => fetch(url).then((r) => r.json()), href);
  expect(manifest).toMatchObject({ name: expect.stringContaining('convlab'), short_name: 'convlab', start_url: '/', display: 'standalone' });
  const sizes = await page.evaluate(async (icons) => {
    const out = [];
    for (const icon of icons.filter((i) => i.type === 'image/png')) {
      const bitmap = await createImageBitmap(await (await fetch(icon.src)).blob());
      out.push([icon.sizes, `${bitmap.width}x${bitmap.height}`]);
    }
    return out;
  }, manifest.icons);
  expect(sizes).toEqual([['192x192', '192x192'], ['512x512', '512x512']]);
  await page.goto('/lessons/');
  await expect(page.locator('link[rel="manifest"]')).toHaveAttribute('href', href);
});

test('a new build waits until the reader reloads into it, and its cache replaces the old one', async ({ browser }) => {
  // A copy of the build on a server of its own, so its worker can be changed on disk.
  const dir = await mkdtemp(join(tmpdir(), 'convlab-offline-'));
  await cp('dist', dir, { recursive: true });
  const server = spawn(process.execPath, ['scripts/static-server.mjs', dir, '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const origin = await new Promise((resolve, reject) => {
      let out = '';
      server.stdout.on('data', (c) => {
        out += c;
        const m = out.match(/http:\/\/127\.0\.0\.1:\d+/);
        if (m) resolve(m[0]);
      });
      server.on('exit', (code) => reject(new Error(`the server exited with ${code}`)));
    });
    const context = await browser.newContext({ serviceWorkers: 'allow' });
    const page = await context.newPage();
    await page.goto(`${origin}/`);
    await controlled(page);
    const caches = () => page.evaluate(() => caches.keys());
    const [oldCache] = await caches();
    expect(oldCache).toMatch(/^convlab-[0-9a-f]{12}$/);

    // The next deploy: the same files under a new build's identity.
    const worker = join(dir, 'sw.js');
    await rm(`${worker}.br`, { force: true });
    await rm(`${worker}.gz`, { force: true });
    await writeFile(worker, (await readFile(worker, 'utf8')).replace(oldCache.slice('convlab-'.length), 'feedc0ffee00'));
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update()));
    const offer = page.locator('.update-ready[role="status"]');
    await expect(offer).toContainText('A new version of convlab is ready.');
    await page.screenshot({ path: 'test-results/screenshots/update-ready-laptop.png' });
    // Until then the old build serves the page.
    expect(await caches()).toContain(oldCache);

    await Promise.all([page.waitForEvent('load'), offer.getByRole('button', { name: 'Reload' }).click()]);
    await expect(page.getByRole('tablist', { name: 'Convolution method' })).toBeVisible();
    await expect.poll(caches).toEqual(['convlab-feedc0ffee00']);
    await expect(page.locator('.update-ready')).toHaveCount(0);
    await context.close();
  } finally {
    server.kill();
    await rm(dir, { recursive: true, force: true });
  }
});
