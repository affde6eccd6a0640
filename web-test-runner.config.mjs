// web-test-runner: every test/**/*.test.ts in Debian Chromium, with the mock Alli and the
// demo host's token route mounted on the same server so component tests stream from them.
import { readFile } from 'node:fs/promises';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher, defaultReporter } from '@web/test-runner';
import { findChrome, CHROME_FLAGS } from './scripts/find-chrome.mjs';
import { summaryLineReporter } from './scripts/summary-reporter.mjs';
import { draftStubsWtrPlugin } from './scripts/draft-stubs.mjs';
import { draftReferenceWtrPlugin } from './scripts/draft-reference.mjs';
import { createDevMiddleware } from './demo/dev-middleware.js';

const chrome = findChrome();
if (!chrome) {
  throw new Error('No Chrome/Chromium found: install one (`apt-get install -y chromium`) or set CHROME_PATH.');
}

// The runner picks its port when it starts; the port a connection came in on is this server's
// own (a request cannot choose it, unlike its Host header), so the token route mints there.
/** @type {number | undefined} */
let ownPort;
// The test runner's configuration is the one place the mock's `/__mock/*` hooks are on.
const ownOrigins = () => [`http://localhost:${ownPort}`, `http://127.0.0.1:${ownPort}`];
// Test pages call the mock from both names of this server (a real cross-origin call): those two
// origins are the allow-list.
const alli = createDevMiddleware({
  alliBase: () => `http://localhost:${ownPort}`,
  quiet: true,
  mock: { debugRoutes: true, allowedOrigins: (origin) => ownOrigins().includes(origin) },
});

export default {
  files: ['test/**/*.test.ts', '!test/e2e/**'],
  // Several checkouts on one machine each need their own port (the default is 8000).
  ...(process.env.WTR_PORT ? { port: Number(process.env.WTR_PORT) } : {}),
  nodeResolve: { exportConditions: ['browser', 'development'] },
  concurrency: 2,
  concurrentBrowsers: 1,
  testsFinishTimeout: 10 * 60_000,
  testFramework: { config: { timeout: 15_000 } },
  plugins: [
    // draft-js-export-html without Draft.js/React/immutable (docs/design.md §4), and the real Draft.js
    // pipeline at a test-only URL for the differential test.
    draftStubsWtrPlugin(),
    draftReferenceWtrPlugin(),
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.json' }),
  ],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: chrome,
        headless: true,
        // Test pages share one browser: keep background tabs' frames and timers running.
        args: [...CHROME_FLAGS, '--disable-background-timer-throttling', '--disable-renderer-backgrounding', '--disable-backgrounding-occluded-windows'],
      },
      // One browser context (a window of its own) per test page, so none is a hidden tab whose
      // animation frames never fire.
      async createPage({ browser }) {
        const context = await browser.createBrowserContext();
        return context.newPage();
      },
    }),
  ],
  middleware: [
    // Raw text of the docs and sources, for tests that check documentation against code.
    async function rawListing(ctx, next) {
      // The TypeScript files under a folder of src/, for tests that scan every view.
      const match = /^\/__raw-list\/(src(?:\/[\w-]+)*)$/.exec(ctx.path);
      if (!match) return next();
      const { readdir } = await import('node:fs/promises');
      const entries = await readdir(new URL(`./${match[1]}/`, import.meta.url), { recursive: true });
      ctx.type = 'application/json';
      ctx.body = JSON.stringify(entries.filter((f) => f.endsWith('.ts')).map((f) => `${match[1]}/${f}`).sort());
    },
    async function rawFiles(ctx, next) {
      const match = /^\/__raw\/((?:README\.md)|(?:src\/[\w./-]+\.ts))$/.exec(ctx.path);
      if (!match || match[1].includes('..')) return next();
      ctx.type = 'text/plain; charset=utf-8';
      ctx.body = await readFile(new URL(`./${match[1]}`, import.meta.url), 'utf8');
    },
    // koa -> connect: hand the raw request to the mock when it claims the path.
    async function alliMock(ctx, next) {
      ownPort ??= ctx.req.socket.localPort;
      if (!alli.claims(ctx.url)) return next();
      ctx.respond = false;
      alli.handle(ctx.req, ctx.res);
      // Wait for the response to end so the runner logs its real status, not koa's default 404.
      if (!ctx.res.writableEnded) await new Promise((resolve) => ctx.res.once('close', resolve));
    },
  ],
  reporters: [defaultReporter(), summaryLineReporter()],
};
