/**
 * The one interface the conversation session talks to, whichever Alli path carries the turns
 * (docs/transports.md §1): `run_conversation` (conversation-transport.ts), an LLM app's `/run`
 * (llm-app-transport.ts) or a skill's `start_conversation` / `send_chat` (skill-transport.ts).
 * Each maps its wire to the same `ConversationEventStream`, so the session, the rendering, the
 * events, the retries and the token handling are shared.
 */
import { AlliError, type ErrorCode } from '../model/errors.js';
import type { ConversationEvent, ConversationEventStream } from '../model/stream-events.js';
import type { ConversationSnapshot, TurnInput } from '../model/types.js';
import type { isRecord, toResponseNode } from '../wire/normalize.js';
import type { parseConversationStream } from '../wire/parse.js';
import type { RequestOptions, TurnOptions } from './client.js';
import type { readJson } from './envelope.js';

export type TransportName = 'conversation' | 'llm-app' | 'skill';

/** What a transport can do; what it cannot is not offered to the visitor. */
export interface TransportCapabilities {
  /** Replies arrive piece by piece (otherwise a turn's events come at once, after the whole answer). */
  readonly streams: boolean;
  /** A reply can be stopped while it streams (the Stop button). */
  readonly canStop: boolean;
  /** A turn may carry files (the attach button, drop and paste). */
  readonly canUpload: boolean;
  /** An empty first turn fetches a greeting; without one the conversation begins with the visitor's first message. */
  readonly greets: boolean;
}

export interface ChatTransport {
  readonly name: TransportName;
  readonly capabilities: TransportCapabilities;
  /** Sends one turn (the greeting when it has no input and no conversation); resolves once the reply starts. */
  sendTurn(turn: TurnInput, options?: TurnOptions): Promise<ConversationEventStream>;
  /** The whole conversation as Alli has it: restore after a reload, reconcile after a cut. */
  getConversation(conversationId: string, options?: RequestOptions): Promise<ConversationSnapshot>;
  /** Asks Alli to stop the reply in flight; only when `capabilities.canStop`. */
  stopConversation?(conversationId: string, options?: RequestOptions): Promise<void>;
}

/** A reply that was read whole (a JSON answer) as the same event stream a streamed one gives. */
export function eventsOf(events: readonly ConversationEvent[]): ConversationEventStream {
  return {
    wire: null,
    stats: { events: events.length, unknown: 0, malformed: 0 },
    [Symbol.asyncIterator](): AsyncIterator<ConversationEvent> {
      const iterator = events[Symbol.iterator]();
      return { next: () => Promise.resolve(iterator.next()) };
    },
  };
}

/** The one text a turn carries to `/run` or `send_chat`, or a refusal naming what they cannot take. */
export function chatMessageOf(turn: TurnInput, transport: string): string {
  const refuse = (field: string, why: string) => new AlliError('bad-request', `The ${transport} transport ${why}.`, { field });
  if (turn.sendFormInput !== undefined || (turn.formFiles?.length ?? 0) > 0) throw refuse('sendFormInput', 'cannot send a form');
  if ((turn.files?.length ?? 0) > 0 || (turn.mediaFiles?.length ?? 0) > 0 || (turn.fileIds?.length ?? 0) > 0) throw refuse('files', 'cannot send files');
  // A button is sent as its text, as the reference's chat calls take it.
  const message = turn.choices !== undefined ? (turn.optionTexts ?? []).join('\n') : (turn.message ?? '');
  if (message.trim() === '') throw refuse('message', 'needs a message');
  return message;
}

/**
 * What the transports loaded on demand (LLM app, skill) use from the core, handed to them rather
 * than imported: they then share no module with it, so loading them adds one small file and
 * nothing else (see create-transport.ts).
 */
export interface TransportKit {
  readonly AlliError: typeof AlliError;
  readonly ErrorCode: typeof ErrorCode;
  readonly parseConversationStream: typeof parseConversationStream;
  readonly readJson: typeof readJson;
  readonly isRecord: typeof isRecord;
  readonly toResponseNode: typeof toResponseNode;
  readonly eventsOf: typeof eventsOf;
  readonly chatMessageOf: typeof chatMessageOf;
}
