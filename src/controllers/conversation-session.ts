/**
 * The turn lifecycle of one conversation (PROTOCOL.md §8), free of Lit and the DOM so it can
 * be tested with an injected fetch: optimistic user bubbles kept on failure with their content
 * for Retry, the first (empty) turn that fetches the greeting, Stop, and the input the latest
 * bot node asks for.
 */
import type { AlliClient } from '../protocol/client.js';
import type { UploadProgress } from '../protocol/xhr-request.js';
import { isMediaFile } from '../files/file-rules.js';
import { AlliError } from '../protocol/errors.js';
import type {
  ChatOptionInfo,
  ConversationStateName,
  FormDefinition,
  SendFormInput,
  TurnInput,
} from '../protocol/types.js';
import type { ConversationEvent } from '../stream/events.js';
import {
  initialConversation,
  reduceConversation,
  startTurn,
  type ConversationView,
  type ViewNode,
} from '../stream/reducer.js';

/** What the user sent in one turn: kept whole so Retry resends exactly the same thing. */
export type UserContent =
  | { kind: 'text'; text: string; files?: File[] }
  | { kind: 'choices'; nodeId: string; choices: number[]; labels: string[] }
  | { kind: 'form'; nodeId: string; values: SendFormInput; files?: File[]; summary: string };

export type UserTurnStatus = 'sending' | 'sent' | 'failed';

export interface UserTurn {
  readonly id: string;
  readonly content: UserContent;
  readonly status: UserTurnStatus;
  readonly createdAt: number;
  readonly error?: AlliError;
  /** While a turn with files uploads: bytes sent of the body's total. */
  readonly upload?: UploadProgress;
}

export type TranscriptItem = { readonly kind: 'user'; readonly turn: UserTurn } | { readonly kind: 'bot'; readonly id: string };

export type SessionPhase = 'idle' | 'starting' | 'sending' | 'streaming';

/** What the input area offers after the latest bot node (PROTOCOL.md §8). */
export type InputMode =
  | { kind: 'text' }
  | { kind: 'options'; nodeId: string; options: readonly ChatOptionInfo[]; multiple: boolean; allowText: boolean }
  | { kind: 'form'; nodeId: string; form: FormDefinition; allowText: boolean }
  | { kind: 'ended'; state: ConversationStateName }
  | { kind: 'agent' };

/** How long Stop waits for Alli to end the stream before it cuts the connection. */
const STOP_GRACE_MS = 1500;

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

  constructor(
    private readonly client: AlliClient,
    private readonly callbacks: SessionCallbacks = {},
  ) {}

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

  /** Starts the conversation with an empty first turn so the greeting appears by itself. */
  async start(): Promise<void> {
    if (this.started || this.busy) return;
    this.bannerError = undefined;
    await this.runTurn({}, undefined);
  }

  /** Sends user content; resolves when the turn has ended (in any way). */
  async send(content: UserContent): Promise<void> {
    if (this.busy) throw new AlliError('bad-request', 'A turn is already in flight.', { field: 'input' });
    const turn: UserTurn = { id: `turn-${++this.turnSeq}`, content, status: 'sending', createdAt: Date.now() };
    this.itemList = [...this.itemList, { kind: 'user', turn }];
    await this.dispatch(turn);
  }

  /** Resends a failed turn's exact content, in the same bubble. */
  async retry(turnId: string): Promise<void> {
    const turn = this.findTurn(turnId);
    if (!turn || turn.status !== 'failed' || this.busy) return;
    await this.dispatch(turn);
  }

  /** Cancels a turn that has not started streaming (e.g. an upload): it stays, failed, for Retry. */
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

  /** Forgets the conversation and starts a new one. */
  async reset(): Promise<void> {
    this.abortInFlight();
    this.epoch += 1;
    const hadConversation = this.viewState.conversationId !== undefined;
    this.viewState = initialConversation();
    this.itemList = [];
    this.bannerError = undefined;
    this.phaseState = 'idle';
    if (hadConversation) this.callbacks.onConversationChange?.(undefined);
    this.changed();
    await this.start();
  }

  dispose(): void {
    this.abortInFlight();
    this.epoch += 1;
  }

  dismissError(): void {
    this.bannerError = undefined;
    this.changed();
  }

  private abortInFlight(): void {
    this.controller?.abort();
    this.controller = undefined;
  }

  private async dispatch(turn: UserTurn): Promise<void> {
    this.updateTurn(turn.id, { status: 'sending', error: undefined, upload: undefined });
    await this.runTurn(this.inputFor(turn.content), turn);
  }

  private inputFor(content: UserContent): TurnInput {
    const conversationId = this.viewState.conversationId;
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

  private async runTurn(input: TurnInput, turn: UserTurn | undefined): Promise<void> {
    const epoch = this.epoch;
    const controller = new AbortController();
    this.controller = controller;
    this.stopping = false;
    this.phaseState = turn ? 'sending' : 'starting';
    this.viewState = startTurn(this.viewState);
    this.changed();
    let reason: string | undefined;
    let sawBotContent = false;
    try {
      const withFiles = (content?: UserContent) => !!content && 'files' in content && (content.files?.length ?? 0) > 0;
      const stream = await this.client.runConversation(input, {
        signal: controller.signal,
        onUploadProgress:
          turn && withFiles(turn.content)
            ? (upload) => {
                this.updateTurn(turn.id, { upload });
                this.callbacks.onUploadProgress?.(turn, upload);
              }
            : undefined,
      });
      if (epoch !== this.epoch) return;
      this.phaseState = 'streaming';
      this.callbacks.onStreamStart?.(turn);
      this.changed();
      for await (const event of stream) {
        if (epoch !== this.epoch) return;
        // The server echoes the user's own node (sender USER): that is not an answer.
        if ((event.type === 'response' && event.response.sender !== 'USER') || event.type === 'delta' || event.type === 'final') {
          sawBotContent = true;
        }
        this.apply(event);
        if (event.type === 'done') reason = event.reason;
      }
      if (epoch !== this.epoch) return;
      const streamError = this.viewState.error;
      if (this.viewState.truncated && !sawBotContent) {
        throw new AlliError('network', 'The connection was lost before Alli answered.');
      }
      if (streamError && !sawBotContent && streamError.code !== 'FORM_INVALID') {
        throw new AlliError(streamError.retryable === false ? 'bad-request' : 'server', streamError.message, {
          status: streamError.status,
          code: streamError.code,
          fields: streamError.fields,
        });
      }
      if (this.stopping && reason === undefined) reason = 'stopped';
      if (reason === 'stopped') this.settleStopped();
      reason ??= this.viewState.truncated ? 'interrupted' : 'completed';
      if (turn) this.updateTurn(turn.id, { status: 'sent' });
      if (streamError) this.callbacks.onError?.(streamErrorToAlli(streamError), turn);
    } catch (err) {
      if (epoch !== this.epoch) return;
      const error = err instanceof AlliError ? err : new AlliError('network', String(err), { cause: err });
      if (error.kind === 'aborted' && this.stopping) {
        reason = 'stopped';
        this.settleStopped();
        if (turn) this.updateTurn(turn.id, { status: 'sent' });
      } else {
        reason = 'error';
        if (turn) this.updateTurn(turn.id, { status: 'failed', error });
        else this.bannerError = error;
        this.callbacks.onError?.(error, turn);
      }
    } finally {
      clearTimeout(this.stopTimer);
      this.stopTimer = undefined;
      if (epoch === this.epoch) {
        this.controller = undefined;
        this.stopping = false;
        this.phaseState = 'idle';
        this.callbacks.onStreamEnd?.(reason ?? 'error', turn);
        this.changed();
      }
    }
  }

  private apply(event: ConversationEvent): void {
    const before = this.viewState;
    const after = reduceConversation(before, event);
    this.viewState = after;
    if (after.conversationId !== before.conversationId) this.callbacks.onConversationChange?.(after.conversationId);
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

  /** A node's buttons were answered once a later user turn refers to it and was sent. */
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
  }
}

function streamErrorToAlli(error: NonNullable<ConversationView['error']>): AlliError {
  return new AlliError(error.retryable ? 'server' : 'bad-request', error.message, {
    status: error.status,
    code: error.code,
    fields: error.fields,
  });
}
