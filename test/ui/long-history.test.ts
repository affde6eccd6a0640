// Issue #12, long histories: a restored 1,000-message conversation is windowed (only messages
// near the viewport are in the DOM, spacers hold the rest's heights), scrolling up draws older
// messages without moving what the reader sees, and the log stays walkable and axe-clean.
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/alli-chat.js';
import { conversationKey } from '../../src/conversation/conversation-store.js';
import type { ConversationEvent } from '../../src/model/stream-events.js';
import type { AlliChatElement } from '../../src/ui/alli-chat.element.js';
import { WINDOW_FROM } from '../../src/ui/views/transcript.view.js';
import { longHistory } from '../fixtures/long-history.mjs';
import { gatedReply, sseBody } from '../helpers/scripted-alli.js';
import { $, $$, replyTo, rendered, until } from '../helpers/widget.js';

/** A widget that reopens a remembered conversation of `count` messages. */
async function restored(count: number, reply?: () => Response): Promise<AlliChatElement> {
  const answer = streamedAnswer(`a${count}`);
  sessionStorage.clear();
  localStorage.clear();
  sessionStorage.setItem(conversationKey('demo', ''), JSON.stringify({ conversationId: 'C-long', savedAt: Date.now() }));
  const history = longHistory(count);
  const fetch: typeof globalThis.fetch = async (input) => {
    const url = String(input);
    if (url.includes('/alli/token')) return Response.json({ token: 'history-token', expiresIn: 600 });
    if (url.includes('/conversations/C-long')) return Response.json(history);
    if (url.endsWith('/run_conversation')) return reply?.() ?? new Response(sseBody(answer), { headers: { 'Content-Type': 'text/event-stream' } });
    return Response.json({ message: `unexpected ${url}` }, { status: 404 });
  };
  const el = await fixture<AlliChatElement>(
    html`<alli-chat app-id="demo" api-base="/" token-url="/alli/token" .fetch=${fetch} style="height: 600px"></alli-chat>`,
  );
  await until(() => messages(el).at(-1)?.getAttribute('aria-posinset') === String(count), 'the latest message drawn');
  await until(() => messages(el).at(-1)?.querySelector('.bubble')?.textContent?.includes(`Answer ${count - 1}`), 'the latest answer rendered');
  await rendered(el);
  await settled(el);
  return el;
}

/** Late arrivals (option buttons, file styles) have changed the layout and nothing moves any more. */
async function settled(el: AlliChatElement) {
  const scroller = $(el, '.messages')!;
  let last = -1;
  let still = 0;
  while (still < 5) {
    await frame();
    still = scroller.scrollHeight === last ? still + 1 : 0;
    last = scroller.scrollHeight;
  }
  await el.updateComplete;
}

/** A Markdown answer streamed in pieces, with option buttons at the end. */
function streamedAnswer(id: string): ConversationEvent[] {
  const conversation = { id: 'C-long', state: 'WAIT_USER_ANSWER' };
  const node = { id, type: 'llm', sender: 'BOT', message: '', messageFormat: 'markdown', createdAt: Date.now(), completed: false } as const;
  const pieces = ['The **new** answer', ' arrives', ' in pieces.\n\n', '- after a long history'];
  return [
    { type: 'conversation', conversation },
    { type: 'response', response: node },
    ...pieces.map((delta): ConversationEvent => ({ type: 'delta', id, delta })),
    { type: 'response', response: { ...node, message: pieces.join(''), completed: true, chatOptionInfos: [{ shortenOption: 'More', longOption: 'Tell me more', meta: '{}' }] } },
    { type: 'done', conversation, reason: 'waiting_input' },
  ];
}

const messages = (el: AlliChatElement) => $$(el, '.transcript > .message[data-turn], .transcript > .message[data-node]');
const positions = (el: AlliChatElement) => messages(el).map((m) => Number(m.getAttribute('aria-posinset')));
const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));

/** The first message whose bottom is below the scroller's top edge, and its distance from that edge. */
function topMessage(el: AlliChatElement): { message: HTMLElement; offset: number } {
  const scroller = $(el, '.messages')!;
  const edge = scroller.getBoundingClientRect().top;
  const message = messages(el).find((m) => m.getBoundingClientRect().bottom > edge)!;
  return { message, offset: message.getBoundingClientRect().top - edge };
}

describe('a long restored history (issue #12)', () => {
  it('keeps at most 2,000 elements in the shadow root and draws the latest messages, following the bottom', async () => {
    const el = await restored(1000);
    const count = el.shadowRoot!.querySelectorAll('*').length;
    expect(count, `${count} elements`).to.be.at.most(2000);
    const drawn = positions(el);
    expect(drawn.length).to.be.within(2, 100);
    expect(drawn.at(-1)).to.equal(1000);
    // The drawn messages are the latest, in order, with a spacer standing for the others.
    expect(drawn).to.deep.equal(drawn.map((_, i) => 1000 - drawn.length + 1 + i));
    expect($$(el, '.transcript > .spacer').length).to.equal(1);
    const scroller = $(el, '.messages')!;
    await until(() => scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight <= 48, 'at the bottom');
    // The latest answer's option buttons are live.
    expect(messages(el).at(-1)!.querySelectorAll('.option:not([disabled])').length).to.equal(3);
  });

  it('draws older messages when scrolled up, and the message at the top of the viewport moves by at most 1 px', async () => {
    const el = await restored(1000);
    const scroller = $(el, '.messages')!;
    for (let round = 0; round < 6; round++) {
      const oldest = Math.min(...positions(el));
      // Scroll so that the oldest drawn message is just inside the viewport, as a reader scrolling up would.
      const first = messages(el)[0];
      scroller.scrollTop += first.getBoundingClientRect().top - scroller.getBoundingClientRect().top - 40;
      const before = topMessage(el);
      await until(() => Math.min(...positions(el)) < oldest, `older messages drawn (round ${round + 1})`);
      await frame();
      await frame();
      expect(before.message.isConnected, 'the message in view stays drawn').to.equal(true);
      const after = before.message.getBoundingClientRect().top - scroller.getBoundingClientRect().top;
      expect(Math.abs(after - before.offset), `round ${round + 1}: moved from ${before.offset} to ${after}`).to.be.at.most(1);
      expect(el.shadowRoot!.querySelectorAll('*').length).to.be.at.most(2000);
    }
  });

  it('exposes each message as an article with its position in the whole log, and stays axe-clean', async () => {
    const el = await restored(1000);
    const log = $(el, '.messages')!;
    expect(log.getAttribute('role')).to.equal('log');
    for (const m of messages(el)) {
      expect(m.getAttribute('role')).to.equal('article');
      expect(m.getAttribute('aria-setsize')).to.equal('1000');
    }
    expect(messages(el).at(-1)!.getAttribute('aria-posinset')).to.equal('1000');
    expect($$(el, '.spacer').every((s) => s.getAttribute('aria-hidden') === 'true')).to.equal(true);
    await expect(el).to.be.accessible();
    // Scrolled to the middle, with spacers above and below.
    log.scrollTop = log.scrollHeight / 2;
    await until(() => Math.max(...positions(el).slice(0, -3)) < 900, 'messages from the middle drawn');
    await rendered(el);
    await expect(el).to.be.accessible();
  });

  it('the keyboard reaches the first message (Home on the focused log) and back (End), the latest options staying live', async () => {
    const el = await restored(1000);
    const log = $(el, '.messages')!;
    log.focus();
    const oldest = Math.min(...positions(el));
    for (let i = 0; i < 4; i++) await sendKeys({ press: 'PageUp' });
    await until(() => Math.min(...positions(el)) < oldest, 'Page Up draws older messages');
    await sendKeys({ press: 'Home' });
    await until(() => positions(el)[0] === 1, 'the first message drawn');
    await until(() => {
      const first = messages(el)[0].getBoundingClientRect().top - log.getBoundingClientRect().top;
      return log.scrollTop === 0 && first >= 0 && first < 40;
    }, 'the first message at the top of the log');
    expect(messages(el)[0].textContent).to.contain('Question 0');
    expect(el.shadowRoot!.querySelectorAll('*').length).to.be.at.most(2000);
    expect(messages(el).at(-1)!.getAttribute('aria-posinset'), 'the latest turn stays drawn').to.equal('1000');
    expect(messages(el).at(-1)!.querySelectorAll('.option:not([disabled])').length).to.equal(3);
    await sendKeys({ press: 'End' });
    await until(() => log.scrollHeight - log.scrollTop - log.clientHeight <= 48 && positions(el).includes(990), 'back at the latest messages');
  });

  it('never removes the message that holds focus', async () => {
    const el = await restored(1000);
    const log = $(el, '.messages')!;
    const link = messages(el)
      .slice(0, 10)
      .map((m) => m.querySelector<HTMLAnchorElement>('.citations a'))
      .find((a) => a)!;
    link.focus();
    expect(el.shadowRoot!.activeElement).to.equal(link);
    log.scrollTop = 0;
    await until(() => positions(el)[0] === 1, 'the first message drawn');
    await rendered(el);
    expect(link.isConnected, 'the focused message is still drawn').to.equal(true);
    expect(el.shadowRoot!.activeElement).to.equal(link);
  });

  it('a reply streamed after a long history is drawn at the bottom, which the view follows', async () => {
    const el = await restored(1000);
    const log = $(el, '.messages')!;
    await replyTo(el, () => el.send('One more question'));
    await until(() => positions(el).at(-1) === 1002, 'the question and the answer drawn');
    const last = messages(el).at(-1)!;
    expect(last.querySelector('.bubble strong')?.textContent).to.equal('new');
    expect(last.getAttribute('aria-setsize')).to.equal('1002');
    expect(messages(el).every((m) => m.getAttribute('aria-setsize') === '1002')).to.equal(true);
    await until(() => last.querySelector('.option:not([disabled])'), "the answer's option button");
    await until(() => log.scrollHeight - log.scrollTop - log.clientHeight <= 48, 'the view follows the bottom');
    expect($(el, '.jump'), 'no "jump to latest": the reader is there').to.equal(null);
    expect(el.shadowRoot!.querySelectorAll('*').length).to.be.at.most(2000);
  });

  it('a reader who went back to the bottom and then up again keeps their place while a reply streams', async () => {
    const gate = gatedReply('C-long');
    const el = await restored(1000, gate.response);
    const log = $(el, '.messages')!;
    void el.send('Tell me more');
    gate.push('R-gated', 'The answer begins.\n\n');
    await until(() => el.streaming && messages(el).at(-1)?.textContent?.includes('The answer begins'), 'the reply streaming');
    // Up while the answer grows below, then back to its new bottom.
    log.scrollTop -= 1000;
    await frame();
    await frame();
    for (let i = 0; i < 30; i++) {
      gate.push('R-gated', `Paragraph ${i} of a long answer, long enough to take a line or two of the transcript.\n\n`);
      await frame();
    }
    await until(() => messages(el).at(-1)?.textContent?.includes('Paragraph 29'), 'the answer grown');
    log.scrollTop = log.scrollHeight;
    await frame();
    await frame();
    log.scrollTop -= 300;
    await frame();
    await frame();
    const before = topMessage(el);
    const spacers = () => $$(el, '.spacer').map((x) => x.style.height).join();
    const spacersBefore = spacers();
    for (let i = 30; i < 50; i++) {
      gate.push('R-gated', `Paragraph ${i} of a long answer.\n\n`);
      await frame();
    }
    await until(() => messages(el).at(-1)?.textContent?.includes('Paragraph 49'), 'more of the reply');
    await frame();
    const after = before.message.getBoundingClientRect().top - log.getBoundingClientRect().top;
    expect(Math.abs(after - before.offset), 'what the reader sees stays put, not pulled to the bottom').to.be.at.most(1);
    expect(spacers(), 'the spacers do not move with every streamed chunk').to.equal(spacersBefore);
    gate.release();
    await until(() => !el.streaming, 'the reply ended');
  });

  it('a conversation that grows past 100 messages is windowed from then on', async () => {
    const el = await restored(WINDOW_FROM);
    expect($$(el, '.spacer').length).to.equal(0);
    await replyTo(el, () => el.send('One more question'));
    await until(() => positions(el).at(-1) === WINDOW_FROM + 2 && $$(el, '.spacer').length === 1, 'the latest messages drawn, a spacer for the rest');
    expect(positions(el).length).to.be.below(WINDOW_FROM / 2);
    const log = $(el, '.messages')!;
    await until(() => log.scrollHeight - log.scrollTop - log.clientHeight <= 48, 'the view at the bottom');
  });

  it('a short history (100 messages) draws every message, without spacers', async () => {
    expect(WINDOW_FROM).to.equal(100);
    const el = await restored(WINDOW_FROM);
    expect(positions(el)).to.deep.equal(Array.from({ length: WINDOW_FROM }, (_, i) => i + 1));
    expect($$(el, '.spacer').length).to.equal(0);
    expect($(el, '.messages')!.style.overflowAnchor).to.equal('');
  });
});
