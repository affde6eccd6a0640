/**
 * Helpers of the fault suite: a fetch that injects the mock's knobs per request (by a rule, so
 * automatic resends can be faulted too), records every call with its status, and can take the
 * token route down; fixtures for `<alli-chat>` against the mock; and `report()`, the one-line
 * summary per fault that the closing note quotes.
 */
import { fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/alli-chat.js';
import type { AlliChatElement } from '../../src/ui/alli-chat.element.js';
import type { ConversationSession } from '../../src/conversation/conversation-session.js';
import type { ConversationSnapshot, TokenGrant } from '../../src/model/types.js';

export interface CallRecord {
  path: string;
  method: string;
  /** 1-based index among run_conversation calls (turn calls only). */
  turn?: number;
  fault?: string;
  status?: number;
  /** `network` when the fetch rejected. */
  outcome?: 'ok' | 'network';
  message?: string | null;
  /** The Authorization header sent (to read the history as the same user; never stored). */
  auth?: string | null;
  at: number;
}

export interface Knobs {
  delayMs?: number;
  /** `: ping` interval, or a rule per run_conversation call (1-based). */
  pingMs?: number | ((turn: number) => number);
  wire?: 'sse' | 'ndjson';
  retryAfterSeconds?: number;
  /** The fault for the n-th run_conversation call (1-based), if any; `call` has its headers' token. */
  fault?: (turn: number, call: CallRecord) => string | undefined;
  /** Token route calls (1-based) answer 503 while this says so. */
  tokenDown?: (call: number) => boolean;
  /** Runs before a run_conversation request goes out; may throw to fail it like the network. */
  beforeTurn?: (turn: number, url: URL, init: RequestInit) => void | Promise<void>;
  /** Replaces the real request of a turn (e.g. to lose the response after the server took it). */
  aroundTurn?: (turn: number, send: () => Promise<Response>) => Promise<Response>;
}

/** A fault map as a rule: `{ 2: 'status-500', 3: 'status-500' }`. */
export const faults =
  (map: Record<number, string>) =>
  (turn: number): string | undefined =>
    map[turn];

export function knobFetch(knobs: Knobs = {}) {
  const calls: CallRecord[] = [];
  let turns = 0;
  let tokenCalls = 0;
  let inFlight = 0;
  const wrapped: typeof fetch = async (input, init = {}) => {
    const url = new URL(String(input instanceof Request ? input.url : input), location.href);
    const headers = new Headers(init.headers);
    const record: CallRecord = { path: url.pathname, method: init.method ?? 'GET', auth: headers.get('Authorization'), at: performance.now() };
    calls.push(record);
    if (url.pathname === '/alli/token') {
      tokenCalls += 1;
      if (knobs.tokenDown?.(tokenCalls)) {
        record.status = 503;
        return Response.json({ error: { name: 'UNAVAILABLE' }, message: 'token route down (test)' }, { status: 503 });
      }
    }
    const isTurn = url.pathname.endsWith('/run_conversation');
    if (isTurn) {
      turns += 1;
      record.turn = turns;
      record.message = init.body instanceof FormData ? (init.body.get('message') as string | null) : null;
      headers.set('X-Mock-Delay-Ms', String(knobs.delayMs ?? 0));
      const pingMs = typeof knobs.pingMs === 'function' ? knobs.pingMs(turns) : knobs.pingMs;
      if (pingMs !== undefined) headers.set('X-Mock-Ping-Ms', String(pingMs));
      const fault = knobs.fault?.(turns, record);
      if (fault) {
        record.fault = fault;
        headers.set('X-Mock-Fault', fault);
        headers.set('X-Mock-Retry-After', String(knobs.retryAfterSeconds ?? 1));
      }
      if (knobs.wire) url.searchParams.set('wire', knobs.wire);
    }
    const send = async () => {
      inFlight += 1;
      try {
        if (isTurn) await knobs.beforeTurn?.(record.turn!, url, init);
        const res = await fetch(url, { ...init, headers });
        record.status = res.status;
        record.outcome = 'ok';
        return res;
      } catch (err) {
        record.outcome = 'network';
        throw err;
      } finally {
        inFlight -= 1;
      }
    };
    return isTurn && knobs.aroundTurn ? knobs.aroundTurn(record.turn!, send) : send();
  };
  return {
    fetch: wrapped,
    calls,
    turnCount: () => turns,
    tokenCount: () => tokenCalls,
    inFlight: () => inFlight,
    turnCalls: () => calls.filter((c) => c.turn !== undefined),
    historyCalls: () => calls.filter((c) => c.method === 'GET' && c.path.startsWith('/webapi/v2/conversations/')),
  };
}

export interface ChatOptions {
  knobs?: Knobs;
  /** Default for tests: short, so a stall shows quickly but a healthy stream is never cut. */
  idleTimeoutMs?: number;
  serverDelaysMs?: number[];
  rateLimitRetries?: number;
  persist?: 'none' | 'session' | 'local';
  userId?: string;
  getToken?: () => Promise<TokenGrant>;
  keepStorage?: boolean;
}

/** `<alli-chat>` against the mock Alli of the test runner. */
export async function faultChat(options: ChatOptions = {}) {
  if (!options.keepStorage) {
    sessionStorage.clear();
    localStorage.clear();
  }
  const mock = knobFetch(options.knobs);
  const el = await fixture<AlliChatElement>(html`<alli-chat
    app-id="demo"
    api-base="/"
    token-url=${options.getToken ? '' : '/alli/token'}
    user-id=${options.userId ?? ''}
    persist=${options.persist ?? 'session'}
    .getToken=${options.getToken}
    .fetch=${mock.fetch}
    .resilience=${{
      idleTimeoutMs: options.idleTimeoutMs ?? 8000,
      retry: {
        ...(options.serverDelaysMs ? { serverDelaysMs: options.serverDelaysMs } : {}),
        ...(options.rateLimitRetries !== undefined ? { rateLimitRetries: options.rateLimitRetries } : {}),
      },
    }}
    style="height: 600px"
  ></alli-chat>`);
  return { el, mock };
}

export const $ = (el: AlliChatElement, selector: string) => el.shadowRoot!.querySelector(selector) as HTMLElement | null;
export const $$ = (el: AlliChatElement, selector: string) => [...el.shadowRoot!.querySelectorAll(selector)] as HTMLElement[];

/**
 * The session behind the element (private: the shell's loaded core, its conversation
 * controller; tests read its state to compare with the server).
 */
export const sessionOf = (el: AlliChatElement) =>
  (el as unknown as { panel?: { conversation: { session?: ConversationSession } } }).panel?.conversation.session;

export async function until(predicate: () => unknown, message: string, timeout = 8000) {
  await waitUntil(() => Boolean(predicate()), message, { timeout, interval: 15 });
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The greeting is there and nothing is in flight. */
export async function greeted(el: AlliChatElement) {
  await until(() => $$(el, '.option:not([disabled])').length >= 3 && !sessionOf(el)?.busy, 'the greeting with its options');
}

export async function idle(el: AlliChatElement, message = 'the turn to end', timeout = 8000) {
  await until(() => sessionOf(el) && !sessionOf(el)!.busy, message, timeout);
  await el.updateComplete;
  await new Promise((r) => requestAnimationFrame(() => r(undefined)));
  await el.updateComplete;
}

export function nextEvent<T extends Event>(target: EventTarget, type: string): Promise<T> {
  return new Promise((resolve) => target.addEventListener(type, (e) => resolve(e as T), { once: true }));
}

/** What the server has: `GET /webapi/v2/conversations/{id}` with a token for that user. */
export async function serverHistory(conversationId: string, token: string): Promise<ConversationSnapshot> {
  const res = await fetch(`/webapi/v2/conversations/${encodeURIComponent(conversationId)}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  if (!res.ok) throw new Error(`history ${res.status}`);
  return (await res.json()) as ConversationSnapshot;
}

/** The bearer token the widget used last (read from a call it made; never stored). */
export function lastBearer(calls: readonly CallRecord[]): string {
  for (let i = calls.length - 1; i >= 0; i--) {
    const auth = calls[i].auth;
    if (auth) return auth.replace(/^Bearer\s+/i, '');
  }
  throw new Error('no authorised call yet');
}

/**
 * Waits until the mock refuses `token` (its lifetime at the server is over): polls an
 * authorised read with it, instead of sleeping for the lifetime and hoping the server agrees.
 */
export async function expiredAtServer(token: string, timeout = 10_000): Promise<void> {
  const refused = async () => {
    const res = await fetch('/webapi/v2/conversations/expiry-probe', { headers: { Authorization: `Bearer ${token}` } });
    await res.body?.cancel();
    return res.status === 401;
  };
  await waitUntil(refused, 'the token to expire at the server', { timeout, interval: 50 });
}

/** A token for `userId` straight from the mock (test hook), with the lifetime the server enforces. */
export async function mintToken(userId: string, ttlSeconds: number): Promise<{ token: string; expiresAt: number; userId: string }> {
  const res = await fetch('/__mock/token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ ownUserId: userId, ttlSeconds }),
  });
  return res.json();
}

/**
 * A `getToken` callback for `userId`. `serverTtl(n)` is the n-th token's real lifetime at the
 * mock; `advertise(n)` what the grant tells the widget (a test can make the two disagree, as a
 * revoked token or a skewed clock would).
 */
export function tokenCallback(userId: string, serverTtl: (n: number) => number = () => 300, advertise?: (n: number) => number) {
  const issued: string[] = [];
  const getToken = async (): Promise<TokenGrant> => {
    const n = issued.length + 1;
    const minted = await mintToken(userId, serverTtl(n));
    issued.push(minted.token);
    return { token: minted.token, expiresIn: advertise ? advertise(n) : serverTtl(n), userId };
  };
  return { getToken, issued, count: () => issued.length };
}

/** The bot text of a node as the widget holds it. */
export const nodeText = (el: AlliChatElement, id: string) => sessionOf(el)?.node(id)?.message;

/** One line per fault for the closing note: `[fault] name: observed`. */
export function report(fault: string, observed: string): void {
  console.log(`[fault] ${fault}: ${observed}`);
}

export const botIds = (el: AlliChatElement) => $$(el, '.message.bot[data-node]').map((n) => n.dataset.node!);
export const userBubbles = (el: AlliChatElement) => $$(el, '.message.user');
