// The adoption pages (demo/pages/) as a site serves them, under the README's strict CSP: the
// CDN module with attributes only, the classic script alone, and React 19 with the wrapper.
// Each shows the greeting and holds one exchange; the CDN's chunks load relative to the
// script's URL from a sub-path (/shop/cdn/chunks/…).
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { launchChromium } from './harness.mjs';
import { startPagesDemo } from '../../demo/pages/server.mjs';

let browser;
let demo;

before(async () => {
  browser = await launchChromium();
  demo = await startPagesDemo();
});

after(async () => {
  await browser?.close();
  await demo?.close();
});

/** Opens `page`, holds greeting + one exchange, and returns what the page requested and logged. */
async function exchange(pageName, { open = false, check = async () => {} } = {}) {
  const context = await browser.newContext({ viewport: { width: 1100, height: 820 }, locale: 'en-US' });
  const page = await context.newPage();
  const requested = [];
  const problems = [];
  page.on('request', (r) => requested.push(r.url()));
  page.on('console', (m) => (m.type() === 'error' || m.type() === 'warning') && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(String(e)));
  try {
    await page.goto(demo.url(pageName));
    await page.waitForFunction(() => customElements.get('alli-chat') && document.querySelector('alli-chat')?.shadowRoot, null, { timeout: 30_000 });
    if (open) await page.locator('alli-chat').locator('.launcher').click();
    await page.waitForFunction(() => document.querySelector('alli-chat').shadowRoot.querySelectorAll('.option:not([disabled])').length >= 3, null, { timeout: 30_000 });
    const textarea = page.locator('alli-chat').locator('textarea');
    await textarea.fill('What does Alli do?');
    const ended = page.evaluate(() => new Promise((resolve) => document.querySelector('alli-chat').addEventListener('alli-stream-end', (e) => resolve(e.reason), { once: true })));
    await textarea.press('Enter');
    assert.equal(await ended, 'waiting_input');
    const bots = await page.evaluate(() => [...document.querySelector('alli-chat').shadowRoot.querySelectorAll('.message.bot .bubble')].map((b) => b.textContent.trim()));
    assert.ok(bots.length >= 2 && bots[bots.length - 1].length > 20, `a greeting and a real answer: ${JSON.stringify(bots)}`);
    // Every stylesheet of the minified build parses (an escape the minifier adds once emptied one).
    const sheets = await page.evaluate(() => document.querySelector('alli-chat').shadowRoot.adoptedStyleSheets.map((sheet) => sheet.cssRules.length));
    assert.ok(sheets.length >= 3 && sheets.every((rules) => rules > 0), `every adopted stylesheet has rules: ${sheets.join(', ')}`);
    const composerInView = await page.locator('alli-chat').locator('textarea').isVisible();
    assert.ok(composerInView, 'the composer is still in view after the answer');
    await check(page);
    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: `test-results/page-${pageName.replace('.html', '')}.png` });
    return { requested, problems };
  } finally {
    await context.close();
  }
}

test('plain HTML page: the CDN module and attributes only', async () => {
  const { requested, problems } = await exchange('plain.html');
  const chunks = requested.filter((u) => u.includes('/chunks/'));
  assert.ok(chunks.length > 0 && chunks.every((u) => new URL(u).pathname.startsWith('/shop/cdn/chunks/')), `chunks beside the module: ${chunks.join(', ')}`);
  assert.deepEqual(problems.filter((p) => /Content Security Policy|Trusted Type/i.test(p)), [], 'no CSP violation');
});

test('CMS page: only the classic script and the element (launcher)', async () => {
  const { requested, problems } = await exchange('cms.html', { open: true });
  assert.ok(requested.some((u) => new URL(u).pathname === '/shop/cdn/alli-chat.js'), 'the classic script imported the module beside it');
  assert.deepEqual(problems.filter((p) => /Content Security Policy|Trusted Type|could not load/i.test(p)), []);
});

test('React 19 page: the @lit/react wrapper with typed event props', async () => {
  await exchange('react.html', {
    check: async (page) => {
      const received = Number(await page.locator('#received').textContent());
      assert.ok(received >= 2, `onAlliMessageReceive ran for the greeting and the answer: ${received}`);
    },
  });
});

test('CDN build on a page with its own Lit: needs \'allow-duplicates\' for lit-html, as the README says', async () => {
  const load = async (target) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    try {
      await page.goto(target.url('own-lit.html'));
      await page.waitForFunction(() => document.querySelector('site-badge')?.shadowRoot?.textContent === 'site element', null, { timeout: 20_000 });
      const greeted = await page
        .waitForFunction(() => document.querySelector('alli-chat')?.shadowRoot?.querySelectorAll('.message.bot .bubble').length > 0, null, { timeout: 20_000 })
        .then(() => true, () => false);
      return { greeted, errors };
    } finally {
      await context.close();
    }
  };
  const strict = await load(demo);
  assert.equal(strict.greeted, false, 'the second lit-html policy is refused');
  assert.ok(strict.errors.some((e) => /lit-html.*already exists/.test(e)), strict.errors.join('\n'));
  const duplicates = await startPagesDemo({ policies: ['lit-html', 'alli-chat', "'allow-duplicates'"] });
  try {
    const allowed = await load(duplicates);
    assert.equal(allowed.greeted, true, `both Lits work with 'allow-duplicates': ${allowed.errors.join('\n')}`);
  } finally {
    await duplicates.close();
  }
});
