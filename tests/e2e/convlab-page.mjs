// A page object for convlab: how the end-to-end tests open the page, read its figures and
// watch for console errors and requests to other hosts.
import { expect } from '@playwright/test';

export const METHODS = ['standard', 'spatial-separable', 'depthwise-separable', 'grouped'];

export class ConvlabPage {
  constructor(page, baseURL) {
    this.page = page;
    this.origin = new URL(baseURL).origin;
    this.consoleErrors = [];
    this.foreignRequests = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') this.consoleErrors.push(msg.text());
    });
    page.on('pageerror', (err) => this.consoleErrors.push(String(err)));
    page.on('request', (req) => {
      const url = req.url();
      if (!url.startsWith(this.origin) && !url.startsWith('data:')) this.foreignRequests.push(url);
    });
  }

  /** Opens the page with a query string and waits until the app has rendered. */
  async open(query = '') {
    await this.page.goto(`/${query}`);
    await expect(this.page.getByRole('tablist', { name: 'Convolution method' })).toBeVisible();
  }

  /** Opens the main page and scrolls to the cost explorer, whose bundle loads when the reader
   * nears it; waits until it has mounted. */
  async openExplorer(query = '') {
    await this.open(query);
    await this.page.locator('.explorer-slot').scrollIntoViewIfNeeded();
    await expect(this.page.locator('section.explorer')).toBeVisible();
    await expect(this.page.locator('.explorer-placeholder')).toHaveCount(0);
  }

  /** Opens the lessons page (lessons/) with a query string and waits until it has rendered. */
  async openLessons(query = '') {
    await this.page.goto(`/lessons/${query}`);
    await expect(this.page.getByRole('group', { name: 'Choose a lesson' })).toBeVisible();
    await expect(this.page.getByRole('tablist', { name: 'Convolution method' })).toBeVisible();
  }

  /** The integer a `data-metric` figure carries. */
  async metric(name) {
    const el = this.page.locator(`[data-metric="${name}"]`);
    await expect(el).toHaveCount(1);
    const text = await el.getAttribute('data-value');
    expect(text).toMatch(/^\d+$/);
    return BigInt(text);
  }

  /** Every figure on the page as { name: BigInt }. */
  async metrics() {
    const pairs = await this.page
      .locator('[data-metric]')
      .evaluateAll((els) => els.map((e) => [e.dataset.metric, e.dataset.value]));
    return Object.fromEntries(pairs.map(([k, v]) => [k, BigInt(v)]));
  }

  field(key) {
    return this.page.locator(`#field-${key}`);
  }

  tab(mode) {
    return this.page.locator(`#tab-${mode}`);
  }

  alert() {
    return this.page.getByRole('alert');
  }

  query() {
    return new URL(this.page.url()).searchParams;
  }

  /** Fails the test on console errors or requests to other hosts. */
  expectClean() {
    expect(this.consoleErrors, 'console errors').toEqual([]);
    expect(this.foreignRequests, 'requests to other hosts').toEqual([]);
  }
}
