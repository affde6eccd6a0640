// Never silent: a widget that cannot start says so in its panel, and once in the console with
// the attribute or URL to fix (issue 10).
import { expect, fixture, html } from '@open-wc/testing';
import sinon from 'sinon';
import '../../src/alli-chat.js';
import type { AlliChatElement } from '../../src/ui/alli-chat.element.js';
import { STRINGS } from '../helpers/strings.js';

const en = STRINGS.en;
import { until } from '../helpers/widget.js';

const panelText = (el: AlliChatElement) => el.shadowRoot!.querySelector('.panel')?.textContent ?? '';
const warnings = (spy: sinon.SinonSpy) => spy.getCalls().map((c) => String(c.args[0])).filter((m) => m.startsWith('<alli-chat>'));

describe('<alli-chat> never fails silently', () => {
  let warn: sinon.SinonSpy;
  beforeEach(() => {
    warn = sinon.spy(console, 'warn');
  });
  afterEach(() => warn.restore());

  it('without app-id: the panel says it is not set up, the console names app-id, once', async () => {
    const el = await fixture<AlliChatElement>(html`<alli-chat token-url="/alli/token"></alli-chat>`);
    await until(() => panelText(el).includes(en.notConfigured), 'the set-up message');
    el.requestUpdate();
    await el.updateComplete;
    expect(warnings(warn)).to.have.lengthOf(1);
    expect(warnings(warn)[0]).to.include('app-id');
  });

  it('without token-url or getToken: the console names token-url and getToken', async () => {
    const el = await fixture<AlliChatElement>(html`<alli-chat app-id="demo" tokenurl="/alli/token"></alli-chat>`);
    await until(() => panelText(el).includes(en.notConfigured), 'the set-up message');
    expect(warnings(warn)).to.have.lengthOf(1);
    expect(warnings(warn)[0]).to.include('token-url').and.include('getToken');
  });

  it('a token route that is not there (404): set-up message, and the URL in the console', async () => {
    const el = await fixture<AlliChatElement>(html`<alli-chat app-id="demo" api-base="/" token-url="/alli/no-such-route"></alli-chat>`);
    await until(() => panelText(el).includes(en.notConfigured), 'the set-up message');
    await until(() => warnings(warn).length > 0, 'a console warning');
    expect(warnings(warn)).to.have.lengthOf(1);
    expect(warnings(warn)[0]).to.include('/alli/no-such-route').and.include('token-url');
  });

  it('a token route that answers an HTML page: set-up message, and the URL in the console', async () => {
    const htmlPage: typeof fetch = async (input, init) =>
      String(input).includes('/alli/token') ? new Response('<!doctype html><p>Welcome</p>', { headers: { 'Content-Type': 'text/html' } }) : fetch(input, init);
    const el = await fixture<AlliChatElement>(html`<alli-chat app-id="demo" api-base="/" token-url="/alli/token" .fetch=${htmlPage}></alli-chat>`);
    await until(() => panelText(el).includes(en.notConfigured), 'the set-up message');
    await until(() => warnings(warn).length > 0, 'a console warning');
    expect(warnings(warn)[0]).to.include('/alli/token').and.include('JSON');
  });

  it('Alli unreachable: a message in the panel, and api-base in the console', async () => {
    const down: typeof fetch = async (input, init) => {
      if (String(input).includes('/webapi/')) throw new TypeError('Failed to fetch');
      return fetch(input, init);
    };
    const el = await fixture<AlliChatElement>(html`<alli-chat app-id="demo" api-base="/" token-url="/alli/token" .fetch=${down}></alli-chat>`);
    await until(() => warnings(warn).length > 0, 'a console warning', 15_000);
    expect(warnings(warn)[0]).to.include('api-base');
    await until(() => el.shadowRoot!.querySelector('.banner.error') !== null, 'the error banner', 15_000);
  });
});

describe('<alli-chat> inline height', () => {
  it('is --alli-chat-inline-height tall by default (600px) and can be overridden', async () => {
    const wrap = await fixture<HTMLDivElement>(html`<div><alli-chat app-id="demo" api-base="/" token-url="/alli/token"></alli-chat></div>`);
    const el = wrap.querySelector('alli-chat')!;
    await el.updateComplete;
    expect(el.getBoundingClientRect().height).to.equal(600);
    el.style.setProperty('--alli-chat-inline-height', '420px');
    expect(el.getBoundingClientRect().height).to.equal(420);
  });
});
