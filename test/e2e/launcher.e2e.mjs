// Launcher mode as shipped (the strict-CSP server serves the widget as dist/cdn builds it: an
// entry module and chunks): the first load is the shell alone; the conversation core is fetched
// on intent; a whole exchange works after opening; a core that fails to load says so and Retry
// recovers.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchChromium } from './harness.mjs';
import { startCspDemo } from '../../demo/csp/server.mjs';

let browser;
let demo;

before(async () => {
  browser = await launchChromium();
  demo = await startCspDemo();
});

after(async () => {
  await browser?.close();
  await demo?.close();
});

const launcherUrl = () => demo.url.replace(/\/csp\/$/, '/csp/launcher.html');
const isCoreChunk = (url) => /\/csp\/chunks\/chat-panel-[\w-]+\.js$/.test(url);
const inShadow = (page, selector) =>
  page.waitForFunction((s) => document.querySelector('alli-chat')?.shadowRoot?.querySelector(s), selector, { timeout: 20_000 });

async function openPage() {
  const context = await browser.newContext({ viewport: { width: 1200, height: 820 }, locale: 'en-US' });
  const page = await context.newPage();
  const requested = [];
  page.on('request', (r) => requested.push(r.url()));
  await page.goto(launcherUrl());
  await page.waitForFunction(() => customElements.get('alli-chat') && document.querySelector('alli-chat').shadowRoot?.querySelector('.launcher'));
  return { context, page, requested };
}

test('the first load is the launcher alone; the core comes on intent; an exchange works after opening', async () => {
  const { context, page, requested } = await openPage();
  try {
    const scripts = requested.filter((u) => u.endsWith('.js'));
    assert.ok(scripts.length > 0, 'the shell loaded');
    assert.equal(scripts.filter(isCoreChunk).length, 0, `no conversation chunk before intent: ${scripts.join(', ')}`);
    assert.equal(requested.filter((u) => /\/alli\/token|\/webapi\//.test(u)).length, 0, 'no token or Alli call before the visitor opens the chat');

    const coreRequest = page.waitForRequest((r) => isCoreChunk(r.url()));
    await page.locator('alli-chat').locator('.launcher').hover();
    await coreRequest; // fetched on hover, before any click
    assert.equal(requested.filter((u) => /\/webapi\//.test(u)).length, 0, 'hovering fetches code, never the conversation');

    await page.locator('alli-chat').locator('.launcher').click();
    await inShadow(page, '.message.bot .bubble');
    await page.waitForFunction(() => document.querySelector('alli-chat').shadowRoot.querySelectorAll('.option:not([disabled])').length >= 3, null, {
      timeout: 20_000,
    });
    const textarea = page.locator('alli-chat').locator('textarea');
    await textarea.fill('What does Alli do?');
    const ended = page.evaluate(
      () => new Promise((resolve) => document.querySelector('alli-chat').addEventListener('alli-stream-end', (e) => resolve(e.reason), { once: true })),
    );
    await textarea.press('Enter');
    assert.equal(await ended, 'waiting_input');
    const lastBot = await page.evaluate(() => {
      const bots = document.querySelector('alli-chat').shadowRoot.querySelectorAll('.message.bot .bubble');
      return bots[bots.length - 1].textContent.trim();
    });
    assert.ok(lastBot.length > 20, `a real answer: ${lastBot}`);
    const lazy = requested.filter((u) => /\/chunks\/(?:error-text|forms\.controller|xhr-request|ko|ja)-[\w-]+\.js$/.test(u));
    assert.deepEqual(lazy, [], 'an exchange without errors, forms, files or another language loads none of their chunks');
  } finally {
    await context.close();
  }
});

test('a core that fails to load shows a clear message, and Retry recovers', async () => {
  const { context, page } = await openPage();
  try {
    let refused = 0;
    await page.route(isCoreChunk, (route) => {
      refused += 1;
      return route.abort('connectionfailed');
    });
    await page.locator('alli-chat').locator('.launcher').click();
    await inShadow(page, '.retry-load');
    const status = await page.evaluate(() => document.querySelector('alli-chat').shadowRoot.querySelector('.panel-status').textContent.trim());
    assert.match(status, /could not be loaded/i);
    assert.ok(refused >= 1);

    await page.unroute(isCoreChunk);
    await page.locator('alli-chat').locator('.retry-load').click();
    await inShadow(page, '.message.bot .bubble');
    await page.waitForFunction(() => !document.querySelector('alli-chat').shadowRoot.querySelector('.retry-load'));
  } finally {
    await context.close();
  }
});
