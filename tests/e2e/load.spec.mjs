// How the pages load: the first screen, prerendered from the app for the default layer, paints
// before the wasm arrives and says what the app says; a link with its own layer hides what
// would be wrong for it; the app replaces it without moving what was on screen; the wasm is
// preloaded; the server sends the precompressed copies; a page whose wasm cannot load says so.
import { test, expect } from '@playwright/test';
import { ConvlabPage } from './convlab-page.mjs';

const SHOTS = 'test-results/screenshots';

const PAGES = [
  { path: '/', wasm: /\/convlab-[0-9a-f]+_bg\.wasm$/ },
  { path: '/lessons/', wasm: /\/lessons\/convlab-[0-9a-f]+_bg\.wasm$/ },
];

// The texts the first screen shows, as the reader sees them.
async function firstScreenTexts(page) {
  return page.evaluate(() => {
    const text = (sel) => [...document.querySelectorAll(`#app ${sel}`)].map((e) => e.textContent.trim());
    return {
      title: text('.site-header h1'),
      tagline: text('.site-header .tagline'),
      link: text('.site-header .page-link'),
      intro: text('.intro p'),
      tabs: text('.method-tabs .tab'),
      summary: text('.method-summary'),
    };
  });
}

/** Holds back every request for `wasm` until the returned function is called. */
async function holdBack(page, wasm) {
  let release;
  const held = new Promise((resolve) => {
    release = resolve;
  });
  await page.route(wasm, async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

for (const { path, wasm } of PAGES) {
  test(`${path}: the shell paints without the wasm and says what the app says`, async ({ page }) => {
    // Hold the wasm back: what is on screen meanwhile is the HTML's own shell.
    const release = await holdBack(page, wasm);
    await page.goto(path);
    await expect(page.locator('#app[aria-busy="true"] .shell-loading')).toBeVisible();
    await expect(page.locator('#app .site-header h1')).toHaveText('convlab');
    if (path === '/') {
      // The main page's first screen is the app prerendered for the default layer, inert until
      // it mounts (the lessons page, whose links mostly name a lesson, has the static shell).
      await expect(page.locator('#app[inert] .method-panel .shell-loading')).toHaveText('Starting the stage…');
      await expect(page.locator('#app[inert] form.config-panel input')).toHaveCount(15);
      await expect(page.locator('[data-metric="macs"]')).toHaveAttribute('data-value', '5292');
      await expect(page.locator('[data-metric="macs"]')).toBeVisible();
    }
    const shell = await firstScreenTexts(page);
    const name = path === '/' ? 'main' : 'lessons';
    await page.screenshot({ path: `${SHOTS}/shell-${name}-laptop.png` });
    const paints = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint').length);
    expect(paints).toBe(1);

    release();
    await expect(page.locator('#app')).not.toHaveAttribute('aria-busy', /.*/);
    await expect(page.locator('#app')).not.toHaveAttribute('inert', /.*/);
    await expect(page.getByRole('tablist', { name: 'Convolution method' })).toBeVisible();
    await expect(page.locator('.shell-loading')).toHaveCount(0);
    const app = await firstScreenTexts(page);
    // Everything the shell shows, the app shows in the same words (the shell's link has no
    // query yet, and the lessons shell stops before the tabs).
    for (const key of Object.keys(shell)) {
      if (shell[key].length > 0) expect(app[key], key).toEqual(shell[key]);
    }
    // The title, the tagline, the two links (the other page and the image lab), the intro.
    expect(shell.title.length + shell.tagline.length + shell.link.length + shell.intro.length).toBe(5);
  });

  if (path === '/') {
    test('/: the stage\'s first frame is in the HTML, where and as large as the canvas that replaces it', async ({ page }) => {
      const release = await holdBack(page, wasm);
      await page.setViewportSize({ width: 1366, height: 768 });
      await page.goto(path);
      const frame = page.locator('#app[aria-busy] section.stage .stage-canvas > svg');
      await expect(frame).toBeVisible();
      // The default layer at step 0: its 3 input planes' 7×7 values drawn cell by cell (the
      // padding ring is drawn apart), the
      // kernels' figures in its title, the step counter and Play beside it.
      await expect(frame.locator('title')).toContainText('4 filters, each 3×3×3 = 27 weights');
      await expect(frame.locator('g.plane rect.cell')).toHaveCount(3 * 7 * 7);
      await expect(page.locator('#app[inert] section.stage')).toContainText('Step 0 of 196');
      const before = await frame.boundingBox();
      release();
      const canvas = page.locator('section.stage canvas');
      await expect(canvas).toBeVisible();
      const after = await canvas.boundingBox();
      for (const key of ['x', 'y', 'width', 'height']) expect(Math.abs(after[key] - before[key]), key).toBeLessThanOrEqual(1);
    });

    test('/: in the dark scheme the light first frame stays hidden, keeping its place', async ({ browser }) => {
      const context = await browser.newContext({ colorScheme: 'dark', viewport: { width: 1366, height: 768 } });
      const page = await context.newPage();
      await page.route(wasm, () => {}); // never answered: the HTML alone
      await page.goto(path, { waitUntil: 'domcontentloaded' });
      const frame = page.locator('section.stage .stage-canvas > svg');
      await expect(frame).toBeAttached();
      await expect(frame).toBeHidden();
      const height = await frame.evaluate((svg) => svg.getBoundingClientRect().height);
      expect(height).toBeGreaterThan(300);
      await expect(page.locator('[data-metric="macs"]')).toBeVisible();
      await context.close();
    });
  }

  test(`${path}: the app mounts without shifting the layout, with the wasm preloaded`, async ({ page, baseURL }) => {
    await page.addInitScript(() => {
      window.__shift = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shift += e.value;
      }).observe({ type: 'layout-shift', buffered: true });
    });
    const app = new ConvlabPage(page, baseURL);
    await page.goto(path);
    await expect(page.locator('section.stage canvas')).toBeVisible();
    await page.waitForTimeout(500);
    const shift = await page.evaluate(() => window.__shift);
    expect(shift).toBeLessThanOrEqual(0.1);
    const preloaded = await page.evaluate(() =>
      [...document.querySelectorAll('link[rel="preload"][as="fetch"], link[rel="modulepreload"]')].map((l) => l.href),
    );
    expect(preloaded.some((href) => /_bg\.wasm$/.test(href))).toBe(true);
    expect(preloaded.some((href) => /convlab-[0-9a-f]+\.js$/.test(href))).toBe(true);
    expect(app.consoleErrors).toEqual([]);
  });

  test(`${path}: a page whose wasm cannot load says so in place of the stage`, async ({ page }) => {
    await page.route(wasm, (route) => route.abort());
    await page.goto(path);
    const alert = page.locator('#app[aria-busy="true"] .shell-loading[role="alert"]');
    await expect(alert).toContainText('convlab could not start');
    await expect(alert).toContainText('Reload the page to try again.');
  });
}

test('a link with its own layer never shows the prerendered default figures', async ({ page }) => {
  const release = await holdBack(page, /\/convlab-[0-9a-f]+_bg\.wasm$/);
  await page.goto('/?mode=standard&h=7&w=7&cin=3&cout=8&k=3');
  await expect(page.locator('.shell-loading')).toBeVisible();
  await expect(page.locator('.site-header h1')).toBeVisible();
  // The default layer's 5,292 MACs are in the HTML but not shown for this link.
  await expect(page.locator('[data-metric="macs"]')).toBeHidden();
  await expect(page.locator('.method-tabs')).toBeHidden();
  const note = await page.locator('.intro').evaluate((e) => getComputedStyle(e, '::after').content);
  expect(note).toBe('"Loading the layer this link sets…"');
  release();
  await expect(page.locator('#app')).not.toHaveAttribute('aria-busy', /.*/);
  // 7·7·8 outputs of 3·3·3 MACs each.
  await expect(page.locator('[data-metric="macs"]')).toHaveAttribute('data-value', '10584');
  await expect(page.locator('[data-metric="macs"]')).toBeVisible();
});

test('the server sends the precompressed copies with their encoding', async ({ request }) => {
  const html = await (await request.get('/')).text();
  const wasmPath = html.match(/href="?(\/convlab-[0-9a-f]+_bg\.wasm)/)?.[1];
  expect(wasmPath).toBeTruthy();
  for (const [encoding, expected] of [['br', 'br'], ['gzip', 'gzip'], ['identity', undefined]]) {
    const res = await request.get(wasmPath, { headers: { 'Accept-Encoding': encoding } });
    expect(res.status()).toBe(200);
    expect(res.headers()['content-encoding']).toBe(expected);
    expect(res.headers()['content-type']).toBe('application/wasm');
    expect(res.headers()['vary']).toBe('Accept-Encoding');
  }
  const page = await request.get('/', { headers: { 'Accept-Encoding': 'gzip, br' } });
  expect(page.headers()['content-encoding']).toBe('br');
  expect(page.headers()['content-type']).toBe('text/html; charset=utf-8');
  const post = await request.post('/');
  expect(post.status()).toBe(405);
  expect(post.headers()['allow']).toBe('GET, HEAD');
  expect((await request.get('/static/..%2f..%2fCargo.toml')).status()).toBe(400);
});

test('the main page’s footer, in its HTML, says what the lessons page’s app says', async ({ page }) => {
  await page.goto('/lessons/');
  await expect(page.getByRole('group', { name: 'Choose a lesson' })).toBeVisible();
  const lessons = await page.locator('.site-footer').innerText();
  await page.goto('/');
  await expect(page.getByRole('tablist', { name: 'Convolution method' })).toBeVisible();
  await expect(page.locator('.site-footer')).toHaveCount(1);
  expect(await page.locator('.site-footer').innerText()).toBe(lessons);
  expect(lessons).toContain('Counting rules: one multiply-accumulate (MAC) per kernel tap');
});
