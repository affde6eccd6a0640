// Streams one long answer through the real element from an in-page Alli (no network), and
// measures what the reader would feel: main-thread cost per chunk early and late in the answer
// (it must not grow with the message), long tasks, and the time to the last frame.
import '../../src/alli-chat.js';
import type { AlliChatElement } from '../../src/ui/alli-chat.element.js';

export interface BenchResult {
  chunks: number;
  characters: number;
  totalMs: number;
  /** Mean time the element took to consume a chunk (parse, reduce, schedule), first and last tenth. */
  earlyChunkMs: number;
  lateChunkMs: number;
  /** Rendering work per animation frame, first and last tenth of the frames. */
  frames: number;
  earlyFrameMs: number;
  lateFrameMs: number;
  longTasks: number;
  longestTaskMs: number;
  domNodes: number;
}

const encoder = new TextEncoder();
const WORDS = 'Alli reads the documents you connect and finds the passages that match each question before it writes a word 한국어 문서도 괜찮아요 日本語も大丈夫です'.split(' ');

function answerText(tokens: number): string {
  let text = '';
  for (let i = 0; i < tokens; i++) {
    text += WORDS[i % WORDS.length] + (i % 60 === 59 ? '.\n\n' : i % 17 === 16 ? ', ' : ' ');
    if (i % 400 === 399) text += `\n\n## Section ${i / 400 + 1}\n\n- point one\n- point **two**\n\n`;
  }
  return text;
}

function sse(event: string, data: unknown): Uint8Array<ArrayBuffer> {
  return encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`) as Uint8Array<ArrayBuffer>;
}

/** Time spent in animation-frame callbacks (where streamed text is rendered), per frame. */
const frames: number[] = [];
const nativeRaf = window.requestAnimationFrame.bind(window);
let frameWork = 0;
let frameOpen = false;
window.requestAnimationFrame = (callback: FrameRequestCallback) =>
  nativeRaf((time) => {
    if (!frameOpen) {
      frameOpen = true;
      frameWork = 0;
      // Closes after every callback of this frame has run.
      queueMicrotask(() => setTimeout(() => ((frameOpen = false), frames.push(frameWork)), 0));
    }
    const t = performance.now();
    callback(time);
    frameWork += performance.now() - t;
  });

export async function run(tokens = 20_000, chunkChars = 5): Promise<BenchResult> {
  frames.length = 0;
  const text = answerText(tokens);
  const chunks: string[] = [];
  for (let i = 0; i < text.length; i += chunkChars) chunks.push(text.slice(i, i + chunkChars));
  const pulls: number[] = [];
  const yielded: boolean[] = [];
  let next = 0;
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      c.enqueue(sse('conversation', { conversation: { id: 'B1', state: 'WAIT_USER_ANSWER' } }));
    },
    // Pull-based: the next chunk is produced only when the element has taken the previous one,
    // so the interval between pulls is what one chunk costs the page.
    async pull(c) {
      if (next < chunks.length) {
        const yieldNow = next % 50 === 0;
        if (yieldNow) await new Promise((r) => setTimeout(r, 0)); // let frames in, as a network would
        pulls.push(performance.now());
        yielded.push(yieldNow);
        c.enqueue(sse('delta', { id: 'R1', delta: chunks[next++] }));
      } else {
        c.enqueue(sse('final', { responseId: 'R1', content: text, format: 'markdown' }));
        c.enqueue(sse('done', { reason: 'waiting_input' }));
        c.close();
      }
    },
  }, { highWaterMark: 0 });

  let turn = 0;
  const fetch: typeof globalThis.fetch = async (input) => {
    const url = String(input);
    if (url.includes('/bench-token')) return Response.json({ token: 'bench', expiresIn: 600 });
    turn += 1;
    if (turn === 1) {
      return new Response(
        new Blob([sse('conversation', { conversation: { id: 'B1', state: 'WAIT_USER_ANSWER' } }), sse('done', { reason: 'waiting_input' })]),
        { headers: { 'Content-Type': 'text/event-stream' } },
      );
    }
    return new Response(body, { headers: { 'Content-Type': 'text/event-stream' } });
  };

  const el = document.getElementById('chat') as AlliChatElement;
  el.fetch = fetch;
  await new Promise((r) => setTimeout(r, 300));
  const longTasks: number[] = [];
  const observer = new PerformanceObserver((list) => list.getEntries().forEach((e) => longTasks.push(e.duration)));
  observer.observe({ type: 'longtask', buffered: false });
  const started = performance.now();
  const ended = new Promise<void>((resolve) => el.addEventListener('alli-stream-end', () => resolve(), { once: true }));
  void el.send('Write me a long answer');
  await ended;
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  const totalMs = performance.now() - started;
  observer.disconnect();
  // A gap that spans a yield to the event loop holds a frame's rendering: that is measured apart.
  const gaps = pulls.slice(1).map((t, i) => (yielded[i + 1] ? NaN : t - pulls[i]));
  const tenth = Math.floor(gaps.length / 10);
  const mean = (xs: number[]) => {
    const kept = xs.filter((x) => !Number.isNaN(x));
    return kept.reduce((a, b) => a + b, 0) / Math.max(1, kept.length);
  };
  const frameTenth = Math.floor(frames.length / 10);
  return {
    chunks: chunks.length,
    characters: text.length,
    totalMs,
    earlyChunkMs: mean(gaps.slice(0, tenth)),
    lateChunkMs: mean(gaps.slice(-tenth)),
    frames: frames.length,
    earlyFrameMs: mean(frames.slice(0, frameTenth)),
    lateFrameMs: mean(frames.slice(-frameTenth - 2, -2)),
    longTasks: longTasks.length,
    longestTaskMs: Math.max(0, ...longTasks),
    domNodes: el.shadowRoot!.querySelectorAll('*').length,
  };
}

/** Hostile answers (issue 11): each is rendered as a settled message and streamed. */
export const ADVERSARIAL: Record<string, () => string> = {
  'a_ ×40 KB': () => 'a_'.repeat(20_000),
  'a_ ×80 KB': () => 'a_'.repeat(40_000),
  '**a ×20,000': () => '**a'.repeat(20_000),
  '400-level nested list': () => Array.from({ length: 400 }, (_, i) => `${'  '.repeat(i)}- level ${i}`).join('\n'),
  '5 MB of text': () => 'Alli reads the documents you connect.\n'.repeat(Math.ceil(5_000_000 / 38)),
};

export interface AdversarialResult {
  characters: number;
  totalMs: number;
  longestTaskMs: number;
  domNodes: number;
}

/** One case through a fresh element: `render` sends it whole and completed, `stream` as deltas. */
export async function runAdversarial(name: string, mode: 'render' | 'stream'): Promise<AdversarialResult> {
  const text = ADVERSARIAL[name]();
  const node = { id: 'A1', type: 'llm', sender: 'BOT', messageFormat: 'markdown', createdAt: Date.now() };
  const events: [string, unknown][] = [['conversation', { conversation: { id: 'B1', state: 'WAIT_USER_ANSWER' } }]];
  if (mode === 'render') events.push(['response', { response: { ...node, message: text, completed: true } }]);
  else {
    events.push(['response', { response: { ...node, message: '', completed: false } }]);
    // At most ~4,000 deltas: 5 MB in 5-character chunks would measure the SSE parser, not the renderer.
    const size = Math.max(5, Math.ceil(text.length / 4_000));
    for (let i = 0; i < text.length; i += size) events.push(['delta', { id: 'A1', delta: text.slice(i, i + size) }]);
    events.push(['final', { responseId: 'A1', content: text, format: 'markdown' }]);
  }
  events.push(['done', { reason: 'waiting_input' }]);
  let index = 0;
  const body = new ReadableStream<Uint8Array>({
    // Like a network: a few events per task, with the event loop (and frames) in between.
    async pull(c) {
      await new Promise((r) => setTimeout(r, 0));
      for (let n = 0; n < 8 && index < events.length; n++, index++) c.enqueue(sse(...events[index]));
      if (index >= events.length) c.close();
    },
  });
  const host = document.createElement('div');
  host.style.cssText = 'height: 700px; width: 480px';
  const el = document.createElement('alli-chat') as AlliChatElement;
  el.setAttribute('app-id', 'bench');
  el.setAttribute('token-url', '/bench-token');
  el.persist = 'none';
  el.fetch = async (input) =>
    String(input).includes('/bench-token')
      ? Response.json({ token: 'bench', expiresIn: 600 })
      : new Response(body, { headers: { 'Content-Type': 'text/event-stream' } });
  const longTasks: number[] = [];
  const observer = new PerformanceObserver((list) => list.getEntries().forEach((e) => longTasks.push(e.duration)));
  observer.observe({ type: 'longtask', buffered: false });
  const started = performance.now();
  const ended = new Promise<void>((resolve) => el.addEventListener('alli-stream-end', () => resolve(), { once: true }));
  host.append(el);
  document.body.append(host);
  await ended;
  await el.updateComplete;
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  await new Promise((r) => setTimeout(r, 50));
  const totalMs = performance.now() - started;
  observer.disconnect();
  const domNodes = el.shadowRoot!.querySelectorAll('*').length;
  host.remove();
  return { characters: text.length, totalMs, longestTaskMs: Math.max(0, ...longTasks), domNodes };
}

Object.assign(window as object, { runBench: run, runAdversarial, adversarialCases: Object.keys(ADVERSARIAL) });
