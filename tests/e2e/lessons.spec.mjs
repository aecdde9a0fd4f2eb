// End-to-end checks of the guided lessons page (lessons/, its own bundle): every lesson walked start to end with the keyboard,
// each chapter's URL reopening it, the kernel editor's kernel= round trip and live rank,
// malformed kernel= answered with a message, the connection matrix, shuffle and device panels,
// the chapter beside a sticky stage on wide screens (Back/Next and the chapter keys next to it),
// the stage right after "What to watch" on a phone, and screenshots of one chapter per lesson
// on a laptop and a phone.
import { test, expect } from '@playwright/test';
import { ConvlabPage } from './convlab-page.mjs';

const SHOTS = 'test-results/screenshots';
const LESSONS = [
  { id: 'standard', label: 'Standard', chapters: 3, shot: 2 },
  { id: 'spatial-separable', label: 'Spatial separable', chapters: 6, shot: 4 },
  { id: 'depthwise-separable', label: 'Depthwise separable', chapters: 5, shot: 5 },
  { id: 'grouped', label: 'Grouped', chapters: 8, shot: 5 },
];

let app;
test.beforeEach(async ({ page, baseURL }) => {
  app = new ConvlabPage(page, baseURL);
});
test.afterEach(async () => {
  app.expectClean();
});

/** Presses Tab until the focused element matches `selector`. */
async function tabTo(page, selector, max = 80) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  throw new Error(`no ${selector} within ${max} presses of Tab`);
}

function progress(page) {
  return page.locator('.lesson-progress');
}

/** Every data-metric on the page is unique, and every lesson figure carries a value. */
async function expectFiguresSound(page) {
  const names = await page.locator('[data-metric]').evaluateAll((els) => els.map((e) => e.dataset.metric));
  expect(new Set(names).size, 'data-metric values are unique').toBe(names.length);
  const values = await page.locator('.chapter-text .figure').evaluateAll((els) => els.map((e) => e.dataset.value));
  for (const v of values) expect(v).toMatch(/\S/);
}

for (const lesson of LESSONS) {
  test(`keyboard walk: ${lesson.label}`, async ({ page }) => {
    test.setTimeout(90_000);
    await app.openLessons();
    await tabTo(page, `#lesson-pick-${lesson.id}`);
    await page.keyboard.press('Enter');
    await expect(progress(page)).toHaveText(`Chapter 1 of ${lesson.chapters}`);
    await expect(page.getByRole('button', { name: 'Back', exact: true })).toBeDisabled();
    expect(app.query().get('lesson')).toBe(lesson.id);
    expect(app.query().get('chapter')).toBe('1');
    const titles = [await page.locator('#chapter-title').textContent()];
    for (let n = 2; n <= lesson.chapters; n++) {
      const next = page.getByRole('button', { name: 'Next', exact: true });
      if (!(await next.evaluate((el) => el === document.activeElement))) await tabTo(page, '.nav-next');
      await page.keyboard.press('Enter');
      await expect(progress(page)).toHaveText(`Chapter ${n} of ${lesson.chapters}`);
      await expect(page).toHaveURL(new RegExp(`[?&]lesson=${lesson.id}&chapter=${n}(&|$)`));
      titles.push(await page.locator('#chapter-title').textContent());
      await expectFiguresSound(page);
    }
    expect(new Set(titles).size, 'every chapter has its own title').toBe(lesson.chapters);
    await expect(page.getByRole('button', { name: 'Next', exact: true })).toBeDisabled();
    // Back with the keyboard too.
    await tabTo(page, '.nav-back');
    await page.keyboard.press('Enter');
    await expect(progress(page)).toHaveText(`Chapter ${lesson.chapters - 1} of ${lesson.chapters}`);
  });
}

test('each chapter URL reopens the same chapter', async ({ page }) => {
  test.setTimeout(180_000);
  for (const lesson of LESSONS) {
    for (let n = 1; n <= lesson.chapters; n++) {
      await app.openLessons(`?lesson=${lesson.id}&chapter=${n}`);
      await expect(progress(page)).toHaveText(`Chapter ${n} of ${lesson.chapters}`);
      const title = await page.locator('#chapter-title').textContent();
      const figures = await page.locator('.chapter-text .figure').evaluateAll((els) =>
        els.map((e) => `${e.dataset.metric}=${e.dataset.value}`));
      const url = page.url();
      expect(app.query().get('mode'), 'the chapter writes its layer into the URL').toBeTruthy();
      await page.reload();
      await expect(progress(page)).toHaveText(`Chapter ${n} of ${lesson.chapters}`);
      await expect(page.locator('#chapter-title')).toHaveText(title);
      expect(page.url()).toBe(url);
      const again = await page.locator('.chapter-text .figure').evaluateAll((els) =>
        els.map((e) => `${e.dataset.metric}=${e.dataset.value}`));
      expect(again).toEqual(figures);
    }
  }
});

test('figures are the engine’s: standard chapter one and grouped chapter two', async ({ page }) => {
  // 7×7×3 input, one 3×3×3 filter, no padding: 5×5 outputs of 27 MACs = 675.
  await app.openLessons('?lesson=standard&chapter=1');
  expect(await app.metric('lesson-taps-per-output')).toBe(27n);
  expect(await app.metric('lesson-macs')).toBe(675n);
  // 8×8×8 → 8, 3×3, padding 1, 4 groups: 8·8·8·2·9 = 9,216 MACs against 36,864.
  await app.openLessons('?lesson=grouped&chapter=2');
  expect(await app.metric('lesson-macs')).toBe(9216n);
  expect(await app.metric('lesson-standard-macs')).toBe(36864n);
  // The lesson's layer is the page's: the cost table agrees.
  expect(await app.metric('macs')).toBe(9216n);
});

test('kernel= round trip and the live rank', async ({ page }) => {
  await app.openLessons('?lesson=spatial-separable&chapter=3');
  const editor = page.locator('.kernel-editor');
  await expect(editor).toBeVisible();
  await editor.locator('[data-preset="sobel-x"]').click();
  await expect(page.locator('[data-metric="kernel-rank"]')).toHaveAttribute('data-value', '1');
  expect(app.query().get('kernel')).toBe('-1,0,1,-2,0,2,-1,0,1');
  await editor.locator('[data-preset="laplacian"]').click();
  await expect(page.locator('[data-metric="kernel-rank"]')).toHaveAttribute('data-value', '2');
  // Edit one cell with the keyboard: the centre of the Laplacian.
  const centre = page.getByRole('textbox', { name: 'Row 2, column 2' });
  await centre.focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('0');
  // The address follows the edit after the next render: poll, do not read once.
  await expect.poll(() => app.query().get('kernel')).toBe('0,1,0,1,0,1,0,1,0');
  await expect(page.locator('[data-metric="kernel-rank"]')).toHaveAttribute('data-value', '2');
  // Arrow keys move between cells.
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('textbox', { name: 'Row 3, column 2' })).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await expect(page.getByRole('textbox', { name: 'Row 1, column 2' })).toBeFocused();
  // Reload keeps the kernel.
  const url = page.url();
  await page.reload();
  expect(page.url()).toBe(url);
  await expect(page.getByRole('textbox', { name: 'Row 2, column 2' })).toHaveValue('0');
  expect(app.query().get('kernel')).toBe('0,1,0,1,0,1,0,1,0');
  // A typed link: Sobel Y is rank 1 with its factors shown.
  await app.openLessons('?lesson=spatial-separable&chapter=3&kernel=-1,-2,-1,0,0,0,1,2,1');
  await expect(page.locator('[data-metric="kernel-rank"]')).toHaveAttribute('data-value', '1');
  await expect(page.locator('[data-metric="kernel-column"]')).toHaveText('[1, 0, -1]');
  await expect(page.locator('[data-metric="kernel-row"]')).toHaveText(/^\[-?1, -?2, -?1\]$/);
  await expect(editor.locator('[data-preset="sobel-y"]')).toHaveAttribute('aria-pressed', 'true');
  // A 5×5 preset sets the layer's kernel size, and the URL follows.
  await editor.locator('[data-preset="gaussian-5"]').click();
  await expect(page.locator('[data-metric="kernel-rank"]')).toHaveAttribute('data-value', '1');
  expect(app.query().get('k') ?? app.query().get('kh')).toBe('5');
  expect(app.query().get('kernel').split(',')).toHaveLength(25);
});

test('a malformed kernel= is answered with a message and the page still works', async ({ page }) => {
  for (const [kernel, words] of [
    ['1,2,x', 'kernel= has 3 values; a 3×3 kernel needs 9'],
    ['1,2,x,4,5,6,7,8,9', 'kernel= value 3: “x” is not a number'],
    ['1,2,3,4,5,6,7,8,9,10', 'kernel= has 10 values'],
  ]) {
    await app.openLessons(`?lesson=spatial-separable&chapter=4&kernel=${kernel}`);
    await expect(app.alert()).toContainText(words);
    await expect(page.locator('.kernel-problem')).toContainText(words);
    // The editor still works with the chapter's kernel (Sharpen: rank 2).
    await expect(page.locator('[data-metric="kernel-rank"]')).toHaveAttribute('data-value', '2');
    await page.locator('[data-preset="box-3"]').click();
    await expect(page.locator('[data-metric="kernel-rank"]')).toHaveAttribute('data-value', '1');
    await expect(page.locator('.kernel-problem')).toHaveCount(0);
  }
  // A cell that is not a number is named, and the kernel keeps its last good value.
  const cell = page.getByRole('textbox', { name: 'Row 1, column 1' });
  await cell.fill('abc');
  await expect(page.locator('.cell-problem')).toContainText('Row 1, column 1: “abc” is not a number');
  expect(app.query().get('kernel')).toBe('1/9,1/9,1/9,1/9,1/9,1/9,1/9,1/9,1/9');
  await cell.fill('1/16');
  await expect(page.locator('.cell-problem')).toHaveCount(0);
  expect(app.query().get('kernel')).toBe('1/16,1/9,1/9,1/9,1/9,1/9,1/9,1/9,1/9');
  // Bad lesson keys are named too.
  await app.openLessons('?lesson=nope&chapter=2');
  await expect(app.alert()).toContainText('names no lesson');
  await app.openLessons('?lesson=grouped&chapter=99');
  await expect(app.alert()).toContainText('chapter=99 is out of range');
  await expect(page.locator('.lesson')).toHaveCount(0);
});

test('connection matrix: rows light their inputs', async ({ page }) => {
  await app.openLessons('?lesson=grouped&chapter=1');
  // 8 → 8 in 2 groups: 2 blocks of 4×4 = 32 of 64 pairs; each output reads 4 inputs.
  expect(await app.metric('matrix-connections')).toBe(32n);
  expect(await app.metric('matrix-pairs')).toBe(64n);
  expect(await app.metric('matrix-reads')).toBe(4n);
  const grid = page.locator('.connection-panel .matrix-grid');
  await grid.focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
  await expect(page.locator('.connection-panel .matrix-readout')).toHaveText('Output channel 8 reads input channels 5–8 (4 of 8).');
  const box = await grid.boundingBox();
  await page.mouse.move(box.x + 2, box.y + box.height - 2);
  await expect(page.locator('.connection-panel .matrix-readout')).toContainText('Output channel 8 reads');
  await expect(grid.locator('.strip-lit')).toHaveCount(1);
  // The matrix follows the layer: 4 groups in the configuration panel.
  await app.field('groups').fill('4');
  await expect(page.locator('[data-metric="matrix-connections"]')).toHaveAttribute('data-value', '16');
  // Depthwise: a diagonal.
  await app.openLessons('?lesson=grouped&chapter=3');
  expect(await app.metric('matrix-connections')).toBe(8n);
  expect(await app.metric('matrix-reads')).toBe(1n);
});

test('channel shuffle: without it each output sees one group, with it every group', async ({ page }) => {
  await app.openLessons('?lesson=grouped&chapter=4');
  expect(await app.metric('composed-plain-reach')).toBe(1n);
  expect(await app.metric('composed-plain-groups')).toBe(3n);
  expect(await app.metric('composed-shuffled-reach')).toBe(3n);
  // 12 channels, 3 groups: two grouped layers compose to 3 blocks of 4×4 = 48 pairs; with the
  // shuffle, every pair: 144.
  expect(await app.metric('composed-plain-connections')).toBe(48n);
  expect(await app.metric('composed-shuffled-connections')).toBe(144n);
  expect(await app.metric('shuffle-order-connections')).toBe(12n);
});

test('groups as devices: AlexNet conv2 on two GPUs beside data parallelism', async ({ page }) => {
  await app.openLessons('?lesson=grouped&chapter=6');
  // conv2: 27×27×96 → 256, 5×5, pad 2, 2 groups, bias: per GPU 128·48·25 + 128 = 153,728
  // weights and 27·27·128·48·25 = 111,974,400 MACs.
  expect(await app.metric('devices-model-1-params')).toBe(153728n);
  expect(await app.metric('devices-model-2-macs')).toBe(111974400n);
  expect(await app.metric('devices-traffic-within')).toBe(0n);
  // Before conv3 (13×13 after pooling) each GPU receives the other's 128 maps: 128·169 = 21,632.
  expect(await app.metric('devices-model-1-receives')).toBe(21632n);
  expect(await app.metric('devices-traffic-next')).toBe(43264n);
  // Data parallel, batch 1: one GPU takes the image with all 307,456 weights.
  expect(await app.metric('devices-data-1-params')).toBe(307456n);
  expect(await app.metric('devices-data-1-macs')).toBe(223948800n);
  expect(await app.metric('devices-data-2-macs')).toBe(0n);
  // A grouped next layer needs nothing from the other GPU.
  await page.getByLabel('Next layer').selectOption('grouped');
  await expect(page.locator('[data-metric="devices-traffic-next"]')).toHaveAttribute('data-value', '0');
  await page.getByLabel('Next layer').selectOption('shuffled');
  await expect(page.locator('[data-metric="devices-traffic-next"]')).not.toHaveAttribute('data-value', '0');
  // Batch 128, as chapter seven: the same MACs per GPU both ways.
  await app.openLessons('?lesson=grouped&chapter=7');
  expect(await app.metric('devices-model-1-macs')).toBe(128n * 111974400n);
  expect(await app.metric('devices-data-1-macs')).toBe(128n * 111974400n);
  expect(await app.metric('devices-gradient-traffic')).toBe(2n * 307456n);
});

test('screenshots of one chapter per lesson, laptop and phone', async ({ page }) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  for (const lesson of LESSONS) {
    await app.openLessons(`?lesson=${lesson.id}&chapter=${lesson.shot}`);
    await expect(progress(page)).toHaveText(`Chapter ${lesson.shot} of ${lesson.chapters}`);
    await page.screenshot({ path: `${SHOTS}/lesson-${lesson.id}-${lesson.shot}-laptop.png` });
  }
  await app.openLessons('?lesson=grouped&chapter=6');
  await page.locator('.devices-panel').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/lesson-grouped-6-laptop.png` });
  await page.setViewportSize({ width: 390, height: 844 });
  for (const [id, n] of [['spatial-separable', 4], ['grouped', 5]]) {
    await app.openLessons(`?lesson=${id}&chapter=${n}`);
    await page.screenshot({ path: `${SHOTS}/lesson-${id}-${n}-phone.png`, fullPage: false });
    await page.locator('.lesson-panel').first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/lesson-${id}-${n}-phone-panel.png` });
  }
  await app.openLessons();
  await page.screenshot({ path: `${SHOTS}/lessons-closed-phone.png` });
});

test('the two pages link to each other and a lesson link to the root opens the lessons page', async ({ page }) => {
  // The main page has no lessons and links to them with its layer.
  await app.open('?mode=grouped&h=6&w=6&cin=4&cout=4&k=3&groups=2');
  await expect(page.locator('.lessons')).toHaveCount(0);
  const toLessons = page.getByRole('link', { name: /Guided lessons/ });
  await toLessons.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('group', { name: 'Choose a lesson' })).toBeVisible();
  expect(new URL(page.url()).pathname).toBe('/lessons/');
  expect(app.query().get('groups')).toBe('2');
  // 6×6 outputs (padding 1) × 4 filters × 2 channels each × 9 taps.
  expect(await app.metric('macs')).toBe(6n * 6n * 4n * 2n * 9n);
  // With no lesson open, the page lists what each lesson holds.
  await expect(page.locator('.lesson-contents li')).toHaveCount(4);
  await expect(page.locator('.lesson-contents li').last()).toContainText('Grouped convolution — 8 chapters: Filters that see part of the input');
  // The lessons page has no cost explorer, and links back with the layer.
  await expect(page.locator('.explorer')).toHaveCount(0);
  await page.getByRole('link', { name: /Explainer and cost explorer/ }).click();
  await expect(page.getByRole('tablist', { name: 'Convolution method' })).toBeVisible();
  expect(new URL(page.url()).pathname).toBe('/');
  expect(app.query().get('groups')).toBe('2');
  // A lesson link written for the root goes to the lessons page, keys and all.
  await page.goto('/?lesson=grouped&chapter=2');
  await expect(progress(page)).toHaveText('Chapter 2 of 8');
  expect(new URL(page.url()).pathname).toBe('/lessons/');
});

/** The numbers of the full kernel the stage's spatial separable panel shows. */
async function stageFullKernel(page) {
  const cells = await page
    .locator('.separable-kernels .factor-row > table.kernel')
    .last()
    .locator('td')
    .allTextContents();
  return cells.map((t) => Number(t.replace('−', '-')));
}

test('the stage runs the edited kernel: rank 1 as one pass pair, rank 2 as two that add up', async ({ page }) => {
  // Chapter four opens the editor on sharpen (rank 2) over a 7×7 image, 3×3, padding 1.
  await app.openLessons('?lesson=spatial-separable&chapter=4');
  await expect(page.locator('[data-metric="kernel-rank"]')).toHaveAttribute('data-value', '2');
  await expect(page.locator('.edited-kernel')).toHaveText('Kernel: the kernel editor’s, as 2 column ⊗ row passes');
  await expect(page.locator('section.stage select[aria-label="Kernel preset"]')).toHaveCount(0);
  // Two column maps and one row output per pixel: 49·2 + 49 steps.
  expect(await app.metric('steps')).toBe(147n);
  const panel = page.locator('.separable-kernels');
  await expect(panel.locator('.math-heading')).toHaveText('Channel 1: 2 passes, Σ column ⊗ row = full kernel');
  await expect(panel.locator('.factor-row .term')).toHaveCount(2);
  await expect(panel.locator('.factor-row table.kernel')).toHaveCount(5);
  expect(await stageFullKernel(page)).toEqual([0, -1, 0, -1, 5, -1, 0, -1, 0]);
  await expect(panel).toContainText('Largest |sum of the passes − full 3×3 convolution|');
  // To the end with the keyboard: twice the MACs of one pass pair (2·147 = 294 each way).
  await page.locator('section.stage').focus();
  await page.keyboard.press('End');
  expect(await app.metric('macs-done')).toBe(2n * (49n * 3n + 49n * 3n));
  // Box 3×3 is rank 1: one pass pair, 98 steps, its kernel on the stage.
  await page.locator('[data-preset="box-3"]').click();
  await expect(page.locator('.edited-kernel')).toHaveText('Kernel: the kernel editor’s (one column ⊗ row pass)');
  await expect(page.locator('[data-metric="steps"]')).toHaveAttribute('data-value', '98');
  await expect(panel.locator('.math-heading')).toHaveText('Channel 1: column ⊗ row = full kernel');
  // An edited cell reaches the stage: Laplacian with a centre of −8 is rank 2.
  await page.locator('[data-preset="laplacian"]').click();
  const centre = page.getByRole('textbox', { name: 'Row 2, column 2' });
  await centre.fill('-8');
  await expect(page.locator('[data-metric="steps"]')).toHaveAttribute('data-value', '147');
  expect(await stageFullKernel(page)).toEqual([0, 1, 0, 1, -8, 1, 0, 1, 0]);
  await page.setViewportSize({ width: 1280, height: 900 });
  await panel.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/lesson-spatial-separable-stage-rank2-laptop.png` });
});

test('the connection matrix and the stage light each other', async ({ page }) => {
  // Grouped chapter one: 8 → 8 channels in 2 groups.
  await app.openLessons('?lesson=grouped&chapter=1');
  const lit = page.locator('.stage .filter-focus');
  const readout = page.locator('.connection-panel .matrix-readout');
  await expect(lit).toHaveText('');
  // A row chosen with the keyboard lights that filter's planes on the stage.
  await page.locator('.connection-panel .matrix-grid').focus();
  await page.keyboard.press('End');
  await expect(lit).toHaveText('Lit: output channel 8 and the 4 input channels its filter reads (5–8).');
  await page.keyboard.press('ArrowUp');
  await expect(lit).toHaveText('Lit: output channel 7 and the 4 input channels its filter reads (5–8).');
  await page.keyboard.press('Escape');
  await expect(lit).toHaveText('');
  // Tabbing away from the grid lets go of its row too.
  await page.keyboard.press('Home');
  await expect(lit).toHaveText('Lit: output channel 1 and the 4 input channels its filter reads (1–4).');
  await page.keyboard.press('Tab');
  await expect(lit).toHaveText('');
  // An output cell under the pointer on the stage lights its filter's row in the matrix.
  const canvas = page.locator('.stage canvas');
  const before = await canvas.getAttribute('data-output-plane');
  const [x, y, , , cell] = before.split(',').map(Number);
  await canvas.hover({ position: { x: x + cell * 1.5, y: y + cell * 1.5 } });
  await expect(readout).toHaveText('Output channel 1 reads input channels 1–4 (4 of 8).');
  await expect(page.locator('.connection-panel .matrix-grid .row-hi')).toHaveCount(1);
  await expect(lit).toHaveText('Lit: output channel 1 and the 4 input channels its filter reads (1–4).');
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.locator('.stage').scrollIntoViewIfNeeded();
  // The stage fits the new window: read where the first output plane is now.
  await expect(canvas).not.toHaveAttribute('data-output-plane', before);
  const [x2, y2, , , cell2] = (await canvas.getAttribute('data-output-plane')).split(',').map(Number);
  await canvas.hover({ position: { x: x2 + cell2 * 1.5, y: y2 + cell2 * 1.5 } });
  await page.screenshot({ path: `${SHOTS}/lesson-grouped-1-stage-lit-laptop.png` });
  await page.mouse.move(1, 1);
  await expect(lit).toHaveText('');
  await expect(page.locator('.connection-panel .matrix-grid .row-hi')).toHaveCount(0);
  // A row held with the keys gives way to the stage's filter, and both let go together.
  await page.locator('.connection-panel .matrix-grid').focus();
  await page.keyboard.press('End');
  await expect(readout).toHaveText('Output channel 8 reads input channels 5–8 (4 of 8).');
  // The stage now shows output channels 5–8, the lit one among them: the first plane is 5.
  await canvas.hover({ position: { x: x2 + cell2 * 1.5, y: y2 + cell2 * 1.5 } });
  await expect(readout).toHaveText('Output channel 5 reads input channels 5–8 (4 of 8).');
  await expect(lit).toHaveText('Lit: output channel 5 and the 4 input channels its filter reads (5–8).');
  await page.mouse.move(1, 1);
  await expect(lit).toHaveText('');
  await expect(page.locator('.connection-panel .matrix-grid .row-hi')).toHaveCount(0);
});

/** The boxes of the chapter's parts and the stage. */
async function boxes(page) {
  const box = (selector) => page.locator(selector).first().boundingBox();
  return {
    watch: await box('.watch'),
    text: await box('.chapter-text'),
    nav: await box('.lesson-nav'),
    stage: await box('section.stage'),
    canvas: await box('section.stage canvas'),
    play: await box('section.stage .play'),
  };
}

for (const [width, height] of [[1366, 768], [1920, 1080]]) {
  test(`side by side at ${width}×${height}: the chapter left, the stage right and sticky, Back/Next beside it`, async ({ page }) => {
    await page.setViewportSize({ width, height });
    await app.openLessons('?lesson=depthwise-separable&chapter=1');
    const b = await boxes(page);
    // Left and right of each other, overlapping vertically.
    expect(b.text.x + b.text.width).toBeLessThanOrEqual(b.stage.x);
    expect(b.watch.x + b.watch.width).toBeLessThanOrEqual(b.stage.x);
    expect(b.stage.y).toBeLessThan(b.watch.y + b.watch.height);
    expect(b.stage.y + b.stage.height).toBeGreaterThan(b.watch.y);
    // The stage's canvas and Play are on the first screen, "What to watch" too.
    expect(b.play.y + b.play.height).toBeLessThanOrEqual(height);
    expect(b.canvas.y + b.canvas.height / 2).toBeLessThanOrEqual(height);
    expect(b.watch.y + b.watch.height).toBeLessThanOrEqual(height);
    // The chapter navigation sits right above the stage, in its column.
    expect(b.nav.x).toBeGreaterThanOrEqual(b.stage.x - 1);
    expect(Math.abs(b.nav.y + b.nav.height - b.stage.y)).toBeLessThanOrEqual(12);
    await page.screenshot({ path: `${SHOTS}/lesson-side-by-side-${width}x${height}.png` });
    // Sticky: scrolled until the chapter's text has gone past, the stage stays where it was
    // (short of the page's end, where it leaves with the rest of the page).
    const text = await page.locator('.chapter-text').boundingBox();
    await page.evaluate((y) => window.scrollTo(0, y), text.y + text.height);
    const after = await boxes(page);
    expect(after.watch.y + after.watch.height).toBeLessThan(0);
    expect(after.text.y + after.text.height).toBeLessThanOrEqual(1);
    expect(Math.abs(after.nav.y)).toBeLessThanOrEqual(1);
    expect(Math.abs(after.stage.y - after.nav.height)).toBeLessThanOrEqual(1);
    expect(after.play.y + after.play.height).toBeLessThanOrEqual(height);
    expect(after.canvas.y).toBeLessThan(height);
    await page.screenshot({ path: `${SHOTS}/lesson-side-by-side-${width}x${height}-scrolled.png` });
    // Back and Next beside the stage work from there.
    await page.locator('.lesson-nav .nav-next').click();
    await expect(progress(page)).toHaveText('Chapter 2 of 5');
    await page.locator('.lesson-nav .chapter-step').nth(3).click();
    await expect(progress(page)).toHaveText('Chapter 4 of 5');
    await page.locator('.lesson-nav .nav-back').click();
    await expect(progress(page)).toHaveText('Chapter 3 of 5');
  });
}

test('chapter keys: N and P from the page and the stage, PageDown on the stage, none in a field', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await app.openLessons('?lesson=spatial-separable&chapter=1');
  await expect(page.locator('.lesson-keys')).toContainText('N next chapter, P previous');
  // From the stage: the new chapter's stage keeps the focus, so Space plays it.
  await page.locator('section.stage').focus();
  await page.keyboard.press('n');
  await expect(progress(page)).toHaveText('Chapter 2 of 6');
  await expect(page.locator('section.stage')).toBeFocused();
  await page.keyboard.press('PageDown');
  await expect(progress(page)).toHaveText('Chapter 3 of 6');
  await expect(page.locator('section.stage')).toBeFocused();
  await page.keyboard.press('PageUp');
  await expect(progress(page)).toHaveText('Chapter 2 of 6');
  await page.keyboard.press('Space');
  await expect(page.locator('section.stage .play')).toHaveAttribute('aria-label', 'Pause');
  await page.keyboard.press('Space');
  // The stage's own keys stay its own: → steps, it does not change the chapter.
  const step = await app.metric('step');
  await page.keyboard.press('ArrowRight');
  await expect(page.locator('[data-metric="step"]')).toHaveAttribute('data-value', String(step + 1n));
  await expect(progress(page)).toHaveText('Chapter 2 of 6');
  // From the page (the chapter's title is not focusable: the body has the focus).
  await page.locator('#chapter-title').click();
  await page.keyboard.press('p');
  await expect(progress(page)).toHaveText('Chapter 1 of 6');
  await page.keyboard.press('P');
  await expect(progress(page), 'no chapter before the first').toHaveText('Chapter 1 of 6');
  // In a field, N and P are typed.
  await app.field('h').focus();
  await page.keyboard.press('n');
  await expect(progress(page)).toHaveText('Chapter 1 of 6');
  // PageDown off the stage scrolls the page; it does not change the chapter.
  await page.locator('#chapter-title').click();
  await page.keyboard.press('PageDown');
  await expect(progress(page)).toHaveText('Chapter 1 of 6');
});

test('"See it on the stage" moves the focus to the stage, and each chapter opens at its step', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  // Depthwise chapter two opens one multiply-add per step, where the pointwise step begins:
  // 7×7×3 → 128, no padding: 3·5·5·9 = 675 depthwise MACs done, 675 + 128·5·5·3 steps.
  await app.openLessons('?lesson=depthwise-separable&chapter=2');
  expect(app.query().get('gran')).toBe('mac');
  expect(await app.metric('step')).toBe(675n);
  expect(await app.metric('steps')).toBe(675n + 9600n);
  // Beside the text the stage is already in view: the focus moves, the text stays put.
  const scrolled = await page.evaluate(() => window.scrollY);
  await page.locator('.to-stage').click();
  await expect(page.locator('section.stage')).toBeFocused();
  expect(await page.evaluate(() => window.scrollY)).toBe(scrolled);
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.locator('#chapter-title').click();
  await page.locator('.to-stage').scrollIntoViewIfNeeded();
  const before = await page.evaluate(() => window.scrollY);
  await page.locator('.to-stage').click();
  await expect(page.locator('section.stage')).toBeFocused();
  expect(await page.evaluate(() => window.scrollY)).toBe(before);
  await page.setViewportSize({ width: 390, height: 844 });
  await app.openLessons('?lesson=standard&chapter=3');
  // The example's filters on an 8×8 image, opening three steps before the end of the first
  // row; 8·8·256 steps in all.
  expect(await app.metric('step')).toBe(5n);
  expect(await app.metric('steps')).toBe(8n * 8n * 256n);
  await page.locator('.to-stage').click();
  await expect(page.locator('section.stage')).toBeFocused();
  const stage = await page.locator('section.stage').boundingBox();
  expect(stage.y).toBeGreaterThanOrEqual(-1);
  expect(stage.y).toBeLessThan(844 / 4);
});

test('on a phone the stage follows "What to watch" directly', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  for (const [id, n] of [['depthwise-separable', 1], ['grouped', 2], ['spatial-separable', 3]]) {
    await app.openLessons(`?lesson=${id}&chapter=${n}`);
    const b = await boxes(page);
    const gap = b.stage.y - (b.watch.y + b.watch.height);
    expect(gap, `${id} ${n}: the stage right under the watch line`).toBeGreaterThanOrEqual(0);
    expect(gap).toBeLessThanOrEqual(24);
    // Nothing of the chapter's text or panel sits between them; the text follows the stage.
    expect(b.text.y).toBeGreaterThan(b.stage.y + b.stage.height - 1);
    expect(b.stage.x + b.stage.width).toBeLessThanOrEqual(390);
    await page.locator('.watch').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/lesson-${id}-${n}-phone-watch-stage.png` });
  }
});
