// The element against a scripted Alli (an injected fetch): states the demo app cannot reach
// on demand, and accessibility in each state.
import { expect, fixture, html } from '@open-wc/testing';
import sinon from 'sinon';
import '../../src/alli-chat.js';
import type { AlliChatElement } from '../../src/ui/alli-chat.element.js';
import type { ConversationEvent } from '../../src/model/stream-events.js';
import { $, $$, until } from '../helpers/widget.js';
import { botNode, conversation, done, scriptedAlli } from '../helpers/scripted-alli.js';

const GREETING_DRAFT = JSON.stringify({
  blocks: [{ key: 'a', text: 'Pick any that apply', type: 'unstyled', depth: 0, inlineStyleRanges: [], entityRanges: [], data: {} }],
  entityMap: {},
});

async function mount(turns: ConversationEvent[][]) {
  const alli = scriptedAlli(turns);
  const el = await fixture<AlliChatElement>(
    html`<alli-chat app-id="demo" api-base="https://alli.test" token-url="/alli/token" persist="none" .fetch=${alli.fetch} style="height: 560px"></alli-chat>`,
  );
  return { el, alli };
}

describe('<alli-chat> with a scripted Alli', () => {
  it('lets the user pick several options and sends their indices together', async () => {
    const { el, alli } = await mount([
      [
        conversation(),
        {
          type: 'response',
          response: botNode('R1', GREETING_DRAFT, {
            messageFormat: 'draftjs',
            multipleOption: true,
            chatOptionInfos: ['Search', 'Agents', 'Forms'].map((label) => ({ shortenOption: label, longOption: `I want ${label}`, meta: '{}' })),
          }),
        },
        done(),
      ],
      [conversation(), { type: 'response', response: botNode('R2', 'Noted.') }, done()],
    ]);
    await until(() => $$(el, '.option:not([disabled])').length === 3, 'options');
    const [search, , forms] = $$(el, '.option');
    search.click();
    forms.click();
    await el.updateComplete;
    await until(() => search.getAttribute('aria-pressed') === 'true', 'toggled');
    expect(forms.getAttribute('aria-pressed')).to.equal('true');
    expect(alli.turnsPlayed(), 'nothing sent before Confirm').to.equal(1);
    ($(el, '.confirm') as HTMLButtonElement).click();
    await until(() => alli.turnsPlayed() === 2 && $(el, '.message.bot[data-node="R2"]'), 'the reply');
    const sent = alli.requests.filter((r) => r.url.endsWith('/run_conversation'))[1].body!;
    expect(sent.get('choices')).to.equal('[0,2]');
    expect($(el, '.message.user .bubble')!.textContent).to.equal('I want Search, I want Forms');
    // After the choice the chosen options stay readable (pressed) and disabled.
    await until(() => $$(el, '.option.chosen').length === 2, 'chosen marked');
    expect($$(el, '.option:not([disabled])')).to.have.lengthOf(0);
  });

  it('applies server colours through custom properties, never a style attribute from markup, and drops unsafe ones', async () => {
    const { el } = await mount([
      [
        conversation(),
        {
          type: 'response',
          response: botNode('R1', 'Choose', {
            chatOptionInfos: [
              { shortenOption: 'Blue', longOption: 'Blue', meta: '{}', style: { bgColor: '#1f4ed8', fontColor: '#ffffff', bold: true } },
              { shortenOption: 'Evil', longOption: 'Evil', meta: '{}', style: { bgColor: 'red;background:url(https://evil.test/)', fontColor: 'expression(alert(1))' } },
            ],
          }),
        },
        done(),
      ],
    ]);
    await until(() => $$(el, '.option').length === 2, 'options');
    await el.updateComplete; // the colour check loads with the first styled option
    const [blue, evil] = $$(el, '.option');
    expect(blue.style.getPropertyValue('--_option-bg-app')).to.equal('#1f4ed8');
    expect(getComputedStyle(blue).backgroundColor).to.equal('rgb(31, 78, 216)');
    expect(getComputedStyle(blue).fontWeight).to.equal('700');
    expect(evil.style.length, 'no properties for unsafe values').to.equal(0);
    expect(getComputedStyle(evil).backgroundImage).to.equal('none');
  });

  it('opens a link option in a new tab instead of sending it', async () => {
    const { el, alli } = await mount([
      [
        conversation(),
        {
          type: 'response',
          response: botNode('R1', 'Docs?', {
            chatOptionInfos: [
              { shortenOption: 'Docs', longOption: 'Open the docs', meta: JSON.stringify({ url: 'https://docs.example.com/start' }) },
              { shortenOption: 'Bad', longOption: 'Bad link', meta: JSON.stringify({ url: 'javascript:alert(1)' }) },
            ],
          }),
        },
        done(),
      ],
      [conversation(), { type: 'response', response: botNode('R2', 'ok') }, done()],
    ]);
    await until(() => $$(el, '.option:not([disabled])').length === 2, 'options');
    const open = sinon.stub(window, 'open');
    try {
      $$(el, '.option')[0].click();
      expect(open.calledOnceWith('https://docs.example.com/start', '_blank', 'noopener,noreferrer')).to.equal(true);
      expect(alli.turnsPlayed(), 'a link option sends no turn').to.equal(1);
      $$(el, '.option')[1].click();
      expect(open.callCount, 'an unsafe URL is never opened').to.equal(1);
      await until(() => alli.turnsPlayed() === 2, 'the unsafe link option is sent as a plain choice');
    } finally {
      open.restore();
    }
  });

  it('shows the ended bar when the conversation ends, and Start over begins a new one', async () => {
    const { el, alli } = await mount([
      [conversation(), { type: 'response', response: botNode('R1', 'Thanks, we are done here.') }, { type: 'state', state: 'END_OF_CHATBOT' }, done('ended', 'END_OF_CHATBOT')],
      [{ type: 'conversation', conversation: { id: 'C2', state: 'INIT' }, isNew: true }, { type: 'response', response: botNode('R9', 'Hello again') }, done()],
    ]);
    await until(() => $(el, '.banner.ended'), 'ended bar');
    expect($(el, 'textarea'), 'no composer once ended').to.equal(null);
    await expect(el).to.be.accessible();
    ($(el, '.start-over') as HTMLButtonElement).click();
    await until(() => $(el, 'textarea') && $$(el, '.message.bot').length === 1 && $(el, '.message.bot')!.textContent!.includes('Hello again'), 'a new conversation');
    const second = alli.requests.filter((r) => r.url.endsWith('/run_conversation'))[1].body!;
    expect(second.has('conversationId'), 'a new conversation has no id').to.equal(false);
  });

  it('keeps the buttons but closes the text box unless the node allows text', async () => {
    const { el } = await mount([
      [
        conversation(),
        {
          type: 'response',
          response: botNode('R1', 'Yes or no?', { chatOptionInfos: [{ shortenOption: 'Yes', longOption: 'Yes', meta: '{}' }], allowTextInput: false }),
        },
        done(),
      ],
    ]);
    await until(() => $$(el, '.option:not([disabled])').length === 1, 'options');
    expect(($(el, 'textarea') as HTMLTextAreaElement).disabled).to.equal(true);
    const { el: open } = await mount([
      [
        conversation(),
        { type: 'response', response: botNode('R1', 'Yes or no?', { chatOptionInfos: [{ shortenOption: 'Yes', longOption: 'Yes', meta: '{}' }], allowTextInput: true }) },
        done(),
      ],
    ]);
    await until(() => $$(open, '.option:not([disabled])').length === 1, 'options');
    expect(($(open, 'textarea') as HTMLTextAreaElement).disabled).to.equal(false);
  });

  it('is accessible while idle and while streaming', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const encoder = new TextEncoder();
    const alli = scriptedAlli([[conversation(), { type: 'response', response: botNode('R1', 'Hi! Ask me anything.') }, done()]]);
    const fetch: typeof globalThis.fetch = async (input, init) => {
      if (!String(input).endsWith('/run_conversation') || alli.turnsPlayed() === 0) return alli.fetch(input, init);
      // The second turn streams half an answer, then waits for the test.
      const body = new ReadableStream<Uint8Array>({
        async start(controller) {
          controller.enqueue(encoder.encode('event: conversation\ndata: {"conversation":{"id":"C1","state":"WAIT_USER_ANSWER"}}\n\n'));
          controller.enqueue(encoder.encode('event: delta\ndata: {"id":"R2","delta":"Working on **it**"}\n\n'));
          await gate;
          controller.enqueue(encoder.encode('event: final\ndata: {"responseId":"R2","content":"Done.","format":"markdown"}\n\n'));
          controller.enqueue(encoder.encode('event: done\ndata: {"reason":"waiting_input"}\n\n'));
          controller.close();
        },
      });
      return new Response(body, { headers: { 'Content-Type': 'text/event-stream' } });
    };
    const el = await fixture<AlliChatElement>(html`<alli-chat app-id="demo" token-url="/alli/token" .fetch=${fetch} style="height: 560px"></alli-chat>`);
    await until(() => $(el, '.message.bot[data-node="R1"]'), 'greeting');
    await expect(el).to.be.accessible();
    void el.send('Tell me more');
    await until(() => el.streaming && $(el, '.message.bot[data-node="R2"] .bubble')?.textContent?.includes('Working on it'), 'streaming');
    expect($(el, '.message.bot[data-node="R2"] .bubble')!.getAttribute('aria-busy')).to.equal('true');
    await expect(el).to.be.accessible();
    release();
    await until(() => !el.streaming && $(el, '.message.bot[data-node="R2"] .bubble')?.textContent === 'Done.', 'final replaces the streamed text');
  });

  it('announces a streamed answer once when it starts and once when complete, never per chunk', async () => {
    const deltas = Array.from({ length: 30 }, (_, i): ConversationEvent => ({ type: 'delta', id: 'R1', delta: `word${i} ` }));
    const { el } = await mount([[conversation(), ...deltas, { type: 'final', responseId: 'R1', content: 'The whole answer.', format: 'markdown' }, done()]]);
    const live = el.shadowRoot!.querySelector('[aria-live="polite"]')!;
    const seen: string[] = [];
    new MutationObserver(() => seen.push(live.textContent ?? '')).observe(live, { childList: true, subtree: true, characterData: true });
    await until(() => !el.streaming && $(el, '.message.bot .bubble')?.textContent === 'The whole answer.', 'answer complete');
    await el.updateComplete;
    const distinct = seen.filter((t, i) => t !== seen[i - 1] && t !== '');
    expect(distinct, 'exactly two announcements: the start, then the whole message').to.deep.equal(['Alli is replying…', 'The whole answer.']);
  });
  it('queues a host send() made while a turn is in flight, instead of dropping it', async () => {
    const { el, alli } = await mount([
      [conversation(), { type: 'response', response: botNode('R1', 'Hi') }, done()],
      [conversation(), { type: 'response', response: botNode('R2', 'first answer') }, done()],
      [conversation(), { type: 'response', response: botNode('R3', 'second answer') }, done()],
    ]);
    await until(() => $$(el, '.message.bot[data-node]').length === 1 && !el.streaming, 'greeting');
    await Promise.all([el.send('first'), el.send('second')]);
    await until(() => $$(el, '.message.user .bubble').length === 2, 'both turns shown');
    expect($$(el, '.message.user .bubble').map((b) => b.textContent)).to.deep.equal(['first', 'second']);
    const sent = alli.requests.filter((r) => r.url.endsWith('/run_conversation')).slice(1).map((r) => r.body!.get('message'));
    expect(sent).to.deep.equal(['first', 'second']);
  });
});
