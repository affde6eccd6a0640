// End to end: the README's demo, as a visitor uses it. Vite serves demo/ with the mock Alli and
// the host token route mounted; Playwright drives Debian Chromium (no browser download).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { launchChromium, startDemoServer } from './harness.mjs';
import { afterTurn, trackTurns, turnEndedSince, turnsEnded } from './turns.mjs';

// A key nobody could guess: if it shows up anywhere in the browser, it leaked at run time.
const API_KEY = `e2e-key-${randomBytes(12).toString('hex')}`;
process.env.MOCK_ALLI_API_KEY = API_KEY;
process.env.ALLI_MOCK_QUIET = '1';

const OUT = new URL('../../test-results/', import.meta.url);
const SHOTS = new URL('../../docs/screenshots/', import.meta.url);
mkdirSync(OUT, { recursive: true });
mkdirSync(SHOTS, { recursive: true });

let server;
let browser;
let baseUrl;

before(async () => {
  server = await startDemoServer();
  baseUrl = server.baseUrl;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function openDemo(viewport = { width: 1200, height: 820 }, options = {}) {
  const context = await browser.newContext({ viewport, locale: 'en-US', ...options });
  await trackTurns(context);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('response', (r) => r.status() >= 400 && problems.push(`${r.status()} ${r.url()}`));
  return { context, page, problems };
}

const chat = (page) => page.locator('alli-chat#chat');
const botMessages = (page) => chat(page).locator('.message.bot');
// Live options mean the greeting's turn has ended: the next turn counted is the visitor's.
const greeted = (page, selector = 'alli-chat#chat') => page.locator(selector).locator('.option:not([disabled])').first().waitFor({ timeout: 30_000 });

test('a visitor holds a conversation: greeting, option, streamed answer with sources, Korean text', async () => {
  const { context, page, problems } = await openDemo();
  try {
    // How soon the greeting shows is a figure for `npm run bench`, not an assertion here.
    await page.goto(baseUrl);
    await greeted(page);

    const greeting = botMessages(page).first();
    assert.match(await greeting.locator('a').first().getAttribute('href'), /^https:\/\//);

    await afterTurn(page, () => chat(page).locator('.option', { hasText: 'How does Alli answer?' }).click(), 'alli-chat#chat');
    const answer = botMessages(page).nth(1);
    assert.ok((await answer.locator('.bubble').innerText()).length > 200, 'the streamed answer is all there');
    assert.ok((await answer.locator('.bubble ol li, .bubble ul li').count()) > 0, 'Markdown rendered as lists');
    assert.ok((await answer.locator('.citations li').count()) >= 2, 'numbered sources under the answer');
    assert.ok((await answer.locator('.steps li.done').count()) >= 1, 'progress steps settled');

    const input = chat(page).locator('textarea');
    await input.fill('안녕하세요! 한국어로 답해 줄 수 있나요?');
    // The end of this turn, not the absence of `streaming` (also true before the reply starts).
    await afterTurn(page, () => input.press('Enter'), 'alli-chat#chat');
    assert.equal(await chat(page).locator('.message.user').count(), 2);
    const reply = botMessages(page).last();
    assert.match(await reply.locator('.bubble').innerText(), /[\uac00-\ud7a3]/, 'the reply is in Korean');
    assert.equal(await chat(page).locator('.message.user.failed').count(), 0);
    await page.screenshot({ path: new URL('demo-conversation.png', OUT).pathname });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a reply that is slow to start is waited for: the typing placeholder is never read as the reply', async () => {
  const { context, page, problems } = await openDemo();
  // The visitor's turn (the second run_conversation) is held at the network until released,
  // so the reply cannot start: no timing involved.
  let release;
  const gate = new Promise((resolve) => (release = resolve));
  let heldTurn;
  const held = new Promise((resolve) => (heldTurn = resolve));
  let turnCalls = 0;
  await page.route(
    (url) => url.pathname.endsWith('/run_conversation'),
    async (route) => {
      turnCalls += 1;
      if (turnCalls === 2) {
        heldTurn();
        await gate;
      }
      await route.continue();
    },
  );
  try {
    await page.goto(baseUrl);
    await greeted(page);
    const since = await turnsEnded(page, 'alli-chat#chat');
    const input = chat(page).locator('textarea');
    await input.fill('안녕하세요! 한국어로 답해 줄 수 있나요?');
    await input.press('Enter');
    await held;
    await chat(page).locator('.message.user').first().waitFor();

    // What the old wait saw: `streaming` is absent, and the last bot message is the placeholder.
    assert.equal(await chat(page).evaluate((el) => el.hasAttribute('streaming')), false, 'no `streaming` before the reply starts');
    assert.equal(await botMessages(page).last().locator('.bubble').innerText(), 'Loading…', 'the typing placeholder is the last bot message');

    // The wait for this turn's end does not return while the reply is held.
    let returned = false;
    const waiting = turnEndedSince(page, since, 'alli-chat#chat').then(() => (returned = true));
    // Two frames: any wait that is already satisfied (as the old one was) has returned by then.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    assert.equal(returned, false, 'the wait for the reply returned before the reply existed');

    release();
    await waiting;
    const reply = botMessages(page).last();
    assert.match(await reply.locator('.bubble').innerText(), /[\uac00-\ud7a3]/, 'the reply is in Korean');
    assert.deepEqual(problems, []);
  } finally {
    release();
    await context.close();
  }
});

test('the API key never reaches the browser', async () => {
  const { context, page } = await openDemo();
  const responses = [];
  const sentHeaders = [];
  page.on('request', (r) => sentHeaders.push(r.headers()));
  page.on('response', (r) => responses.push(r));
  try {
    await page.goto(baseUrl);
    await greeted(page);
    await afterTurn(page, () => chat(page).locator('.option', { hasText: 'How does Alli answer?' }).click(), 'alli-chat#chat');
    assert.ok(responses.length > 10, `the page loaded its files (${responses.length})`);
    let checked = 0;
    for (const response of responses) {
      const body = await response.body().catch(() => Buffer.alloc(0));
      assert.ok(!body.toString('utf8').includes(API_KEY), `key found in ${response.url()}`);
      assert.ok(!JSON.stringify(await response.allHeaders()).includes(API_KEY), `key found in headers of ${response.url()}`);
      checked += 1;
    }
    for (const headers of sentHeaders) {
      assert.ok(!('api-key' in headers), 'no request carries API-KEY');
      assert.ok(!JSON.stringify(headers).includes(API_KEY));
    }
    const storage = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie + document.documentElement.outerHTML);
    assert.ok(!storage.includes(API_KEY), 'not in storage, cookies or the DOM');
    console.log(`checked ${checked} responses and ${sentHeaders.length} requests: no API key`);
  } finally {
    await context.close();
  }
});

test('a visitor uploads a file and books a demo with the form', async () => {
  const { context, page, problems } = await openDemo();
  try {
    await page.goto(baseUrl);
    await greeted(page);
    await afterTurn(page, () => chat(page).locator('.option', { hasText: 'Check a file' }).click(), 'alli-chat#chat');
    const bytes = Buffer.from('Quarterly figures\n1,2,3\n'.repeat(2000));
    await chat(page).locator('input.attach-input').setInputFiles({ name: '분기 보고서.csv', mimeType: 'text/csv', buffer: bytes });
    await chat(page).locator('.attachments .file-chip').waitFor();
    await chat(page).locator('textarea').fill('Here are the figures');
    await afterTurn(page, () => chat(page).locator('textarea').press('Enter'), 'alli-chat#chat');
    assert.equal(await chat(page).locator('.message.user').last().getAttribute('class').then((c) => c.split(/\s+/).includes('sent')), true, 'the upload turn was sent');
    const { createHash } = await import('node:crypto');
    const digest = createHash('sha256').update(bytes).digest('hex');
    assert.match(await botMessages(page).last().innerText(), new RegExp(digest.slice(0, 12)), 'the mock saw the same bytes');

    // The menu rides on the acknowledgement: book a demo.
    await chat(page).locator('.message.bot').last().locator('.option', { hasText: 'Book a demo' }).click();
    const form = chat(page).locator('form[part~="form"]');
    await form.waitFor();
    await form.locator('button[type=submit]').click();
    // Focus moves to the first invalid field (control names are namespaced; the wrapper names the field).
    await page.waitForFunction(() => document.querySelector('alli-chat#chat')?.shadowRoot?.activeElement?.closest('[data-field]')?.getAttribute('data-field') === 'fullName');
    await form.locator('[data-field="fullName"] :is(input, textarea, select)').fill('김민수');
    await form.locator('[data-field="email"] :is(input, textarea, select)').fill('minsu@example.com');
    await form.locator('[data-field="teamSize"] :is(input, textarea, select)').fill('12');
    await form.locator('[data-field="preferredDate"] :is(input, textarea, select)').fill('2026-12-10');
    await form.locator('[data-field="region"] :is(input, textarea, select)').selectOption('kr');
    await form.locator('button[type=submit]').click();
    await chat(page).locator('.banner.ended').waitFor({ timeout: 15_000 });
    assert.match(await chat(page).locator('.message.user').last().innerText(), /김민수/);
    await page.screenshot({ path: new URL('demo-form.png', OUT).pathname });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

for (const [device, viewport] of [
  ['desktop', { width: 1280, height: 800 }],
  ['phone', { width: 390, height: 844 }],
]) {
  for (const colorScheme of ['light', 'dark']) {
    test(`the launcher on a ${device} in ${colorScheme} mode`, async () => {
      const { context, page, problems } = await openDemo(viewport, { colorScheme, isMobile: device === 'phone', hasTouch: device === 'phone' });
      try {
        await page.goto(baseUrl);
        const launcher = page.locator('alli-chat#launcher');
        await launcher.locator('.launcher').click();
        await greeted(page, 'alli-chat#launcher');
        await afterTurn(page, () => launcher.locator('.option', { hasText: 'How does Alli answer?' }).click(), 'alli-chat#launcher');
        const panel = await launcher.locator('.panel').boundingBox();
        if (device === 'phone') {
          assert.deepEqual([panel.x, panel.y, panel.width], [0, 0, 390], 'full screen on a phone');
        } else {
          assert.ok(panel.width <= 400 && panel.x > 600, 'a panel in the bottom-right corner');
        }
        const surface = await launcher.evaluate((el) => getComputedStyle(el.shadowRoot.querySelector('.panel')).backgroundColor);
        assert.equal(surface, colorScheme === 'dark' ? 'rgb(22, 25, 34)' : 'rgb(255, 255, 255)');
        await page.screenshot({ path: new URL(`launcher-${device}-${colorScheme}.png`, SHOTS).pathname });
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    });
  }
}
