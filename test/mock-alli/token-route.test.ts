import { expect } from '@open-wc/testing';
import { JSON_POST, authHeaders, hostGrant } from './mock-client.js';

describe('demo host token route', () => {
  it('returns a TokenGrant for the cookie user, uncached, without the API key', async () => {
    const res = await fetch('/alli/token', { method: 'POST', ...JSON_POST });
    expect(res.status).to.equal(200);
    expect(res.headers.get('cache-control')).to.equal('no-store');
    const text = await res.text();
    expect(text).to.not.include('mock-alli-dev-key');
    const grant = JSON.parse(text);
    expect(Object.keys(grant).sort()).to.deep.equal(['apiBase', 'expiresAt', 'token', 'userId']);
    expect(grant.apiBase).to.equal(location.origin);
    expect(grant.token).to.be.a('string').and.not.be.empty;
    expect(grant.expiresAt, 'the handler\'s short default lifetime').to.be.within(Date.now() + 250_000, Date.now() + 310_000);
    expect(grant.userId).to.match(/^demo-/);
  });

  it('keeps the user in an HttpOnly cookie across calls', async () => {
    const first = await hostGrant();
    const second = await hostGrant();
    expect(second.userId).to.equal(first.userId);
    expect(second.token).to.not.equal(first.token);
    // HttpOnly: the page's scripts cannot read (or steal) the user cookie.
    expect(document.cookie).to.not.include('alli_demo_user');
    const stranger = await hostGrant({ credentials: 'omit' });
    expect(stranger.userId).to.not.equal(first.userId);
  });

  it('mints a token the mock accepts, bound to that user', async () => {
    const grant = await hostGrant();
    const ok = await fetch('/webapi/v2/apps/demo', { headers: { ...authHeaders(grant.token), 'OWN-USER-ID': grant.userId } });
    expect(ok.status).to.equal(200);
    expect((await ok.json()).id).to.equal('demo');
    const other = await fetch('/webapi/v2/apps/demo', { headers: { ...authHeaders(grant.token), 'OWN-USER-ID': 'someone-else' } });
    expect(other.status).to.equal(403);
  });

  it('honours ?ttl= within 5..3600 seconds', async () => {
    // Against the clock read around each request (same machine), so a slow request cannot matter.
    let asked = Date.now();
    const short = await hostGrant({}, 10);
    expect(short.expiresAt).to.be.within(asked + 10_000 - 5, Date.now() + 10_000 + 5);
    asked = Date.now();
    const clamped = await hostGrant({}, 1);
    expect(clamped.expiresAt, 'clamped to 5 s').to.be.within(asked + 5_000 - 5, Date.now() + 5_000 + 5);
  });

  it('refuses anything but POST', async () => {
    const res = await fetch('/alli/token');
    expect(res.status).to.equal(405);
    expect(res.headers.get('allow')).to.equal('POST');
  });

  it('refuses a form post (what a cross-site form can send) and sets no cookie', async () => {
    const res = await fetch('/alli/token', { method: 'POST', body: new URLSearchParams({ a: '1' }), credentials: 'omit' });
    expect(res.status).to.equal(415);
    expect(res.headers.get('set-cookie')).to.equal(null);
    expect((await res.json()).error.name).to.equal('UNSUPPORTED_MEDIA_TYPE');
  });
});
