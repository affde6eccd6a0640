// End to end: the demo's app picker switches <alli-chat> between Alli's conversational paths,
// and a visitor holds one exchange on each: run_conversation (the demo campaign), an LLM app's
// streamed /run (the handbook agent), and a skill over start_conversation / send_chat. Vite serves
// demo/ with the mock Alli, the token route and the host's app list mounted.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchChromium, startDemoServer } from './harness.mjs';

process.env.ALLI_MOCK_QUIET = '1';

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

const chat = (page) => page.locator('alli-chat#chat');

/** How many turns of the main widget have ended (`alli-stream-end`), recorded by the page itself. */
const endsSoFar = (page) => page.evaluate(() => window.__streamEnds.length);

/** Waits for the main widget's next `alli-stream-end` after `count` of them; returns it. */
async function nextEnd(page, count) {
  await page.waitForFunction((n) => window.__streamEnds.length > n, count, { timeout: 30_000 });
  return page.evaluate((n) => window.__streamEnds[n], count);
}

/** Types a message as the visitor and waits for that turn's end. */
async function say(page, text) {
  const count = await endsSoFar(page);
  const input = chat(page).locator('textarea');
  await input.fill(text);
  await input.press('Enter');
  return nextEnd(page, count);
}

/** Picks an app in the demo's picker; the widget then starts over on that app's transport. */
async function pick(page, appId) {
  await page.locator('#app-picker').selectOption(appId);
  await page.waitForFunction((id) => document.querySelector('alli-chat#chat')?.getAttribute('app-id') === id, appId);
  // The element has taken the new app once its update is complete (a transport's chunk may still
  // be on its way when the attribute changes).
  await page.evaluate(() => document.querySelector('alli-chat#chat').updateComplete);
}

test('the app picker switches transports, and each holds an exchange', async () => {
  const context = await browser.newContext({ viewport: { width: 1200, height: 820 }, locale: 'en-US' });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('response', (r) => r.status() >= 400 && problems.push(`${r.status()} ${r.url()}`));
  const alliCalls = [];
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith('/webapi/')) alliCalls.push(`${r.method()} ${path}`);
  });
  await page.addInitScript(() => {
    window.__streamEnds = [];
    document.addEventListener('alli-stream-end', (e) => {
      if (e.target.id === 'chat') window.__streamEnds.push({ reason: e.reason, conversationId: e.conversationId, appId: e.target.appId, transport: e.target.transport });
    });
  });
  // The host's token route answers slowly, as a loaded one does: each new app's session fetches
  // a token before it can say whether a conversation is remembered (the loading dots show meanwhile).
  await page.route('**/alli/token', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 500));
    await route.continue();
  });
  try {
    await page.goto(baseUrl);
    // The host's list, through the server client: the conversational apps with their transports.
    await page.waitForFunction(() => document.querySelector('#app-picker')?.dataset.ready === 'true');
    const listed = await page.locator('#app-picker option').evaluateAll((options) => options.map((o) => `${o.value}:${o.dataset.transport}:${o.dataset.placement ?? ''}`));
    assert.deepEqual(listed, ['demo:conversation:', 'handbook:llm-app:', 'help-desk:skill:website', 'order-lookup:skill:orders']);

    // 1. run_conversation: the demo campaign greets, then answers a message in a stream.
    const greeting = await nextEnd(page, 0);
    assert.deepEqual([greeting.appId, greeting.transport, greeting.reason], ['demo', 'conversation', 'waiting_input']);
    const reply = await say(page, 'Hello there');
    assert.equal(reply.reason, 'waiting_input');
    assert.equal(reply.conversationId, greeting.conversationId);
    assert.ok((await chat(page).locator('.message.bot').count()) >= 2, 'the greeting and the reply');

    // 2. The handbook agent: /run streamed, no greeting, the answer with its steps and sources.
    await pick(page, 'handbook');
    assert.equal(await chat(page).getAttribute('transport'), 'llm-app');
    await chat(page).locator('textarea').waitFor();
    // While the widget looks for a remembered conversation of this app (the token first), the
    // transcript shows its loading dots; the transcript is compared once that check is over.
    await chat(page).locator('.typing').waitFor({ state: 'detached' });
    const carried = await chat(page).locator('.message').evaluateAll((messages) => messages.map((m) => m.outerHTML.slice(0, 300)));
    assert.deepEqual(carried, [], 'a new conversation, nothing carried over');
    assert.equal(await chat(page).locator('.attach').count(), 0, '/run takes no files: no attach button');
    const answered = await say(page, 'How much leave do I get?');
    assert.deepEqual([answered.appId, answered.transport, answered.reason], ['handbook', 'llm-app', 'waiting_input']);
    const answer = chat(page).locator('.message.bot').last();
    assert.match(await answer.locator('.bubble').innerText(), /15 days/);
    assert.equal(await answer.locator('.citations li').count(), 2, 'two sources');
    assert.equal(await answer.locator('.steps li.done').count(), 2, 'search and write, settled');

    // 3. The help desk skill: start_conversation at its placement, then a button over send_chat.
    // Counted before the pick: the greeting may end before the picker's wait returns.
    const count = await endsSoFar(page);
    await pick(page, 'help-desk');
    const started = await nextEnd(page, count);
    assert.deepEqual([started.appId, started.transport, started.reason], ['help-desk', 'skill', 'waiting_input']);
    await chat(page).locator('.option', { hasText: 'Opening hours' }).waitFor();
    const before = await endsSoFar(page);
    await chat(page).locator('.option', { hasText: 'Opening hours' }).click();
    const chose = await nextEnd(page, before);
    assert.equal(chose.reason, 'waiting_input');
    assert.equal(chose.conversationId, started.conversationId);
    await chat(page).locator('.message.bot .bubble', { hasText: 'We are open Monday to Friday' }).waitFor();
    assert.equal(await chat(page).locator('.attach').count(), 0, 'send_chat takes no files');

    for (const call of ['POST /webapi/v2/apps/demo/run_conversation', 'POST /webapi/apps/handbook/run', 'POST /webapi/start_conversation', 'POST /webapi/send_chat']) {
      assert.ok(alliCalls.includes(call), `${call} was made (${alliCalls.join(', ')})`);
    }
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
