/**
 * The NDJSON snapshot adapter (docs/protocol.md §7). Each JSON value is a whole snapshot (or a
 * final/answer/error notice); the adapter keeps the previous snapshot and emits only what
 * changed, as the same events the SSE adapter yields. Pure: no DOM, no Lit.
 */
import type { ConversationRef, ResponseNode } from '../model/types.js';
import type { ConversationEvent, StreamStats } from '../model/stream-events.js';
import type { ConversationDecoder, DecoderOptions, emptyStats, guardedDecoder } from './decoder.js';
import { JsonValueSplitter } from './json-values.js';
import type { JsonRecord, carriesError, cluesToCitations, isRecord, jsonEqual, toResponseNode, toStreamError } from './normalize.js';

/**
 * What this module takes from the core: the decoder frame and the one validation step of server
 * values (parse.ts hands them over). It imports types only, so it loads as one small file and the
 * core keeps its own modules to itself.
 */
export interface NdjsonKit {
  readonly emptyStats: typeof emptyStats;
  readonly guardedDecoder: typeof guardedDecoder;
  readonly carriesError: typeof carriesError;
  readonly cluesToCitations: typeof cluesToCitations;
  readonly isRecord: typeof isRecord;
  readonly jsonEqual: typeof jsonEqual;
  readonly toResponseNode: typeof toResponseNode;
  readonly toStreamError: typeof toStreamError;
}

/** Id of the one node a generative-answer stream (`{"answer","clues"}`) is written into. */
const ANSWER_NODE_ID = 'answer';

export function createNdjsonDecoder(kit: NdjsonKit, options: DecoderOptions = {}): ConversationDecoder {
  const stats = kit.emptyStats();
  const splitter = new JsonValueSplitter(() => {
    stats.malformed += 1;
  });
  const snapshots = new SnapshotDiffer(kit, options.now ?? Date.now, stats);
  return kit.guardedDecoder(
    'ndjson',
    stats,
    (text) => splitter.push(text).flatMap((value) => snapshots.apply(value)),
    () => [...splitter.end().flatMap((value) => snapshots.apply(value)), ...snapshots.finish()],
  );
}

/** One response of the previous snapshot: as it came (for change detection) and as emitted. */
interface Seen {
  raw: JsonRecord;
  node: ResponseNode;
}

class SnapshotDiffer {
  private conversationId?: string;
  private state?: string;
  /** Responses of the latest snapshot, keyed by `id:<id>` or `index:<i>`, and their order. */
  private seen = new Map<string, Seen>();
  private order: string[] = [];
  /** The synthetic node of a generative-answer stream, once one has started. */
  private answer?: ResponseNode;

  constructor(
    private readonly kit: NdjsonKit,
    private readonly now: () => number,
    private readonly stats: StreamStats,
  ) {}

  apply(value: unknown): ConversationEvent[] {
    if (!this.kit.isRecord(value)) {
      this.stats.malformed += 1;
      return [];
    }
    const events: ConversationEvent[] = [];
    let known = false;
    if (value.result !== undefined && value.result !== null) {
      known = true;
      this.check(this.snapshot(value.result, events));
    }
    if (value.type === 'final_replaced_message') {
      known = true;
      this.check(this.finalReplaced(value, events));
    }
    if ('answer' in value || 'clues' in value) {
      known = true;
      this.check(this.generativeAnswer(value, events));
    }
    if (this.kit.carriesError(value)) {
      known = true;
      const error = this.kit.toStreamError(value);
      if (error) events.push({ type: 'error', error });
    }
    if (!known) this.stats.unknown += 1;
    return events;
  }

  /** End of body: finishes the synthetic answer, then `done` (§7.6). */
  finish(): ConversationEvent[] {
    const events: ConversationEvent[] = [];
    if (this.answer && !this.answer.completed) {
      // The answer stream has no "complete" marker of its own: the end of the body is it.
      events.push({ type: 'final', responseId: this.answer.id, content: this.answer.message, format: 'markdown' });
    }
    const reason = this.state?.startsWith('END_') ? 'ended' : 'waiting_input';
    const conversation = this.conversationRef();
    events.push(conversation ? { type: 'done', conversation, reason } : { type: 'done', reason });
    return events;
  }

  private check(ok: boolean): void {
    if (!ok) this.stats.malformed += 1;
  }

  private conversationRef(): ConversationRef | undefined {
    return this.conversationId !== undefined && this.state !== undefined
      ? { id: this.conversationId, state: this.state }
      : undefined;
  }

  /** `{"result":{"conversation","responses","state"}}` → conversation / response / delta / step / state. */
  private snapshot(result: unknown, events: ConversationEvent[]): boolean {
    if (!this.kit.isRecord(result)) return false;
    const conversation = this.kit.isRecord(result.conversation) ? result.conversation : {};
    const state =
      typeof result.state === 'string' ? result.state : typeof conversation.state === 'string' ? conversation.state : undefined;
    const announced = this.conversationId === undefined && typeof conversation.id === 'string';
    if (announced) {
      this.conversationId = conversation.id as string;
      // [choice] isNew is left out: a snapshot cannot tell a new conversation from a later
      // turn of an old one (the caller knows: it sent no conversationId).
      // A snapshot without any state is reported as INIT, the state a conversation starts in.
      events.push({ type: 'conversation', conversation: { id: this.conversationId, state: state ?? 'INIT' } });
    }
    const responsesOk = Array.isArray(result.responses) ? this.diffResponses(result.responses, events) : true;
    if (state !== undefined && state !== this.state) {
      if (!announced) events.push({ type: 'state', state });
      this.state = state;
    }
    return responsesOk;
  }

  private diffResponses(responses: unknown[], events: ConversationEvent[]): boolean {
    const seen = new Map<string, Seen>();
    const order: string[] = [];
    let ok = true;
    responses.forEach((raw, index) => {
      const key = this.kit.isRecord(raw) && typeof raw.id === 'string' && raw.id !== '' ? `id:${raw.id}` : `index:${index}`;
      const before = this.seen.get(key);
      // A node without createdAt keeps the time it was first seen, so it does not look changed.
      const node = this.kit.toResponseNode(raw, { id: `response-${index}`, createdAt: before?.node.createdAt ?? this.now() });
      if (!node || !this.kit.isRecord(raw)) {
        ok = false;
        return;
      }
      seen.set(key, { raw, node });
      order.push(key);
      events.push(...responseChanges(before, node, raw, index, this.kit.jsonEqual));
    });
    this.seen = seen;
    this.order = order;
    return ok;
  }

  /** `{"type":"final_replaced_message","response_index":n,"content":"…"}` → `final`. */
  private finalReplaced(value: JsonRecord, events: ConversationEvent[]): boolean {
    const index = value.response_index;
    const key = typeof index === 'number' ? this.order[index] : undefined;
    const entry = key === undefined ? undefined : this.seen.get(key);
    if (!entry || typeof value.content !== 'string') return false;
    const { node, raw } = entry;
    const markdown = node.type === 'llm' || node.messageFormat === 'markdown';
    events.push(
      markdown
        ? { type: 'final', responseId: node.id, content: value.content, format: 'markdown' }
        : { type: 'final', responseId: node.id, content: value.content },
    );
    // Remember the replacement, so the next snapshot showing it is not reported again.
    const patchedRaw: JsonRecord = { ...raw, message: value.content };
    if ('completed' in raw) patchedRaw.completed = true;
    this.seen.set(key as string, { raw: patchedRaw, node: { ...node, message: value.content, completed: true } });
    return true;
  }

  /**
   * `{"answer":"…","clues":[…]}` → a `response` creating the synthetic node once, then `delta`s.
   * [choice] `answer` may be cumulative (each value repeats the text so far) or incremental:
   * when it extends the text so far only the new suffix is sent, otherwise it is appended.
   * Clues become the node's `citations`, sent as a `response` update when they change.
   */
  private generativeAnswer(value: JsonRecord, events: ConversationEvent[]): boolean {
    const answer = value.answer ?? '';
    const clues = value.clues ?? [];
    if (typeof answer !== 'string' || !Array.isArray(clues)) return false;
    let node = this.answer;
    if (!node) {
      node = {
        id: ANSWER_NODE_ID,
        type: 'llm',
        sender: 'BOT',
        message: '',
        messageFormat: 'markdown',
        createdAt: this.now(),
        completed: false,
      };
      events.push({ type: 'response', response: node });
    }
    const suffix = answer.startsWith(node.message) ? answer.slice(node.message.length) : answer;
    if (suffix !== '') {
      node = { ...node, message: node.message + suffix };
      events.push({ type: 'delta', id: node.id, delta: suffix });
    }
    const citations = this.kit.cluesToCitations(clues);
    if (!this.kit.jsonEqual(citations, node.citations ?? [])) {
      node = { ...node, citations };
      events.push({ type: 'response', response: node });
    }
    this.answer = node;
    return true;
  }
}

/**
 * What changed in one response since the previous snapshot (§7.1): new → `response`; only the
 * message grew by a suffix → `delta`; anything else → `response`; then a changed
 * `intermediateStep` → `step` (steps never count as "anything else": they have their own event).
 */
function responseChanges(
  before: Seen | undefined,
  node: ResponseNode,
  raw: JsonRecord,
  index: number,
  jsonEqual: NdjsonKit['jsonEqual'],
): ConversationEvent[] {
  const events: ConversationEvent[] = [];
  const previous = before?.node;
  if (!before || !previous || !sameApartFrom(before.raw, raw, ['message', 'intermediateStep'], jsonEqual)) {
    events.push({ type: 'response', index, response: node });
  } else if (node.message !== previous.message) {
    events.push(
      node.message.startsWith(previous.message)
        ? { type: 'delta', id: node.id, delta: node.message.slice(previous.message.length) }
        : { type: 'response', index, response: node },
    );
  }
  const step = node.intermediateStep;
  if (step && !jsonEqual(step, previous?.intermediateStep ?? null)) {
    events.push({ type: 'step', responseId: node.id, step });
  }
  return events;
}

function sameApartFrom(a: JsonRecord, b: JsonRecord, ignored: readonly string[], jsonEqual: NdjsonKit['jsonEqual']): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of ignored) keys.delete(key);
  for (const key of keys) if (!jsonEqual(a[key], b[key])) return false;
  return true;
}
