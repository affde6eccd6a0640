/**
 * A scripted Alli for the security tests (an injected fetch, like test/helpers/scripted-alli.ts)
 * whose turns may also be raw HTTP responses or SSE streams delivered in timed chunks, so the
 * streaming renderer really sees partial text.
 */
import { fixture, html } from '@open-wc/testing';
import '../../src/alli-chat.js';
import type { AlliChatElement } from '../../src/ui/alli-chat.element.js';
import type { ConversationEvent } from '../../src/model/stream-events.js';
import { sseBody } from '../helpers/scripted-alli.js';

export type ScriptedTurn =
  /** One SSE body, all at once. */
  | ConversationEvent[]
  /** Any HTTP response (error pages, JSON errors). */
  | { respond: () => Response }
  /** SSE in chunks, with two animation frames between chunks. */
  | { chunks: ConversationEvent[][] };

const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

function chunkedSse(chunks: ConversationEvent[][]): Response {
  const encoder = new TextEncoder();
  let id = 0;
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      for (const [i, chunk] of chunks.entries()) {
        if (i > 0) {
          await frame();
          await frame();
        }
        const text = chunk
          .map((e) => {
            const { type, ...data } = e;
            id += 1;
            return `event: ${type}\nid: ${id}\ndata: ${JSON.stringify(data)}\n\n`;
          })
          .join('');
        controller.enqueue(encoder.encode(text));
      }
      controller.close();
    },
  });
  return new Response(stream, { headers: { 'Content-Type': 'text/event-stream' } });
}

export function hostileAlli(turns: ScriptedTurn[]) {
  let turn = 0;
  const fetch: typeof globalThis.fetch = async (input) => {
    const url = String(input instanceof Request ? input.url : input);
    if (url.includes('/alli/token')) return Response.json({ token: 'scripted-token', expiresIn: 300 });
    if (url.endsWith('/stop')) return Response.json({ ok: true });
    if (url.endsWith('/run_conversation')) {
      const next = turns[turn++];
      if (!next) return Response.json({ message: 'no more turns in the script' }, { status: 500 });
      if (Array.isArray(next)) return new Response(sseBody(next), { headers: { 'Content-Type': 'text/event-stream' } });
      if ('respond' in next) return next.respond();
      return chunkedSse(next.chunks);
    }
    return Response.json({ message: `unexpected ${url}` }, { status: 404 });
  };
  return { fetch, turnsPlayed: () => turn };
}

export async function mountHostile(turns: ScriptedTurn[]) {
  const alli = hostileAlli(turns);
  const el = await fixture<AlliChatElement>(
    html`<alli-chat app-id="security" api-base="https://alli.test" token-url="/alli/token" .fetch=${alli.fetch} style="height: 640px"></alli-chat>`,
  );
  return { el, alli, shadow: el.shadowRoot! };
}

export async function settle(el: AlliChatElement): Promise<void> {
  await el.updateComplete;
  await frame();
  await frame();
  await el.updateComplete;
}

/**
 * Past 100 messages the transcript is windowed (docs/design.md §6): only the messages near the
 * viewport are drawn. This scrolls it from the top to the bottom, half a viewport at a time, and
 * calls `visit` at each step once that view is drawn, so every message is drawn, checked and read
 * at least once. Each step sets its own position: a visit that focuses an element may scroll.
 */
export async function walkTranscript(el: AlliChatElement, visit: () => unknown): Promise<void> {
  const log = el.shadowRoot!.querySelector<HTMLElement>('.messages')!;
  for (let at = 0; ; at += log.clientHeight / 2) {
    log.scrollTop = at;
    await settle(el);
    await visit();
    if (at >= log.scrollHeight - log.clientHeight) return;
  }
}
