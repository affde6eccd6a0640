// Issue 11, item 3: malformed server nodes never blank the widget. Each node goes through one
// validation step (src/wire/normalize.ts) and renders inside its own guard; the valid nodes
// around a bad one, and every later turn, still show, and the composer keeps working.
import { expect, fixture, html } from '@open-wc/testing';
import fc from 'fast-check';
import '../../src/alli-chat.js';
import type { AlliChatElement } from '../../src/ui/alli-chat.element.js';
import { nothing, render } from 'lit';
import { en } from '../../src/i18n/strings.js';
import { renderBotNode, type BotExtras, type MessageContext } from '../../src/ui/views/message.view.js';
import type { ResponseNode } from '../../src/model/types.js';
import { $, until } from '../helpers/widget.js';
import { botNode, conversation, done, sseBody } from '../helpers/scripted-alli.js';

/** A scripted Alli whose turns are raw SSE bodies, so nodes can be anything JSON can say. */
function rawAlli(bodies: string[]) {
  let turn = 0;
  const fetch: typeof globalThis.fetch = async (input) => {
    const url = String(input);
    if (url.includes('/alli/token')) return Response.json({ token: 't', expiresIn: 300 });
    if (url.endsWith('/run_conversation')) {
      const body = bodies[turn++];
      if (body === undefined) return Response.json({ message: 'no more turns' }, { status: 500 });
      return new Response(body, { headers: { 'Content-Type': 'text/event-stream' } });
    }
    return Response.json({}, { status: 404 });
  };
  return { fetch, turnsPlayed: () => turn };
}

async function mount(bodies: string[]) {
  sessionStorage.clear();
  const alli = rawAlli(bodies);
  const el = await fixture<AlliChatElement>(
    html`<alli-chat app-id="demo" api-base="https://alli.test" token-url="/alli/token" persist="none" .fetch=${alli.fetch} style="height: 560px"></alli-chat>`,
  );
  return { el, alli };
}

/** One turn whose middle node is `bad` (any JSON), between two valid ones. */
function turnAround(bad: unknown, n: number): string {
  const events = sseBody([conversation(), { type: 'response', response: botNode(`before-${n}`, `Before ${n}`) }]);
  const raw = `event: response\nid: 90\ndata: ${JSON.stringify({ response: bad })}\n\n`;
  return events + raw + sseBody([{ type: 'response', response: botNode(`after-${n}`, `After ${n}`) }, done()]);
}

const botText = (el: AlliChatElement, id: string) => $(el, `.message.bot[data-node="${id}"]`)?.textContent ?? '';

async function sendByComposer(el: AlliChatElement, text: string) {
  const input = $(el, 'textarea') as HTMLTextAreaElement;
  input.value = text;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  await el.updateComplete;
  const send = $(el, 'button.send') as HTMLButtonElement;
  expect(send.disabled, 'the composer can send').to.equal(false);
  send.click();
}

const node = (fields: Record<string, unknown>): Record<string, unknown> => ({
  id: 'bad',
  type: 'message',
  sender: 'BOT',
  message: 'Bad node text',
  createdAt: 1,
  completed: true,
  ...fields,
});

const MALFORMED: Record<string, unknown>[] = [
  node({ chatOptionInfos: [null] }),
  node({ chatOptionInfos: 'abc' }),
  node({ citations: [null] }),
  node({ citations: 'abc' }),
  node({ files: [null] }),
  node({ form: {} }),
  node({ form: { id: 'F', fields: [null] } }),
  node({ id: 'constructor', intermediateStep: { key: 'k', completed: true, statusMessage: 'step' } }),
  node({ id: '__proto__', files: [{ name: 7 }], citations: [{ url: 5, title: {} }] }),
];

describe('malformed nodes (issue 11, item 3)', () => {
  it('shows the valid nodes around each malformed one, and the next turn through the composer', async () => {
    const bodies = MALFORMED.map((bad, i) => turnAround(bad, i));
    bodies.push(sseBody([conversation(), { type: 'response', response: botNode('final', 'Final answer') }, done()]));
    const { el } = await mount(bodies);
    for (let i = 0; i < MALFORMED.length; i++) {
      await until(() => botText(el, `after-${i}`).includes(`After ${i}`), `turn ${i}: the node after the bad one`);
      expect(botText(el, `before-${i}`)).to.include(`Before ${i}`);
      await sendByComposer(el, `next ${i}`);
    }
    await until(() => botText(el, 'final').includes('Final answer'), 'the last turn');
    expect(botText(el, 'constructor')).to.include('Bad node text');
    expect(botText(el, '__proto__')).to.include('Bad node text');
  });

  it('property: after arbitrary JSON nodes, a valid turn always shows and the composer works', async () => {
    const anyNode = fc.oneof(
      fc.jsonValue(),
      fc.record(
        {
          id: fc.oneof(fc.constantFrom('constructor', '__proto__', 'toString', 'x', ''), fc.jsonValue()),
          message: fc.oneof(fc.string(), fc.jsonValue()),
          completed: fc.jsonValue(),
          chatOptionInfos: fc.jsonValue(),
          citations: fc.jsonValue(),
          files: fc.jsonValue(),
          form: fc.oneof(fc.jsonValue(), fc.record({ id: fc.string(), fields: fc.array(fc.jsonValue(), { maxLength: 3 }) })),
          intermediateStep: fc.jsonValue(),
          messageFormat: fc.oneof(fc.constantFrom('markdown', 'draftjs', 'text'), fc.jsonValue()),
          multipleOption: fc.jsonValue(),
        },
        { requiredKeys: [] },
      ),
    );
    const samples = fc.sample(fc.array(anyNode, { minLength: 1, maxLength: 4 }), { seed: 20_261_201, numRuns: 12 });
    const bodies: string[] = [];
    samples.forEach((nodes, i) => {
      const raw = nodes.map((n, j) => `event: response\nid: ${j + 2}\ndata: ${JSON.stringify({ response: n })}\n\n`).join('');
      bodies.push(sseBody([conversation()]) + raw + sseBody([{ type: 'response', response: botNode(`valid-${i}`, `Valid ${i}`) }, done()]));
      bodies.push(sseBody([conversation(), { type: 'response', response: botNode(`ok-${i}`, `OK ${i}`) }, done()]));
    });
    const { el } = await mount(bodies);
    for (let i = 0; i < samples.length; i++) {
      await until(() => botText(el, `valid-${i}`).includes(`Valid ${i}`), `sample ${i} (${JSON.stringify(samples[i])}): the valid node`);
      await sendByComposer(el, `a ${i}`);
      await until(() => botText(el, `ok-${i}`).includes(`OK ${i}`), `sample ${i} (${JSON.stringify(samples[i])}): the next turn`);
      if (i + 1 < samples.length) await sendByComposer(el, `b ${i}`);
    }
  });

  it('a node whose parts throw while drawn shows "could not be shown"; its neighbours render', async () => {
    const c = { strings: en, locale: 'en', session: { view: { steps: Object.create(null) } }, mode: { kind: 'text' }, online: true } as unknown as MessageContext;
    const extras: BotExtras = { form: () => nothing, options: () => nothing };
    const broken = { ...botNode('two', 'Two') } as ResponseNode;
    Object.defineProperty(broken, 'citations', { get: () => { throw new Error('hostile getter'); } });
    const host = document.createElement('div');
    document.body.append(host);
    render(html`${[botNode('one', 'One'), broken, botNode('three', 'Three')].map((n) => renderBotNode(n, c, extras))}`, host);
    await until(() => host.textContent!.includes('Three'), 'the third node');
    expect(host.querySelector('[data-node="two"]')!.textContent).to.include(en.messageUnavailable);
    expect(host.querySelector('[data-node="one"]')!.textContent).to.include('One');
    host.remove();
  });
});
