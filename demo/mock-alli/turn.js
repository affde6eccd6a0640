// @ts-check
/**
 * One turn's stream: what an app script says, written both into the conversation's history and
 * onto the wire, paced by the per-request delay, stoppable at any pause.
 *
 * Scripts are async functions that call `add`, `streamText`, `step`, `final`, `setState`,
 * `error` and `pause`, and return the `done` reason. Every wait goes through `pause`, so a stop
 * (or the client going away) interrupts the script at its next wait, and no timer outlives
 * the response.
 */

/** @typedef {import('./store.js').Conversation} Conversation */
/** @typedef {import('./store.js').ResponseNode} ResponseNode */
/** @typedef {import('./wire.js').Wire} Wire */
/** @typedef {import('./faults.js').Fault} Fault */
/** @typedef {import('../../src/model/types.js').IntermediateStep} IntermediateStep */
/** @typedef {import('../../src/model/stream-events.js').StreamErrorInfo} StreamErrorInfo */
/** @typedef {'stopped' | 'disconnected' | 'shutdown'} AbortReason */
/** @typedef {(turn: Turn) => Promise<string>} TurnScript resolves to the `done` reason */

/** How many deltas go out before the `drop-mid-delta` fault cuts the connection (and `stall` goes quiet). */
const DELTAS_BEFORE_DROP = 3;
/** After how many deltas the `malformed-json` / `unknown-event` / `noise` faults write their junk. */
const DELTAS_BEFORE_NOISE = 2;

/** Thrown out of `pause` (and emits) once the turn was aborted, to unwind the script. */
class TurnAborted extends Error {
  /** @param {AbortReason} reason */
  constructor(reason) {
    super(`turn aborted: ${reason}`);
    this.reason = reason;
  }
}

export class Turn {
  /** Nodes this turn sent, in order: the NDJSON snapshot's `responses`, and `index` of §5. */
  /** @type {ResponseNode[]} */
  responses = [];
  /** @type {AbortReason | undefined} */
  abortReason;
  #conversation;
  #wire;
  #delayMs;
  #fault;
  #deltaCount = 0;
  #finished = false;
  /** The `stall` fault: nothing more is written, every pause waits for the client to leave. */
  #stalled = false;
  /** @type {Set<NodeJS.Timeout>} */
  #timers = new Set();
  /** @type {NodeJS.Timeout | undefined} */
  #pingTimer;
  /** @type {((err: Error) => void) | undefined} */
  #rejectPause;

  /**
   * @param {object} options
   * @param {Conversation} options.conversation
   * @param {(snapshot: () => import('./wire.js').Snapshot) => Wire} options.openWire
   * @param {import('node:http').ServerResponse} options.res
   * @param {number} options.delayMs pause between deltas; longer pauses are multiples of it
   * @param {number} options.pingMs interval of `: ping` comments (0 = none)
   * @param {Fault} options.fault
   */
  constructor({ conversation, openWire, res, delayMs, pingMs, fault }) {
    this.#conversation = conversation;
    this.#delayMs = delayMs;
    this.#fault = fault;
    this.#wire = openWire(() => this.snapshot());
    // The request closes as soon as its body is read; only the response closing means the
    // client went away (docs/design.md §3).
    res.on('close', () => {
      if (!this.#finished) this.abort('disconnected');
    });
    if (pingMs > 0) this.#pingTimer = setInterval(() => this.#wire.ping(), pingMs);
    conversation.activeTurn = this;
  }

  get conversation() {
    return this.#conversation;
  }

  /** The turn's state as an NDJSON snapshot (§7). */
  snapshot() {
    const { id, state } = this.#conversation;
    return { conversation: { id, state }, responses: this.responses, state };
  }

  /** @param {boolean} isNew */
  open(isNew) {
    const { id, state } = this.#conversation;
    this.#send('conversation', { conversation: { id, state }, isNew });
  }

  /** A keep-alive comment now (scripts send one as an LLM starts thinking). */
  ping() {
    if (!this.abortReason && !this.#stalled) this.#wire.ping();
  }

  /**
   * Appends a node to the history and sends it.
   * @param {ResponseNode} node
   */
  add(node) {
    this.#conversation.responses.push(node);
    this.responses.push(node);
    this.update(node);
  }

  /**
   * Sends a node again after a change that is not a text delta (e.g. citations arrived).
   * @param {ResponseNode} node
   */
  update(node) {
    this.#send('response', { index: this.#indexOf(node), response: node });
  }

  /**
   * @param {ResponseNode} node
   * @param {string} text
   */
  delta(node, text) {
    node.message += text;
    const event = { type: 'delta', data: { id: node.id, delta: text } };
    this.#deltaCount += 1;
    if (this.#fault.name === 'drop-mid-delta' && this.#deltaCount === DELTAS_BEFORE_DROP) {
      this.#wire.breakInside(event);
      this.abort('disconnected');
      throw new TurnAborted('disconnected');
    }
    this.#sendEvent(event);
    const fault = this.#fault.name;
    if (this.#deltaCount === DELTAS_BEFORE_NOISE) {
      if (fault === 'malformed-json' || fault === 'noise') this.#wire.junk('malformed');
      if (fault === 'unknown-event' || fault === 'noise') this.#wire.junk('unknown');
    }
    if (fault === 'stall' && this.#deltaCount === DELTAS_BEFORE_DROP) {
      this.#stalled = true;
      if (this.#pingTimer) clearInterval(this.#pingTimer);
      this.#pingTimer = undefined;
    }
  }

  /**
   * Streams `text` into `node` a few code points at a time (never splitting a surrogate pair).
   * @param {ResponseNode} node
   * @param {string} text
   */
  async streamText(node, text) {
    for (const chunk of chunkText(text)) {
      this.delta(node, chunk);
      await this.pause(1);
    }
  }

  /**
   * @param {ResponseNode} node
   * @param {IntermediateStep} step
   */
  step(node, step) {
    node.intermediateStep = step;
    this.#send('step', { responseId: node.id, step });
  }

  /**
   * Replaces the node's message with its finished form and marks it complete.
   * @param {ResponseNode} node
   * @param {string} content
   * @param {'markdown' | 'text' | 'draftjs'} format
   */
  final(node, content, format) {
    node.message = content;
    node.completed = true;
    this.#sendEvent({ type: 'final', data: { responseId: node.id, content, format }, index: this.#indexOf(node) });
  }

  /** @param {string} state */
  setState(state) {
    if (this.#conversation.state === state) return;
    this.#conversation.state = state;
    this.#send('state', { state });
  }

  /** @param {StreamErrorInfo} error */
  error(error) {
    this.#send('error', { error });
  }

  /**
   * Waits `units` × the request's delay. Rejects with `TurnAborted` when the turn is stopped.
   * @param {number} units
   * @returns {Promise<void>}
   */
  pause(units) {
    if (this.abortReason) return Promise.reject(new TurnAborted(this.abortReason));
    if (this.#stalled) {
      // No timer: only the client going away (or a stop) ends this wait.
      return new Promise((_resolve, reject) => {
        this.#rejectPause = reject;
      });
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        this.#rejectPause = undefined;
        resolve();
      }, this.#delayMs * units);
      this.#timers.add(timer);
      this.#rejectPause = reject;
    });
  }

  /**
   * Interrupts the script at its current pause. `stopped` still writes `done`; the other
   * reasons mean nobody is listening any more.
   * @param {AbortReason} reason
   */
  abort(reason) {
    if (this.abortReason || this.#finished) return;
    this.abortReason = reason;
    this.#clearTimers();
    this.#rejectPause?.(new TurnAborted(reason));
    this.#rejectPause = undefined;
  }

  /**
   * Ends the turn with `done` (unless the `no-done` fault is on) and releases everything.
   * @param {string} reason
   */
  finish(reason) {
    if (this.#finished) return;
    if (this.#fault.name !== 'no-done') {
      const { id, state } = this.#conversation;
      this.#wire.send({ type: 'done', data: { conversation: { id, state }, reason } });
    }
    this.#release();
    this.#wire.end();
  }

  /** Settles the history after an abort: what was said so far stays, as far as it got. */
  finishAborted() {
    if (this.#finished) return;
    if (this.abortReason === 'stopped') {
      // A stopped answer is final as it stands; an interrupted one stays incomplete so a
      // client reconciling with GET can tell it was cut off.
      for (const node of this.responses) node.completed = true;
    }
    if (!this.#conversation.state.startsWith('END_')) this.#conversation.state = 'WAIT_USER_ANSWER';
    if (this.abortReason === 'stopped') this.finish('stopped');
    else {
      this.#release();
      this.#wire.end();
    }
  }

  #release() {
    this.#finished = true;
    this.#clearTimers();
    if (this.#pingTimer) clearInterval(this.#pingTimer);
    if (this.#conversation.activeTurn === this) this.#conversation.activeTurn = undefined;
  }

  #clearTimers() {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }

  /** @param {ResponseNode} node */
  #indexOf(node) {
    return this.responses.indexOf(node);
  }

  /**
   * @param {string} type
   * @param {Record<string, any>} data
   */
  #send(type, data) {
    this.#sendEvent({ type, data });
  }

  /** @param {import('./wire.js').WireEvent} event */
  #sendEvent(event) {
    if (this.abortReason) throw new TurnAborted(this.abortReason);
    this.#wire.send(event);
  }
}

/**
 * Runs an app script as one turn and always ends the stream properly: `done` with the script's
 * reason, `done stopped` after a stop, `error` + `done error` when the script throws.
 * @param {Turn} turn
 * @param {TurnScript} script
 */
export async function runTurn(turn, script) {
  try {
    const reason = await script(turn);
    if (turn.abortReason) throw new TurnAborted(turn.abortReason);
    turn.finish(reason);
  } catch (err) {
    if (err instanceof TurnAborted) {
      turn.finishAborted();
      return;
    }
    console.error('[mock-alli] app script failed:', err);
    turn.error({ status: 500, code: 'INTERNAL_ERROR', message: 'The assistant hit an internal error.', retryable: true });
    turn.finish('error');
  }
}

/** Chunk sizes cycle so deltas look like a model's uneven tokens. */
const CHUNK_SIZES = [3, 5, 2, 4, 6, 3];

/**
 * Splits text into chunks of a few code points.
 * @param {string} text
 * @returns {string[]}
 */
function chunkText(text) {
  const codePoints = Array.from(text);
  const chunks = [];
  for (let i = 0, n = 0; i < codePoints.length; n++) {
    const size = CHUNK_SIZES[n % CHUNK_SIZES.length];
    chunks.push(codePoints.slice(i, i + size).join(''));
    i += size;
  }
  return chunks;
}
