/** Test helpers: real `Response` objects over `ReadableStream`s, one chunk per enqueue. */
import type { ConversationEvent, ConversationEventStream } from '../../src/model/stream-events.js';

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Every way to cut `bytes` in two (including the empty first/last part). */
export function* twoWaySplits(bytes: Uint8Array): Generator<[Uint8Array, Uint8Array]> {
  for (let cut = 0; cut <= bytes.length; cut += 1) yield [bytes.subarray(0, cut), bytes.subarray(cut)];
}

/** A body that delivers the given chunks, one per pull, then closes. */
export function chunkedBody(chunks: readonly Uint8Array[]): ReadableStream<Uint8Array> {
  let next = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (next < chunks.length) controller.enqueue(chunks[next++]!);
      else controller.close();
    },
  });
}

export function streamResponse(
  body: BodyInit | null,
  contentType: string | null,
  init: ResponseInit = {},
): Response {
  const headers = new Headers(init.headers);
  if (contentType !== null) headers.set('Content-Type', contentType);
  return new Response(body, { status: 200, ...init, headers });
}

export async function collect(stream: ConversationEventStream): Promise<ConversationEvent[]> {
  const events: ConversationEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

/** A body that sends `chunks` and then stays open until the test ends it (or errors it). */
export function openBody(chunks: readonly Uint8Array[]): {
  body: ReadableStream<Uint8Array>;
  cancelled: Promise<unknown>;
  fail(reason: unknown): void;
} {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let onCancel!: (reason: unknown) => void;
  const cancelled = new Promise<unknown>((resolve) => (onCancel = resolve));
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
      for (const chunk of chunks) c.enqueue(chunk);
    },
    cancel: (reason) => onCancel(reason),
  });
  return { body, cancelled, fail: (reason) => controller.error(reason) };
}

/** Resolves with the time taken, or rejects if `promise` takes longer than `ms`. */
export async function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still pending after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
