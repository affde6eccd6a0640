import type { ConversationEvent } from '../../src/model/stream-events.js';
import type { ResponseNode } from '../../src/model/types.js';

/** An SSE body for a list of events, as Alli would send it. */
export function sseBody(events: ConversationEvent[]): string {
  return events
    .map((e, i) => {
      const { type, ...data } = e;
      return `event: ${type}\nid: ${i + 1}\ndata: ${JSON.stringify(data)}\n\n`;
    })
    .join('');
}

export function botNode(id: string, message: string, extra: Partial<ResponseNode> = {}): ResponseNode {
  return { id, type: 'message', sender: 'BOT', message, messageFormat: 'text', createdAt: Date.now(), completed: true, ...extra };
}

/**
 * A fetch that plays Alli from a script: the token route answers with a grant, and each
 * run_conversation gets the next turn's events (as SSE). Requests are recorded.
 */
export function scriptedAlli(turns: ConversationEvent[][]) {
  const requests: { url: string; body?: FormData }[] = [];
  let turn = 0;
  const fetch: typeof globalThis.fetch = async (input, init = {}) => {
    const url = String(input);
    requests.push({ url, body: init.body instanceof FormData ? init.body : undefined });
    if (url.includes('/alli/token')) {
      return Response.json({ token: 'scripted-token', expiresIn: 300 });
    }
    if (url.endsWith('/stop')) return Response.json({ ok: true });
    if (url.endsWith('/run_conversation')) {
      const events = turns[turn++];
      if (!events) return Response.json({ message: 'no more turns in the script' }, { status: 500 });
      return new Response(sseBody(events), { headers: { 'Content-Type': 'text/event-stream' } });
    }
    return Response.json({ message: `unexpected ${url}` }, { status: 404 });
  };
  return { fetch, requests, turnsPlayed: () => turn };
}

export const conversation = (state = 'WAIT_USER_ANSWER'): ConversationEvent => ({ type: 'conversation', conversation: { id: 'C1', state } });
export const done = (reason = 'waiting_input', state = 'WAIT_USER_ANSWER'): ConversationEvent => ({
  type: 'done',
  conversation: { id: 'C1', state },
  reason,
});

/**
 * A reply whose stream stays open while the test feeds it: `push` adds a delta to node `id`,
 * `release` ends it (with the server's `final` for that node when `final` is given).
 */
export function gatedReply(conversationId = 'C1') {
  const encoder = new TextEncoder();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
  const send = (event: string, data: unknown) => controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
  send('conversation', { conversation: { id: conversationId, state: 'WAIT_USER_ANSWER' } });
  return {
    response: () => new Response(body, { headers: { 'Content-Type': 'text/event-stream' } }),
    push: (id: string, text: string) => send('delta', { id, delta: text }),
    release: (final?: { id: string; content: string }) => {
      if (final) send('final', { responseId: final.id, content: final.content, format: 'markdown' });
      send('done', { reason: 'waiting_input' });
      controller.close();
    },
  };
}
