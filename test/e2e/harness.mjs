// What every end-to-end file starts with: Debian's Chromium with the flags measured on this kind
// of machine (docs/design.md §3), and, for the files that drive the demo, the Vite dev server
// with the mock Alli and the token route mounted (vite.config.ts), on a free port.
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { createServer } from 'vite';
import { CHROME_FLAGS, findChrome } from '../../scripts/find-chrome.mjs';

export async function launchChromium() {
  const executablePath = findChrome();
  assert.ok(executablePath, 'a Chrome/Chromium binary (CI installs Debian chromium; else set CHROME_PATH)');
  return chromium.launch({ executablePath, args: CHROME_FLAGS });
}

/** The demo as `npm start` serves it; `close()` stops it. */
export async function startDemoServer() {
  const server = await createServer({ configFile: new URL('../../vite.config.ts', import.meta.url).pathname, logLevel: 'error', server: { port: 0 } });
  await server.listen();
  return { baseUrl: server.resolvedUrls.local[0], close: () => server.close() };
}
