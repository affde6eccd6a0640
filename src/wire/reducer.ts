/**
 * A pure reducer from ConversationEvents to what the transcript shows. It never mutates its
 * input: a changed part is a new object, and an untouched node keeps its identity so a view
 * can skip re-rendering it. A delta costs one string append plus an O(nodes) array copy (the
 * node is found through `positions`, not by searching). No DOM, no Lit.
 */
import type { ConversationStateName, DoneReason, IntermediateStep, MessageFormat, ResponseNode } from '../model/types.js';
import type { ConversationEvent, StreamErrorInfo } from '../model/stream-events.js';

/** A node as the transcript holds it. `interrupted` is view state, never on the wire. */
export interface ViewNode extends ResponseNode {
  /** The stream was cut while this node was still incomplete (docs/protocol.md §8). */
  interrupted?: true;
}

export interface ConversationView {
  readonly conversationId?: string;
  readonly state?: ConversationStateName;
  /** In arrival order; a node sent again (same id) keeps its place. */
  readonly nodes: readonly ViewNode[];
  /** Node id → index in `nodes`. */
  readonly positions: ReadonlyMap<string, number>;
  /** Progress items per response id, in arrival order, one per step `key` (null prototype: an id may be "constructor"). */
  readonly steps: Readonly<Record<string, readonly IntermediateStep[]>>;
  /** The latest `error` of the turn. */
  readonly error?: StreamErrorInfo;
  /** Set when the turn's `done` arrived. */
  readonly done?: { readonly reason: DoneReason | (string & {}) };
  /** The turn's stream ended without `done`. */
  readonly truncated: boolean;
}

const MESSAGE_FORMATS: ReadonlySet<string> = new Set<MessageFormat>(['draftjs', 'markdown', 'text']);

export function initialConversation(): ConversationView {
  return { nodes: [], positions: new Map(), steps: Object.create(null) as ConversationView['steps'], truncated: false };
}

/**
 * Clears what belongs to one turn (`error`, `done`, `truncated`) before the next one starts;
 * the transcript, its steps and interrupted marks stay.
 */
export function startTurn(view: ConversationView): ConversationView {
  if (view.error === undefined && view.done === undefined && !view.truncated) return view;
  const { error: _error, done: _done, ...rest } = view;
  return { ...rest, truncated: false };
}

/**
 * Applies one event. `now` stamps nodes that a `delta`, `step` or `final` has to create
 * because their `response` never came (pass it to keep the reducer deterministic).
 */
export function reduceConversation(view: ConversationView, event: ConversationEvent, now: number = Date.now()): ConversationView {
  switch (event.type) {
    case 'conversation':
      return { ...view, conversationId: event.conversation.id, state: event.conversation.state };
    case 'response':
      return withResponse(view, event.response);
    case 'delta':
      return withDelta(view, event.id, event.delta, now);
    case 'step':
      return withStep(view, event.responseId, event.step, now);
    case 'final':
      return withFinal(view, event, now);
    case 'state':
      return view.state === event.state ? view : { ...view, state: event.state };
    case 'error':
      return { ...view, error: event.error };
    case 'done': {
      // The turn is over, so its nodes are final even if the stream never said so (docs/protocol.md §5).
      const nodes = markCompleted(view.nodes);
      return event.conversation
        ? { ...view, nodes, done: { reason: event.reason }, conversationId: event.conversation.id, state: event.conversation.state }
        : { ...view, nodes, done: { reason: event.reason } };
    }
    case 'truncated':
      return { ...view, truncated: true, nodes: markInterrupted(view.nodes) };
  }
}

/** A node the stream talks about before (or without) sending it: an incomplete LLM answer. */
function placeholder(id: string, now: number): ViewNode {
  return { id, type: 'llm', sender: 'BOT', message: '', messageFormat: 'markdown', createdAt: now, completed: false };
}

function withResponse(view: ConversationView, node: ResponseNode): ConversationView {
  const next = putNode(view, node);
  // A step carried inside the node counts as a progress item too, as if sent by `step`.
  return node.intermediateStep ? { ...next, steps: putStep(view.steps, node.id, node.intermediateStep) } : next;
}

/**
 * Many nodes at once (a restored history): the same view as a `response` event per node, with one
 * copy of the nodes and of the positions instead of one per node (1,000 nodes took 22–49 ms).
 */
export function withResponses(view: ConversationView, responses: readonly ResponseNode[]): ConversationView {
  const nodes = view.nodes.slice();
  const positions = new Map(view.positions);
  let steps = view.steps;
  for (const node of responses) {
    const position = positions.get(node.id);
    if (position === undefined) positions.set(node.id, nodes.push(node) - 1);
    else nodes[position] = node;
    if (node.intermediateStep) steps = putStep(steps, node.id, node.intermediateStep);
  }
  return { ...view, nodes, positions, steps };
}

function withDelta(view: ConversationView, id: string, delta: string, now: number): ConversationView {
  const node = nodeById(view, id);
  if (node && delta === '') return view;
  const base = node ?? placeholder(id, now);
  return putNode(view, { ...base, message: base.message + delta });
}

function withStep(view: ConversationView, responseId: string, step: IntermediateStep, now: number): ConversationView {
  const node = nodeById(view, responseId) ?? placeholder(responseId, now);
  return { ...putNode(view, { ...node, intermediateStep: step }), steps: putStep(view.steps, responseId, step) };
}

function withFinal(view: ConversationView, event: Extract<ConversationEvent, { type: 'final' }>, now: number): ConversationView {
  const base = withoutInterrupted(nodeById(view, event.responseId) ?? placeholder(event.responseId, now));
  const node: ViewNode = { ...base, message: event.content, completed: true };
  if (event.format !== undefined && MESSAGE_FORMATS.has(event.format)) node.messageFormat = event.format as MessageFormat;
  return putNode(view, node);
}

function nodeById(view: ConversationView, id: string): ViewNode | undefined {
  const position = view.positions.get(id);
  return position === undefined ? undefined : view.nodes[position];
}

/** Replaces the node with the same id in place, or appends it. */
function putNode(view: ConversationView, node: ViewNode): ConversationView {
  const position = view.positions.get(node.id);
  if (position === undefined) {
    const positions = new Map(view.positions).set(node.id, view.nodes.length);
    return { ...view, nodes: [...view.nodes, node], positions };
  }
  const nodes = view.nodes.slice();
  nodes[position] = node;
  return { ...view, nodes };
}

/** Replaces the step with the same key, or appends it; other responses' lists keep identity. */
function putStep(
  steps: ConversationView['steps'],
  responseId: string,
  step: IntermediateStep,
): ConversationView['steps'] {
  const list = Object.hasOwn(steps, responseId) ? steps[responseId] : [];
  const at = list.findIndex((item) => item.key === step.key);
  const next = at < 0 ? [...list, step] : list.map((item, i) => (i === at ? step : item));
  return Object.assign(Object.create(null) as ConversationView['steps'], steps, { [responseId]: next });
}

function withoutInterrupted(node: ViewNode): ViewNode {
  if (!node.interrupted) return node;
  const copy = { ...node };
  delete copy.interrupted;
  return copy;
}

/** Incomplete nodes get `interrupted`; if none changes, the same array comes back. */
function markInterrupted(nodes: readonly ViewNode[]): readonly ViewNode[] {
  let changed = false;
  const next = nodes.map((node) => {
    if (node.completed || node.interrupted) return node;
    changed = true;
    return { ...node, interrupted: true as const };
  });
  return changed ? next : nodes;
}

/** Incomplete, not interrupted nodes become completed; if none changes, the same array comes back. */
function markCompleted(nodes: readonly ViewNode[]): readonly ViewNode[] {
  if (nodes.every((node) => node.completed || node.interrupted)) return nodes;
  return nodes.map((node) => (node.completed || node.interrupted ? node : { ...node, completed: true }));
}
