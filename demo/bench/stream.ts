// The page side of the streaming comparison (scripts/bench/streaming.mjs): one harness for the
// three renderers and for the feeding loop alone. One long Markdown answer is delivered as SSE
// `delta` events of a few characters, one event per macrotask, through a ReadableStream: for
// `<alli-chat>` it is the body its injected `fetch` returns; deep-chat and the naive renderer read
// the same body with the parser the widget uses (eventsource-parser). The renderers are loaded
// on demand, so a run evaluates only its own code: `<alli-chat>` as it ships (the CDN build).
import { createParser } from 'eventsource-parser';
import type { AlliChatElement } from '../../src/ui/alli-chat.element.js';

export type Kind = 'loop' | 'alli' | 'naive' | 'deep-chat';

const encoder = new TextEncoder();
const sse = (event: string, data: unknown) => encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);

const WORDS = 'Alli reads the documents you connect and finds the passages that match each question before it writes a word'.split(' ');

/** A Markdown answer of exactly `chars` characters: paragraphs with emphasis and code, headings, lists. */
export function answerText(chars: number): string {
  let text = '';
  for (let i = 0; text.length < chars; i++) {
    const word = WORDS[i % WORDS.length];
    text += i % 23 === 5 ? `**${word}**` : i % 31 === 7 ? `\`${word}\`` : word;
    text += i % 60 === 59 ? '.\n\n' : i % 17 === 16 ? ', ' : ' ';
    if (i % 300 === 299) text += `## Section ${(i + 1) / 300}\n\n- point one\n- point *two*\n- point three\n\n`;
  }
  return text.slice(0, chars);
}

/**
 * The feed: one SSE event per macrotask. A MessageChannel message, not `setTimeout(0)`, which
 * Chromium clamps to 4 ms once nested (16,000 chunks would take over a minute). `arrivals[i]`
 * is when chunk i was handed to the stream (performance.now()).
 */
function feedStream(text: string, chunkChars: number): { body: ReadableStream<Uint8Array>; arrivals: number[]; done: Promise<void> } {
  // Each event is encoded when it is sent: the feed holds no copy of the answer but `text`.
  const chunks = Math.ceil(text.length / chunkChars);
  const event = (n: number) =>
    n === 0
      ? sse('conversation', { conversation: { id: 'B1', state: 'WAIT_USER_ANSWER' } })
      : n <= chunks
        ? sse('delta', { id: 'R1', delta: text.slice((n - 1) * chunkChars, n * chunkChars) })
        : n === chunks + 1
          ? sse('final', { responseId: 'R1', content: text, format: 'markdown' })
          : sse('done', { reason: 'waiting_input' });
  const arrivals: number[] = [];
  let finished!: () => void;
  const done = new Promise<void>((resolve) => (finished = resolve));
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const channel = new MessageChannel();
      let next = 0;
      channel.port1.onmessage = () => {
        if (next > 0 && next <= chunks) arrivals.push(performance.now());
        controller.enqueue(event(next++));
        if (next <= chunks + 2) channel.port2.postMessage(null);
        else {
          controller.close();
          channel.port1.close();
          finished();
        }
      };
      channel.port2.postMessage(null);
    },
  });
  return { body, arrivals, done };
}

/** Reads an SSE body and hands each event to `onEvent` (what naive and deep-chat are given). */
async function readEvents(body: ReadableStream<Uint8Array>, onEvent: (event: string, data: string) => void): Promise<void> {
  const decoder = new TextDecoder();
  const parser = createParser({ onEvent: (e) => onEvent(e.event ?? 'message', e.data) });
  const reader = body.getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) parser.feed(decoder.decode(r.value, { stream: true }));
}

const LONG_QUESTION = 'Write me a long answer';
const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
const host = () => document.getElementById('host')!;

interface Mounted {
  /** Streams the answer; resolves once the turn has ended and its last frame is painted. */
  stream(body: ReadableStream<Uint8Array>): Promise<void>;
  /** "New conversation". */
  reset(): Promise<void>;
}

/** Element updates (Lit's `update`) with their times, for the updates-per-frame count. */
const updates: number[] = [];

async function mountAlli(): Promise<Mounted> {
  const url = '/cdn/alli-chat.js';
  await import(/* @vite-ignore */ url);
  const proto = customElements.get('alli-chat')!.prototype as { update(changed: unknown): void };
  const update = proto.update;
  proto.update = function (this: unknown, changed: unknown) {
    updates.push(performance.now());
    update.call(this, changed);
  };
  const el = document.createElement('alli-chat') as AlliChatElement;
  el.setAttribute('app-id', 'bench');
  el.setAttribute('token-url', '/bench-token');
  el.persist = 'none';
  let body: ReadableStream<Uint8Array> | undefined;
  let turns = 0;
  el.fetch = async (input, init) => {
    if (String(input).includes('/bench-token')) return Response.json({ token: 'bench', expiresIn: 600 });
    // The long answer goes to the turn that asks for it; any other request (a new conversation's
    // start, the first turn) gets a short greeting.
    const asked = init?.body instanceof FormData && init.body.get('message') === LONG_QUESTION;
    const id = `G${++turns}`;
    const greeting = [
      sse('conversation', { conversation: { id: 'B1', state: 'WAIT_USER_ANSWER' } }),
      sse('delta', { id, delta: 'Hello, **how** can I help?' }),
      sse('final', { responseId: id, content: 'Hello, **how** can I help?', format: 'markdown' }),
      sse('done', { reason: 'waiting_input' }),
    ];
    const stream = asked && body ? body : new Blob(greeting).stream();
    if (asked) body = undefined;
    return new Response(stream, { headers: { 'Content-Type': 'text/event-stream' } });
  };
  host().append(el);
  await el.updateComplete;
  // The greeting turn, and the Markdown renderer loaded as it would be by an earlier answer.
  while (el.renderRoot.querySelector('.composer textarea') === null || el.streaming) await frame();
  await el.send('Hello');
  await el.updateComplete;
  return {
    stream: async (stream) => {
      body = stream;
      const ended = new Promise<void>((resolve) => el.addEventListener('alli-stream-end', () => resolve(), { once: true }));
      void el.send(LONG_QUESTION);
      await ended;
      await el.updateComplete;
    },
    reset: async () => {
      await el.reset();
      await el.updateComplete;
      while (el.streaming) await frame();
    },
  };
}

async function mountNaive(): Promise<Mounted> {
  const url = '/naive.js';
  const { NaiveRenderer } = (await import(/* @vite-ignore */ url)) as typeof import('./naive-renderer.js');
  let renderer: InstanceType<typeof NaiveRenderer> | undefined = new NaiveRenderer(host());
  return {
    stream: (body) =>
      readEvents(body, (event, data) => {
        if (event === 'delta') renderer?.append((JSON.parse(data) as { delta: string }).delta);
        else if (event === 'final') renderer?.finish((JSON.parse(data) as { content: string }).content);
      }),
    reset: async () => {
      renderer = undefined;
      host().replaceChildren();
    },
  };
}

interface DeepChatSignals {
  onOpen(): void;
  onClose(): void;
  onResponse(response: { text: string }): Promise<void>;
}

async function mountDeepChat(): Promise<Mounted> {
  const url = '/deep-chat.js';
  await import(/* @vite-ignore */ url);
  const el = document.createElement('deep-chat') as unknown as HTMLElement & Record<string, unknown>;
  el.style.cssText = 'display: block; height: 700px; width: 480px';
  let body: ReadableStream<Uint8Array> | undefined;
  let ended: () => void = () => undefined;
  el.connect = {
    stream: { partialRender: true },
    handler: (_request: unknown, signals: DeepChatSignals) => {
      signals.onOpen();
      void readEvents(body!, (event, data) => {
        if (event === 'delta') void signals.onResponse({ text: (JSON.parse(data) as { delta: string }).delta });
      }).then(() => {
        signals.onClose();
        ended();
      });
    },
  };
  host().append(el);
  await customElements.whenDefined('deep-chat');
  await frame();
  return {
    stream: (stream) => {
      body = stream;
      const done = new Promise<void>((resolve) => (ended = resolve));
      (el.submitUserMessage as (m: { text: string }) => void)({ text: LONG_QUESTION });
      return done;
    },
    reset: async () => {
      (el.clearMessages as () => void)();
    },
  };
}

function mountLoop(): Mounted {
  return {
    stream: async (body) => {
      const reader = body.getReader();
      while (!(await reader.read()).done);
    },
    reset: async () => undefined,
  };
}

let mounted: Mounted | undefined;
/** The answer, made before the heap is first measured (it is the harness's, not the renderer's). */
let answer = '';

/** Loads and mounts one renderer, ready for its long answer of `chars` characters. */
async function prepare(kind: Kind, chars: number): Promise<void> {
  answer = answerText(chars);
  mounted = kind === 'alli' ? await mountAlli() : kind === 'naive' ? await mountNaive() : kind === 'deep-chat' ? await mountDeepChat() : mountLoop();
  await frame();
}

export interface StreamRun {
  /** performance.now() of the `bench:stream` mark, to place `arrivals` on the trace's clock. */
  markAt: number;
  arrivals: number[];
  updates: number[];
  characters: number;
  endedAt: number;
}

/** Streams the answer in `chunkChars`-character deltas; resolves after the turn has settled. */
async function stream(chunkChars: number): Promise<StreamRun> {
  const text = answer;
  updates.length = 0;
  performance.mark('bench:stream');
  const markAt = (performance.getEntriesByName('bench:stream').at(-1) as PerformanceMark).startTime;
  const feed = feedStream(text, chunkChars);
  await mounted!.stream(feed.body);
  await feed.done;
  await frame();
  const endedAt = performance.now();
  // Whatever the end of the turn left for later (idle work, a last frame) is inside the trace.
  await new Promise((resolve) => setTimeout(resolve, 300));
  performance.mark('bench:stream-end');
  return { markAt, arrivals: feed.arrivals, updates: [...updates], characters: text.length, endedAt };
}

async function reset(): Promise<void> {
  await mounted!.reset();
  await frame();
}

Object.assign(window as object, { benchPrepare: prepare, benchStream: stream, benchReset: reset });
