/**
 * The session's view of `GET …/conversations/{id}` (docs/protocol.md §8):
 * - restore: reopen the remembered conversation after a reload (one that is gone starts fresh);
 * - reconcile: after a stream broke off, each node the server has replaces the one with the
 *   same id (or joins the transcript if new), never duplicated;
 * - "does the server have this turn": a USER node that was not known before the turn was sent.
 */
import type { ChatTransport } from '../transport/chat-transport.js';
import { AlliError, ErrorCode, toAlliError } from '../model/errors.js';
import type { ConversationSnapshot } from '../model/types.js';
import { toConversationRef, toResponseNode } from '../wire/normalize.js';
import { STALE, type SessionState } from './session-state.js';

/**
 * Reading the history (fetch it, check its shape, merge it) is in history-snapshot.ts, loaded the
 * first time a conversation is reopened or reconciled: a first conversation that goes smoothly
 * never downloads it. It is handed the error types rather than importing them, so it shares no
 * module with the core and loads as one small file.
 */
const snapshots = () => import('./history-snapshot.js');
const errors = { AlliError, ErrorCode, toConversationRef, toResponseNode };

/** What a look-up of the remembered conversation came to: `none` means start a new one. */
export type RestoreResult = 'restored' | 'none' | 'failed';

/** What reconciling after a broken stream found. */
export interface AfterBreak {
  /** The transcript now matches the server's history. */
  readonly reconciled: boolean;
  /** The history holds the USER node of the turn sent after the baseline. */
  readonly hasTurn: boolean;
}

export class HistorySync {
  /** The remembered conversation was looked up (restored, or there was none). */
  private recalled = false;
  /** A reconcile after a broken stream failed; it is done before the next turn. */
  private needsReconcile = false;

  constructor(
    private readonly state: SessionState,
    private readonly transport: ChatTransport,
    private readonly idleTimeoutMs: number,
  ) {}

  /** Whether start() should first look for a remembered conversation. */
  get shouldRestore(): boolean {
    return !!this.state.options.memory && !this.recalled;
  }

  /** After reset(): nothing to restore or reconcile any more. */
  forget(): void {
    this.recalled = true;
    this.needsReconcile = false;
  }

  /** Reopens the remembered conversation: `restored`, `none` (start fresh) or `failed` (banner). */
  async restore(): Promise<RestoreResult> {
    const state = this.state;
    const memory = state.options.memory!;
    const epoch = state.epoch;
    const controller = new AbortController();
    state.controller = controller;
    state.phase = 'starting';
    state.changed();
    let id: string | undefined;
    try {
      id = await memory.recall();
      state.assertAlive(epoch);
      if (!id) {
        this.recalled = true;
        return 'none';
      }
      const { fetchHistory, isNode } = await snapshots();
      const snapshot = await fetchHistory(this.transport, id, controller, this.idleTimeoutMs, errors);
      state.assertAlive(epoch);
      this.recalled = true;
      state.restoreSnapshot(snapshot, isNode);
      return 'restored';
    } catch (err) {
      if (err === STALE || epoch !== state.epoch) return 'failed';
      const error = toAlliError(err);
      if (id && (error.kind === 'not-found' || error.kind === 'forbidden' || error.kind === 'protocol')) {
        // Gone, ended long ago, or not this user's: start a new one, and stop remembering it.
        this.recalled = true;
        state.remember(undefined);
        return 'none';
      }
      state.bannerError = error;
      state.options.onError?.(error, undefined);
      return 'failed';
    } finally {
      if (epoch === state.epoch) {
        state.controller = undefined;
        state.phase = 'idle';
        state.changed();
      }
    }
  }

  /** Before a turn: a reconcile that failed after an earlier break is tried again (quietly). */
  async catchUp(signal: AbortSignal, epoch: number): Promise<void> {
    if (!this.needsReconcile || !this.state.view.conversationId) return;
    await this.reconcile(signal, epoch).catch((err) => {
      if (err === STALE) throw err;
    });
  }

  /**
   * After a stream broke off before `done`: brings the transcript in line with the server's
   * history. When that fails, it is tried again before the next turn.
   */
  async afterBreak(baseline: ReadonlySet<string>, signal: AbortSignal, epoch: number): Promise<AfterBreak> {
    if (!this.state.view.conversationId) return { reconciled: false, hasTurn: false };
    try {
      const snapshot = await this.reconcile(signal, epoch);
      return { reconciled: true, hasTurn: (await snapshots()).hasNewUserNode(snapshot, baseline) };
    } catch (err) {
      if (err === STALE) throw err;
      this.needsReconcile = true;
      return { reconciled: false, hasTurn: false };
    }
  }

  /**
   * Whether Alli already has the turn sent after `baseline` (its USER node is in the history).
   * No conversation yet, or no history to be had, counts as no.
   */
  async serverHasTurn(baseline: ReadonlySet<string>, signal: AbortSignal, epoch: number): Promise<boolean> {
    if (!this.state.view.conversationId) return false;
    try {
      const snapshot = await this.reconcile(signal, epoch);
      return (await snapshots()).hasNewUserNode(snapshot, baseline);
    } catch (err) {
      if (err === STALE) throw err;
      return false;
    }
  }

  /** Fetches the history and merges it into the transcript by node id. */
  private async reconcile(signal: AbortSignal, epoch: number): Promise<ConversationSnapshot> {
    const controller = new AbortController();
    const follow = () => controller.abort();
    signal.addEventListener('abort', follow, { once: true });
    try {
      const { fetchHistory, merge } = await snapshots();
      const snapshot = await fetchHistory(this.transport, this.state.view.conversationId!, controller, this.idleTimeoutMs, errors);
      this.state.assertAlive(epoch);
      merge(this.state, snapshot);
      this.needsReconcile = false;
      return snapshot;
    } finally {
      signal.removeEventListener('abort', follow);
    }
  }
}
