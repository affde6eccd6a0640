// Issue 11, item 7: a grant may name the Alli origin its token is for (`apiBase`); the token then
// goes there and nowhere else, and an `api-base` that disagrees is reported, not obeyed.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/alli-chat.js';
import type { AlliChatElement } from '../../src/ui/alli-chat.element.js';
import type { AlliErrorEvent } from '../../src/ui/events.js';
import { STRINGS } from '../helpers/strings.js';

const en = STRINGS.en;
import { AlliError, ErrorCode } from '../../src/model/errors.js';
import { AlliClient } from '../../src/transport/client.js';
import { createTokenSource } from '../../src/transport/token-source.js';
import { $, until } from '../helpers/widget.js';

function recorder(grant: Record<string, unknown>) {
  const calls: { url: string; auth: string | null }[] = [];
  const fetch: typeof globalThis.fetch = async (input, init = {}) => {
    const url = String(input);
    calls.push({ url, auth: new Headers(init.headers).get('Authorization') });
    if (url.includes('/alli/token')) return Response.json(grant);
    return Response.json({ conversation: { id: 'C1', state: 'INIT' }, responses: [] });
  };
  return { fetch, calls };
}

const client = (apiBase: string, grant: Record<string, unknown>) => {
  const r = recorder(grant);
  const tokenSource = createTokenSource({ tokenUrl: '/alli/token', fetch: r.fetch });
  return { client: new AlliClient({ appId: 'demo', apiBase, tokenSource, fetch: r.fetch }), calls: r.calls };
};

describe('token audience (issue 11, item 7)', () => {
  it('sends the token to the origin the grant names', async () => {
    const { client: c, calls } = client('https://alli.test/', { token: 't1', expiresIn: 300, apiBase: 'https://alli.test' });
    await c.getConversation('C1');
    expect(calls.filter((x) => x.auth).map((x) => new URL(x.url).origin)).to.deep.equal(['https://alli.test']);
  });

  it('refuses to send it anywhere else, with a code that says why', async () => {
    const { client: c, calls } = client('https://elsewhere.example', { token: 't1', expiresIn: 300, apiBase: 'https://alli.test' });
    const error = await c.getConversation('C1').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(AlliError);
    expect((error as AlliError).code).to.equal(ErrorCode.ApiBaseMismatch);
    expect((error as AlliError).message).to.include('https://alli.test').and.include('https://elsewhere.example');
    expect(calls.filter((x) => !x.url.includes('/alli/token'))).to.deep.equal([]);
  });

  it('a grant without apiBase keeps today\'s behaviour; a non-web apiBase is a refused grant', async () => {
    const { client: c } = client('https://elsewhere.example', { token: 't1', expiresIn: 300 });
    await c.getConversation('C1');
    const bad = client('https://alli.test', { token: 't1', expiresIn: 300, apiBase: 'javascript:alert(1)' });
    const error = await bad.client.getConversation('C1').catch((e: unknown) => e);
    expect((error as AlliError).code).to.equal(ErrorCode.InvalidGrant);
  });

  it('the element shows it in the panel and fires alli-error', async () => {
    sessionStorage.clear();
    const r = recorder({ token: 't1', expiresIn: 300, apiBase: 'https://alli.test' });
    const errors: AlliErrorEvent[] = [];
    const el = await fixture<AlliChatElement>(
      html`<alli-chat app-id="demo" api-base="https://elsewhere.example" token-url="/alli/token" persist="none" .fetch=${r.fetch}
        @alli-error=${(e: AlliErrorEvent) => errors.push(e)} style="height: 500px"></alli-chat>`,
    );
    await until(() => $(el, '.banner.error span'), 'the error in the panel');
    await el.updateComplete; // the first error of the page brings its sentences (error-text.ts)
    expect($(el, '.banner.error span')!.textContent).to.equal(en.errorCodes.API_BASE_MISMATCH);
    expect(errors.map((e) => e.error.code)).to.include(ErrorCode.ApiBaseMismatch);
    expect(r.calls.filter((x) => x.url.includes('elsewhere'))).to.deep.equal([]);
  });
});
