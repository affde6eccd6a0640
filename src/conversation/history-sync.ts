/**
 * The session's view of `GET …/conversations/{id}` (docs/protocol.md §8):
 * - restore: reopen the remembered conversation after a reload (one that is gone starts fresh);
 * - reconcile: after a stream broke off, each node the server has replaces the one with the
 *   same id (or joins the transcript if new), never duplicated;
 * - "does the server have this turn": a USER node that was not known before the turn was sent.
 */
import type { AlliClient } from '../transport/client.js';
import { AlliError, ErrorCode, toAlliError } from '../model/errors.js';
import type { ConversationSnapshot, ResponseNode } from '../model/types.js';
import { toConversationRef, toResponseNode } from '../wire/normalize.js';
import { initialConversation, reduceConversation, startTurn } from '../wire/reducer.js';
import type { TranscriptItem, UserContent } from './conversation-types.js';
import { STALE, type SessionState } from './session-state.js';

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
    private readonly client: AlliClient,
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
      const snapshot = await this.fetchHistory(id, controller);
      state.assertAlive(epoch);
      this.recalled = true;
      this.restoreFrom(snapshot);
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
      return { reconciled: true, hasTurn: hasNewUserNode(snapshot, baseline) };
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
      return hasNewUserNode(snapshot, baseline);
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
      const snapshot = await this.fetchHistory(this.state.view.conversationId!, controller);
      this.state.assertAlive(epoch);
      this.merge(snapshot);
      this.needsReconcile = false;
      return snapshot;
    } finally {
      signal.removeEventListener('abort', follow);
    }
  }

  /** Each node the server has replaces ours with the same id; one still incomplete stays interrupted. */
  private merge(snapshot: ConversationSnapshot): void {
    const state = this.state;
    const { conversation } = snapshot;
    if (conversation.id !== state.view.conversationId || conversation.state !== state.view.state) {
      state.apply({ type: 'conversation', conversation });
    }
    for (const node of snapshot.responses) {
      if (!isNode(node)) continue;
      const mine = state.node(node.id);
      if (mine && mine.message === node.message && mine.completed === node.completed) continue;
      state.apply({ type: 'response', response: node });
    }
    if (state.view.nodes.some((n) => !n.completed && !n.interrupted)) state.apply({ type: 'truncated' });
  }

  /** The transcript as the server has it: USER nodes as user bubbles, the rest as bot messages. */
  private restoreFrom(snapshot: ConversationSnapshot): void {
    const state = this.state;
    let view = reduceConversation(initialConversation(), { type: 'conversation', conversation: snapshot.conversation });
    const items: TranscriptItem[] = [];
    for (const node of snapshot.responses) {
      if (!isNode(node) || view.positions.has(node.id)) continue;
      view = reduceConversation(view, { type: 'response', response: node });
      if (node.sender === 'USER') {
        const content: UserContent = { kind: 'text', text: node.message };
        items.push({ kind: 'user', turn: { id: `restored-${node.id}`, content, status: 'sent', createdAt: node.createdAt, restored: true } });
      } else {
        items.push({ kind: 'bot', id: node.id });
      }
    }
    // A node that was still incomplete when its stream broke off stays marked as interrupted.
    if (view.nodes.some((n) => !n.completed)) view = reduceConversation(view, { type: 'truncated' });
    state.view = startTurn(view);
    state.items = [...items, ...state.items.filter((item) => item.kind === 'user' && item.turn.status !== 'sent')];
    state.options.onConversationChange?.(snapshot.conversation.id);
    state.changed();
  }

  /** The history, which must answer within the idle timeout and have the documented shape. */
  private async fetchHistory(id: string, controller: AbortController): Promise<ConversationSnapshot> {
    let timedOut = false;
    const timer =
      this.idleTimeoutMs > 0
        ? setTimeout(() => {
            timedOut = true;
            controller.abort();
          }, this.idleTimeoutMs)
        : undefined;
    let snapshot: unknown;
    try {
      snapshot = await this.client.getConversation(id, { signal: controller.signal });
    } catch (err) {
      if (timedOut) throw new AlliError('network', 'Alli did not answer in time.', { code: ErrorCode.Stalled, cause: err });
      throw err;
    } finally {
      clearTimeout(timer);
    }
    if (!isSnapshot(snapshot)) throw new AlliError('protocol', 'Alli answered the history request with an unexpected body.');
    return checkedSnapshot(snapshot);
  }
}

/** The snapshot through the same validation as stream events (docs/protocol.md §5); bad nodes are dropped. */
function checkedSnapshot(snapshot: ConversationSnapshot): ConversationSnapshot {
  const conversation = toConversationRef(snapshot.conversation) ?? snapshot.conversation;
  const now = Date.now();
  const responses = snapshot.responses
    .map((node) => toResponseNode(node, { createdAt: now }))
    .filter((node): node is ResponseNode => node !== undefined);
  return { conversation, responses };
}

function isNode(value: unknown): value is ResponseNode {
  const node = value as Partial<ResponseNode> | null;
  return typeof node === 'object' && node !== null && typeof node.id === 'string' && typeof node.message === 'string';
}

function isSnapshot(value: unknown): value is ConversationSnapshot {
  const snapshot = value as Partial<ConversationSnapshot> | null;
  return typeof snapshot === 'object' && snapshot !== null && typeof snapshot.conversation?.id === 'string' && Array.isArray(snapshot.responses);
}

/** The history holds a USER node that was not known before the turn was sent. */
function hasNewUserNode(snapshot: ConversationSnapshot, baseline: ReadonlySet<string>): boolean {
  return snapshot.responses.some((node) => isNode(node) && node.sender === 'USER' && !baseline.has(node.id));
}
