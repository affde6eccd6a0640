// The widget on each transport against the mock Alli mounted in the test runner: a streamed
// LLM-app answer with its steps and citations, a skill conversation with a button choice, and a
// skill conversation an agent ended (docs/transports.md).
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/alli-chat.js';
import type { AlliChatElement } from '../../src/ui/alli-chat.element.js';
import type { AlliStreamEndEvent } from '../../src/ui/events.js';
import { $, $$, nextEvent, until } from '../helpers/widget.js';

interface Call {
  path: string;
  json?: any;
}

/** Every Alli call, with its JSON body; the mock answers without pauses. */
function recordingFetch() {
  const calls: Call[] = [];
  const wrapped: typeof fetch = (input, init = {}) => {
    const url = new URL(String(input), location.href);
    const headers = new Headers(init.headers);
    headers.set('X-Mock-Delay-Ms', '0');
    calls.push({ path: url.pathname, json: typeof init.body === 'string' ? JSON.parse(init.body) : undefined });
    return fetch(url, { ...init, headers });
  };
  return { fetch: wrapped, calls };
}

async function widget(appId: string, transport: string, placement = '') {
  sessionStorage.clear();
  localStorage.clear();
  const mock = recordingFetch();
  const el = await fixture<AlliChatElement>(
    html`<alli-chat app-id=${appId} transport=${transport} placement=${placement} api-base="/" token-url="/alli/token" .fetch=${mock.fetch} style="height: 600px"></alli-chat>`,
  );
  return { el, calls: mock.calls };
}

const botTexts = (el: AlliChatElement) => $$(el, '.message.bot .bubble').map((b) => b.textContent?.trim() ?? '');

/** Sends `text` as the visitor and waits for the turn's `alli-stream-end`. */
async function exchange(el: AlliChatElement, text: string): Promise<AlliStreamEndEvent> {
  const ended = nextEvent<AlliStreamEndEvent>(el, 'alli-stream-end');
  await el.send(text);
  const event = await ended;
  // The session's changes render on the next frame; then wait for any renderer it loads.
  await new Promise(requestAnimationFrame);
  await el.updateComplete;
  return event;
}

describe('<alli-chat> transports against the mock', () => {
  it('llm-app: no greeting, a streamed answer with its steps and citations, the conversation id carried to the follow-up', async () => {
    const { el, calls } = await widget('handbook', 'llm-app');
    await el.updateComplete;
    expect(calls.filter((c) => c.path.startsWith('/webapi/')), 'an LLM app has no greeting to fetch').to.deep.equal([]);
    expect($(el, '.attach'), '/run takes no files').to.equal(null);

    const first = await exchange(el, 'How much leave do I get?');
    expect(first.reason).to.equal('waiting_input');
    const answer = $$(el, '.message.bot').at(-1)!;
    expect(answer.querySelector('.bubble')!.textContent).to.match(/15 days/);
    expect([...answer.querySelectorAll('.steps li')].map((li) => li.className)).to.deep.equal(['done', 'done']);
    const sources = [...answer.querySelectorAll('.citations li')].map((li) => li.textContent ?? '');
    expect(sources).to.have.length(2);
    expect(sources[1]).to.contain('How do I carry over leave?');

    const second = await exchange(el, 'can I carry it over?');
    expect(second.conversationId).to.equal(first.conversationId);
    expect(botTexts(el).at(-1)).to.match(/^Still on annual leave/);
    const runs = calls.filter((c) => c.path === '/webapi/apps/handbook/run');
    expect(runs.map((c) => c.json)).to.deep.equal([
      { chat: { message: 'How much leave do I get?' }, mode: 'stream', isStateful: true },
      { chat: { message: 'can I carry it over?' }, mode: 'stream', isStateful: true, conversationId: first.conversationId },
    ]);
  });

  it('skill: the Draft.js greeting with buttons (the deleted notice hidden), a button sent as its text, no attach button', async () => {
    const { el, calls } = await widget('help-desk', 'skill', 'website');
    await until(() => $$(el, '.option:not([disabled])').length === 3, 'the greeting with its three buttons');
    await el.updateComplete;
    expect(botTexts(el)).to.deep.equal(['Hi! 👋 This is the Help desk. What can I do for you?']);
    expect(el.shadowRoot!.textContent).not.to.contain('Holiday opening hours');
    expect($(el, '.attach'), 'send_chat takes no files').to.equal(null);
    expect(calls[calls.length - 1]).to.deep.equal({ path: '/webapi/start_conversation', json: { placement: 'website' } });

    const ended = nextEvent<AlliStreamEndEvent>(el, 'alli-stream-end');
    $$(el, '.option').find((b) => b.textContent?.trim() === 'Opening hours')!.click();
    expect((await ended).reason).to.equal('waiting_input');
    expect(calls[calls.length - 1].json).to.deep.equal({ message: 'When are you open?', conversationId: (await ended).conversationId });
    // The session re-renders on the next frame, and the Draft.js renderer may still be loading.
    await until(() => botTexts(el).at(-1) === 'We are open Monday to Friday, 9:00–18:00 (KST).', 'the skill answer, rendered');
    expect($$(el, '.message.user .bubble').map((b) => b.textContent?.trim())).to.deep.equal(['When are you open?']);
    await until(() => $$(el, '.option:not([disabled])').length === 3, 'the buttons offered again');
  });

  it('skill: an agent ends the conversation; the next message shows the ended state with Start over', async () => {
    const { el } = await widget('help-desk', 'skill', 'website');
    const greeted = nextEvent<AlliStreamEndEvent>(el, 'alli-stream-end');
    const conversationId = (await greeted).conversationId!;
    expect(conversationId).to.be.a('string');

    // The agent's side: a server-to-server call with the project's key (same origin, so no CORS).
    const ended = await fetch('/webapi/end_conversation_by_agent', {
      method: 'POST',
      headers: { 'API-KEY': 'mock-alli-dev-key', 'AGENT-EMAIL': 'mina.park@example.com', 'Content-Type': 'application/json' },
      body: JSON.stringify({ id: conversationId }),
    });
    expect((await ended.json()).result.conversation.state).to.equal('END_BY_AGENT');

    const reported = nextEvent<Event & { error: Error }>(el, 'alli-error');
    const turn = await exchange(el, 'Are you still there?');
    expect((await reported).error.message, "the host gets the server's words").to.match(/has ended \(END_BY_AGENT\)$/);
    expect(turn.reason).to.equal('error');
    await until(() => $(el, '.banner.ended'), 'the ended banner');
    expect($(el, '.banner.ended')!.textContent).to.contain('This conversation has ended.');
    expect($(el, 'textarea'), 'no composer once ended').to.equal(null);
    const refused = $$(el, '.message.user').at(-1)!;
    expect(refused.classList.contains('failed')).to.equal(true);
    expect(refused.querySelector('.meta')!.textContent!.replace(/\s+/g, ' ').trim()).to.equal('Not sent — This conversation has ended. Start a new one to continue.');
    expect(refused.querySelector('.retry'), 'no Retry into an ended conversation').to.equal(null);
    expect(botTexts(el).at(-1)).to.match(/ended the conversation\.$/);

    // A reload reopens the remembered conversation from the history: ended, as the agent left it.
    const reloaded = await fixture<AlliChatElement>(
      html`<alli-chat app-id="help-desk" transport="skill" placement="website" api-base="/" token-url="/alli/token" style="height: 600px"></alli-chat>`,
    );
    await until(() => $(reloaded, '.banner.ended'), 'the ended banner after a reload');
    await until(() => botTexts(reloaded).at(-1)?.endsWith('ended the conversation.'), "the agent's closing words restored");
    expect(el.shadowRoot!.textContent, 'the deleted notice stays hidden after a restore').not.to.contain('Holiday opening hours');
    expect(reloaded.shadowRoot!.textContent).not.to.contain('Holiday opening hours');
    reloaded.remove();

    const restarted = nextEvent<AlliStreamEndEvent>(el, 'alli-stream-end');
    ($(el, '.banner.ended .start-over') as HTMLButtonElement).click();
    const fresh = await restarted;
    expect(fresh.conversationId).to.not.equal(conversationId);
    await until(() => $$(el, '.option:not([disabled])').length === 3, 'a new greeting');
  });
});
