/**
 * Decoding a whole body at once, for tests and tools: both wires at hand, synchronously. The
 * widget reads responses through parse.ts, which loads the NDJSON adapter only when needed.
 */
import type { ConversationEvent } from '../model/stream-events.js';
import type { ConversationDecoder, DecoderOptions, StreamWire } from './decoder.js';
import { createNdjsonDecoder } from './ndjson.js';
import { NDJSON_KIT } from './parse.js';
import { createSseDecoder } from './sse.js';

function createDecoder(wire: StreamWire, options: DecoderOptions = {}): ConversationDecoder {
  return wire === 'sse' ? createSseDecoder(options) : createNdjsonDecoder(NDJSON_KIT, options);
}

/**
 * Decodes a whole body given as byte chunks (split anywhere, even inside a character), as the
 * stream would: the events of every chunk, then those of the end of the body.
 */
export function decodeChunks(wire: StreamWire, chunks: readonly Uint8Array[], options: DecoderOptions = {}): ConversationEvent[] {
  const decoder = createDecoder(wire, options);
  const utf8 = new TextDecoder();
  const events = chunks.flatMap((chunk) => decoder.push(utf8.decode(chunk, { stream: true })));
  return [...events, ...decoder.push(utf8.decode()), ...decoder.end()];
}
