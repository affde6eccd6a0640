/**
 * The SSE adapter (docs/protocol.md §5): `eventsource-parser` splits the text into events, and each
 * named event's one JSON `data` object becomes a ConversationEvent. Unknown event names and
 * malformed data are counted and skipped, never fatal; `: ping` comments are ignored.
 */
import { createParser } from 'eventsource-parser';
import type { EventSourceMessage } from 'eventsource-parser';
import type { ConversationEvent } from '../model/stream-events.js';
import { emptyStats, guardedDecoder } from './decoder.js';
import type { ConversationDecoder, DecoderOptions } from './decoder.js';
import { isRecord, toConversationRef, toResponseNode, toStep, toStreamError } from './normalize.js';
import type { JsonRecord } from './normalize.js';

/** Turns one event's parsed `data` into an event, or undefined when a required field is wrong. */
type DataReader = (data: JsonRecord, now: () => number) => ConversationEvent | undefined;

const READERS: ReadonlyMap<string, DataReader> = new Map<string, DataReader>([
  ['conversation', readConversation],
  ['response', readResponse],
  ['delta', readDelta],
  ['step', readStep],
  ['final', readFinal],
  ['state', readState],
  ['error', readError],
  ['done', readDone],
]);

export function createSseDecoder(options: DecoderOptions = {}): ConversationDecoder {
  const now = options.now ?? Date.now;
  const stats = emptyStats();
  let out: ConversationEvent[] = [];
  let sawDone = false;
  let endsInCarriageReturn = false;

  const parser = createParser({
    onEvent(message) {
      const event = toConversationEvent(message, now);
      if (event === 'unknown') stats.unknown += 1;
      else if (event === 'malformed') stats.malformed += 1;
      else {
        sawDone ||= event.type === 'done';
        out.push(event);
      }
    },
    // Comments (`: ping`) and unknown SSE fields are keep-alives or noise by the SSE spec.
    onComment() {},
    onError() {},
  });

  const drain = (): ConversationEvent[] => {
    const events = out;
    out = [];
    return events;
  };

  return guardedDecoder(
    'sse',
    stats,
    (text) => {
      if (text === '') return [];
      parser.feed(text);
      endsInCarriageReturn = text.endsWith('\r');
      return drain();
    },
    () => {
      // eventsource-parser holds a trailing `\r` back, waiting to see whether `\n` follows
      // (CRLF is one line end). At end of body nothing follows, so that `\r` is a complete line
      // end: feeding `\n` turns it into the CRLF the parser can act on, without adding a line.
      // (`reset({consume:true})` drops the event; feeding `\n\n` would also dispatch an event
      // the server never terminated, which the SSE spec says to discard.)
      if (endsInCarriageReturn) parser.feed('\n');
      const events = drain();
      // §5: a stream ends with `done`; one that closes without it is truncated.
      if (!sawDone) events.push({ type: 'truncated' });
      return events;
    },
  );
}

function toConversationEvent(
  message: EventSourceMessage,
  now: () => number,
): ConversationEvent | 'unknown' | 'malformed' {
  const read = message.event === undefined ? undefined : READERS.get(message.event);
  if (!read) return 'unknown';
  let data: unknown;
  try {
    data = JSON.parse(message.data);
  } catch {
    return 'malformed';
  }
  return (isRecord(data) && read(data, now)) || 'malformed';
}

function readConversation(data: JsonRecord): ConversationEvent | undefined {
  const conversation = toConversationRef(data.conversation);
  if (!conversation) return undefined;
  return typeof data.isNew === 'boolean'
    ? { type: 'conversation', conversation, isNew: data.isNew }
    : { type: 'conversation', conversation };
}

function readResponse(data: JsonRecord, now: () => number): ConversationEvent | undefined {
  const response = toResponseNode(data.response, { createdAt: now() });
  if (!response) return undefined;
  const index = data.index;
  return typeof index === 'number' && Number.isInteger(index) && index >= 0
    ? { type: 'response', index, response }
    : { type: 'response', response };
}

function readDelta(data: JsonRecord): ConversationEvent | undefined {
  if (typeof data.id !== 'string' || typeof data.delta !== 'string') return undefined;
  return { type: 'delta', id: data.id, delta: data.delta };
}

function readStep(data: JsonRecord): ConversationEvent | undefined {
  const step = toStep(data.step);
  if (typeof data.responseId !== 'string' || !step) return undefined;
  return { type: 'step', responseId: data.responseId, step };
}

function readFinal(data: JsonRecord): ConversationEvent | undefined {
  if (typeof data.responseId !== 'string' || typeof data.content !== 'string') return undefined;
  return typeof data.format === 'string'
    ? { type: 'final', responseId: data.responseId, content: data.content, format: data.format }
    : { type: 'final', responseId: data.responseId, content: data.content };
}

function readState(data: JsonRecord): ConversationEvent | undefined {
  return typeof data.state === 'string' ? { type: 'state', state: data.state } : undefined;
}

function readError(data: JsonRecord): ConversationEvent | undefined {
  const error = toStreamError(data);
  return error ? { type: 'error', error } : undefined;
}

/**
 * `done` is read leniently: it is what tells a finished turn from a truncated one, so a bad
 * `conversation` is dropped and a missing `reason` becomes 'completed' rather than losing it.
 */
function readDone(data: JsonRecord): ConversationEvent {
  const reason = typeof data.reason === 'string' ? data.reason : 'completed';
  const conversation = toConversationRef(data.conversation);
  return conversation ? { type: 'done', conversation, reason } : { type: 'done', reason };
}
