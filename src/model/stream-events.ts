import type {
  ConversationRef,
  DoneReason,
  IntermediateStep,
  ResponseNode,
  ConversationStateName,
} from './types.js';

/** An error reported inside a stream (`error` event). */
export interface StreamErrorInfo {
  status?: number;
  code: string;
  message: string;
  retryable?: boolean;
  /** Per-field messages, e.g. for `FORM_INVALID`. */
  fields?: Record<string, string>;
}

/**
 * The one event model both wire adapters (SSE, NDJSON snapshots) produce (docs/protocol.md §5).
 * `truncated` is synthetic: the body ended without `done`.
 */
export type ConversationEvent =
  | { type: 'conversation'; conversation: ConversationRef; isNew?: boolean }
  | { type: 'response'; index?: number; response: ResponseNode }
  | { type: 'delta'; id: string; delta: string }
  | { type: 'step'; responseId: string; step: IntermediateStep }
  | { type: 'final'; responseId: string; content: string; format?: 'markdown' | 'text' | 'draftjs' | (string & {}) }
  | { type: 'state'; state: ConversationStateName }
  | { type: 'error'; error: StreamErrorInfo }
  | { type: 'done'; conversation?: ConversationRef; reason: DoneReason | (string & {}) }
  | { type: 'truncated' };

/** Counters a stream keeps while it is read: what was skipped is counted, never fatal. */
export interface StreamStats {
  /** Events yielded (including the synthetic `truncated`). */
  events: number;
  /** Unknown event names / unknown snapshot shapes, ignored. */
  unknown: number;
  /** Fragments that were not valid JSON (or not the expected shape), skipped. */
  malformed: number;
}

/** The async iterable `parseConversationStream` returns. */
export interface ConversationEventStream extends AsyncIterable<ConversationEvent> {
  /**
   * The adapter the Content-Type picked; `null` when the response is not a conversation stream
   * (then iterating rejects with AlliError('protocol'), once the body excerpt has been read).
   */
  readonly wire: 'sse' | 'ndjson' | null;
  readonly stats: StreamStats;
}
