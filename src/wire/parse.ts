/**
 * `parseConversationStream`: a `run_conversation` Response → typed events (docs/protocol.md §4).
 * Picks the adapter from Content-Type, decodes UTF-8 as a stream (a character split across
 * chunks comes out whole), reports a body that stops early as `truncated`, and honours an
 * AbortSignal. The wire formats themselves live in the pure decoders (sse.ts, ndjson.ts).
 */
import { AlliError, excerptOf } from '../model/errors.js';
import type { ConversationEvent, ConversationEventStream, StreamStats } from '../model/stream-events.js';
import { emptyStats, guardedDecoder, type ConversationDecoder, type DecoderOptions, type StreamWire } from './decoder.js';
import type { NdjsonKit } from './ndjson.js';
import { carriesError, cluesToCitations, isRecord, jsonEqual, toResponseNode, toStreamError } from './normalize.js';
import { createSseDecoder } from './sse.js';

export interface ParseOptions extends DecoderOptions {
  /** Aborting cancels the body read; iteration then rejects with AlliError('aborted'). */
  signal?: AbortSignal;
}

const WIRES: ReadonlyMap<string, StreamWire> = new Map<string, StreamWire>([
  ['text/event-stream', 'sse'],
  ['application/stream+json', 'ndjson'],
  ['application/x-ndjson', 'ndjson'],
  ['application/json', 'ndjson'],
]);

/** Told of every chunk of a response's body as the reader below takes it (transport/body-activity.ts). */
const bodyWatchers = new WeakMap<Response, () => void>();

/**
 * Calls `onChunk` for every chunk of `response`'s body that parseConversationStream reads
 * (keep-alive comments included): a sign of life for the idle watchdog that costs no second stream.
 */
export function watchBody(response: Response, onChunk: () => void): void {
  bodyWatchers.set(response, onChunk);
}

/** How much of an unexpected body is read to quote it in the error. */
const EXCERPT_READ_LIMIT = 4096;

/** The adapter a Content-Type header selects, or undefined when it is not a conversation stream. */
export function wireOf(contentType: string | null | undefined): StreamWire | undefined {
  const mediaType = (contentType ?? '').split(';')[0].trim().toLowerCase();
  return WIRES.get(mediaType);
}

/** What the NDJSON adapter is handed (it imports types only; see ndjson.ts). */
export const NDJSON_KIT: NdjsonKit = { emptyStats, guardedDecoder, carriesError, cluesToCitations, isRecord, jsonEqual, toResponseNode, toStreamError };

/**
 * The decoder for a wire. SSE, the widget's usual wire, is at hand; the NDJSON snapshot adapter
 * is loaded the first time a response uses it.
 */
async function openDecoder(wire: StreamWire, options: DecoderOptions = {}): Promise<ConversationDecoder> {
  if (wire === 'sse') return createSseDecoder(options);
  const { createNdjsonDecoder } = await import('./ndjson.js');
  return createNdjsonDecoder(NDJSON_KIT, options);
}

/**
 * Reads a `run_conversation` response as ConversationEvents.
 *
 * - `text/event-stream` → SSE; `application/stream+json`, `application/x-ndjson`,
 *   `application/json` → NDJSON snapshots.
 * - Any other Content-Type: `wire` is `null` at once, and iterating rejects with
 *   AlliError('protocol') naming the status and type, with a tag-free `bodyExcerpt`
 *   (the excerpt needs the body, which can only be read asynchronously).
 * - A body that ends or fails (connection lost) before `done` yields `{type:'truncated'}`
 *   last and ends without throwing. An aborted signal rejects with AlliError('aborted').
 * - Stopping early (`break`, `return()`) cancels the body.
 */
export function parseConversationStream(response: Response, options: ParseOptions = {}): ConversationEventStream {
  const { signal, ...decoderOptions } = options;
  const wire = wireOf(response.headers.get('content-type'));
  if (wire === undefined) {
    return {
      wire: null,
      stats: { events: 0, unknown: 0, malformed: 0 },
      [Symbol.asyncIterator]: () => rejectUnexpected(response, signal),
    };
  }
  let decoder: ConversationDecoder | undefined;
  let yielded = 0;
  let started = false;
  const stats: StreamStats = {
    get events() {
      return yielded;
    },
    get unknown() {
      return decoder?.stats.unknown ?? 0;
    },
    get malformed() {
      return decoder?.stats.malformed ?? 0;
    },
  };
  return {
    wire,
    stats,
    [Symbol.asyncIterator]() {
      // One body, one reader: a second iteration would only find it locked.
      if (started) throw new Error('parseConversationStream: the stream can be iterated only once');
      started = true;
      return readEvents(
        response.body,
        () => openDecoder(wire, decoderOptions).then((opened) => (decoder = opened)),
        signal,
        () => (yielded += 1),
        bodyWatchers.get(response),
      );
    },
  };
}

async function* readEvents(
  body: ReadableStream<Uint8Array> | null,
  open: () => Promise<ConversationDecoder>,
  signal: AbortSignal | undefined,
  onYield: () => void,
  onChunk: (() => void) | undefined,
): AsyncGenerator<ConversationEvent, void, undefined> {
  let sawDone = false;
  const decoder = await open();
  // Every event leaves through here: abort wins over queued events, and `done` is noted.
  function* emit(events: ConversationEvent[]): Generator<ConversationEvent, void, undefined> {
    for (const event of events) {
      throwIfAborted(signal);
      sawDone ||= event.type === 'done';
      onYield();
      yield event;
    }
  }

  throwIfAborted(signal);
  if (!body) {
    yield* emit(decoder.end());
    return;
  }
  const reader = body.getReader();
  const utf8 = new TextDecoder();
  // Cancelling settles a pending read() at once, so an abort is noticed without waiting for bytes.
  const cancelOnAbort = (): void => void reader.cancel(signal?.reason).catch(() => {});
  signal?.addEventListener('abort', cancelOnAbort, { once: true });
  let bodySettled = false;
  try {
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (cause) {
        throwIfAborted(signal, cause);
        // The connection dropped mid-body: what arrived stands, the rest is lost (§8).
        bodySettled = true;
        if (!sawDone) yield* emit([{ type: 'truncated' }]);
        return;
      }
      throwIfAborted(signal);
      if (chunk.done) break;
      onChunk?.();
      yield* emit(decoder.push(utf8.decode(chunk.value, { stream: true })));
    }
    bodySettled = true;
    yield* emit([...decoder.push(utf8.decode()), ...decoder.end()]);
  } finally {
    signal?.removeEventListener('abort', cancelOnAbort);
    // Stopped early (consumer's return(), abort): tell the server we are not reading any more.
    if (!bodySettled) void reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

function throwIfAborted(signal: AbortSignal | undefined, cause?: unknown): void {
  if (signal?.aborted) {
    throw new AlliError('aborted', 'The conversation stream was aborted.', { cause: cause ?? signal.reason });
  }
}

// eslint-disable-next-line require-yield -- an iterator of no events that rejects on its first pull
async function* rejectUnexpected(
  response: Response,
  signal: AbortSignal | undefined,
): AsyncGenerator<ConversationEvent, void, undefined> {
  throwIfAborted(signal);
  const contentType = response.headers.get('content-type') || 'no Content-Type';
  const status = `${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
  const bodyExcerpt = excerptOf(await readHead(response.body, EXCERPT_READ_LIMIT));
  throwIfAborted(signal);
  throw new AlliError('protocol', `Expected a conversation stream, got HTTP ${status} with ${contentType}.`, {
    status: response.status,
    bodyExcerpt,
  });
}

/** The first `limit`-ish characters of a body; a body that fails to read gives what it gave. */
/** The first `limit` characters of a body (about; whole chunks), then the body is cancelled: never buffered whole. */
export async function readHead(body: ReadableStream<Uint8Array> | null, limit: number): Promise<string> {
  if (!body) return '';
  const reader = body.getReader();
  const utf8 = new TextDecoder();
  let text = '';
  try {
    while (text.length < limit) {
      const chunk = await reader.read();
      if (chunk.done) return text + utf8.decode();
      text += utf8.decode(chunk.value, { stream: true });
    }
    return text;
  } catch {
    return text;
  } finally {
    void reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}
