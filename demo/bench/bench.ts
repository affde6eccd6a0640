// Hostile answers (issue 11) through the real element from an in-page Alli (no network): each
// rendered whole and streamed, the longest task measured. The long streamed answer of issue 12
// is demo/bench/stream.ts. Served built as it ships (scripts/bench/server.mjs).
import '../../src/alli-chat.js';
import type { AlliChatElement } from '../../src/ui/alli-chat.element.js';

const encoder = new TextEncoder();

function sse(event: string, data: unknown): Uint8Array<ArrayBuffer> {
  return encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`) as Uint8Array<ArrayBuffer>;
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

Object.assign(window as object, { runAdversarial, adversarialCases: Object.keys(ADVERSARIAL) });
