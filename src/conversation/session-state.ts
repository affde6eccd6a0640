/**
 * What the pieces of a session share: the transcript (the reduced view and the items in display
 * order), the phase, the request in flight, and the epoch that tells a piece of work it was
 * overtaken by reset() or dispose(). The primitive changes live here (apply a stream event,
 * update a turn, settle a stopped reply) so each tells the owner once, through `options`.
 */
import type { AlliError } from '../model/errors.js';
import type { ConversationEvent } from '../model/stream-events.js';
import type { ConversationSnapshot, ResponseNode } from '../model/types.js';
import { initialConversation, reduceConversation, startTurn, withResponses, type ConversationView, type ViewNode } from '../wire/reducer.js';
import type { SessionOptions, SessionPhase, TranscriptItem, UserContent, UserTurn } from './conversation-types.js';

/** Thrown out of work whose session was reset or disposed meanwhile; never shown to anyone. */
class StaleTurn extends Error {
  constructor() {
    super('The session was reset or disposed while this turn was in flight.');
    this.name = 'StaleTurn';
  }
}
export const STALE: Error = new StaleTurn();

export class SessionState {
  view: ConversationView = initialConversation();
  items: readonly TranscriptItem[] = [];
  phase: SessionPhase = 'idle';
  /** An error not tied to a user bubble (the greeting or the history could not be fetched). */
  bannerError: AlliError | undefined;
  online: boolean;
  /** start() ran for a transport without a greeting: the first message starts the conversation. */
  opened = false;
  /** start() was asked while offline: it runs once back online. */
  startPending = false;
  /** Bumped by reset() and dispose(). */
  epoch = 0;
  /** The request in flight (a turn or a restore), for cancel() and stop(). */
  controller: AbortController | undefined;
  /** Between stop() and the end of the turn. */
  stopping = false;
  stopTimer: ReturnType<typeof setTimeout> | undefined;
  /** Pokes the idle watchdog of the request in flight. */
  activity: (() => void) | undefined;
  private idleWaiters: (() => void)[] = [];

  constructor(readonly options: SessionOptions) {
    this.online = options.online ?? true;
  }

  get busy(): boolean {
    return this.phase !== 'idle';
  }

  node(id: string): ViewNode | undefined {
    const at = this.view.positions.get(id);
    return at === undefined ? undefined : this.view.nodes[at];
  }

  /** Throws STALE when the session was reset or disposed since `epoch`. */
  assertAlive(epoch: number): void {
    if (epoch !== this.epoch) throw STALE;
  }

  /** Reduces one event into the view; new bot nodes join the transcript, completed ones are announced. */
  apply(event: ConversationEvent): void {
    const before = this.view;
    const after = reduceConversation(before, event);
    this.view = after;
    if (after.conversationId !== before.conversationId) {
      this.options.onConversationChange?.(after.conversationId);
      this.remember(after.conversationId);
    }
    if (after.nodes !== before.nodes) {
      // New bot nodes join the transcript in arrival order; completed ones are announced once.
      for (let i = 0; i < after.nodes.length; i++) {
        const node = after.nodes[i];
        const old = i < before.nodes.length ? before.nodes[i] : undefined;
        if (node === old) continue;
        if (!old && node.sender !== 'USER') this.items = [...this.items, { kind: 'bot', id: node.id }];
        if (node.completed && !old?.completed && node.sender !== 'USER') this.options.onNodeComplete?.(node);
      }
    }
    this.changed();
  }

  /** Tells the memory which conversation is in use; a memory that fails is not the user's problem. */
  remember(conversationId: string | undefined): void {
    void Promise.resolve(this.options.memory?.remember(conversationId)).catch(() => {});
  }

  /** After Stop, incomplete nodes keep what arrived and count as complete. */
  settleStopped(): void {
    if (this.view.done?.reason === 'stopped' && this.view.nodes.every((n) => n.completed)) return;
    for (const node of this.view.nodes) {
      if (!node.completed) {
        this.view = reduceConversation(this.view, { type: 'final', responseId: node.id, content: node.message, format: node.messageFormat });
      }
    }
    this.view = reduceConversation(this.view, { type: 'done', reason: 'stopped' });
  }

  findTurn(id: string): UserTurn | undefined {
    for (const item of this.items) if (item.kind === 'user' && item.turn.id === id) return item.turn;
    return undefined;
  }

  updateTurn(id: string, patch: Partial<Pick<UserTurn, 'status' | 'error' | 'upload'>>): void {
    this.items = this.items.map((item) =>
      item.kind === 'user' && item.turn.id === id ? { kind: 'user', turn: { ...item.turn, ...patch } } : item,
    );
    this.changed();
  }

  /** Tells the owner, and wakes whenIdle() once nothing is in flight. */
  changed(): void {
    this.options.onChange?.();
    if (!this.busy && this.idleWaiters.length > 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      waiters.forEach((resolve) => resolve());
    }
  }

  whenIdle(): Promise<void> {
    if (!this.busy) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  abortInFlight(): void {
    this.controller?.abort();
    this.controller = undefined;
    clearTimeout(this.stopTimer);
    this.stopTimer = undefined;
  }

  /** Back to an empty transcript (reset()). */
  clear(): void {
    this.view = initialConversation();
    this.items = [];
    this.bannerError = undefined;
    this.phase = 'idle';
    this.startPending = false;
    this.opened = false;
  }

  /**
   * The transcript as the server has it (a reopened conversation): USER nodes as user bubbles,
   * the rest as bot messages; turns not yet sent stay after them.
   */
  restoreSnapshot(snapshot: ConversationSnapshot, isNode: (value: unknown) => value is ResponseNode): void {
    const items: TranscriptItem[] = [];
    const nodes: ResponseNode[] = [];
    const seen = new Set<string>();
    for (const node of snapshot.responses) {
      if (!isNode(node) || seen.has(node.id)) continue;
      seen.add(node.id);
      nodes.push(node);
      if (node.sender === 'USER') {
        const content: UserContent = { kind: 'text', text: node.message };
        items.push({ kind: 'user', turn: { id: `restored-${node.id}`, content, status: 'sent', createdAt: node.createdAt, restored: true } });
      } else {
        items.push({ kind: 'bot', id: node.id });
      }
    }
    let view = withResponses(reduceConversation(initialConversation(), { type: 'conversation', conversation: snapshot.conversation }), nodes);
    // A node that was still incomplete when its stream broke off stays marked as interrupted.
    if (view.nodes.some((n) => !n.completed)) view = reduceConversation(view, { type: 'truncated' });
    this.view = startTurn(view);
    this.items = [...items, ...this.items.filter((item) => item.kind === 'user' && item.turn.status !== 'sent')];
    this.options.onConversationChange?.(snapshot.conversation.id);
    this.changed();
  }
}
