// While an answer streams, the element updates at most once per animation frame, and each update
// shows everything that had arrived before it (the message body renders in that update, not one
// frame later). Counted, never timed.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/alli-chat.js';
import type { AlliChatElement } from '../../src/ui/alli-chat.element.js';
import { $, until } from '../helpers/widget.js';
import { botNode, conversation, done, scriptedAlli } from '../helpers/scripted-alli.js';

const encoder = new TextEncoder();
const sse = (event: string, data: unknown) => encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);

describe('<alli-chat> while an answer streams', () => {
  it('updates at most once a frame, and each update shows every delta that came before it', async () => {
    const words = Array.from({ length: 60 }, (_, i) => `word${i} `);
    const delivered: string[] = [];
    const greeting = scriptedAlli([[conversation(), { type: 'response', response: botNode('R1', 'Hello, **there**.', { messageFormat: 'markdown' }) }, done()]]);
    const fetch: typeof globalThis.fetch = async (input, init) => {
      if (!String(input).endsWith('/run_conversation') || greeting.turnsPlayed() === 0) return greeting.fetch(input, init);
      // One event per macrotask, as a network delivers them, with frames in between.
      const events = [sse('conversation', { conversation: { id: 'C1', state: 'WAIT_USER_ANSWER' } })];
      for (const word of words) events.push(sse('delta', { id: 'R2', delta: word }));
      events.push(sse('final', { responseId: 'R2', content: words.join(''), format: 'markdown' }), sse('done', { reason: 'waiting_input' }));
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          const channel = new MessageChannel();
          let next = 0;
          channel.port1.onmessage = () => {
            if (next >= 1 && next <= words.length) delivered.push(words[next - 1]);
            controller.enqueue(events[next++]);
            if (next < events.length) setTimeout(() => channel.port2.postMessage(null), next % 7 === 0 ? 20 : 0);
            else {
              controller.close();
              channel.port1.close();
            }
          };
          channel.port2.postMessage(null);
        },
      });
      return new Response(body, { headers: { 'Content-Type': 'text/event-stream' } });
    };
    const el = await fixture<AlliChatElement>(html`<alli-chat app-id="demo" token-url="/alli/token" persist="none" .fetch=${fetch} style="height: 560px"></alli-chat>`);
    await until(() => $(el, '.message.bot[data-node="R1"] strong'), 'greeting, with the Markdown renderer loaded');

    // Frames counted by a callback registered before the element's in every frame.
    let frame = 0;
    let counting = true;
    const tick = () => {
      frame += 1;
      if (counting) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    const updates: { frame: number; shown: string; arrived: string }[] = [];
    const norm = (text: string) => text.replace(/\s+/g, ' ').trim();
    el.addController({
      hostUpdated() {
        const bubble = $(el, '.message.bot[data-node="R2"] .bubble');
        if (el.streaming && bubble && delivered.length > 0 && delivered.length < words.length) {
          updates.push({ frame, shown: norm(bubble.textContent ?? ''), arrived: norm(delivered.join('')) });
        }
      },
    });
    void el.send('Stream something');
    await until(() => !el.streaming && norm($(el, '.message.bot[data-node="R2"] .bubble')?.textContent ?? '') === norm(words.join('')), 'the whole answer');
    counting = false;

    expect(updates.length, 'updates while streaming').to.be.greaterThan(3);
    const perFrame = new Map<number, number>();
    for (const u of updates) perFrame.set(u.frame, (perFrame.get(u.frame) ?? 0) + 1);
    expect(Math.max(...perFrame.values()), 'updates in one frame').to.equal(1);
    for (const u of updates) expect(u.shown, `frame ${u.frame}`).to.equal(u.arrived);
  });

  it('never asks for a second update from inside a finished one: opening, the greeting read out, a reply, messages counted while closed', async () => {
    const alli = scriptedAlli([
      [conversation(), { type: 'response', response: botNode('R1', 'Hello, **there**.', { messageFormat: 'markdown' }) }, done()],
      [conversation(), { type: 'response', response: botNode('R2', 'A reply.') }, done()],
      [conversation(), { type: 'response', response: botNode('R3', 'Another reply, while the panel is closed.') }, done()],
    ]);
    const el = await fixture<AlliChatElement>(html`<alli-chat app-id="demo" token-url="/alli/token" persist="none" mode="launcher" .fetch=${alli.fetch}></alli-chat>`);
    // `updated()` runs after every controller's hostUpdated(): an update asked for by them or by
    // the element in this update is pending at its end (what Lit's dev mode warns about).
    const late: string[] = [];
    let phase = 'opening';
    const target = el as unknown as { updated(changed: unknown): void; isUpdatePending: boolean };
    const updated = target.updated;
    target.updated = function (this: typeof target, changed: unknown) {
      updated.call(this, changed);
      if (this.isUpdatePending) late.push(phase);
    };
    const polite = () => $(el, '[aria-live="polite"]')?.textContent ?? '';
    el.open = true;
    await until(() => polite().includes('Hello, there.'), 'the greeting read out');
    phase = 'a reply';
    await el.send('Hi');
    await until(() => polite().includes('A reply.'), 'the reply read out');
    phase = 'a reply while closed';
    el.open = false;
    await el.send('Again');
    await until(() => /1 new message/.test($(el, '.launcher')?.getAttribute('aria-label') ?? ''), 'the launcher counts it');
    phase = 'opening again';
    el.open = true;
    await until(() => !/new message/.test($(el, '.launcher')?.getAttribute('aria-label') ?? ''), 'the count cleared');
    await el.updateComplete;
    expect(late, 'updates asked for from inside an update that had finished').to.deep.equal([]);
  });
});
