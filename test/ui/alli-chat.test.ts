import { expect } from '@open-wc/testing';
import type { AlliStreamEndEvent, AlliMessageSendEvent } from '../../src/ui/events.js';
import { $, $$, chatFixture, greeted, nextEvent, rendered, replyTo, until } from '../helpers/widget.js';

async function lastTurn(conversationId: string) {
  const res = await fetch(`/__mock/last-turn?conversationId=${encodeURIComponent(conversationId)}`);
  return (await res.json()) as { fields: Record<string, unknown>; parts?: unknown };
}

describe('<alli-chat>', () => {
  it('starts the conversation itself and renders the Draft.js greeting with a safe link', async () => {
    const { el, mock } = await chatFixture();
    await greeted(el);
    const bubble = $(el, '.message.bot .bubble')!;
    expect(bubble.querySelector('strong, b'), 'bold from the Draft.js styles').to.exist;
    expect(bubble.querySelector('li'), 'the bulleted list').to.exist;
    const link = bubble.querySelector('a')!;
    expect(link.href).to.match(/^https:\/\//);
    expect(link.target).to.equal('_blank');
    expect(link.rel).to.contain('noopener');
    const turns = mock.calls.filter((c) => c.url.endsWith('/run_conversation'));
    expect(turns[0].url).to.equal('/webapi/v2/apps/demo/run_conversation');
    expect([...turns[0].body!.keys()], 'the first turn carries no input').to.deep.equal([]);
    expect(mock.calls[0].url, 'the token comes first, from the host route').to.equal('/alli/token');
    expect($$(el, '.message.user')).to.have.lengthOf(0);
  });

  it('sends choices=[1] when the second option is clicked, and echoes its long text', async () => {
    const { el, mock } = await chatFixture();
    await greeted(el);
    const option = $$(el, '.option')[1];
    const longText = option.title;
    const selected = nextEvent(el, 'alli-option-select');
    await replyTo(
      el,
      async () => {
        option.click();
        await selected;
      },
      'the reply to the choice',
    );
    const turn = mock.calls.filter((c) => c.url.endsWith('/run_conversation'))[1];
    expect(turn.body!.get('choices')).to.equal('[1]');
    expect(turn.body!.get('conversationId')).to.be.a('string');
    expect($(el, '.message.user .bubble')!.textContent).to.equal(longText);
    const onServer = await lastTurn(turn.body!.get('conversationId') as string);
    expect(JSON.stringify(onServer)).to.contain('[1]');
    expect($$(el, '.message.bot')[0].querySelectorAll('.option:not([disabled])'), 'older buttons are disabled').to.have.lengthOf(0);
  });

  it('streams an LLM answer into one bubble, with steps and citations', async () => {
    const { el } = await chatFixture({ delayMs: 2 });
    await greeted(el);
    const started = nextEvent(el, 'alli-stream-start');
    // Registered before the click: the answer may end before a check of the rendered state.
    const ending = nextEvent<AlliStreamEndEvent>(el, 'alli-stream-end');
    $$(el, '.option')[0].click();
    await started;
    // [data-node]: the answer's own bubble, not the typing placeholder (also a .message.bot).
    await until(() => el.streaming && $$(el, '.message.bot[data-node]').length === 2 && $$(el, '.message.bot[data-node]')[1].querySelector('.bubble')?.textContent, 'streamed text');
    const answer = () => $$(el, '.message.bot')[1];
    const ended = await ending;
    expect(ended.reason).to.equal('waiting_input');
    await until(() => !el.streaming, 'streaming attribute cleared');
    expect($$(el, '.message.bot'), 'all deltas in one message').to.have.lengthOf(2);
    const text = answer().querySelector('.bubble')!.textContent!;
    expect(text.length).to.be.greaterThan(200);
    expect(answer().querySelectorAll('.steps li.done').length).to.be.greaterThan(0);
    expect(answer().querySelectorAll('.citations li').length).to.be.at.least(2);
    expect(el.hasAttribute('streaming')).to.equal(false);
  });

  it('Stop ends the turn as stopped and keeps the partial answer', async () => {
    const { el } = await chatFixture({ delayMs: 40 });
    await greeted(el);
    $$(el, '.option')[0].click();
    await until(
      () => $(el, '.stop') !== null && ($$(el, '.message.bot')[1]?.querySelector('.bubble')?.textContent?.length ?? 0) > 20,
      'some streamed text',
      15000,
    );
    const ended = nextEvent<AlliStreamEndEvent>(el, 'alli-stream-end');
    $(el, '.stop')!.click();
    expect((await ended).reason).to.equal('stopped');
    await until(() => !el.streaming, 'idle again');
    const partial = $$(el, '.message.bot')[1].querySelector('.bubble')!.textContent!;
    expect(partial.length).to.be.greaterThan(20);
    expect($(el, 'textarea')!.hasAttribute('disabled')).to.equal(false);
  });

  it('keeps the user bubble with Retry after repeated 500s, and Retry resends the same text', async () => {
    // One 500 is retried automatically (with backoff); three in a row leave the turn to the user.
    const { el, mock } = await chatFixture({ faults: { 2: 'status-500', 3: 'status-500', 4: 'status-500' } });
    await greeted(el);
    const errors = nextEvent(el, 'alli-error');
    await el.send('안녕하세요, 요금제가 궁금해요');
    await errors;
    await rendered(el);
    const failed = $(el, '.message.user.failed')!;
    expect(failed, 'the bubble stays, marked').to.exist;
    expect(failed.textContent).to.contain('안녕하세요, 요금제가 궁금해요');
    const retry = failed.querySelector<HTMLButtonElement>('.retry')!;
    await until(() => !retry.disabled, 'retry enabled');
    retry.click();
    await until(() => $(el, '.message.user.sent') !== null && !el.streaming, 'the retried turn went through');
    const turns = mock.calls.filter((c) => c.url.endsWith('/run_conversation'));
    expect(turns).to.have.lengthOf(5);
    expect(turns[4].body!.get('message')).to.equal('안녕하세요, 요금제가 궁금해요');
    expect($$(el, '.message.user'), 'still one bubble').to.have.lengthOf(1);
  });

  it('lets the host cancel a send', async () => {
    const { el, mock } = await chatFixture();
    await greeted(el);
    el.addEventListener('alli-message-send', (e: AlliMessageSendEvent) => {
      expect(e.content).to.deep.equal({ kind: 'text', text: 'secret' });
      e.preventDefault();
    });
    await el.send('secret');
    expect($$(el, '.message.user')).to.have.lengthOf(0);
    expect(mock.turnCount()).to.equal(1);
  });

  it('sends with Enter, not with Shift+Enter, and never during IME composition', async () => {
    const { el, mock } = await chatFixture({ delayMs: 30 });
    await greeted(el);
    const textarea = $(el, 'textarea') as HTMLTextAreaElement;
    const type = (value: string) => {
      textarea.value = value;
      textarea.dispatchEvent(new Event('input'));
    };
    const enter = (init: KeyboardEventInit = {}) =>
      textarea.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true, ...init }));
    type('한국');
    textarea.dispatchEvent(new CompositionEvent('compositionstart'));
    enter({ isComposing: true });
    enter({ shiftKey: true });
    await el.updateComplete;
    expect(mock.turnCount(), 'nothing sent while composing or with Shift').to.equal(1);
    expect(($(el, '.send') as HTMLButtonElement).disabled, 'send blocked while composing').to.equal(true);
    textarea.dispatchEvent(new CompositionEvent('compositionend'));
    type('한국어');
    await el.updateComplete;
    const ended = nextEvent(el, 'alli-stream-end');
    enter();
    await until(() => mock.turnCount() === 2 && $(el, '.message.user .bubble'), 'sent with Enter');
    expect($(el, '.message.user .bubble')!.textContent).to.equal('한국어');
    // While the turn is in flight the composer cannot send again.
    type('again');
    await until(() => $(el, '.stop') || ($(el, '.send') as HTMLButtonElement).disabled, 'send blocked while the turn is in flight');
    enter();
    await ended;
    await rendered(el);
    expect(mock.turnCount()).to.equal(2);
  });

  it('shows the ended bar after the conversation ends, and Start over begins anew', async () => {
    const { el } = await chatFixture();
    await greeted(el);
    const ids: (string | undefined)[] = [];
    el.addEventListener('alli-conversation-change', (e) => ids.push(e.conversationId));
    await el.reset();
    await greeted(el);
    expect(ids).to.have.lengthOf(2);
    expect(ids[0]).to.equal(undefined);
    expect(ids[1]).to.be.a('string');
  });
});
