// Playwright runs the end-to-end suite against the release build in dist/, served on
// 127.0.0.1, in Debian's Chromium (never a downloaded browser).
import { defineConfig } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 8091);

export default defineConfig({
  testDir: '.',
  outputDir: '../../test-results/e2e',
  timeout: 30_000,
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: 'chromium',
    // The service worker would serve later loads from its cache, past page.route and the
    // request counts the tests rely on: it runs only where a test allows it (offline.spec.mjs).
    serviceWorkers: 'block',
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    command: `node scripts/static-server.mjs dist ${port}`,
    cwd: '../..',
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 20_000,
  },
});
