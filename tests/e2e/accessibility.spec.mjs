// Accessibility, tested: axe-core (from npm, node_modules/axe-core) finds no violation of the
// WCAG 2.0/2.1 A and AA rules, nor of its best practices, in any state of either page: the main
// page with each method, the stage paused and playing, presentation mode, an invalid layer and
// its alert, the seed note opened, the cost explorer (valid and invalid); every chapter of every
// lesson, with its aside opened, and the kernel editor with an error; in the light and the dark
// scheme, on a laptop and a phone. axe runs through `page.evaluate`, which the pages' content
// security policy does not govern, so the policy stays in force while it checks.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ConvlabPage, METHODS } from './convlab-page.mjs';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const SCHEMES = ['light', 'dark'];
const VIEWPORTS = { laptop: { width: 1366, height: 768 }, phone: { width: 390, height: 844 } };
// Chapters per lesson, as in src/lessons/content.rs (tests/e2e/lessons.spec.mjs walks them too).
const LESSONS = { standard: 3, 'spatial-separable': 6, 'depthwise-separable': 5, grouped: 8 };

/** Runs axe on the page as it is and returns one line per failing element: the state, the
 * rule's id and impact, what it asks for, the element's selector and axe's summary of the fix.
 * A single character below its contrast ratio (a chapter's number) fails too: axe leaves it
 * "incomplete", unsure that one character is text, but here it always is. */
async function audit(page, state) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(
    (tags) =>
      window.axe
        .run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations', 'incomplete'] })
        .then((r) => {
          const lines = (v, nodes) => ({
            id: v.id,
            impact: v.impact,
            help: v.help,
            nodes: nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
          });
          const shortText = r.incomplete
            .filter((v) => v.id === 'color-contrast')
            .map((v) => {
              const nodes = v.nodes.filter((n) => n.any.some((c) => c.data?.messageKey === 'shortTextContent'));
              for (const n of nodes) {
                const d = n.any.find((c) => c.data?.messageKey === 'shortTextContent').data;
                n.failureSummary = `One character at ${d.contrastRatio}:1 (${d.fgColor} on ${d.bgColor}); expected ${d.expectedContrastRatio}`;
              }
              return lines(v, nodes);
            });
          return [...r.violations.map((v) => lines(v, v.nodes)), ...shortText];
        }),
    TAGS,
  );
  return violations.flatMap((v) =>
    v.nodes.map(
      (n) => `[${state}] ${v.id} (${v.impact}): ${v.help}\n    at ${n.target}\n    ${n.summary.replace(/\n\s*/g, ' ')}`,
    ),
  );
}

/** Collects the violations of every state a test visits, so one run names them all. */
class Audit {
  constructor(page, label) {
    this.page = page;
    this.label = label;
    this.found = [];
    this.states = 0;
  }
  async check(state) {
    this.states += 1;
    this.found.push(...(await audit(this.page, `${this.label}, ${state}`)));
  }
  expectNone() {
    expect(this.states).toBeGreaterThan(0);
    expect(this.found, `${this.found.length} accessibility violations:\n${this.found.join('\n')}`).toEqual([]);
  }
}

/** Opens every closed <details> inside `scope` (folded asides, explorer parts and the details
 * they reveal), one at a time. */
async function unfold(page, scope) {
  const closed = page.locator(`${scope} details:not([open])`);
  for (let i = 0; i < 40 && (await closed.count()) > 0; i++) {
    const details = await closed.first().elementHandle();
    await (await details.$(':scope > summary')).click();
    await expect.poll(() => details.evaluate((d) => d.open)).toBe(true);
  }
  await expect(closed).toHaveCount(0);
}

let app;
test.beforeEach(async ({ page, baseURL }) => {
  app = new ConvlabPage(page, baseURL);
});
test.afterEach(async () => {
  app.expectClean();
});

for (const [size, viewport] of Object.entries(VIEWPORTS)) {
  for (const scheme of SCHEMES) {
    test(`main page, ${size}, ${scheme}: every method paused and playing, presentation, an invalid layer, the seed note, the explorer`, async ({ page }) => {
      test.setTimeout(60_000);
      await page.setViewportSize(viewport);
      await page.emulateMedia({ colorScheme: scheme });
      const a = new Audit(page, `main ${size} ${scheme}`);
      await app.open('?h=6&w=6&cin=4&cout=4&k=3&pad=1&groups=2');
      const stage = page.locator('section.stage');
      for (const method of METHODS) {
        await app.tab(method).click();
        await expect(app.tab(method)).toHaveAttribute('aria-selected', 'true');
        await a.check(`${method} paused`);
        await stage.getByRole('button', { name: 'Play' }).click();
        await expect(stage.getByRole('button', { name: 'Pause' })).toBeVisible();
        await a.check(`${method} playing`);
        await stage.getByRole('button', { name: 'Pause' }).click();
      }
      await page.getByRole('button', { name: 'Present' }).click();
      await expect(page.getByRole('button', { name: 'Exit presentation' })).toBeVisible();
      await a.check('presentation');
      await page.keyboard.press('Escape');
      await expect(page.getByRole('button', { name: 'Present' })).toBeVisible();
      await app.field('groups').fill('3');
      await expect(app.alert()).toContainText('Groups (3) must divide');
      await a.check('invalid groups, alert');
      await app.field('groups').fill('2');
      await expect(app.alert()).toHaveCount(0);
      await page.locator('details.seed-note > summary').click();
      await expect(page.locator('details.seed-note[open]')).toHaveCount(1);
      await a.check('seed note open');
      await page.locator('.explorer-slot').scrollIntoViewIfNeeded();
      await expect(page.locator('section.explorer')).toBeVisible();
      await expect(page.locator('.explorer-placeholder')).toHaveCount(0);
      await unfold(page, 'section.explorer');
      await expect(page.locator('figure.chart')).toHaveCount(4);
      await a.check('explorer');
      await app.field('groups').fill('3');
      await expect(page.locator('.framework-rules')).toContainText('PyTorch');
      await a.check('explorer, invalid layer');
      a.expectNone();
    });
  }
}

for (const scheme of SCHEMES) {
  test(`lessons, ${scheme}: every chapter of every lesson with its aside open`, async ({ page }) => {
    test.setTimeout(90_000);
    await page.setViewportSize(VIEWPORTS.laptop);
    await page.emulateMedia({ colorScheme: scheme });
    const a = new Audit(page, `lessons ${scheme}`);
    await app.openLessons();
    await a.check('no lesson chosen');
    for (const [lesson, chapters] of Object.entries(LESSONS)) {
      await app.openLessons(`?lesson=${lesson}&chapter=1`);
      for (let n = 1; n <= chapters; n++) {
        if (n > 1) await page.getByRole('button', { name: 'Next', exact: true }).click();
        await expect(page.locator('.lesson-progress')).toHaveText(`Chapter ${n} of ${chapters}`);
        await unfold(page, '.chapter-text');
        await a.check(`${lesson} chapter ${n}`);
      }
    }
    a.expectNone();
  });

  test(`lessons, ${scheme}: the kernel editor with errors, and a phone`, async ({ page }) => {
    await page.setViewportSize(VIEWPORTS.laptop);
    await page.emulateMedia({ colorScheme: scheme });
    const a = new Audit(page, `lessons ${scheme}`);
    await app.openLessons('?lesson=spatial-separable&chapter=4&kernel=1,2,x,4,5,6,7,8,9');
    await expect(app.alert()).toContainText('is not a number');
    await a.check('malformed kernel= link');
    await page.getByRole('textbox', { name: 'Row 1, column 1' }).fill('abc');
    await expect(page.locator('.cell-problem')).toContainText('is not a number');
    await a.check('kernel cell not a number');
    await page.setViewportSize(VIEWPORTS.phone);
    await app.openLessons('?lesson=grouped&chapter=6');
    await a.check('phone, grouped chapter 6');
    a.expectNone();
  });
}

for (const [size, viewport] of Object.entries(VIEWPORTS)) {
  for (const scheme of SCHEMES) {
    test(`export dialog and embed, ${size}, ${scheme}`, async ({ page }) => {
      await page.setViewportSize(viewport);
      await page.emulateMedia({ colorScheme: scheme });
      const a = new Audit(page, `export ${size} ${scheme}`);
      await app.open('?mode=depthwise-separable&h=6&w=6&cin=3&cout=4&k=3&pad=1');
      await page.getByRole('button', { name: 'Export…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Export the stage' });
      await expect(dialog).toBeVisible();
      await a.check('dialog, GIF');
      await dialog.getByLabel('Range').selectOption('Steps…');
      await dialog.getByLabel('From step').fill('9');
      await dialog.getByLabel('To step').fill('2');
      await expect(dialog.getByRole('alert')).toBeVisible();
      await a.check('dialog, steps with an error');
      await dialog.getByLabel('Format').selectOption('PNG');
      await a.check('dialog, PNG');
      await page.goto('/?mode=grouped&h=6&w=6&cin=4&cout=4&k=3&groups=2&embed=1');
      await expect(page.locator('section.stage canvas')).toBeVisible();
      await a.check('embed');
      a.expectNone();
    });
  }
}
