/**
 * One turn (the greeting when there is no user turn) from request to end: attempt, settle an
 * answer, recover a stream that broke off, wait to resend after a 5xx / 429 / unreachable token
 * route (bounded, with a countdown; never once the reply has begun), or park the turn in the
 * outbox when offline. Every way a turn can end is an `Exit`, carried out in one place.
 */
import type { ChatTransport } from '../transport/chat-transport.js';
import { abortableDelay } from '../transport/abortable-delay.js';
import { AlliError, ErrorCode, endReasonOf, streamErrorToAlliError, toAlliError, type StreamEndReason } from '../model/errors.js';
import type { TurnInput } from '../model/types.js';
import { startTurn } from '../wire/reducer.js';
import { IdleWatchdog } from './idle-watchdog.js';
import { retryDelay, type RetryPolicy, type RetryReason } from './retry-policy.js';
import type { RetryNotice, TurnOutcome, UserContent, UserTurn } from './conversation-types.js';
import type { HistorySync } from './history-sync.js';
import type { Outbox } from './outbox.js';
import { STALE, type SessionState } from './session-state.js';

/** How a turn ends. */
type Exit =
  /** Alli has the turn: answered, stopped, or broken off after Alli took it. `report`: an error the stream sent besides. */
  | { readonly kind: 'sent'; readonly reason: StreamEndReason; readonly report?: AlliError }
  /** Offline before any reply: the turn waits in the outbox (the greeting waits for start()). */
  | { readonly kind: 'queued' }
  /** The turn stays in the transcript, failed, with Retry (the greeting: a banner). */
  | { readonly kind: 'failed'; readonly error: AlliError };

/** The server already has the turn (its reply broke off, or a proxy failed after Alli took it). */
const INTERRUPTED: Exit = { kind: 'sent', reason: 'interrupted' };
const STOPPED: Exit = { kind: 'sent', reason: 'stopped' };
const QUEUED: Exit = { kind: 'queued' };

/** What one request of a turn came to. */
type Attempt =
  | { kind: 'answered'; reason: string | undefined; sawBotContent: boolean; sawUserEcho: boolean; baseline: ReadonlySet<string> }
  | { kind: 'refused'; error: AlliError; baseline: ReadonlySet<string> };

export interface TurnRunnerSettings {
  readonly idleTimeoutMs: number;
  readonly policy: RetryPolicy;
}

export class TurnRunner {
  /** Turns whose request may have reached Alli without an answer: the node ids known before it. */
  private readonly ambiguous = new Map<string, ReadonlySet<string>>();
  private waiting: RetryNotice | undefined;

  constructor(
    private readonly state: SessionState,
    private readonly transport: ChatTransport,
    private readonly history: HistorySync,
    private readonly outbox: Outbox,
    private readonly settings: TurnRunnerSettings,
  ) {}

  /** The automatic resend being waited for, if any. */
  get notice(): RetryNotice | undefined {
    return this.waiting;
  }

  /** Forgets what earlier turns left behind (reset(), dispose()). */
  clear(): void {
    this.ambiguous.clear();
    this.waiting = undefined;
  }

  /** Runs a turn (the greeting when `turn` is undefined) to its end. Never throws. */
  async run(turn: UserTurn | undefined): Promise<TurnOutcome> {
    const state = this.state;
    const epoch = state.epoch;
    const controller = new AbortController();
    state.controller = controller;
    state.stopping = false;
    state.phase = turn ? 'sending' : 'starting';
    state.view = startTurn(state.view);
    if (turn) state.updateTurn(turn.id, { status: 'sending', error: undefined, upload: undefined });
    state.changed();
    const progress = { streamed: false };
    let exit: Exit;
    try {
      exit = await this.attempts(turn, controller, epoch, progress);
    } catch (err) {
      if (err === STALE || epoch !== state.epoch) return 'stale';
      const error = toAlliError(err);
      // Stop aborts a reply that Alli did not end in time: it ends as stopped, with what arrived.
      exit = error.kind === 'aborted' && state.stopping && progress.streamed ? STOPPED : { kind: 'failed', error };
    }
    if (epoch !== state.epoch) return 'stale';
    return this.finish(turn, exit);
  }

  /** Requests until the turn is answered, refused for good, known to Alli, or parked offline. */
  private async attempts(turn: UserTurn | undefined, controller: AbortController, epoch: number, progress: { streamed: boolean }): Promise<Exit> {
    const state = this.state;
    const signal = controller.signal;
    await this.history.catchUp(signal, epoch);
    // A turn whose earlier request may have reached Alli: if Alli has it, it is not resent.
    const earlier = turn && this.ambiguous.get(turn.id);
    if (turn && earlier) {
      this.ambiguous.delete(turn.id);
      if (await this.history.serverHasTurn(earlier, signal, epoch)) return INTERRUPTED;
    }
    const resends: Partial<Record<RetryReason, number>> = {};
    for (;;) {
      const attempt = await this.attempt(turn, controller, epoch, () => (progress.streamed = true));
      if (attempt.kind === 'answered') return this.settleAnswered(turn, attempt, signal, epoch);
      const { error, baseline } = attempt;
      if (error.kind === 'aborted') throw error;
      const decision = retryDelay(error, resends, this.settings.policy);
      if (decision) {
        // A 5xx may come from a proxy after Alli took the turn: check before resending it.
        if (decision.reason === 'server' && turn && (await this.history.serverHasTurn(baseline, signal, epoch))) return INTERRUPTED;
        resends[decision.reason] = (resends[decision.reason] ?? 0) + 1;
        await this.waitToResend(turn, decision.reason, decision.delayMs, resends[decision.reason]!, signal, epoch);
        continue;
      }
      if (error.kind === 'network' && !state.online) {
        // Offline: the turn waits in the outbox; whether Alli got it is checked before it goes.
        if (turn && state.view.conversationId) this.ambiguous.set(turn.id, baseline);
        return QUEUED;
      }
      if (error.kind === 'network' && turn && state.view.conversationId) {
        if (await this.history.serverHasTurn(baseline, signal, epoch)) return INTERRUPTED;
        this.ambiguous.set(turn.id, baseline);
      }
      return { kind: 'failed', error };
    }
  }

  /** Carries out an exit: the turn's status, the owner's callbacks, and the session back to idle. */
  private finish(turn: UserTurn | undefined, exit: Exit): TurnOutcome {
    const state = this.state;
    switch (exit.kind) {
      case 'sent':
        if (exit.reason === 'stopped') state.settleStopped();
        if (turn) state.updateTurn(turn.id, { status: 'sent' });
        if (exit.report) state.options.onError?.(exit.report, turn);
        break;
      case 'queued':
        if (turn) {
          state.updateTurn(turn.id, { status: 'queued', upload: undefined });
          this.outbox.enqueue(turn.id);
        } else {
          state.startPending = true;
        }
        break;
      case 'failed':
        if (turn) state.updateTurn(turn.id, { status: 'failed', error: exit.error, upload: undefined });
        else state.bannerError = exit.error;
        state.options.onError?.(exit.error, turn);
        break;
    }
    clearTimeout(state.stopTimer);
    state.stopTimer = undefined;
    state.controller = undefined;
    state.stopping = false;
    this.waiting = undefined;
    state.phase = 'idle';
    // A parked turn has not ended: it will run again from the outbox.
    if (exit.kind !== 'queued') state.options.onStreamEnd?.(exit.kind === 'sent' ? exit.reason : 'error', turn);
    state.changed();
    return exit.kind;
  }

  /**
   * One request of a turn. Resolves with what came of it; throws only STALE. `onStreamed`
   * runs once the reply has begun (from then on the turn is never resent).
   */
  private async attempt(turn: UserTurn | undefined, turnController: AbortController, epoch: number, onStreamed: () => void): Promise<Attempt> {
    const state = this.state;
    const idleTimeoutMs = this.settings.idleTimeoutMs;
    const baseline: ReadonlySet<string> = new Set(state.view.positions.keys());
    const request = new AbortController();
    const follow = () => request.abort();
    turnController.signal.addEventListener('abort', follow, { once: true });
    let stalled = false;
    const watchdog = new IdleWatchdog(idleTimeoutMs, () => {
      stalled = true;
      request.abort();
    });
    state.activity = () => watchdog.poke();
    watchdog.start();
    let streaming = false;
    let sawBotContent = false;
    let sawUserEcho = false;
    let reason: string | undefined;
    try {
      const withFiles = (content?: UserContent) => !!content && 'files' in content && (content.files?.length ?? 0) > 0;
      const stream = await this.transport.sendTurn(turnInput(turn?.content, state), {
        signal: request.signal,
        onUploadProgress:
          turn && withFiles(turn.content)
            ? (upload) => {
                watchdog.poke();
                state.updateTurn(turn.id, { upload });
                state.options.onUploadProgress?.(turn, upload);
              }
            : undefined,
        // Turns with files bypass the watched fetch: the response's bytes keep the watchdog fed.
        onDownloadProgress: () => watchdog.poke(),
      });
      state.assertAlive(epoch);
      streaming = true;
      onStreamed();
      state.phase = 'streaming';
      state.options.onStreamStart?.(turn);
      state.changed();
      for await (const event of stream) {
        state.assertAlive(epoch);
        watchdog.poke();
        if (event.type === 'response' && event.response.sender === 'USER') sawUserEcho = true;
        // The server echoes the user's own node (sender USER): that is not an answer.
        if ((event.type === 'response' && event.response.sender !== 'USER') || event.type === 'delta' || event.type === 'final') {
          sawBotContent = true;
        }
        state.apply(event);
        if (event.type === 'done') reason = event.reason;
      }
      state.assertAlive(epoch);
      return { kind: 'answered', reason, sawBotContent, sawUserEcho, baseline };
    } catch (err) {
      if (err === STALE || epoch !== state.epoch) throw STALE;
      const error = toAlliError(err);
      if (stalled && error.kind === 'aborted' && !turnController.signal.aborted) {
        if (streaming) {
          // Gone quiet mid-reply: the same as a connection cut off there.
          state.apply({ type: 'truncated' });
          return { kind: 'answered', reason: undefined, sawBotContent, sawUserEcho, baseline };
        }
        const stalledError = new AlliError('network', `Alli did not answer within ${Math.round(idleTimeoutMs / 1000)} s.`, { code: ErrorCode.Stalled });
        return { kind: 'refused', error: stalledError, baseline };
      }
      if (streaming && error.kind === 'aborted' && state.stopping) return { kind: 'answered', reason: 'stopped', sawBotContent, sawUserEcho, baseline };
      return { kind: 'refused', error, baseline };
    } finally {
      watchdog.stop();
      state.activity = undefined;
      turnController.signal.removeEventListener('abort', follow);
    }
  }

  /** After a reply streamed: stopped, broken off (recover), an error in the stream, or done. */
  private async settleAnswered(
    turn: UserTurn | undefined,
    attempt: Extract<Attempt, { kind: 'answered' }>,
    signal: AbortSignal,
    epoch: number,
  ): Promise<Exit> {
    if (attempt.reason === 'stopped' || (attempt.reason === undefined && this.state.stopping)) return STOPPED;
    if (this.state.view.truncated) return this.recoverTruncated(turn, attempt, signal, epoch);
    const reason = endReasonOf(attempt.reason);
    const streamError = this.state.view.error;
    if (!streamError) return { kind: 'sent', reason };
    const error = streamErrorToAlliError(streamError);
    // An error instead of an answer fails the turn (Retry); a refused form is answered beside its fields.
    if (!attempt.sawBotContent && streamError.code !== ErrorCode.FormInvalid) return { kind: 'failed', error };
    // A turn sent to a conversation that had ended reached no one, whatever history came with the refusal.
    if (streamError.code === ErrorCode.ConversationEnded) return { kind: 'failed', error };
    return { kind: 'sent', reason, report: error };
  }

  /**
   * The stream broke off before `done` (cut, truncated, or gone quiet). What arrived is marked
   * interrupted; the server's history then replaces it node by node. The user's turn counts as
   * sent when the server has it, else it fails for Retry.
   */
  private async recoverTruncated(
    turn: UserTurn | undefined,
    attempt: Extract<Attempt, { kind: 'answered' }>,
    signal: AbortSignal,
    epoch: number,
  ): Promise<Exit> {
    const { reconciled, hasTurn } = await this.history.afterBreak(attempt.baseline, signal, epoch);
    // Without the history, a reply that began is proof enough that Alli took the turn.
    const taken = attempt.sawUserEcho || hasTurn || (!reconciled && attempt.sawBotContent);
    // The greeting has no turn to lose: what arrived, or the history, is kept.
    const kept = turn ? taken : attempt.sawBotContent || reconciled;
    if (kept) return INTERRUPTED;
    return { kind: 'failed', error: new AlliError('network', 'The connection was lost before Alli answered.', { code: ErrorCode.ConnectionLost }) };
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
    const state = this.state;
    const at = Date.now() + delayMs;
    this.waiting = { turnId: turn?.id, at, reason, attempt };
    if (turn) state.updateTurn(turn.id, { upload: undefined });
    state.options.onRetryScheduled?.(this.waiting);
    state.changed();
    try {
      for (let left = at - Date.now(); left > 0; left = at - Date.now()) {
        // Tick on whole seconds before the resend, so the countdown reads 3, 2, 1.
        await abortableDelay(left % 1000 || 1000, signal, 'The request was cancelled.');
        state.assertAlive(epoch);
        state.changed();
      }
    } finally {
      if (epoch === state.epoch) this.waiting = undefined;
    }
  }
}

/** The request body for a turn's content (the greeting: only the conversation, if any). */
function turnInput(content: UserContent | undefined, state: SessionState): TurnInput {
  const conversationId = state.view.conversationId;
  if (!content) return conversationId ? { conversationId } : {};
  switch (content.kind) {
    case 'text': {
      const files = content.files ?? [];
      return { conversationId, message: content.text, files: files.filter((f) => !isMediaFile(f)), mediaFiles: files.filter(isMediaFile) };
    }
    case 'choices': {
      // The options' full texts, for the transports that send a button as its text.
      const options = state.node(content.nodeId)?.chatOptionInfos;
      const optionTexts = content.choices.map((i, at) => options?.[i]?.longOption ?? content.labels[at] ?? '');
      return { conversationId, choices: content.choices, optionTexts };
    }
    case 'form':
      return { conversationId, sendFormInput: content.values, formFiles: content.files };
  }
}

/** Images and video travel as `media_files`; everything else as `files` (docs/protocol.md §3). */
export function isMediaFile(file: Pick<File, 'type'>): boolean {
  return /^(image|video)\//i.test(file.type);
}
