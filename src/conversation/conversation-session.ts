/**
 * The turn lifecycle of one conversation (docs/protocol.md §8), free of Lit and the DOM so it can
 * be tested with an injected fetch: optimistic user bubbles kept on failure with their content
 * for Retry, the first (empty) turn that fetches the greeting, Stop, and the input the latest
 * bot node asks for.
 *
 * Faults (issue 6) are handled here too, each ending with the user able to continue:
 * - a stream cut off, truncated (no `done`) or gone quiet (idle watchdog): incomplete nodes are
 *   marked interrupted, then the conversation is reconciled with `GET …/conversations/{id}` —
 *   nodes are replaced by id with the server's version, never duplicated; the user's turn
 *   counts as sent when the server has its USER node, else it stays failed with Retry;
 * - `5xx`, `429` and an unreachable token route before any reply: resent automatically after a
 *   bounded backoff (see retry-policy.ts), with a countdown the view can show; never once the
 *   reply has begun;
 * - offline: sends wait in an outbox and go once back online, in order, each exactly once
 *   (a turn whose request may have reached Alli is checked against the history first);
 * - reload: the conversation id is remembered through `memory`, and the history restored
 *   from Alli on start (a conversation that is gone starts fresh).
 */
import type { AlliClient } from '../transport/client.js';
import type { UploadProgress } from '../transport/xhr-request.js';
import { isMediaFile } from './file-rules.js';
import { abortableDelay } from '../transport/abortable-delay.js';
import { AlliError } from '../model/errors.js';
import type {
  ChatOptionInfo,
  ConversationSnapshot,
  ConversationStateName,
  FormDefinition,
  ResponseNode,
  SendFormInput,
  TurnInput,
} from '../model/types.js';
import type { ConversationEvent } from '../model/stream-events.js';
import {
  initialConversation,
  reduceConversation,
  startTurn,
  type ConversationView,
  type ViewNode,
} from '../wire/reducer.js';
import { IdleWatchdog } from './idle-watchdog.js';
import { retryDelay, retryPolicy, type RetryPolicy, type RetryReason } from './retry-policy.js';

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

export interface SessionOptions {
  /** A stream with no bytes for this long is treated as cut off (default 45 s; 0 = never). */
  idleTimeoutMs?: number;
  /** Automatic resends (see retry-policy.ts). */
  retry?: Partial<RetryPolicy>;
  memory?: ConversationMemory;
  /** Whether the page is online at creation (default true). */
  online?: boolean;
  /** An automatic resend was scheduled (announce it once; the countdown is in `retryNotice`). */
  onRetryScheduled?(notice: RetryNotice): void;
  /** The history of a remembered conversation was restored. */
  onRestored?(conversationId: string): void;
}

/** How long Stop waits for Alli to end the stream before it cuts the connection. */
const STOP_GRACE_MS = 1500;
export const DEFAULT_IDLE_TIMEOUT_MS = 45_000;

export const ENDED_STATES: ReadonlySet<string> = new Set(['END_OF_CHATBOT', 'END_BY_AGENT', 'END_BY_USER', 'INTERRUPTED']);

export interface SessionCallbacks {
  /** Something changed; the view re-renders (it may coalesce per frame). */
  onChange?(): void;
  onStreamStart?(turn: UserTurn | undefined): void;
  onStreamEnd?(reason: string, turn: UserTurn | undefined): void;
  /** A bot node became complete. */
  onNodeComplete?(node: ViewNode): void;
  onConversationChange?(conversationId: string | undefined): void;
  onError?(error: AlliError, turn: UserTurn | undefined): void;
  /** Bytes of a turn's files sent so far. */
  onUploadProgress?(turn: UserTurn, progress: UploadProgress): void;
}

/** How a turn ended, for the outbox. */
type TurnOutcome = 'sent' | 'failed' | 'queued' | 'stale';

/** What one request of a turn came to. */
type Attempt =
  | {
      kind: 'answered';
      reason: string | undefined;
      sawBotContent: boolean;
      sawUserEcho: boolean;
      baseline: ReadonlySet<string>;
    }
  | { kind: 'refused'; error: AlliError; baseline: ReadonlySet<string> };

/** Thrown out of a turn whose session was reset or disposed meanwhile. */
const STALE = Symbol('stale turn');

export class ConversationSession {
  private viewState: ConversationView = initialConversation();
  private itemList: TranscriptItem[] = [];
  private phaseState: SessionPhase = 'idle';
  private bannerError: AlliError | undefined;
  private controller: AbortController | undefined;
  private stopping = false;
  private stopTimer: ReturnType<typeof setTimeout> | undefined;
  private turnSeq = 0;
  /** Bumped on reset/dispose so a turn still in flight no longer writes into the new state. */
  private epoch = 0;

  private readonly idleTimeoutMs: number;
  private readonly policy: RetryPolicy;
  private readonly memory: ConversationMemory | undefined;
  private readonly options: SessionOptions;
  private onlineState: boolean;
  /** Turn ids waiting to be sent, in transcript order. */
  private outbox: string[] = [];
  private flushing: Promise<void> | undefined;
  private idleWaiters: (() => void)[] = [];
  /** start() was asked while offline: it runs once back online. */
  private startPending = false;
  /** The remembered conversation was looked up (restored, or there was none). */
  private recalled = false;
  /** A reconcile after a broken stream failed; it is done before the next turn. */
  private needsReconcile = false;
  /** Turns whose request may have reached Alli without an answer: node ids known before it. */
  private readonly ambiguous = new Map<string, ReadonlySet<string>>();
  private notice: RetryNotice | undefined;
  /** Pokes the current request's idle watchdog. */
  private activity: (() => void) | undefined;

  constructor(
    private readonly client: AlliClient,
    private readonly callbacks: SessionCallbacks & SessionOptions = {},
    options: SessionOptions = callbacks,
  ) {
    this.options = options;
    this.idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
    this.policy = retryPolicy(options.retry);
    this.memory = options.memory;
    this.onlineState = options.online ?? true;
  }

  get view(): ConversationView {
    return this.viewState;
  }
  get items(): readonly TranscriptItem[] {
    return this.itemList;
  }
  get phase(): SessionPhase {
    return this.phaseState;
  }
  get busy(): boolean {
    return this.phaseState !== 'idle';
  }
  get streaming(): boolean {
    return this.phaseState === 'streaming';
  }
  get conversationId(): string | undefined {
    return this.viewState.conversationId;
  }
  /** An error not tied to a user bubble (e.g. the greeting could not be fetched). */
  get error(): AlliError | undefined {
    return this.bannerError;
  }
  get started(): boolean {
    return this.viewState.conversationId !== undefined;
  }
  get online(): boolean {
    return this.onlineState;
  }
  /** The conversation will start (or be restored) once the page is back online. */
  get waitingToStart(): boolean {
    return this.startPending;
  }
  /** An automatic resend is waiting (for the countdown). */
  get retryNotice(): RetryNotice | undefined {
    return this.notice;
  }
  /** How many turns wait in the outbox. */
  get queued(): number {
    return this.outbox.length;
  }

  /** The latest bot node decides the input: its form, else its buttons, else the text box. */
  get inputMode(): InputMode {
    const state = this.viewState.state;
    if (state && ENDED_STATES.has(state)) return { kind: 'ended', state };
    if (state === 'WAIT_AGENT') return { kind: 'agent' };
    const last = this.latestBotNode();
    if (last?.form && last.completed) return { kind: 'form', nodeId: last.id, form: last.form, allowText: !!last.allowTextInput };
    if (last?.chatOptionInfos?.length && last.completed && !this.answered(last.id)) {
      return {
        kind: 'options',
        nodeId: last.id,
        options: last.chatOptionInfos,
        multiple: !!last.multipleOption,
        allowText: !!last.allowTextInput,
      };
    }
    return { kind: 'text' };
  }

  latestBotNode(): ViewNode | undefined {
    const nodes = this.viewState.nodes;
    for (let i = nodes.length - 1; i >= 0; i--) if (nodes[i].sender !== 'USER') return nodes[i];
    return undefined;
  }

  node(id: string): ViewNode | undefined {
    const at = this.viewState.positions.get(id);
    return at === undefined ? undefined : this.viewState.nodes[at];
  }

  /**
   * Reopens the remembered conversation (its history from Alli), or starts a new one with an
   * empty first turn so the greeting appears by itself. Offline, it waits for `setOnline(true)`.
   */
  async start(): Promise<void> {
    if (this.started || this.busy) return;
    this.bannerError = undefined;
    if (!this.onlineState) {
      // Views call start() on every update: change (and re-render) only the first time.
      if (!this.startPending) {
        this.startPending = true;
        this.changed();
      }
      return;
    }
    this.startPending = false;
    if (this.memory && !this.recalled) {
      const restored = await this.restore();
      if (restored !== 'none') {
        if (restored === 'restored') await this.flush(false);
        return;
      }
    }
    const outcome = await this.runTurn(undefined);
    if (outcome === 'sent') await this.flush(false);
  }

  /**
   * Sends user content; resolves when the turn has ended (in any way), or at once when it has
   * to wait in the outbox (offline, or behind earlier waiting turns).
   */
  async send(content: UserContent): Promise<void> {
    if (this.busy && this.onlineState && !this.flushing) {
      throw new AlliError('bad-request', 'A turn is already in flight.', { field: 'input' });
    }
    const turn: UserTurn = { id: `turn-${++this.turnSeq}`, content, status: 'queued', createdAt: Date.now() };
    this.itemList = [...this.itemList, { kind: 'user', turn }];
    this.enqueue(turn.id);
    this.changed();
    await this.flush(true);
  }

  /** Resends a failed turn's exact content, in the same bubble (or queues it while offline). */
  async retry(turnId: string): Promise<void> {
    const turn = this.findTurn(turnId);
    if (!turn || turn.status !== 'failed' || this.busy) return;
    if (!this.onlineState) {
      this.updateTurn(turn.id, { status: 'queued', error: undefined });
      this.enqueue(turn.id);
      return;
    }
    const outcome = await this.runTurn(turn);
    if (outcome === 'sent') await this.flush(false);
  }

  /**
   * Cancels a turn that has not started streaming (an upload, or a wait before an automatic
   * resend): it stays, failed, for Retry.
   */
  cancel(): void {
    if (this.phaseState === 'sending') this.controller?.abort();
  }

  /** True between Stop and the end of the turn. */
  get stopRequested(): boolean {
    return this.stopping;
  }

  /**
   * Stop: ask Alli to stop first, so it ends the stream itself with `done: stopped` and keeps
   * the partial answer; abort the fetch if that does not happen promptly (or cannot: no id yet).
   * Either way the turn ends as `stopped` with the text that arrived.
   */
  stop(): void {
    const controller = this.controller;
    if (!controller || this.stopping) return;
    this.stopping = true;
    this.changed();
    const id = this.viewState.conversationId;
    if (!id || this.phaseState !== 'streaming') {
      controller.abort();
      return;
    }
    this.stopTimer = setTimeout(() => controller.abort(), STOP_GRACE_MS);
    this.client.stopConversation(id).catch(() => controller.abort());
  }

  /**
   * The page went offline or came back. Back online, a start that waited runs, and the outbox
   * is sent in order.
   */
  setOnline(online: boolean): void {
    if (online === this.onlineState) return;
    this.onlineState = online;
    this.changed();
    if (!online) return;
    if (this.startPending) void this.start();
    else void this.flush(false);
  }

  /** Bytes arrived for the request in flight (keep-alive comments count). */
  noteActivity(): void {
    this.activity?.();
  }

  /** Forgets the conversation (and what it remembered) and starts a new one. */
  async reset(): Promise<void> {
    this.abortInFlight();
    this.epoch += 1;
    const hadConversation = this.viewState.conversationId !== undefined;
    this.clearState();
    this.recalled = true;
    void Promise.resolve(this.memory?.remember(undefined)).catch(() => {});
    if (hadConversation) this.callbacks.onConversationChange?.(undefined);
    this.changed();
    await this.start();
  }

  dispose(): void {
    this.abortInFlight();
    this.epoch += 1;
    this.phaseState = 'idle';
    this.outbox = [];
    this.notice = undefined;
    this.activity = undefined;
  }

  dismissError(): void {
    this.bannerError = undefined;
    this.changed();
  }

  private clearState(): void {
    this.viewState = initialConversation();
    this.itemList = [];
    this.bannerError = undefined;
    this.phaseState = 'idle';
    this.outbox = [];
    this.flushing = undefined;
    this.ambiguous.clear();
    this.needsReconcile = false;
    this.startPending = false;
    this.notice = undefined;
  }

  private abortInFlight(): void {
    this.controller?.abort();
    this.controller = undefined;
    clearTimeout(this.stopTimer);
    this.stopTimer = undefined;
  }

  private assertAlive(epoch: number): void {
    if (epoch !== this.epoch) throw STALE;
  }

  // ——— the outbox ———

  /** Adds a turn to the outbox, keeping transcript order. */
  private enqueue(turnId: string): void {
    if (this.outbox.includes(turnId)) return;
    const order = (id: string) => this.itemList.findIndex((item) => item.kind === 'user' && item.turn.id === id);
    this.outbox = [...this.outbox, turnId].sort((a, b) => order(a) - order(b));
  }

  /**
   * Sends waiting turns one by one, in order, while online. An automatic flush (`force`
   * false: back online, after a turn) holds while an earlier turn failed, so nothing overtakes
   * it; the user's own send forces it.
   */
  private flush(force: boolean): Promise<void> {
    if (this.flushing) return this.flushing;
    const epoch = this.epoch;
    // Started on the next microtask, so `flushing` is set before the loop can finish.
    const promise = Promise.resolve().then(async () => {
      try {
        while (epoch === this.epoch && this.onlineState && !this.busy && !this.startPending && this.outbox.length > 0) {
          const id = this.outbox[0]!;
          if (!force && this.failedBefore(id)) break;
          this.outbox = this.outbox.slice(1);
          const turn = this.findTurn(id);
          if (!turn || turn.status !== 'queued') continue;
          const outcome = await this.runTurn(turn);
          if (outcome !== 'sent') break;
        }
      } finally {
        if (this.flushing === promise) this.flushing = undefined;
      }
    });
    this.flushing = promise;
    return promise;
  }

  private failedBefore(turnId: string): boolean {
    for (const item of this.itemList) {
      if (item.kind !== 'user') continue;
      if (item.turn.id === turnId) return false;
      if (item.turn.status === 'failed') return true;
    }
    return false;
  }

  // ——— restoring after a reload ———

  /** Reopens the remembered conversation: 'restored', 'none' (start fresh) or 'failed' (banner). */
  private async restore(): Promise<'restored' | 'none' | 'failed'> {
    const epoch = this.epoch;
    const controller = new AbortController();
    this.controller = controller;
    this.phaseState = 'starting';
    this.changed();
    let id: string | undefined;
    try {
      id = await this.memory!.recall();
      this.assertAlive(epoch);
      if (!id) {
        this.recalled = true;
        return 'none';
      }
      const snapshot = await this.withIdleTimeout(controller, (signal) => this.client.getConversation(id!, { signal }));
      this.assertAlive(epoch);
      if (!isSnapshot(snapshot)) throw new AlliError('protocol', 'Alli answered the history request with an unexpected body.');
      this.recalled = true;
      this.restoreFrom(snapshot);
      return 'restored';
    } catch (err) {
      if (err === STALE || epoch !== this.epoch) return 'failed';
      const error = toAlliError(err);
      if (id && (error.kind === 'not-found' || error.kind === 'forbidden' || error.kind === 'protocol')) {
        // Gone, ended long ago, or not this user's: start a new one, and stop remembering it.
        this.recalled = true;
        void Promise.resolve(this.memory!.remember(undefined)).catch(() => {});
        return 'none';
      }
      this.bannerError = error;
      this.callbacks.onError?.(error, undefined);
      return 'failed';
    } finally {
      if (epoch === this.epoch) {
        this.controller = undefined;
        this.phaseState = 'idle';
        this.changed();
      }
    }
  }

  /** The transcript as the server has it: USER nodes as user bubbles, the rest as bot messages. */
  private restoreFrom(snapshot: ConversationSnapshot): void {
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
    this.viewState = startTurn(view);
    this.itemList = [...items, ...this.itemList.filter((item) => item.kind === 'user' && item.turn.status !== 'sent')];
    this.callbacks.onConversationChange?.(snapshot.conversation.id);
    this.options.onRestored?.(snapshot.conversation.id);
    this.changed();
  }

  // ——— one turn ———

  private inputFor(content: UserContent | undefined): TurnInput {
    const conversationId = this.viewState.conversationId;
    if (!content) return conversationId ? { conversationId } : {};
    switch (content.kind) {
      case 'text': {
        const files = content.files ?? [];
        return {
          conversationId,
          message: content.text,
          files: files.filter((f) => !isMediaFile(f)),
          mediaFiles: files.filter(isMediaFile),
        };
      }
      case 'choices':
        return { conversationId, choices: content.choices };
      case 'form':
        return { conversationId, sendFormInput: content.values, formFiles: content.files };
    }
  }

  /**
   * Runs a turn (the greeting when `turn` is undefined) through automatic resends, a broken
   * stream's reconciliation, or the outbox. Never throws.
   */
  private async runTurn(turn: UserTurn | undefined): Promise<TurnOutcome> {
    const epoch = this.epoch;
    const controller = new AbortController();
    this.controller = controller;
    this.stopping = false;
    this.phaseState = turn ? 'sending' : 'starting';
    this.viewState = startTurn(this.viewState);
    if (turn) this.updateTurn(turn.id, { status: 'sending', error: undefined, upload: undefined });
    this.changed();
    let reason = 'error';
    let outcome: TurnOutcome = 'failed';
    let streamed = false;
    try {
      if (this.needsReconcile && this.viewState.conversationId) {
        await this.reconcile(controller.signal, epoch).catch((err) => {
          if (err === STALE) throw err;
        });
      }
      // A turn whose earlier request may have reached Alli: if Alli has it, it is not resent.
      const earlier = turn && this.ambiguous.get(turn.id);
      if (turn && earlier) {
        this.ambiguous.delete(turn.id);
        if (this.viewState.conversationId && (await this.serverHasTurn(earlier, controller.signal, epoch))) {
          this.updateTurn(turn.id, { status: 'sent' });
          reason = 'interrupted';
          return (outcome = 'sent');
        }
      }
      const resends: Partial<Record<RetryReason, number>> = {};
      for (;;) {
        const attempt = await this.attempt(turn, controller, epoch, () => {
          streamed = true;
        });
        if (attempt.kind === 'answered') {
          [outcome, reason] = await this.settleAnswered(turn, attempt, controller.signal, epoch);
          return outcome;
        }
        const error = attempt.error;
        if (error.kind === 'aborted') throw error;
        const decision = retryDelay(error, resends, this.policy);
        if (decision) {
          // A 5xx may come from a proxy after Alli took the turn: check before resending it.
          if (decision.reason === 'server' && turn && this.viewState.conversationId) {
            if (await this.serverHasTurn(attempt.baseline, controller.signal, epoch)) {
              this.updateTurn(turn.id, { status: 'sent' });
              reason = 'interrupted';
              return (outcome = 'sent');
            }
          }
          resends[decision.reason] = (resends[decision.reason] ?? 0) + 1;
          await this.waitToResend(turn, decision.reason, decision.delayMs, resends[decision.reason]!, controller.signal, epoch);
          continue;
        }
        if (error.kind === 'network' && turn) {
          if (!this.onlineState) {
            // Offline: the turn waits in the outbox; whether Alli got it is checked before it goes.
            if (this.viewState.conversationId) this.ambiguous.set(turn.id, attempt.baseline);
            this.updateTurn(turn.id, { status: 'queued', upload: undefined });
            this.enqueue(turn.id);
            reason = 'queued';
            return (outcome = 'queued');
          }
          if (this.viewState.conversationId) {
            if (await this.serverHasTurn(attempt.baseline, controller.signal, epoch)) {
              this.updateTurn(turn.id, { status: 'sent' });
              reason = 'interrupted';
              return (outcome = 'sent');
            }
            this.ambiguous.set(turn.id, attempt.baseline);
          }
        }
        if (error.kind === 'network' && !turn && !this.onlineState) {
          this.startPending = true;
          reason = 'queued';
          return (outcome = 'queued');
        }
        throw error;
      }
    } catch (err) {
      if (err === STALE || epoch !== this.epoch) return (outcome = 'stale');
      const error = toAlliError(err);
      if (error.kind === 'aborted' && this.stopping && streamed) {
        reason = 'stopped';
        this.settleStopped();
        if (turn) this.updateTurn(turn.id, { status: 'sent' });
        return (outcome = 'sent');
      }
      reason = 'error';
      if (turn) this.updateTurn(turn.id, { status: 'failed', error, upload: undefined });
      else this.bannerError = error;
      this.callbacks.onError?.(error, turn);
      return (outcome = 'failed');
    } finally {
      if (epoch === this.epoch) {
        clearTimeout(this.stopTimer);
        this.stopTimer = undefined;
        this.controller = undefined;
        this.stopping = false;
        this.notice = undefined;
        this.phaseState = 'idle';
        if (outcome !== 'queued') this.callbacks.onStreamEnd?.(reason, turn);
        this.changed();
      }
    }
  }

  /**
   * One request of a turn. Resolves with what came of it; throws only STALE. `onStreamed`
   * runs once the reply has begun (from then on the turn is never resent).
   */
  private async attempt(
    turn: UserTurn | undefined,
    turnController: AbortController,
    epoch: number,
    onStreamed: () => void,
  ): Promise<Attempt> {
    const baseline: ReadonlySet<string> = new Set(this.viewState.positions.keys());
    const request = new AbortController();
    const follow = () => request.abort();
    turnController.signal.addEventListener('abort', follow, { once: true });
    let stalled = false;
    const watchdog = new IdleWatchdog(this.idleTimeoutMs, () => {
      stalled = true;
      request.abort();
    });
    this.activity = () => watchdog.poke();
    watchdog.start();
    let streaming = false;
    let sawBotContent = false;
    let sawUserEcho = false;
    let reason: string | undefined;
    try {
      const withFiles = (content?: UserContent) => !!content && 'files' in content && (content.files?.length ?? 0) > 0;
      const stream = await this.client.runConversation(this.inputFor(turn?.content), {
        signal: request.signal,
        onUploadProgress:
          turn && withFiles(turn.content)
            ? (upload) => {
                watchdog.poke();
                this.updateTurn(turn.id, { upload });
                this.callbacks.onUploadProgress?.(turn, upload);
              }
            : undefined,
        // Turns with files bypass the watched fetch: the response's bytes keep the watchdog fed.
        onDownloadProgress: () => watchdog.poke(),
      });
      this.assertAlive(epoch);
      streaming = true;
      onStreamed();
      this.phaseState = 'streaming';
      this.callbacks.onStreamStart?.(turn);
      this.changed();
      for await (const event of stream) {
        this.assertAlive(epoch);
        watchdog.poke();
        if (event.type === 'response' && event.response.sender === 'USER') sawUserEcho = true;
        // The server echoes the user's own node (sender USER): that is not an answer.
        if ((event.type === 'response' && event.response.sender !== 'USER') || event.type === 'delta' || event.type === 'final') {
          sawBotContent = true;
        }
        this.apply(event);
        if (event.type === 'done') reason = event.reason;
      }
      this.assertAlive(epoch);
      return { kind: 'answered', reason, sawBotContent, sawUserEcho, baseline };
    } catch (err) {
      if (err === STALE || epoch !== this.epoch) throw STALE;
      const error = toAlliError(err);
      if (stalled && error.kind === 'aborted' && !turnController.signal.aborted) {
        if (streaming) {
          // Gone quiet mid-reply: the same as a connection cut off there.
          this.apply({ type: 'truncated' });
          return { kind: 'answered', reason: undefined, sawBotContent, sawUserEcho, baseline };
        }
        return {
          kind: 'refused',
          error: new AlliError('network', `Alli did not answer within ${Math.round(this.idleTimeoutMs / 1000)} s.`, { code: 'STALLED' }),
          baseline,
        };
      }
      if (streaming && error.kind === 'aborted' && this.stopping) return { kind: 'answered', reason: 'stopped', sawBotContent, sawUserEcho, baseline };
      return { kind: 'refused', error, baseline };
    } finally {
      watchdog.stop();
      this.activity = undefined;
      turnController.signal.removeEventListener('abort', follow);
    }
  }

  /** After a reply streamed: stopped, cut off (reconcile), an error in the stream, or done. */
  private async settleAnswered(
    turn: UserTurn | undefined,
    attempt: Extract<Attempt, { kind: 'answered' }>,
    signal: AbortSignal,
    epoch: number,
  ): Promise<[TurnOutcome, string]> {
    let reason = attempt.reason;
    if (this.stopping && reason === undefined) reason = 'stopped';
    if (reason === 'stopped') {
      this.settleStopped();
      if (turn) this.updateTurn(turn.id, { status: 'sent' });
      return ['sent', 'stopped'];
    }
    if (this.viewState.truncated) return this.recoverTruncated(turn, attempt, signal, epoch);
    const streamError = this.viewState.error;
    if (streamError && !attempt.sawBotContent && streamError.code !== 'FORM_INVALID') {
      throw new AlliError(streamError.retryable === false ? 'bad-request' : 'server', streamError.message, {
        status: streamError.status,
        code: streamError.code,
        fields: streamError.fields,
      });
    }
    if (turn) this.updateTurn(turn.id, { status: 'sent' });
    if (streamError) this.callbacks.onError?.(streamErrorToAlli(streamError), turn);
    return ['sent', reason ?? 'completed'];
  }

  /**
   * The stream broke off before `done` (cut, truncated, or gone quiet). What arrived is marked
   * interrupted; then the server's version of the conversation replaces it node by node. The
   * user's turn counts as sent when the server has it, else it stays failed for Retry.
   */
  private async recoverTruncated(
    turn: UserTurn | undefined,
    attempt: Extract<Attempt, { kind: 'answered' }>,
    signal: AbortSignal,
    epoch: number,
  ): Promise<[TurnOutcome, string]> {
    let serverHasTurn = attempt.sawUserEcho;
    let reconciled = false;
    if (this.viewState.conversationId) {
      try {
        const snapshot = await this.reconcile(signal, epoch);
        reconciled = true;
        serverHasTurn ||= hasNewUserNode(snapshot, attempt.baseline);
      } catch (err) {
        if (err === STALE) throw err;
        this.needsReconcile = true;
      }
    }
    // Without the history, a reply that began is proof enough that Alli took the turn.
    if (!reconciled) serverHasTurn ||= attempt.sawBotContent;
    if (!turn) {
      if (attempt.sawBotContent || reconciled) return ['sent', 'interrupted'];
      throw new AlliError('network', 'The connection was lost before Alli answered.', { code: 'CONNECTION_LOST' });
    }
    if (serverHasTurn) {
      this.updateTurn(turn.id, { status: 'sent' });
      return ['sent', 'interrupted'];
    }
    throw new AlliError('network', 'The connection was lost before Alli answered.', { code: 'CONNECTION_LOST' });
  }

  /**
   * Brings the transcript in line with `GET …/conversations/{id}`: each node the server has
   * replaces the one with the same id (or joins the transcript if new); a node the server still
   * has incomplete stays marked interrupted.
   */
  private async reconcile(signal: AbortSignal, epoch: number): Promise<ConversationSnapshot> {
    const id = this.viewState.conversationId!;
    const controller = new AbortController();
    const follow = () => controller.abort();
    signal.addEventListener('abort', follow, { once: true });
    try {
      const snapshot = await this.withIdleTimeout(controller, (s) => this.client.getConversation(id, { signal: s }));
      this.assertAlive(epoch);
      if (!isSnapshot(snapshot)) throw new AlliError('protocol', 'Alli answered the history request with an unexpected body.');
      this.mergeSnapshot(snapshot);
      this.needsReconcile = false;
      return snapshot;
    } finally {
      signal.removeEventListener('abort', follow);
    }
  }

  private mergeSnapshot(snapshot: ConversationSnapshot): void {
    const { conversation } = snapshot;
    if (conversation.id !== this.viewState.conversationId || conversation.state !== this.viewState.state) {
      this.apply({ type: 'conversation', conversation });
    }
    for (const node of snapshot.responses) {
      if (!isNode(node)) continue;
      const mine = this.node(node.id);
      if (mine && mine.message === node.message && mine.completed === node.completed) continue;
      this.apply({ type: 'response', response: node });
    }
    if (this.viewState.nodes.some((n) => !n.completed && !n.interrupted)) this.apply({ type: 'truncated' });
  }

  /** Whether Alli already has the turn sent after `baseline` (its USER node is in the history). */
  private async serverHasTurn(baseline: ReadonlySet<string>, signal: AbortSignal, epoch: number): Promise<boolean> {
    try {
      const snapshot = await this.reconcile(signal, epoch);
      return hasNewUserNode(snapshot, baseline);
    } catch (err) {
      if (err === STALE) throw err;
      return false;
    }
  }

  /** A request that must answer within the idle timeout (history fetches). */
  private async withIdleTimeout<T>(controller: AbortController, request: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (this.idleTimeoutMs <= 0) return request(controller.signal);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.idleTimeoutMs);
    try {
      return await request(controller.signal);
    } catch (err) {
      if (timedOut) throw new AlliError('network', 'Alli did not answer in time.', { code: 'STALLED', cause: err });
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Waits before an automatic resend, re-rendering once a second for the countdown. */
  private async waitToResend(
    turn: UserTurn | undefined,
    reason: RetryReason,
    delayMs: number,
    attempt: number,
    signal: AbortSignal,
    epoch: number,
  ): Promise<void> {
    const at = Date.now() + delayMs;
    this.notice = { turnId: turn?.id, at, reason, attempt };
    if (turn) this.updateTurn(turn.id, { upload: undefined });
    this.options.onRetryScheduled?.(this.notice);
    this.changed();
    try {
      for (let left = at - Date.now(); left > 0; left = at - Date.now()) {
        // Tick on whole seconds before the resend, so the countdown reads 3, 2, 1.
        await abortableDelay(left % 1000 || 1000, signal, 'The request was cancelled.');
        this.assertAlive(epoch);
        this.changed();
      }
    } finally {
      if (epoch === this.epoch) this.notice = undefined;
    }
  }

  private apply(event: ConversationEvent): void {
    const before = this.viewState;
    const after = reduceConversation(before, event);
    this.viewState = after;
    if (after.conversationId !== before.conversationId) {
      this.callbacks.onConversationChange?.(after.conversationId);
      void Promise.resolve(this.memory?.remember(after.conversationId)).catch(() => {});
    }
    if (after.nodes !== before.nodes) {
      // New bot nodes join the transcript in arrival order; completed ones are announced once.
      for (let i = 0; i < after.nodes.length; i++) {
        const node = after.nodes[i];
        const old = i < before.nodes.length ? before.nodes[i] : undefined;
        if (node === old) continue;
        if (!old && node.sender !== 'USER') this.itemList = [...this.itemList, { kind: 'bot', id: node.id }];
        if (node.completed && !old?.completed && node.sender !== 'USER') this.callbacks.onNodeComplete?.(node);
      }
    }
    this.changed();
  }

  /** After Stop, incomplete nodes keep what arrived and count as complete. */
  private settleStopped(): void {
    if (this.viewState.done?.reason === 'stopped' && this.viewState.nodes.every((n) => n.completed)) return;
    for (const node of this.viewState.nodes) {
      if (!node.completed) {
        this.viewState = reduceConversation(this.viewState, {
          type: 'final',
          responseId: node.id,
          content: node.message,
          format: node.messageFormat,
        });
      }
    }
    this.viewState = reduceConversation(this.viewState, { type: 'done', reason: 'stopped' });
  }

  /** A node's buttons were answered once a later user turn refers to it and was not refused. */
  private answered(nodeId: string): boolean {
    return this.itemList.some(
      (item) => item.kind === 'user' && item.turn.status !== 'failed' && 'nodeId' in item.turn.content && item.turn.content.nodeId === nodeId,
    );
  }

  private findTurn(id: string): UserTurn | undefined {
    for (const item of this.itemList) if (item.kind === 'user' && item.turn.id === id) return item.turn;
    return undefined;
  }

  private updateTurn(id: string, patch: Partial<Pick<UserTurn, 'status' | 'error' | 'upload'>>): void {
    this.itemList = this.itemList.map((item) =>
      item.kind === 'user' && item.turn.id === id ? { kind: 'user', turn: { ...item.turn, ...patch } } : item,
    );
    this.changed();
  }

  private changed(): void {
    this.callbacks.onChange?.();
    if (!this.busy && this.idleWaiters.length > 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      waiters.forEach((resolve) => resolve());
    }
  }

  /** Resolves once no turn is in flight (at once if none is). */
  whenIdle(): Promise<void> {
    if (!this.busy) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }
}

function toAlliError(err: unknown): AlliError {
  return err instanceof AlliError ? err : new AlliError('network', String(err), { cause: err });
}


function isNode(value: unknown): value is ResponseNode {
  const node = value as Partial<ResponseNode> | null;
  return typeof node === 'object' && node !== null && typeof node.id === 'string' && typeof node.message === 'string';
}

function isSnapshot(value: unknown): value is ConversationSnapshot {
  const snapshot = value as Partial<ConversationSnapshot> | null;
  return (
    typeof snapshot === 'object' &&
    snapshot !== null &&
    typeof snapshot.conversation?.id === 'string' &&
    Array.isArray(snapshot.responses)
  );
}

/** The history holds a USER node that was not known before the turn was sent. */
function hasNewUserNode(snapshot: ConversationSnapshot, baseline: ReadonlySet<string>): boolean {
  return snapshot.responses.some((node) => isNode(node) && node.sender === 'USER' && !baseline.has(node.id));
}

function streamErrorToAlli(error: NonNullable<ConversationView['error']>): AlliError {
  return new AlliError(error.retryable ? 'server' : 'bad-request', error.message, {
    status: error.status,
    code: error.code,
    fields: error.fields,
  });
}
