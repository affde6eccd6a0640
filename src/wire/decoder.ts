/**
 * The shape both wire adapters share: text in, typed events out. A decoder is pure and
 * synchronous (no DOM, no I/O), so tests feed it strings directly and `parse.ts` only adds
 * byte decoding, cancellation and truncation on top.
 */
import type { ConversationEvent, ConversationEventStream, StreamStats } from '../model/stream-events.js';

export type StreamWire = NonNullable<ConversationEventStream['wire']>;

export interface ConversationDecoder {
  readonly wire: StreamWire;
  /**
   * Live counters. `events` counts the events this decoder has returned; `unknown` and
   * `malformed` count what it skipped.
   */
  readonly stats: Readonly<StreamStats>;
  /** Feeds decoded text (any split); returns the events completed by it, in order. */
  push(text: string): ConversationEvent[];
  /** The body ended cleanly: flushes what is pending and returns the closing events. */
  end(): ConversationEvent[];
}

export interface DecoderOptions {
  /** Clock for `createdAt` defaults (nodes without one, synthetic nodes). Default `Date.now`. */
  now?: () => number;
}

export function emptyStats(): StreamStats {
  return { events: 0, unknown: 0, malformed: 0 };
}

/**
 * Guards the push/end protocol and counts returned events, so each adapter only has to
 * describe its own format.
 */
export function guardedDecoder(
  wire: StreamWire,
  stats: StreamStats,
  push: (text: string) => ConversationEvent[],
  end: () => ConversationEvent[],
): ConversationDecoder {
  let ended = false;
  const counted = (events: ConversationEvent[]): ConversationEvent[] => {
    stats.events += events.length;
    return events;
  };
  return {
    wire,
    stats,
    push(text) {
      if (ended) throw new Error(`${wire} decoder: push() after end()`);
      return counted(push(text));
    },
    end() {
      if (ended) return [];
      ended = true;
      return counted(end());
    },
  };
}
