/**
 * The types the pieces of a conversation session share, and the one options interface its
 * owner passes in. Re-exported by conversation-session.ts, where the UI imports them from.
 */
import type { AlliError, StreamEndReason } from '../model/errors.js';
import type { ChatOptionInfo, ConversationStateName, FormDefinition, SendFormInput } from '../model/types.js';
import type { UploadProgress } from '../transport/xhr-request.js';
import type { ViewNode } from '../wire/reducer.js';
import type { RetryPolicy, RetryReason } from './retry-policy.js';

/** What the user sent in one turn: kept whole so Retry resends exactly the same thing. */
export type UserContent =
  | { kind: 'text'; text: string; files?: File[] }
  | { kind: 'choices'; nodeId: string; choices: number[]; labels: string[] }
  | { kind: 'form'; nodeId: string; values: SendFormInput; files?: File[]; summary: string };

/** `queued`: waiting in the outbox (offline, or behind an earlier turn). */
export type UserTurnStatus = 'queued' | 'sending' | 'sent' | 'failed';

export interface UserTurn {
  readonly id: string;
  readonly content: UserContent;
  readonly status: UserTurnStatus;
  readonly createdAt: number;
  readonly error?: AlliError;
  /** While a turn with files uploads: bytes sent of the body's total. */
  readonly upload?: UploadProgress;
  /** Restored from the server's history after a reload (its files are names only). */
  readonly restored?: boolean;
}

export type TranscriptItem = { readonly kind: 'user'; readonly turn: UserTurn } | { readonly kind: 'bot'; readonly id: string };

export type SessionPhase = 'idle' | 'starting' | 'sending' | 'streaming';

/** What the input area offers after the latest bot node (docs/protocol.md §8). */
export type InputMode =
  | { kind: 'text' }
  | { kind: 'options'; nodeId: string; options: readonly ChatOptionInfo[]; multiple: boolean; allowText: boolean }
  | { kind: 'form'; nodeId: string; form: FormDefinition; allowText: boolean }
  | { kind: 'ended'; state: ConversationStateName }
  | { kind: 'agent' };

/** An automatic resend that is waiting: the view shows "retrying in N s". */
export interface RetryNotice {
  /** The user turn being resent; undefined for the greeting. */
  readonly turnId?: string;
  /** Epoch ms when the resend happens. */
  readonly at: number;
  readonly reason: RetryReason;
  /** 1 for the first automatic resend of this turn. */
  readonly attempt: number;
}

/** Where the conversation id lives between page loads (the element backs it with storage). */
export interface ConversationMemory {
  /** The conversation to reopen, if any. May need the user's identity (a token) first. */
  recall(): Promise<string | undefined>;
  /** Remembers the conversation now in use; `undefined` forgets it. */
  remember(conversationId: string | undefined): void | Promise<void>;
}

/** Everything a session's owner passes in: settings, then what it is told. All optional. */
export interface SessionOptions {
  /** A stream with no bytes for this long is treated as cut off (default 45 s; 0 = never). */
  idleTimeoutMs?: number;
  /** Automatic resends (see retry-policy.ts). */
  retry?: Partial<RetryPolicy>;
  memory?: ConversationMemory;
  /** Whether the page is online at creation (default true). */
  online?: boolean;

  /** Something changed; the view re-renders (it may coalesce per frame). */
  onChange?(): void;
  /** A reply began streaming (`turn` is undefined for the greeting). */
  onStreamStart?(turn: UserTurn | undefined): void;
  /** A turn ended in any way but waiting in the outbox. */
  onStreamEnd?(reason: StreamEndReason, turn: UserTurn | undefined): void;
  /** A bot node became complete. */
  onNodeComplete?(node: ViewNode): void;
  onConversationChange?(conversationId: string | undefined): void;
  onError?(error: AlliError, turn: UserTurn | undefined): void;
  /** Bytes of a turn's files sent so far. */
  onUploadProgress?(turn: UserTurn, progress: UploadProgress): void;
  /** An automatic resend was scheduled (announce it once; the countdown is in `retryNotice`). */
  onRetryScheduled?(notice: RetryNotice): void;
}

/** How a turn ended, for the outbox: `stale` when reset() or dispose() overtook it. */
export type TurnOutcome = 'sent' | 'failed' | 'queued' | 'stale';

/** Conversation states after which no turn can be sent. */
export const ENDED_STATES: ReadonlySet<string> = new Set(['END_OF_CHATBOT', 'END_BY_AGENT', 'END_BY_USER', 'INTERRUPTED']);

export const DEFAULT_IDLE_TIMEOUT_MS = 45_000;
