// Embedding: launcher open/close with focus handling, unread badge, two instances, attribute-only
// pages, RTL, phones, and scrolling that respects a reader who scrolled up.
import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia, sendKeys, setViewport } from '@web/test-runner-commands';
import '../../src/alli-chat.js';
import type { AlliChatElement } from '../../src/ui/alli-chat.element.js';
import type { ConversationEvent } from '../../src/model/stream-events.js';
import { $, $$, greeted, mockFetch, until } from '../helpers/widget.js';
import { botNode, conversation, done, gatedReply, scriptedAlli } from '../helpers/scripted-alli.js';

const OPTIONS = ['One', 'Two', 'Three'].map((label) => ({ shortenOption: label, longOption: `Option ${label}`, meta: '{}' }));
const greetingTurn = (): ConversationEvent[] => [
  conversation(),
  { type: 'response', response: botNode('R1', 'Hello! Pick one.', { chatOptionInfos: OPTIONS, allowTextInput: true }) },
  done(),
];

afterEach(async () => {
  sessionStorage.clear();
  await setViewport({ width: 800, height: 600 });
  await emulateMedia({ colorScheme: 'light', reducedMotion: 'no-preference' });
});

describe('<alli-chat> launcher', () => {
  it('starts closed, opens on click with focus in the composer, and Escape closes it with focus back on the launcher', async () => {
    const alli = scriptedAlli([greetingTurn()]);
    const el = await fixture<AlliChatElement>(html`<alli-chat mode="launcher" app-id="demo" token-url="/alli/token" .fetch=${alli.fetch}></alli-chat>`);
    expect($(el, '.panel'), 'no panel before the core is loaded').to.equal(null);
    expect(alli.turnsPlayed(), 'nothing is fetched before the visitor opens the chat').to.equal(0);
    await expect(el, 'closed launcher is accessible').to.be.accessible();
    const launcher = $(el, '.launcher') as HTMLButtonElement;
    expect(launcher.getAttribute('aria-expanded')).to.equal('false');
    launcher.focus();
    await sendKeys({ press: 'Enter' });
    await until(() => el.open && !$(el, '.panel')!.hidden, 'opened');
    expect(el.hasAttribute('open')).to.equal(true);
    await until(() => el.shadowRoot!.activeElement === $(el, 'textarea'), 'focus moves into the panel');
    await until(() => $$(el, '.option:not([disabled])').length === 3, 'greeting loaded on first open');
    await expect(el, 'open launcher is accessible').to.be.accessible();
    await sendKeys({ press: 'Escape' });
    await until(() => !el.open, 'Escape closes');
    await until(() => el.shadowRoot!.activeElement === $(el, '.launcher'), 'focus returns to the launcher');
    el.toggle();
    await el.updateComplete;
    expect(el.open).to.equal(true);
    el.close();
    await el.updateComplete;
    expect(el.open).to.equal(false);
    el.show();
    await el.updateComplete;
    expect(el.open).to.equal(true);
    expect(alli.turnsPlayed(), 'reopening does not start another conversation').to.equal(1);
  });

  it('makes the time format on intent, so opening does not pay for the first one (16–23 ms in Chromium)', async () => {
    const made: string[] = [];
    const original = Intl.DateTimeFormat;
    Intl.DateTimeFormat = new Proxy(original, {
      construct(target, args: ConstructorParameters<typeof Intl.DateTimeFormat>) {
        made.push(String(args[0]));
        return Reflect.construct(target, args);
      },
    });
    try {
      const alli = scriptedAlli([greetingTurn()]);
      // Korean: a locale no earlier test of this page has formatted a time in.
      const el = await fixture<AlliChatElement>(html`<alli-chat mode="launcher" lang="ko" app-id="demo" token-url="/alli/token" persist="none" .fetch=${alli.fetch}></alli-chat>`);
      $(el, '.launcher')!.dispatchEvent(new PointerEvent('pointerenter'));
      await until(() => made.some((tag) => tag.startsWith('ko')), 'the time format made on intent, before any message');
      expect(alli.turnsPlayed(), 'intent fetches nothing from Alli').to.equal(0);
      const before = made.length;
      el.open = true;
      await greeted(el);
      expect($(el, '.message.bot time'), 'the greeting shows its time').to.not.equal(null);
      expect(made.length, 'no time format made while opening').to.equal(before);
    } finally {
      Intl.DateTimeFormat = original;
    }
  });

  it('counts bot messages that arrive while closed on a badge, and clears it on open', async () => {
    const gate = gatedReply();
    const alli = scriptedAlli([greetingTurn()]);
    const fetch: typeof globalThis.fetch = (input, init) =>
      String(input).endsWith('/run_conversation') && alli.turnsPlayed() >= 1 ? Promise.resolve(gate.response()) : alli.fetch(input, init);
    const el = await fixture<AlliChatElement>(html`<alli-chat mode="launcher" open app-id="demo" token-url="/alli/token" .fetch=${fetch}></alli-chat>`);
    await until(() => $$(el, '.option:not([disabled])').length === 3, 'greeting');
    void el.send('A question');
    await until(() => el.streaming, 'streaming');
    el.close();
    gate.push('R2', 'Working…');
    gate.release({ id: 'R2', content: 'Here is the answer.' });
    await until(() => $(el, '.badge')?.textContent === '1', 'one unread message');
    expect($(el, '.launcher')!.getAttribute('aria-label')).to.match(/1 new message/);
    el.show();
    await until(() => !$(el, '.badge'), 'badge cleared');
  });

  it('sits in the chosen corner with host-set offsets and z-index', async () => {
    const alli = scriptedAlli([greetingTurn()]);
    const el = await fixture<AlliChatElement>(
      html`<alli-chat mode="launcher" position="top-left" app-id="demo" token-url="/alli/token" .fetch=${alli.fetch}></alli-chat>`,
    );
    el.style.setProperty('--alli-chat-offset-x', '30px');
    el.style.setProperty('--alli-chat-offset-y', '40px');
    el.style.setProperty('--alli-chat-z-index', '77');
    await el.updateComplete;
    const box = el.getBoundingClientRect();
    expect(Math.round(box.left)).to.equal(30);
    expect(Math.round(box.top)).to.equal(40);
    expect(getComputedStyle(el).zIndex).to.equal('77');
    expect(getComputedStyle(el).position).to.equal('fixed');
  });

  it('goes full screen on a phone, locks the page scroll, and gives it back on close', async () => {
    await setViewport({ width: 390, height: 844 });
    document.documentElement.style.setProperty('overflow', 'auto');
    const alli = scriptedAlli([greetingTurn()]);
    const el = await fixture<AlliChatElement>(html`<alli-chat mode="launcher" app-id="demo" token-url="/alli/token" .fetch=${alli.fetch}></alli-chat>`);
    el.show();
    await until(() => $$(el, '.option').length === 3, 'greeting');
    const panel = $(el, '.panel')!.getBoundingClientRect();
    expect([panel.left, panel.top, Math.round(panel.width)]).to.deep.equal([0, 0, 390]);
    expect(document.documentElement.style.getPropertyValue('overflow')).to.equal('hidden');
    expect(parseFloat(getComputedStyle($(el, 'textarea')!).fontSize)).to.be.at.least(16);
    el.close();
    await el.updateComplete;
    expect(document.documentElement.style.getPropertyValue('overflow'), 'the page keeps its own value').to.equal('auto');
    document.documentElement.style.removeProperty('overflow');
  });
});

describe('<alli-chat> embedding', () => {
  it('works from attributes alone, as a CMS page would write it', async () => {
    sessionStorage.clear();
    const host = await fixture<HTMLDivElement>(html`<div style="height: 500px"></div>`);
    host.innerHTML = '<alli-chat app-id="demo" api-base="/" token-url="/alli/token"></alli-chat>';
    const el = host.querySelector('alli-chat')!;
    await greeted(el);
    expect($(el, '.message.bot .bubble')!.textContent).to.contain('Alli');
  });

  it('runs two instances on one page as two conversations', async () => {
    sessionStorage.clear();
    const a = mockFetch();
    const b = mockFetch();
    const wrap = await fixture<HTMLDivElement>(html`<div>
      <alli-chat id="a" app-id="demo" api-base="/" token-url="/alli/token" persist="none" .fetch=${a.fetch} style="height: 420px"></alli-chat>
      <alli-chat id="b" app-id="demo" api-base="/" token-url="/alli/token" persist="none" .fetch=${b.fetch} style="height: 420px"></alli-chat>
    </div>`);
    const [first, second] = [...wrap.querySelectorAll('alli-chat')];
    await Promise.all([greeted(first), greeted(second)]);
    const ids: string[] = [];
    first.addEventListener('alli-stream-start', (e) => ids.push(`a:${(e as Event & { conversationId: string }).conversationId}`));
    second.addEventListener('alli-stream-start', (e) => ids.push(`b:${(e as Event & { conversationId: string }).conversationId}`));
    await first.send('hello from A');
    await second.send('hello from B');
    expect(ids).to.have.lengthOf(2);
    expect(ids[0].slice(2)).to.not.equal(ids[1].slice(2));
    expect($$(first, '.message.user').map((m) => m.textContent)).to.satisfy((t: string[]) => t.every((x) => x.includes('from A')));
    expect($$(second, '.message.user').map((m) => m.textContent)).to.satisfy((t: string[]) => t.every((x) => x.includes('from B')));
    // Ids inside each shadow root do not collide with the page or each other.
    expect(document.getElementById('panel')).to.equal(null);
  });

  it('mirrors the layout for right-to-left and reverses arrow keys in option groups', async () => {
    const alli = scriptedAlli([greetingTurn(), [conversation(), { type: 'response', response: botNode('R2', 'ok') }, done()]]);
    const el = await fixture<AlliChatElement>(html`<alli-chat dir="rtl" app-id="demo" token-url="/alli/token" .fetch=${alli.fetch} style="height: 500px; width: 500px"></alli-chat>`);
    await until(() => $$(el, '.option:not([disabled])').length === 3, 'options');
    const panel = $(el, '.panel')!.getBoundingClientRect();
    const botBubble = $(el, '.message.bot .bubble')!.getBoundingClientRect();
    expect(panel.right - botBubble.right, 'bot bubbles start at the right').to.be.lessThan(40);
    const [first, second] = $$(el, '.option');
    first.focus();
    await sendKeys({ press: 'ArrowLeft' });
    expect(el.shadowRoot!.activeElement, 'ArrowLeft moves forward in RTL').to.equal(second);
    await sendKeys({ press: 'ArrowRight' });
    expect(el.shadowRoot!.activeElement).to.equal(first);
    await sendKeys({ press: 'End' });
    expect(el.shadowRoot!.activeElement).to.equal($$(el, '.option')[2]);
    expect($$(el, '.option').filter((o) => o.tabIndex === 0), 'one tab stop per group').to.have.lengthOf(1);
  });
});

describe('<alli-chat> scrolling', () => {
  it('stays put while an answer streams after the reader scrolled up, and counts new messages', async () => {
    const history: ConversationEvent[] = [conversation()];
    for (let i = 0; i < 12; i++) history.push({ type: 'response', response: botNode(`H${i}`, `History message ${i}\n\nwith a second paragraph to take room.`) });
    history.push(done());
    const gate = gatedReply();
    const alli = scriptedAlli([history]);
    const fetch: typeof globalThis.fetch = (input, init) =>
      String(input).endsWith('/run_conversation') && alli.turnsPlayed() >= 1 ? Promise.resolve(gate.response()) : alli.fetch(input, init);
    const el = await fixture<AlliChatElement>(html`<alli-chat app-id="demo" token-url="/alli/token" .fetch=${fetch} style="height: 420px"></alli-chat>`);
    await until(() => $$(el, '.message.bot[data-node]').length === 12, 'history');
    const scroller = $(el, '.messages')!;
    await until(() => scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 2, 'follows to the bottom at first');
    void el.send('Tell me more');
    await until(() => el.streaming, 'streaming');
    scroller.scrollTop = 100;
    scroller.dispatchEvent(new Event('scroll'));
    await el.updateComplete;
    for (let i = 0; i < 20; i++) {
      gate.push('R9', `Paragraph ${i} of a long answer.\n\n`);
      await new Promise((r) => requestAnimationFrame(r));
    }
    expect(scroller.scrollTop, 'the reader keeps their place').to.equal(100);
    await until(() => $(el, '.jump')?.textContent?.includes('1 new'), 'jump control with the count');
    gate.release({ id: 'R9', content: 'Final answer.' });
    await until(() => !el.streaming, 'done');
    expect(scroller.scrollTop).to.equal(100);
    ($(el, '.jump') as HTMLButtonElement).click();
    await until(() => scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 2 && !$(el, '.jump'), 'back at the latest');
  });
});
