/**
 * The host-side token handler (src/server/token-handler.ts) and the demo's route and mock built on
 * it: each refusal, a grant against the real mock over HTTP, the Node and Express adapters, and
 * the rules of issue 11 item 8 (Alli base from configuration, CORS by allow-list, test hooks off
 * unless asked, CSRF-safe route, cookie flags).
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createTokenHandler, toNodeListener, type TokenHandlerOptions } from '../../src/server/index.js';
import { createDevMiddleware } from '../../demo/dev-middleware.js';
import { identifyDemoVisitor } from '../../demo/host/token-route.js';
import { API_KEY, startMock, type RunningMock } from './mock-server.js';

const ROUTE = 'https://shop.example/alli/token';
const SECRET = 'sk-very-secret-key-123';

interface MintCall {
  url: string;
  headers: Headers;
  body: any;
}

/** A handler whose mint is recorded and answered in memory. */
function handlerWith(overrides: Partial<TokenHandlerOptions> = {}, answer: () => Response | Promise<Response> = () => Response.json({ token: 'tok', expiresAt: Date.now() + 300_000 })) {
  const mints: MintCall[] = [];
  const logs: string[] = [];
  const handler = createTokenHandler({
    apiKey: SECRET,
    alliBase: 'https://backend.alli.example',
    identify: () => ({ userId: 'user-1' }),
    fetch: async (input, init) => {
      mints.push({ url: String(input), headers: new Headers(init?.headers), body: JSON.parse(String(init?.body)) });
      return answer();
    },
    log: (line) => logs.push(line),
    ...overrides,
  });
  return { handler, mints, logs };
}

function post(headers: Record<string, string> = {}, body: BodyInit | null = '{}', url = ROUTE): Request {
  return new Request(url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Sec-Fetch-Site': 'same-origin', Origin: new URL(url).origin, ...headers }, body });
}

async function refusal(response: Response, status: number, name: string) {
  const text = await response.text();
  assert.equal(response.status, status, text);
  assert.equal(JSON.parse(text).error.name, name);
  assert.ok(!text.includes(SECRET), 'the key is in no response');
  assert.equal(response.headers.get('cache-control'), 'no-store');
}

describe('createTokenHandler: configuration', () => {
  const identify = () => ({ userId: 'u' });
  it('requires apiKey, alliBase and identify, with no fallback', () => {
    assert.throws(() => createTokenHandler({ alliBase: 'https://a.example', identify } as any), /apiKey/);
    assert.throws(() => createTokenHandler({ apiKey: ' ', alliBase: 'https://a.example', identify }), /apiKey/);
    assert.throws(() => createTokenHandler({ apiKey: 'k', identify } as any), /alliBase/);
    assert.throws(() => createTokenHandler({ apiKey: 'k', alliBase: 'https://a.example' } as any), /identify/);
  });
  it('takes alliBase as a bare http(s) origin only', () => {
    for (const bad of ['/relative', 'ftp://a.example', 'https://a.example/path', 'https://user:pw@a.example', 'https://a.example/?x=1']) {
      assert.throws(() => createTokenHandler({ apiKey: 'k', alliBase: bad, identify }), /alliBase/, bad);
    }
    assert.doesNotThrow(() => createTokenHandler({ apiKey: 'k', alliBase: 'https://a.example/', identify }));
  });
  it('refuses a lifetime outside 5..3600 seconds', () => {
    assert.throws(() => createTokenHandler({ apiKey: 'k', alliBase: 'https://a.example', identify, ttlSeconds: 86_400 }), /ttlSeconds/);
  });
});

describe('createTokenHandler: refusals', () => {
  it('405 for anything but POST', async () => {
    const { handler, mints } = handlerWith();
    const response = await handler(new Request(ROUTE));
    assert.equal(response.headers.get('allow'), 'POST');
    await refusal(response, 405, 'METHOD_NOT_ALLOWED');
    assert.equal(mints.length, 0);
  });
  it('403 for a cross-site request, by Sec-Fetch-Site or by Origin, and mints nothing', async () => {
    const { handler, mints } = handlerWith();
    await refusal(await handler(post({ 'Sec-Fetch-Site': 'cross-site', Origin: 'https://evil.example' })), 403, 'CROSS_SITE_REQUEST');
    await refusal(await handler(post({ 'Sec-Fetch-Site': 'same-site', Origin: 'https://blog.shop.example' })), 403, 'CROSS_SITE_REQUEST');
    const oldBrowser = post({ Origin: 'https://evil.example' });
    oldBrowser.headers.delete('Sec-Fetch-Site');
    await refusal(await handler(oldBrowser), 403, 'CROSS_SITE_REQUEST');
    await refusal(await handler(post({ Origin: 'null', 'Sec-Fetch-Site': 'cross-site' })), 403, 'CROSS_SITE_REQUEST');
    assert.equal(mints.length, 0);
  });
  it('415 for bodies a cross-site form can send, and for no content type', async () => {
    const { handler, mints } = handlerWith();
    await refusal(await handler(post({ 'Content-Type': 'application/x-www-form-urlencoded' }, 'a=1')), 415, 'UNSUPPORTED_MEDIA_TYPE');
    await refusal(await handler(post({ 'Content-Type': 'text/plain' }, '{}')), 415, 'UNSUPPORTED_MEDIA_TYPE');
    const noType = new Request(ROUTE, { method: 'POST', headers: { 'Sec-Fetch-Site': 'same-origin' }, body: new Blob(['{}']) });
    await refusal(await handler(noType), 415, 'UNSUPPORTED_MEDIA_TYPE');
    assert.equal(mints.length, 0);
  });
  it('400 for a body that is not a small JSON object', async () => {
    const { handler } = handlerWith();
    for (const body of ['not json', '[]', 'null', '', JSON.stringify({ pad: 'x'.repeat(5000) })]) {
      await refusal(await handler(post({}, body)), 400, 'BAD_REQUEST');
    }
  });
  it('401 when identify says no, and mints nothing', async () => {
    const { handler, mints } = handlerWith({ identify: async () => null });
    await refusal(await handler(post()), 401, 'UNAUTHENTICATED');
    assert.equal(mints.length, 0);
  });
  it('502 when Alli refuses or is unreachable; the key is in no response or log line', async () => {
    const leaky = handlerWith({}, () => new Response(`bad key ${SECRET}`, { status: 401 }));
    await refusal(await leaky.handler(post()), 502, 'TOKEN_MINT_FAILED');
    const down = handlerWith({}, () => {
      throw new Error(`connect ECONNREFUSED while sending API-KEY ${SECRET}`);
    });
    await refusal(await down.handler(post()), 502, 'TOKEN_MINT_FAILED');
    assert.ok(down.logs.length > 0 && leaky.logs.length > 0, 'failures are logged');
    for (const line of [...down.logs, ...leaky.logs]) assert.ok(!line.includes(SECRET), line);
  });
  it('500 without the key when identify throws', async () => {
    const { handler, logs } = handlerWith({
      identify: () => {
        throw new Error(`session store down (${SECRET})`);
      },
    });
    await refusal(await handler(post()), 500, 'INTERNAL_ERROR');
    assert.ok(logs.every((line) => !line.includes(SECRET)));
  });
});

describe('createTokenHandler: grants', () => {
  it('grants token, expiry, user id and the Alli origin, minted with the key at alliBase only', async () => {
    const { handler, mints } = handlerWith();
    const response = await handler(post({ Host: 'attacker.example:9200' }));
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const grant = await response.json();
    assert.deepEqual(Object.keys(grant).sort(), ['apiBase', 'expiresAt', 'token', 'userId']);
    assert.equal(grant.apiBase, 'https://backend.alli.example');
    assert.equal(grant.userId, 'user-1');
    assert.equal(mints.length, 1);
    assert.equal(mints[0]!.url, 'https://backend.alli.example/webapi/v2/auth/token');
    assert.equal(mints[0]!.headers.get('api-key'), SECRET);
    assert.deepEqual(mints[0]!.body, { ownUserId: 'user-1', ttlSeconds: 300 }, 'a short lifetime by default');
  });
  it('mints for each request and each visitor: nothing is cached across users', async () => {
    let next = 0;
    const { handler, mints } = handlerWith({ identify: () => ({ userId: `user-${++next}` }) });
    const first = await (await handler(post())).json();
    const second = await (await handler(post())).json();
    assert.deepEqual([first.userId, second.userId], ['user-1', 'user-2']);
    assert.deepEqual(mints.map((m) => m.body.ownUserId), ['user-1', 'user-2']);
  });
  it('answers an allowed origin with CORS naming exactly it; other origins get no CORS headers', async () => {
    const { handler } = handlerWith({ allowedOrigins: ['https://app.example'] });
    const preflight = await handler(new Request(ROUTE, { method: 'OPTIONS', headers: { Origin: 'https://app.example' } }));
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), 'https://app.example');
    const allowed = await handler(post({ Origin: 'https://app.example', 'Sec-Fetch-Site': 'cross-site' }));
    assert.equal(allowed.status, 200);
    assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://app.example');
    assert.equal(allowed.headers.get('access-control-allow-credentials'), 'true');
    const other = await handler(new Request(ROUTE, { method: 'OPTIONS', headers: { Origin: 'https://evil.example' } }));
    assert.equal(other.status, 403);
    assert.equal(other.headers.get('access-control-allow-origin'), null);
  });
  it('passes the visitor\'s extra headers (a session cookie) on the grant only', async () => {
    const { handler } = handlerWith({ identify: () => ({ userId: 'u', headers: { 'Set-Cookie': 'sid=1; HttpOnly' } }) });
    assert.equal((await handler(post())).headers.get('set-cookie'), 'sid=1; HttpOnly');
  });
});

/** A Node server running `listener`, for the adapters and the demo route. */
async function serve(listener: (req: any, res: any) => void): Promise<{ base: string; server: Server }> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}
const stop = (server: Server) => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve())));

describe('token handler on Node, against the mock', () => {
  let mock: RunningMock;
  before(async () => {
    mock = await startMock();
  });
  after(() => mock.close());

  it('node:http: a grant the mock accepts for that user', async () => {
    const handler = createTokenHandler({ apiKey: API_KEY, alliBase: mock.base, identify: () => ({ userId: 'node-user' }) });
    const { base, server } = await serve(toNodeListener(handler));
    try {
      const response = await fetch(`${base}/alli/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
      const grant = await response.json();
      assert.equal(response.status, 200, JSON.stringify(grant));
      assert.equal(grant.apiBase, mock.base);
      const app = await fetch(`${mock.base}/webapi/v2/apps/demo`, { headers: { Authorization: `Bearer ${grant.token}`, 'OWN-USER-ID': 'node-user' } });
      assert.equal(app.status, 200);
    } finally {
      await stop(server);
    }
  });

  it('Express-style: a body already parsed by express.json() stands for the body', async () => {
    const handler = createTokenHandler({ apiKey: API_KEY, alliBase: mock.base, identify: () => ({ userId: 'express-user' }) });
    const route = toNodeListener(handler);
    const { base, server } = await serve((req, res) => {
      // What express.json() does: read a JSON stream and leave the object on req.body ({} otherwise).
      let text = '';
      req.on('data', (chunk: Buffer) => (text += chunk));
      req.on('end', () => {
        req.body = String(req.headers['content-type']).startsWith('application/json') ? JSON.parse(text) : {};
        void route(req, res);
      });
    });
    try {
      const response = await fetch(`${base}/alli/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"hello":1}' });
      assert.equal(response.status, 200);
      assert.equal((await response.json()).userId, 'express-user');
      const form = await fetch(`${base}/alli/token`, { method: 'POST', body: new URLSearchParams({ a: '1' }) });
      assert.equal(form.status, 415);
    } finally {
      await stop(server);
    }
  });
});

describe('demo host route and mock (issue 11 item 8)', () => {
  let app: { base: string; server: Server };
  let listening = '';
  let alli: ReturnType<typeof createDevMiddleware>;
  let decoy: { base: string; server: Server };
  const decoyHeard: string[] = [];
  before(async () => {
    decoy = await serve((req, res) => {
      decoyHeard.push(String(req.headers['api-key'] ?? ''));
      res.end('{}');
    });
    alli = createDevMiddleware({ alliBase: () => listening, quiet: true, allowedOrigins: ['http://pages.example:8080'] });
    app = await serve((req, res) => (alli.claims(req.url) ? alli.handle(req, res) : res.writeHead(404).end()));
    listening = app.base;
  });
  after(async () => {
    alli.close();
    await stop(app.server);
    await stop(decoy.server);
  });
  const json = { 'Content-Type': 'application/json' };

  it('mints at the configured Alli base whatever the Host header names', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${app.base}/alli/token`, { method: 'POST', headers: { ...json, Host: new URL(decoy.base).host } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end('{}');
    });
    assert.equal(status, 200);
    assert.deepEqual(decoyHeard, [], 'the key went to no listener the request named');
  });

  it('sets the visitor cookie HttpOnly, SameSite=Lax, and Secure on https', () => {
    const plain = new Headers(identifyDemoVisitor(new Request('http://localhost/alli/token')).headers).get('set-cookie') ?? '';
    assert.match(plain, /HttpOnly/);
    assert.match(plain, /SameSite=Lax/);
    assert.doesNotMatch(plain, /Secure/);
    const secure = new Headers(identifyDemoVisitor(new Request('https://shop.example/alli/token')).headers).get('set-cookie') ?? '';
    assert.match(secure, /; Secure/);
  });

  it('refuses a cross-site form post (CSRF): no token, no new identity cookie', async () => {
    const response = await fetch(`${app.base}/alli/token`, { method: 'POST', headers: { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site', 'Content-Type': 'application/x-www-form-urlencoded', Cookie: 'alli_demo_user=demo-abcdefghijkl' }, body: 'x=1' });
    assert.equal(response.status, 403);
    assert.equal(response.headers.get('set-cookie'), null);
  });

  it('CORS by allow-list: an allowed page gets its own origin back, any other none, and the mock never allows credentials', async () => {
    const allowed = await fetch(`${app.base}/alli/token`, { method: 'POST', headers: { ...json, Origin: 'http://pages.example:8080', 'Sec-Fetch-Site': 'cross-site' }, body: '{}' });
    assert.equal(allowed.status, 200);
    assert.equal(allowed.headers.get('access-control-allow-origin'), 'http://pages.example:8080');
    const sibling = await fetch(`${app.base}/alli/token`, { method: 'POST', headers: { ...json, Origin: 'http://127.0.0.1:9999', 'Sec-Fetch-Site': 'same-site' }, body: '{}' });
    assert.equal(sibling.status, 403, 'another port of the same site is another origin');
    assert.equal(sibling.headers.get('access-control-allow-origin'), null);
    const { token, userId } = await allowed.json();
    for (const origin of ['http://pages.example:8080', 'https://evil.example']) {
      const app2 = await fetch(`${app.base}/webapi/v2/apps/demo`, { headers: { Origin: origin, Authorization: `Bearer ${token}`, 'OWN-USER-ID': userId } });
      assert.equal(app2.headers.get('access-control-allow-origin'), origin === 'https://evil.example' ? null : origin);
      assert.equal(app2.headers.get('access-control-allow-credentials'), null);
    }
    const preflight = await fetch(`${app.base}/webapi/v2/apps/demo`, { method: 'OPTIONS', headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'GET' } });
    assert.equal(preflight.status, 403);
  });

  it('serves no /__mock/* hooks unless asked', async () => {
    const minted = await fetch(`${app.base}/__mock/token`, { method: 'POST', headers: json, body: '{"ownUserId":"victim"}' });
    assert.equal(minted.status, 404);
    const peek = await fetch(`${app.base}/__mock/last-turn?conversationId=x`);
    assert.equal(peek.status, 404);
    const hooked = await startMock({ debugRoutes: true });
    try {
      assert.equal((await fetch(`${hooked.base}/__mock/token`, { method: 'POST', headers: json, body: '{}' })).status, 200);
    } finally {
      await hooked.close();
    }
  });
});
