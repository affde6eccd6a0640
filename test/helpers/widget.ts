import { fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/alli-chat.js';
import type { AlliChatElement } from '../../src/ui/alli-chat.element.js';
import type { AlliStreamEndEvent } from '../../src/ui/events.js';

export interface MockKnobs {
  delayMs?: number;
  /** A fault for the n-th run_conversation call (1-based) only, e.g. `{ 2: 'status-500' }`. */
  faults?: Record<number, string>;
  wire?: 'sse' | 'ndjson';
}

/** A fetch that adds the mock's per-request knobs and records every Alli call it makes. */
export function mockFetch(knobs: MockKnobs = {}) {
  const calls: { url: string; method: string; body?: FormData }[] = [];
  let turns = 0;
  const wrapped: typeof fetch = (input, init = {}) => {
    const url = new URL(String(input instanceof Request ? input.url : input), location.href);
    const headers = new Headers(init.headers);
    const isTurn = url.pathname.endsWith('/run_conversation');
    if (isTurn) {
      turns += 1;
      headers.set('X-Mock-Delay-Ms', String(knobs.delayMs ?? 0));
      const fault = knobs.faults?.[turns];
      if (fault) headers.set('X-Mock-Fault', fault);
      if (knobs.wire) url.searchParams.set('wire', knobs.wire);
    }
    calls.push({ url: url.pathname, method: init.method ?? 'GET', body: init.body instanceof FormData ? init.body : undefined });
    return fetch(url, { ...init, headers });
  };
  return { fetch: wrapped, calls, turnCount: () => turns };
}

/** A widget against the mock Alli mounted in the test runner, with a token from the demo route. */
export async function chatFixture(knobs: MockKnobs = {}) {
  // Each test starts a conversation of its own: nothing restored from an earlier test.
  sessionStorage.clear();
  localStorage.clear();
  const mock = mockFetch(knobs);
  const el = await fixture<AlliChatElement>(
    html`<alli-chat app-id="demo" api-base="/" token-url="/alli/token" .fetch=${mock.fetch} style="height: 600px"></alli-chat>`,
  );
  return { el, mock };
}

export const $ = (el: AlliChatElement, selector: string) => el.shadowRoot!.querySelector(selector) as HTMLElement | null;
export const $$ = (el: AlliChatElement, selector: string) => [...el.shadowRoot!.querySelectorAll(selector)] as HTMLElement[];

export async function until(predicate: () => unknown, message: string, timeout = 8000) {
  await waitUntil(() => Boolean(predicate()), message, { timeout, interval: 20 });
}

/** Waits until the greeting's option buttons are live. */
export async function greeted(el: AlliChatElement) {
  await until(() => $$(el, '.option:not([disabled])').length >= 3, 'the greeting with its options');
  await el.updateComplete; // its Draft.js renderer may still be arriving
}

export function nextEvent<T extends Event>(target: EventTarget, type: string): Promise<T> {
  return new Promise((resolve) => target.addEventListener(type, (e) => resolve(e as T), { once: true }));
}

/** The element has rendered what it knows now (it renders on the next animation frame). */
export async function rendered(el: AlliChatElement) {
  await el.updateComplete;
  await new Promise((resolve) => requestAnimationFrame(resolve));
  await el.updateComplete;
}

/**
 * Runs `action`, which starts a turn, and resolves with that turn's `alli-stream-end` once it is
 * rendered. The listener is registered before the action, so an end cannot be missed; call it
 * when no other turn is in flight (e.g. after `greeted`), so the end is this turn's.
 */
export async function replyTo(el: AlliChatElement, action: () => unknown, message = 'the end of the turn', timeout = 15000): Promise<AlliStreamEndEvent> {
  let ended: AlliStreamEndEvent | undefined;
  const onEnd = (e: AlliStreamEndEvent) => void (ended ??= e);
  el.addEventListener('alli-stream-end', onEnd);
  try {
    await action();
    await until(() => ended, message, timeout);
  } finally {
    el.removeEventListener('alli-stream-end', onEnd);
  }
  await rendered(el);
  return ended!;
}
