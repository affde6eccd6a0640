/**
 * The turn lifecycle of one conversation (docs/protocol.md §8), free of Lit and the DOM so it can
 * be tested with an injected fetch: optimistic user bubbles kept on failure with their content
 * for Retry, the first (empty) turn that fetches the greeting, Stop, and the input the latest
 * bot node asks for.
 *
 * This façade holds what the UI reads and calls; the work is done by its pieces:
 * - turn-runner.ts: one turn: attempt, settle, recover a broken stream, wait to resend;
 * - history-sync.ts: restore after a reload, reconcile after a break, "does Alli have this turn";
 * - outbox.ts: turns waiting to be sent (offline, or behind another), in order, exactly once;
 * - session-state.ts: the transcript and phase they share.
 * Faults (issue 6) all end with the user able to continue.
 */
import type { ChatTransport, TransportCapabilities } from '../transport/chat-transport.js';
import { AlliError } from '../model/errors.js';
import type { ConversationView, ViewNode } from '../wire/reducer.js';
import { retryPolicy } from './retry-policy.js';
import {
  DEFAULT_IDLE_TIMEOUT_MS,
  ENDED_STATES,
  type InputMode,
  type RetryNotice,
  type SessionOptions,
  type SessionPhase,
  type TranscriptItem,
  type UserContent,
  type UserTurn,
} from './conversation-types.js';
import { HistorySync } from './history-sync.js';
import { Outbox } from './outbox.js';
import { SessionState } from './session-state.js';
import { TurnRunner } from './turn-runner.js';

export type {
  ConversationMemory,
  InputMode,
  RetryNotice,
  SessionOptions,
  SessionPhase,
  TranscriptItem,
  UserContent,
  UserTurn,
} from './conversation-types.js';

/** How long Stop waits for Alli to end the stream before it cuts the connection. */
const STOP_GRACE_MS = 1500;

export class ConversationSession {
  private readonly state: SessionState;
  private readonly history: HistorySync;
  private readonly outbox: Outbox;
  private readonly runner: TurnRunner;
  private turnSeq = 0;

  constructor(
    private readonly transport: ChatTransport,
    options: SessionOptions = {},
  ) {
    const idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
    this.state = new SessionState(options);
    this.history = new HistorySync(this.state, transport, idleTimeoutMs);
    this.outbox = new Outbox(this.state, (turn) => this.runner.run(turn));
    this.runner = new TurnRunner(this.state, transport, this.history, this.outbox, { idleTimeoutMs, policy: retryPolicy(options.retry) });
  }

  /** What the transport can do: the view offers only that (Stop, attachments). */
  get capabilities(): TransportCapabilities {
    return this.transport.capabilities;
  }

  get view(): ConversationView {
    return this.state.view;
  }
  get items(): readonly TranscriptItem[] {
    return this.state.items;
  }
  get phase(): SessionPhase {
    return this.state.phase;
  }
  get busy(): boolean {
    return this.state.busy;
  }
  get streaming(): boolean {
    return this.state.phase === 'streaming';
  }
  get conversationId(): string | undefined {
    return this.state.view.conversationId;
  }
  /** An error not tied to a user bubble (e.g. the greeting could not be fetched). */
  get error(): AlliError | undefined {
    return this.state.bannerError;
  }
  /** A conversation is there, or (for a transport without a greeting) ready for the first message. */
  get started(): boolean {
    return this.state.view.conversationId !== undefined || this.state.opened;
  }
  get online(): boolean {
    return this.state.online;
  }
  /** An automatic resend is waiting (for the countdown). */
  get retryNotice(): RetryNotice | undefined {
    return this.runner.notice;
  }
  /** How many turns wait in the outbox. */
  get queued(): number {
    return this.outbox.size;
  }
  /** True between Stop and the end of the turn. */
  get stopRequested(): boolean {
    return this.state.stopping;
  }

  /** The latest bot node decides the input: its form, else its buttons, else the text box. */
  get inputMode(): InputMode {
    const state = this.state.view.state;
    if (state && ENDED_STATES.has(state)) return { kind: 'ended', state };
    if (state === 'WAIT_AGENT') return { kind: 'agent' };
    const last = this.latestBotNode();
    if (last?.form && last.completed) return { kind: 'form', nodeId: last.id, form: last.form, allowText: !!last.allowTextInput };
    if (last?.chatOptionInfos?.length && last.completed && !this.answered(last.id)) {
      return { kind: 'options', nodeId: last.id, options: last.chatOptionInfos, multiple: !!last.multipleOption, allowText: !!last.allowTextInput };
    }
    return { kind: 'text' };
  }

  latestBotNode(): ViewNode | undefined {
    const nodes = this.state.view.nodes;
    for (let i = nodes.length - 1; i >= 0; i--) if (nodes[i].sender !== 'USER') return nodes[i];
    return undefined;
  }

  node(id: string): ViewNode | undefined {
    return this.state.node(id);
  }

  /**
   * Reopens the remembered conversation (its history from Alli), or starts a new one with an
   * empty first turn so the greeting appears by itself. Offline, it waits for `setOnline(true)`.
   */
  async start(): Promise<void> {
    const state = this.state;
    if (this.started || this.busy) return;
    state.bannerError = undefined;
    if (!state.online) {
      // Views call start() on every update: change (and re-render) only the first time.
      if (!state.startPending) {
        state.startPending = true;
        state.changed();
      }
      return;
    }
    state.startPending = false;
    if (this.history.shouldRestore) {
      const restored = await this.history.restore();
      if (restored === 'restored') await this.outbox.flush(false);
      if (restored !== 'none') return;
    }
    if (!this.transport.capabilities.greets) {
      // Nothing to fetch: the conversation begins with the visitor's first message.
      state.opened = true;
      state.changed();
      return;
    }
    const outcome = await this.runner.run(undefined);
    if (outcome === 'sent') await this.outbox.flush(false);
  }

  /**
   * Sends user content; resolves when the turn has ended (in any way), or at once when it has
   * to wait in the outbox (offline, or behind earlier waiting turns).
   */
  async send(content: UserContent): Promise<void> {
    const state = this.state;
    if (this.busy && state.online && !this.outbox.active) {
      throw new AlliError('bad-request', 'A turn is already in flight.', { field: 'input' });
    }
    const turn: UserTurn = { id: `turn-${++this.turnSeq}`, content, status: 'queued', createdAt: Date.now() };
    state.items = [...state.items, { kind: 'user', turn }];
    this.outbox.enqueue(turn.id);
    state.changed();
    await this.outbox.flush(true);
  }

  /** Resends a failed turn's exact content, in the same bubble (or queues it while offline). */
  async retry(turnId: string): Promise<void> {
    const turn = this.state.findTurn(turnId);
    if (!turn || turn.status !== 'failed' || this.busy) return;
    if (!this.state.online) {
      this.state.updateTurn(turn.id, { status: 'queued', error: undefined });
      this.outbox.enqueue(turn.id);
      return;
    }
    const outcome = await this.runner.run(turn);
    if (outcome === 'sent') await this.outbox.flush(false);
  }

  /**
   * Cancels a turn that has not started streaming (an upload, or a wait before an automatic
   * resend): it stays, failed, for Retry.
   */
  cancel(): void {
    if (this.state.phase === 'sending') this.state.controller?.abort();
  }

  /**
   * Stop: ask Alli to stop first, so it ends the stream itself with `done: stopped` and keeps
   * the partial answer; abort the fetch if that does not happen promptly (or cannot: no id yet).
   * Either way the turn ends as `stopped` with the text that arrived.
   */
  stop(): void {
    const state = this.state;
    const controller = state.controller;
    if (!controller || state.stopping) return;
    state.stopping = true;
    state.changed();
    const id = state.view.conversationId;
    const stopCall = this.transport.capabilities.canStop ? this.transport.stopConversation?.bind(this.transport) : undefined;
    if (!id || state.phase !== 'streaming' || !stopCall) {
      controller.abort();
      return;
    }
    state.stopTimer = setTimeout(() => controller.abort(), STOP_GRACE_MS);
    stopCall(id).catch(() => controller.abort());
  }

  /**
   * The page went offline or came back. Back online, a start that waited runs, and the outbox
   * is sent in order.
   */
  setOnline(online: boolean): void {
    const state = this.state;
    if (online === state.online) return;
    state.online = online;
    state.changed();
    if (!online) return;
    if (state.startPending) void this.start();
    else void this.outbox.flush(false);
  }

  /** Bytes arrived for the request in flight (keep-alive comments count). */
  noteActivity(): void {
    this.state.activity?.();
  }

  /** Forgets the conversation (and what it remembered) and starts a new one. */
  async reset(): Promise<void> {
    const state = this.state;
    this.halt();
    const hadConversation = state.view.conversationId !== undefined;
    state.clear();
    this.history.forget();
    state.remember(undefined);
    if (hadConversation) state.options.onConversationChange?.(undefined);
    state.changed();
    await this.start();
  }

  dispose(): void {
    this.halt();
    this.state.phase = 'idle';
    this.state.activity = undefined;
  }

  dismissError(): void {
    this.state.bannerError = undefined;
    this.state.changed();
  }

  /** Resolves once no turn is in flight (at once if none is). */
  whenIdle(): Promise<void> {
    return this.state.whenIdle();
  }

  /** Ends the work in flight: whatever it still does is dropped as stale. */
  private halt(): void {
    this.state.abortInFlight();
    this.state.epoch += 1;
    this.outbox.clear();
    this.runner.clear();
  }

  /** A node's buttons were answered once a later user turn refers to it and was not refused. */
  private answered(nodeId: string): boolean {
    return this.state.items.some(
      (item) => item.kind === 'user' && item.turn.status !== 'failed' && 'nodeId' in item.turn.content && item.turn.content.nodeId === nodeId,
    );
  }
}
