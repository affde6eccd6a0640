#!/usr/bin/env node
// Long histories (issue #12): a remembered 1,000-message conversation (test/fixtures/long-history.mjs:
// Draft.js, Markdown and plain messages, some with options, files and citations) restored into
// the widget as it ships (the strict-CSP server builds it with dist/cdn's options; chunks in the
// browser's cache, as for a returning visitor). Alli's latency is taken out: the element's
// `fetch` answers from memory.
//
// - elements: everything in the shadow root once the restore has settled;
// - arrival → painted: from the moment the injected fetch hands the history response to the
//   widget to the first animation frame after the latest message is in the DOM with its text
//   (a MutationObserver notices it; the next frame's callback runs just before that frame's paint);
// - jump: the reader scrolls up so the oldest drawn message is just in view, the window draws
//   older ones, and the message at the top of the viewport must not move.
//
//   node scripts/bench-history.mjs      prints the rows; exit code 1 when a budget is broken
import { pathToFileURL } from 'node:url';
import { onLauncherPages } from './bench-open.mjs';
import { longHistory } from '../test/fixtures/long-history.mjs';

const MESSAGES = 1000;
const RUNS = 5;
const SCROLL_ROUNDS = 8;

/**
 * `smoke`: one run and two window growths, for the test that keeps the harness from rotting.
 * @param {{ browser: import('playwright-core').Browser, smoke?: boolean }} options
 * @returns {Promise<Array<{ metric: string, value: number, unit: string, budget?: number, direction?: 'max'|'min', note?: string }>>}
 */
export async function measureHistory(options) {
  const { browser, smoke = false } = options;
  const runs = smoke ? 1 : RUNS;
  const rounds = smoke ? 2 : SCROLL_ROUNDS;
  const body = JSON.stringify(longHistory(MESSAGES));
  const results = await onLauncherPages(browser, runs, async (page) => {
    await page.waitForFunction(() => customElements.get('alli-chat'));
    return page.evaluate(restoreInPage, { body, messages: MESSAGES, rounds });
  });
  const times = results.map((r) => r.ms);
  const elements = Math.max(...results.map((r) => r.elements));
  const drawn = Math.max(...results.map((r) => r.drawn));
  const jump = Math.max(...results.map((r) => r.jump));
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  return [
    { metric: `history: elements in the shadow root after a ${MESSAGES.toLocaleString('en')}-message restore`, value: elements, unit: 'elements', budget: 2000, direction: 'max', note: `${drawn} messages drawn, the most of ${runs} runs` },
    { metric: 'history: arrival → latest messages painted', value: Math.round(median), unit: 'ms', budget: 150, direction: 'max', note: `median of ${runs}: ${times.map((t) => t.toFixed(0)).join(', ')} ms` },
    { metric: 'history: scroll-up jump of the message in view', value: Number(jump.toFixed(2)), unit: 'px', budget: 1, direction: 'max', note: `the largest of ${rounds} window growths × ${runs} runs` },
  ];
}

/** In the page: restores the history into a new inline widget; returns its figures. */
async function restoreInPage({ body, messages, rounds }) {
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  const appId = 'bench-history';
  sessionStorage.setItem(`alli-chat:v1:${appId}:anonymous`, JSON.stringify({ conversationId: 'C-long', savedAt: Date.now() }));
  document.querySelector('alli-chat')?.remove(); // the page's launcher: not measured
  const el = document.createElement('alli-chat');
  for (const [name, value] of Object.entries({ 'app-id': appId, 'api-base': '/', 'token-url': '/alli/token' })) el.setAttribute(name, value);
  el.style.height = '600px';
  el.style.display = 'block';
  let arrival = 0;
  el.fetch = async (input) => {
    const url = String(input);
    if (url.endsWith('/alli/token')) return Response.json({ token: 'bench', expiresIn: 600 });
    if (url.includes('/conversations/C-long')) {
      const response = new Response(body, { headers: { 'Content-Type': 'application/json' } });
      arrival = performance.now();
      return response;
    }
    return Response.json({ message: 'not in this bench' }, { status: 404 });
  };
  const latest = () => {
    const last = el.shadowRoot?.querySelector(`.message[aria-posinset="${messages}"] .bubble`);
    return !!last && last.textContent.includes(`Answer ${messages - 1}`);
  };
  document.body.append(el); // the shadow root is created now; the history is asked for later
  const painted = new Promise((resolve) => {
    const seen = () => {
      if (!latest()) return false;
      requestAnimationFrame(() => resolve(performance.now()));
      return true;
    };
    const observer = new MutationObserver(() => seen() && observer.disconnect());
    observer.observe(el.shadowRoot, { subtree: true, childList: true, characterData: true });
  });
  const ms = (await painted) - arrival;

  // Settled: late chunks (option buttons, file styles) have arrived and nothing moves any more.
  const scroller = el.shadowRoot.querySelector('.messages');
  for (let last = -1, still = 0; still < 10; ) {
    await frame();
    still = scroller.scrollHeight === last ? still + 1 : 0;
    last = scroller.scrollHeight;
  }
  const drawnMessages = () => [...el.shadowRoot.querySelectorAll('.transcript > .message[aria-posinset]')];
  const elements = el.shadowRoot.querySelectorAll('*').length;
  const drawn = drawnMessages().length;

  let jump = 0;
  for (let round = 0; round < rounds; round++) {
    const oldest = Number(drawnMessages()[0].getAttribute('aria-posinset'));
    if (oldest === 1) break;
    const edge = () => scroller.getBoundingClientRect().top;
    scroller.scrollTop += drawnMessages()[0].getBoundingClientRect().top - edge() - 40;
    const top = drawnMessages().find((m) => m.getBoundingClientRect().bottom > edge());
    const before = top.getBoundingClientRect().top - edge();
    for (let f = 0; f < 120 && Number(drawnMessages()[0].getAttribute('aria-posinset')) >= oldest; f++) await frame();
    await frame();
    await frame();
    jump = Math.max(jump, top.isConnected ? Math.abs(top.getBoundingClientRect().top - edge() - before) : Infinity);
  }
  return { ms, elements, drawn, jump };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { chromium } = await import('playwright-core');
  const { CHROME_FLAGS, findChrome } = await import('./find-chrome.mjs');
  const chrome = findChrome();
  if (!chrome) {
    console.error('No Chrome/Chromium found (set CHROME_PATH, or run npm test once to install Debian chromium).');
    process.exit(2);
  }
  process.env.ALLI_MOCK_QUIET = '1';
  const browser = await chromium.launch({ executablePath: chrome, args: CHROME_FLAGS });
  try {
    const rows = await measureHistory({ browser, chrome });
    let broken = 0;
    for (const row of rows) {
      const over = row.budget !== undefined && (row.direction === 'min' ? row.value < row.budget : row.value > row.budget);
      broken += over ? 1 : 0;
      const budget = row.budget === undefined ? '' : ` (budget ${row.direction === 'min' ? '≥' : '≤'} ${row.budget} ${row.unit})`;
      console.log(`${row.metric}: ${row.value} ${row.unit}${budget} ${over ? 'OVER BUDGET' : 'ok'}${row.note ? ` — ${row.note}` : ''}`);
    }
    process.exitCode = broken ? 1 : 0;
  } finally {
    await browser.close();
  }
}
