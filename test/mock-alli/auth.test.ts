import { expect, waitUntil } from '@open-wc/testing';
import {
  APP,
  INVALID_TOKEN_TEXT,
  authHeaders,
  base64UserId,
  getConversation,
  hostGrant,
  mockGrant,
  postTurn,
  startConversation,
} from './mock-client.js';

async function expectInvalidToken(res: Response) {
  expect(res.status).to.equal(401);
  expect(res.headers.get('content-type')).to.match(/^application\/json/);
  expect(await res.text()).to.equal(INVALID_TOKEN_TEXT);
}

describe('mock Alli: bearer tokens', () => {
  it('answers a call without a token with the exact INVALID_TOKEN body', async () => {
    await expectInvalidToken(await fetch('/webapi/v2/apps'));
    await expectInvalidToken(await fetch(APP, { method: 'POST', body: new FormData() }));
  });

  it('answers an unknown token with the exact INVALID_TOKEN body', async () => {
    await expectInvalidToken(await fetch('/webapi/v2/apps', { headers: authHeaders('mock_not-a-real-token') }));
    await expectInvalidToken(await fetch('/webapi/v2/apps', { headers: { Authorization: 'Basic abc' } }));
  });

  it('accepts a token until it expires, then answers INVALID_TOKEN', async () => {
    // The lifetime is checked against the clock read around the request (same machine), not
    // against a guess of how long the request took; the expiry is waited for, not slept through.
    const asked = Date.now();
    const grant = await mockGrant({ ttlSeconds: 3 });
    const answered = Date.now();
    expect(grant.expiresAt, 'expires 3 s after it was minted').to.be.within(asked + 3000 - 5, answered + 3000 + 5);
    const use = () => fetch('/webapi/v2/apps', { headers: authHeaders(grant.token) });
    expect((await use()).status).to.equal(200);
    let refused: Response | undefined;
    await waitUntil(
      async () => {
        const res = await use();
        if (res.status === 200) return void (await res.body?.cancel());
        refused = res;
        return true;
      },
      'the token to be refused once expired',
      { timeout: 10_000, interval: 100 },
    );
    expect(Date.now(), 'not refused before its expiry').to.be.at.least(grant.expiresAt - 5);
    await expectInvalidToken(refused!);
  });

  it('mints only with the project API-KEY, and says so', async () => {
    const missing = await fetch('/webapi/v2/auth/token', { method: 'POST', body: '{}' });
    expect(missing.status).to.equal(401);
    const body = await missing.json();
    expect(body.error).to.deep.equal({ name: 'INVALID_API_KEY', field: 'API-KEY' });
    expect(body).to.not.have.property('token');

    const wrong = await fetch('/webapi/v2/auth/token', { method: 'POST', headers: { 'API-KEY': 'guessed-key' }, body: '{}' });
    expect(wrong.status).to.equal(401);
    expect(await wrong.json()).to.not.have.property('token');
  });

  it('checks OWN-USER-ID against the token user, decoding base64: ids', async () => {
    const grant = await mockGrant({ ownUserId: '김민지' });
    const asUser = (ownUserId: string) =>
      fetch('/webapi/v2/apps', { headers: { ...authHeaders(grant.token), 'OWN-USER-ID': ownUserId } });

    expect((await asUser(base64UserId('김민지'))).status).to.equal(200);

    const mismatch = await asUser(base64UserId('이서준'));
    expect(mismatch.status).to.equal(403);
    expect((await mismatch.json()).error).to.deep.equal({ name: 'USER_MISMATCH', field: 'OWN-USER-ID' });

    const broken = await asUser('base64:***');
    expect(broken.status).to.equal(400);
    expect((await broken.json()).error.field).to.equal('OWN-USER-ID');
  });
});

describe('mock Alli: conversations belong to their user', () => {
  it('hides a conversation from every other user', async () => {
    const alice = await hostGrant();
    // credentials: 'omit' sends no cookie, so the host route sees a new visitor.
    const bob = await hostGrant({ credentials: 'omit' });
    expect(bob.userId).to.not.equal(alice.userId);
    const id = await startConversation(alice.token);

    expect((await getConversation(alice.token, id)).status).to.equal(200);

    const peek = await getConversation(bob.token, id);
    expect(peek.status).to.equal(404);
    expect((await peek.json()).error).to.deep.equal({ name: 'NOT_FOUND', field: 'conversationId' });

    const write = await postTurn(bob.token, { conversationId: id, message: 'hello' });
    expect(write.status).to.equal(404);
    expect((await write.json()).error.field).to.equal('conversationId');

    const stop = await fetch(`/webapi/v2/conversations/${id}/stop`, { method: 'POST', headers: authHeaders(bob.token) });
    expect(stop.status).to.equal(404);
  });
});

describe('mock Alli: CORS', () => {
  it('answers a preflight with the origin and the headers the widget sends', async () => {
    const res = await fetch(APP, { method: 'OPTIONS' });
    expect(res.status).to.equal(204);
    expect(res.headers.get('access-control-allow-origin')).to.equal(location.origin);
    const allowed = (res.headers.get('access-control-allow-headers') ?? '').toLowerCase();
    for (const header of ['authorization', 'content-type', 'own-user-id', 'user-email', 'accept']) {
      expect(allowed).to.include(header);
    }
    expect(allowed).to.not.include('api-key');
    expect(res.headers.get('access-control-allow-methods')).to.include('POST');
  });

  it('lets a page on another origin call it and read Retry-After', async () => {
    // localhost and 127.0.0.1 are different origins: this is a real cross-origin, preflighted call.
    const other = location.hostname === '127.0.0.1' ? 'localhost' : '127.0.0.1';
    const base = `${location.protocol}//${other}:${location.port}`;
    const { token } = await mockGrant({ ownUserId: 'cors-user' });
    const res = await fetch(`${base}/webapi/v2/apps`, {
      headers: { ...authHeaders(token), 'OWN-USER-ID': 'cors-user', 'X-Mock-Fault': 'status-429', 'X-Mock-Retry-After': '7' },
    });
    expect(res.status).to.equal(429);
    expect(res.headers.get('retry-after')).to.equal('7');
    const ok = await fetch(`${base}/webapi/v2/apps`, { headers: authHeaders(token) });
    expect(ok.status).to.equal(200);
  });
});
