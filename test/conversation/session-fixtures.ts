// A scripted Alli behind the real client and token source, for the session and its pieces:
// each test checks exactly the requests a path makes (turns by their message, history fetches).
import { createTokenSource } from '../../src/transport/token-source.js';
import { AlliClient } from '../../src/transport/client.js';
import { ConversationTransport } from '../../src/transport/conversation-transport.js';
import type { ConversationSnapshot, ResponseNode } from '../../src/model/types.js';
import type { ConversationEvent } from '../../src/model/stream-events.js';
import { sseBody } from '../helpers/scripted-alli.js';

export const node = (id: string, message: string, extra: Partial<ResponseNode> = {}): ResponseNode => ({
  id,
  type: 'message',
  sender: 'BOT',
  message,
  messageFormat: 'text',
  createdAt: 1,
  completed: true,
  ...extra,
});
export const conv = (state = 'WAIT_USER_ANSWER'): ConversationEvent => ({ type: 'conversation', conversation: { id: 'C1', state } });
export const done: ConversationEvent = { type: 'done', conversation: { id: 'C1', state: 'WAIT_USER_ANSWER' }, reason: 'waiting_input' };
export const greeting: ConversationEvent[] = [conv('INIT'), { type: 'response', response: node('R1', 'Hi!') }, done];
export const sse = (events: ConversationEvent[]) => new Response(sseBody(events), { headers: { 'Content-Type': 'text/event-stream' } });

/** A body that sends `text`, then either breaks (`error`) or goes quiet until cancelled. */
export function brokenBody(text: string, how: 'error' | 'quiet'): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(text));
      if (how === 'error') setTimeout(() => controller.error(new TypeError('network error')), 5);
    },
  });
  return new Response(body, { headers: { 'Content-Type': 'text/event-stream' } });
}

/** A turn answered by Alli: its echo of the user's node (U<n>) and a reply (B<n>). */
export function echoTurn(n: number, message: string): Response {
  return sse([conv(), { type: 'response', response: node(`U${n}`, message, { sender: 'USER' }) }, { type: 'response', response: node(`B${n}`, `re: ${message}`) }, done]);
}

type Handler = (url: string, init: RequestInit, n: number) => Response | Promise<Response>;

/** Routes run_conversation (numbered from 1) and the history; logs `turn <message>` and `history`. */
export function scripted(routes: { turn: Handler; history?: Handler }) {
  const log: string[] = [];
  let turns = 0;
  let histories = 0;
  const fetch: typeof globalThis.fetch = async (input, init = {}) => {
    const url = String(input);
    if (url.endsWith('/run_conversation')) {
      turns += 1;
      const body = init.body as FormData;
      log.push(`turn ${body.get('message') ?? body.get('choices') ?? '(greeting)'}`);
      return routes.turn(url, init, turns);
    }
    if (url.includes('/conversations/')) {
      log.push('history');
      histories += 1;
      return routes.history ? routes.history(url, init, histories) : Response.json({ message: 'no' }, { status: 404 });
    }
    return Response.json({ message: 'unexpected' }, { status: 404 });
  };
  return { fetch, log };
}

/** The real client over `fetch`, with a token source that always has a token. */
export function clientWith(fetch: typeof globalThis.fetch) {
  const tokenSource = createTokenSource({ getToken: async () => ({ token: 't', expiresIn: 300 }) });
  const client = new ConversationTransport(new AlliClient({ appId: 'demo', apiBase: '/', tokenSource, fetch }));
  return { client, dispose: () => tokenSource.dispose() };
}

export const history = (responses: ResponseNode[], state = 'WAIT_USER_ANSWER'): ConversationSnapshot => ({ conversation: { id: 'C1', state }, responses });
