/**
 * Turns waiting to be sent (offline, or behind an earlier turn): sent one at a time, in
 * transcript order, each exactly once, while online. A turn leaves the outbox before it runs,
 * so a flush that starts again (back online twice, a send during a flush) cannot send it twice.
 */
import type { TurnOutcome, UserTurn } from './conversation-types.js';
import type { SessionState } from './session-state.js';

export class Outbox {
  /** Turn ids, in transcript order. */
  private ids: readonly string[] = [];
  private flushing: Promise<void> | undefined;

  constructor(
    private readonly state: SessionState,
    /** Runs one turn to its end (the turn runner). */
    private readonly run: (turn: UserTurn) => Promise<TurnOutcome>,
  ) {}

  get size(): number {
    return this.ids.length;
  }

  /** A flush is sending: a send() then joins the outbox instead of being refused as busy. */
  get active(): boolean {
    return this.flushing !== undefined;
  }

  /** Adds a turn, keeping transcript order (a retried turn goes back to its place). */
  enqueue(turnId: string): void {
    if (this.ids.includes(turnId)) return;
    const order = (id: string) => this.state.items.findIndex((item) => item.kind === 'user' && item.turn.id === id);
    this.ids = [...this.ids, turnId].sort((a, b) => order(a) - order(b));
  }

  /**
   * Sends waiting turns one by one, in order, while online. An automatic flush (`force`
   * false: back online, after a turn) holds while an earlier turn failed, so nothing overtakes
   * it; the user's own send forces it. Resolves when the flush in progress ends.
   */
  flush(force: boolean): Promise<void> {
    if (this.flushing) return this.flushing;
    const state = this.state;
    const epoch = state.epoch;
    // Started on the next microtask, so `flushing` is set before the loop can finish.
    const promise = Promise.resolve().then(async () => {
      try {
        while (epoch === state.epoch && state.online && !state.busy && !state.startPending && this.ids.length > 0) {
          const id = this.ids[0];
          if (!force && this.failedBefore(id)) break;
          this.ids = this.ids.slice(1);
          const turn = state.findTurn(id);
          if (!turn || turn.status !== 'queued') continue;
          const outcome = await this.run(turn);
          if (outcome !== 'sent') break;
        }
      } finally {
        if (this.flushing === promise) this.flushing = undefined;
      }
    });
    this.flushing = promise;
    return promise;
  }

  /** Forgets every waiting turn (reset(), dispose()). */
  clear(): void {
    this.ids = [];
    this.flushing = undefined;
  }

  private failedBefore(turnId: string): boolean {
    for (const item of this.state.items) {
      if (item.kind !== 'user') continue;
      if (item.turn.id === turnId) return false;
      if (item.turn.status === 'failed') return true;
    }
    return false;
  }
}
