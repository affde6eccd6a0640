import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import { createTokenSource, parseGrant, refreshTimeFor } from '../../src/transport/token-source.js';
import { AlliError } from '../../src/model/errors.js';

const T0 = Date.UTC(2026, 10, 27, 12, 0, 0);

function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
}

/** A token route that hands out tok-1, tok-2, … each valid for `ttl` seconds. */
function tokenRoute(ttl = 300) {
  let n = 0;
  const calls: RequestInit[] = [];
  const fetch = sinon.spy(async (_url: RequestInfo | URL, init?: RequestInit) => {
    calls.push(init ?? {});
    n += 1;
    return jsonResponse({ token: `tok-${n}`, expiresAt: Date.now() + ttl * 1000, userId: 'u-1' });
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, spy: fetch, calls };
}

describe('token source', () => {
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => {
    clock = sinon.useFakeTimers({ now: T0, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(() => clock.restore());

  describe('refreshTimeFor', () => {
    it('refreshes at 80 % of a long lifetime', () => {
      expect(refreshTimeFor(T0, T0 + 300_000)).to.equal(T0 + 240_000);
    });
    it('never later than 30 s before expiry', () => {
      // 80 % of 100 s is 80 s, but 30 s before expiry is 70 s.
      expect(refreshTimeFor(T0, T0 + 100_000)).to.equal(T0 + 70_000);
    });
    it('never before half the lifetime, so short tokens do not loop', () => {
      expect(refreshTimeFor(T0, T0 + 40_000)).to.equal(T0 + 20_000);
    });
  });

  describe('grant validation', () => {
    it('accepts expiresAt and expiresIn', () => {
      expect(parseGrant({ token: 'a', expiresAt: T0 + 60_000 }, T0).expiresAt).to.equal(T0 + 60_000);
      expect(parseGrant({ token: 'a', expiresIn: 60 }, T0).expiresAt).to.equal(T0 + 60_000);
      expect(parseGrant({ token: 'a', expiresIn: 60, userId: 'x', userEmail: 'x@y.z' }, T0)).to.include({
        userId: 'x',
        userEmail: 'x@y.z',
      });
    });
    const bad: [string, unknown, RegExp][] = [
      ['not an object', 'tok', /JSON object/],
      ['an array', [], /JSON object/],
      ['no token', { expiresIn: 60 }, /"token"/],
      ['empty token', { token: ' ', expiresIn: 60 }, /"token"/],
      ['no expiry', { token: 'a' }, /neither/],
      ['expiresAt in seconds', { token: 'a', expiresAt: Math.floor(T0 / 1000) + 60 }, /seconds/],
      ['expiresAt a string', { token: 'a', expiresAt: String(T0 + 60_000) }, /expiresAt/],
      ['negative expiresIn', { token: 'a', expiresIn: -5 }, /expiresIn/],
      ['already expired', { token: 'a', expiresAt: T0 - 1 }, /expired/],
      ['userId a number', { token: 'a', expiresIn: 60, userId: 7 }, /userId/],
    ];
    for (const [what, grant, message] of bad) {
      it(`rejects a grant with ${what}`, () => {
        let error: unknown;
        try {
          parseGrant(grant, T0);
        } catch (e) {
          error = e;
        }
        expect(error).to.be.instanceOf(AlliError);
        expect((error as AlliError).kind).to.equal('token');
        expect((error as AlliError).message).to.match(message);
      });
    }
  });

  it('needs a token url or a callback', () => {
    expect(() => createTokenSource({})).to.throw(AlliError, /token-url/);
  });

  it('POSTs to the token url with credentials and caches the token', async () => {
    const route = tokenRoute();
    const source = createTokenSource({ tokenUrl: '/alli/token', fetch: route.fetch });
    const a = await source.get();
    const b = await source.get();
    expect(a.token).to.equal('tok-1');
    expect(b).to.equal(a);
    expect(route.spy.callCount).to.equal(1);
    expect(route.calls[0].method).to.equal('POST');
    expect(route.calls[0].credentials).to.equal('include');
    source.dispose();
  });

  it('makes one request for ten concurrent callers', async () => {
    const route = tokenRoute();
    const source = createTokenSource({ tokenUrl: '/alli/token', fetch: route.fetch });
    const tokens = await Promise.all(Array.from({ length: 10 }, () => source.get()));
    expect(route.spy.callCount).to.equal(1);
    expect(new Set(tokens.map((t) => t.token))).to.have.lengthOf(1);
    // And ten callers that all saw the same 401 cause one refresh.
    const stale = tokens[0];
    const fresh = await Promise.all(Array.from({ length: 10 }, () => source.refresh(stale)));
    expect(route.spy.callCount).to.equal(2);
    expect(new Set(fresh.map((t) => t.token))).to.deep.equal(new Set(['tok-2']));
    source.dispose();
  });

  it('refreshes on its own at 80 % of the lifetime, and again for the next token', async () => {
    const route = tokenRoute(300);
    const source = createTokenSource({ tokenUrl: '/alli/token', fetch: route.fetch });
    const first = await source.get();
    await clock.tickAsync(239_000);
    expect(route.spy.callCount, 'not before 240 s').to.equal(1);
    await clock.tickAsync(1_000);
    expect(route.spy.callCount, 'at 240 s').to.equal(2);
    // Joining the refresh in flight makes no extra request.
    const second = await source.refresh(first);
    expect(second.token).to.equal('tok-2');
    expect(route.spy.callCount).to.equal(2);
    await clock.tickAsync(240_000);
    expect(route.spy.callCount, 'the next one at 80 % of its own lifetime').to.equal(3);
    source.dispose();
    await clock.tickAsync(600_000);
    expect(route.spy.callCount, 'no refresh after dispose').to.equal(3);
  });

  it('refreshes before use when the timer could not run (laptop sleep)', async () => {
    const route = tokenRoute(300);
    const source = createTokenSource({ tokenUrl: '/alli/token', fetch: route.fetch, autoRefresh: false });
    await source.get();
    clock.setSystemTime(T0 + 301_000); // the wall clock jumps; no timer fired
    const t = await source.get();
    expect(t.token).to.equal('tok-2');
    expect(route.spy.callCount).to.equal(2);
  });

  it('hands out a due-but-valid token at once and refreshes alongside', async () => {
    const route = tokenRoute(300);
    const source = createTokenSource({ tokenUrl: '/alli/token', fetch: route.fetch, autoRefresh: false });
    await source.get();
    clock.setSystemTime(T0 + 250_000);
    const t = await source.get();
    expect(t.token).to.equal('tok-1');
    expect(route.spy.callCount).to.equal(2);
    expect((await source.refresh(t)).token, 'the refresh started alongside').to.equal('tok-2');
    expect(route.spy.callCount).to.equal(2);
  });

  it('retries a 401 exactly once with a fresh token', async () => {
    const route = tokenRoute();
    const source = createTokenSource({ tokenUrl: '/alli/token', fetch: route.fetch });
    const seen: string[] = [];
    const res = await source.authorize(async (t) => {
      seen.push(t.token);
      return seen.length === 1 ? jsonResponse({ message: 'INVALID_TOKEN' }, 401) : jsonResponse({ ok: true });
    });
    expect(res.status).to.equal(200);
    expect(seen).to.deep.equal(['tok-1', 'tok-2']);
    source.dispose();
  });

  it('turns a second 401 into a sign-in error, without a third try', async () => {
    const route = tokenRoute();
    const source = createTokenSource({ tokenUrl: '/alli/token', fetch: route.fetch });
    let calls = 0;
    let error: unknown;
    try {
      await source.authorize(async () => {
        calls += 1;
        return jsonResponse({ error: { value: 1013, name: 'INVALID_TOKEN' }, message: 'INVALID_TOKEN' }, 401);
      });
    } catch (e) {
      error = e;
    }
    expect(calls).to.equal(2);
    expect(error).to.be.instanceOf(AlliError);
    expect((error as AlliError).kind).to.equal('unauthorized');
    expect((error as AlliError).code).to.equal('INVALID_TOKEN');
    expect(route.spy.callCount).to.equal(2);
    source.dispose();
  });

  it('backs off on a failing token route, then gives up with a clear error', async () => {
    const fetch = sinon.spy(async () => new Response('down', { status: 503 }));
    const source = createTokenSource({
      tokenUrl: '/alli/token',
      fetch: fetch as unknown as typeof globalThis.fetch,
      attempts: 3,
      baseDelayMs: 1_000,
    });
    const result = source.get().then(
      () => 'resolved',
      (e: AlliError) => e,
    );
    await clock.tickAsync(0);
    expect(fetch.callCount).to.equal(1);
    await clock.tickAsync(999);
    expect(fetch.callCount, 'waits the first backoff').to.equal(1);
    await clock.tickAsync(1);
    expect(fetch.callCount).to.equal(2);
    await clock.tickAsync(2_000);
    expect(fetch.callCount, 'doubles the delay').to.equal(3);
    const error = await result;
    expect(error).to.be.instanceOf(AlliError);
    expect((error as AlliError).kind).to.equal('token');
    expect((error as AlliError).message).to.match(/token route .* 503/);
    await clock.tickAsync(60_000);
    expect(fetch.callCount, 'no endless loop').to.equal(3);
  });

  it('waits out the token route\'s Retry-After, given as an HTTP date', async () => {
    const until = new Date(T0 + 5_000).toUTCString();
    let n = 0;
    const fetch = sinon.spy(async () =>
      ++n === 1 ? new Response('busy', { status: 503, headers: { 'Retry-After': until } }) : jsonResponse({ token: 'later', expiresIn: 300 }),
    );
    const source = createTokenSource({ tokenUrl: '/alli/token', fetch: fetch as unknown as typeof globalThis.fetch, baseDelayMs: 100 });
    const token = source.get();
    await clock.tickAsync(4_999);
    expect(fetch.callCount, 'waits until the date, not the 100 ms backoff').to.equal(1);
    await clock.tickAsync(1);
    expect((await token).token).to.equal('later');
    source.dispose();
  });

  it('recovers when the token route comes back', async () => {
    let up = false;
    const fetch = async () =>
      up ? jsonResponse({ token: 'back', expiresIn: 300 }) : Promise.reject(new TypeError('Failed to fetch'));
    const source = createTokenSource({ tokenUrl: '/alli/token', fetch: fetch as typeof globalThis.fetch, attempts: 2, baseDelayMs: 100 });
    const first = source.get().catch((e: AlliError) => e);
    await clock.tickAsync(200);
    expect(await first).to.be.instanceOf(AlliError);
    up = true;
    expect((await source.get()).token).to.equal('back');
    source.dispose();
  });

  it('does not retry a 403 from the token route (the visitor is not allowed)', async () => {
    const fetch = sinon.spy(async () => jsonResponse({ message: 'no session' }, 403));
    const source = createTokenSource({ tokenUrl: '/alli/token', fetch: fetch as unknown as typeof globalThis.fetch });
    const error = await source.get().catch((e: AlliError) => e);
    expect(fetch.callCount).to.equal(1);
    expect((error as AlliError).status).to.equal(403);
  });

  it('uses getToken(current) and validates what it returns', async () => {
    const seen: (string | undefined)[] = [];
    let n = 0;
    const source = createTokenSource({
      getToken: async (current) => {
        seen.push(current?.token);
        n += 1;
        return n === 3 ? ({ token: 'x' } as never) : { token: `cb-${n}`, expiresIn: 120 };
      },
    });
    const a = await source.get();
    const b = await source.refresh(a);
    expect([a.token, b.token]).to.deep.equal(['cb-1', 'cb-2']);
    expect(seen).to.deep.equal([undefined, 'cb-1']);
    const error = await source.refresh(b).catch((e: AlliError) => e);
    expect((error as AlliError).kind).to.equal('token');
    expect((error as AlliError).message).to.match(/neither/);
    source.dispose();
  });

  it('never writes the token to storage or the console', async () => {
    const logs = [sinon.spy(console, 'log'), sinon.spy(console, 'warn'), sinon.spy(console, 'error'), sinon.spy(console, 'info')];
    const storage = sinon.spy(Storage.prototype, 'setItem');
    try {
      const route = tokenRoute();
      const source = createTokenSource({ tokenUrl: '/alli/token', fetch: route.fetch });
      await source.get();
      await source.refresh();
      source.dispose();
      for (const spy of logs) expect(spy.called).to.equal(false);
      expect(storage.called).to.equal(false);
      expect(document.cookie).to.not.contain('tok-');
    } finally {
      logs.forEach((s) => s.restore());
      storage.restore();
    }
  });
});
