// Languages and slots through the element: lang attribute, nearest lang of the page, the
// host's overrides, and the slots for title, logo, launcher icon and empty state.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/alli-chat.js';
import type { AlliChatElement } from '../../src/ui/alli-chat.element.js';
import { $, $$, until } from '../helpers/widget.js';
import { botNode, conversation, done, scriptedAlli } from '../helpers/scripted-alli.js';

const greeting = () => [conversation(), { type: 'response' as const, response: botNode('R1', 'Hi', { createdAt: Date.UTC(2026, 10, 27, 14, 5) }) }, done()];

describe('<alli-chat> languages and slots', () => {
  it('speaks Korean from its own lang attribute, Japanese from the page, and takes overrides', async () => {
    const ko = await fixture<AlliChatElement>(html`<alli-chat lang="ko" app-id="demo" token-url="/alli/token" persist="none" .fetch=${scriptedAlli([greeting()]).fetch}></alli-chat>`);
    await until(() => $$(ko, '.message.bot[data-node]').length === 1, 'greeting');
    expect($(ko, 'textarea')!.getAttribute('placeholder')).to.equal('메시지를 입력하세요…');
    expect($(ko, '.send')!.textContent!.trim()).to.equal('보내기');
    expect($(ko, '.message.bot time')!.textContent).to.equal(new Intl.DateTimeFormat('ko', { hour: 'numeric', minute: '2-digit' }).format(Date.UTC(2026, 10, 27, 14, 5)));

    const wrap = await fixture<HTMLDivElement>(html`<div lang="ja-JP">
      <alli-chat app-id="demo" token-url="/alli/token" persist="none" .fetch=${scriptedAlli([greeting()]).fetch}></alli-chat>
    </div>`);
    const ja = wrap.querySelector('alli-chat')!;
    await until(() => $$(ja, '.message.bot[data-node]').length === 1, 'greeting');
    expect($(ja, '.send')!.textContent!.trim()).to.equal('送信');

    const custom = await fixture<AlliChatElement>(html`<alli-chat
      lang="en"
      app-id="demo"
      token-url="/alli/token"
      persist="none"
      .i18n=${{ send: 'Ask', newConversation: 'Start again' }}
      .fetch=${scriptedAlli([greeting()]).fetch}
    ></alli-chat>`);
    await until(() => $$(custom, '.message.bot[data-node]').length === 1, 'greeting');
    expect($(custom, '.send')!.textContent!.trim()).to.equal('Ask');
    expect($(custom, '.new')!.textContent!.trim()).to.equal('Start again');
  });

  it('puts slotted title, logo, launcher icon and empty state where they belong', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const alli = scriptedAlli([greeting()]);
    const slow: typeof fetch = async (input, init) => {
      if (String(input).endsWith('/run_conversation')) await gate;
      return alli.fetch(input, init);
    };
    const el = await fixture<AlliChatElement>(html`<alli-chat mode="launcher" open app-id="demo" token-url="/alli/token" persist="none" .fetch=${slow}>
      <span slot="title">Acme Help</span>
      <img slot="logo" alt="Acme" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" />
      <svg slot="launcher-icon" id="my-icon" viewBox="0 0 1 1"></svg>
      <p slot="empty">Ask us anything about your order.</p>
    </alli-chat>`);
    const assigned = (name: string) => (el.shadowRoot!.querySelector(`slot[name="${name}"]`) as HTMLSlotElement).assignedElements();
    expect(assigned('title')[0].textContent).to.equal('Acme Help');
    expect(assigned('logo')[0].localName).to.equal('img');
    expect(assigned('launcher-icon')[0].id).to.equal('my-icon');
    expect(assigned('empty')[0].textContent).to.contain('your order');
    expect($(el, '.empty'), 'the empty state shows until the greeting arrives').to.exist;
    release();
    await until(() => $$(el, '.message.bot[data-node]').length === 1 && !$(el, '.empty'), 'greeting replaces the empty state');
  });
});
