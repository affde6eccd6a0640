import { expect } from '@open-wc/testing';
import { initialConversation, reduceConversation, startTurn, withResponses } from '../../src/wire/reducer.js';
import type { ConversationView } from '../../src/wire/reducer.js';
import type { ConversationEvent } from '../../src/model/stream-events.js';
import type { ResponseNode } from '../../src/model/types.js';
import { decodeChunks } from '../../src/wire/decode-chunks.js';
import { TURN_SSE } from './fixtures/turn.js';
import { utf8 } from './helpers.js';

const NOW = 1234;
const reduce = (view: ConversationView, ...events: ConversationEvent[]): ConversationView =>
  events.reduce((current, event) => reduceConversation(current, event, NOW), view);

const node = (id: string, fields: Partial<ResponseNode> = {}): ResponseNode => ({
  id,
  type: 'message',
  sender: 'BOT',
  message: id,
  createdAt: 1,
  completed: true,
  ...fields,
});

/** Freezes a view and everything in it: the reducer must then work without writing to it. */
function deepFreeze<T>(value: T): T {
  if (Object.isFrozen(value)) return value; // already done (views share unchanged parts)
  if (value instanceof Map) {
    // A frozen Map can still be set(); trap the mutators instead.
    for (const method of ['set', 'delete', 'clear'] as const) {
      Object.defineProperty(value, method, { value: () => { throw new Error(`Map.${method} on input`); } });
    }
  } else if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return Object.freeze(value);
}

const three = (): ConversationView =>
  reduce(
    initialConversation(),
    { type: 'response', response: node('A') },
    { type: 'response', response: node('B', { type: 'llm', message: '', completed: false }) },
    { type: 'response', response: node('C') },
  );

describe('reduceConversation', () => {
  it('starts empty', () => {
    expect(initialConversation()).to.deep.equal({ nodes: [], positions: new Map(), steps: {}, truncated: false });
  });

  it('conversation, state and done update the conversation id and state', () => {
    let view = reduce(initialConversation(), { type: 'conversation', conversation: { id: 'C1', state: 'INIT' }, isNew: true });
    expect(view).to.include({ conversationId: 'C1', state: 'INIT' });
    view = reduce(view, { type: 'state', state: 'WAIT_AGENT' });
    expect(view.state).to.equal('WAIT_AGENT');
    expect(reduce(view, { type: 'state', state: 'WAIT_AGENT' })).to.equal(view); // no change, same object
    view = reduce(view, { type: 'done', conversation: { id: 'C1', state: 'END_OF_CHATBOT' }, reason: 'ended' });
    expect(view).to.deep.include({ state: 'END_OF_CHATBOT', done: { reason: 'ended' } });
    expect(reduce(view, { type: 'done', reason: 'stopped' })).to.deep.include({ state: 'END_OF_CHATBOT', done: { reason: 'stopped' } });
  });

  it('response inserts at the end, and replaces by id keeping the position', () => {
    const view = three();
    expect(view.nodes.map((n) => n.id)).to.deep.equal(['A', 'B', 'C']);
    const replaced = reduce(view, { type: 'response', index: 0, response: node('B', { message: 'new B' }) });
    expect(replaced.nodes.map((n) => n.message)).to.deep.equal(['A', 'new B', 'C']);
    expect(replaced.positions.get('B')).to.equal(1);
  });

  it('delta appends to its node and leaves every other node (and the input) untouched', () => {
    const before = deepFreeze(three());
    const after = reduce(before, { type: 'delta', id: 'B', delta: '안녕' }, { type: 'delta', id: 'B', delta: ' 👋' });
    expect(after.nodes[1]!.message).to.equal('안녕 👋');
    expect(after.nodes[0]).to.equal(before.nodes[0]);
    expect(after.nodes[2]).to.equal(before.nodes[2]);
    expect(after.positions).to.equal(before.positions); // no insert, same index map
    expect(before.nodes[1]!.message).to.equal('');
  });

  it('an empty delta for a known node changes nothing', () => {
    const view = three();
    expect(reduce(view, { type: 'delta', id: 'B', delta: '' })).to.equal(view);
  });

  it('delta for an unknown node creates an incomplete markdown LLM node', () => {
    const view = reduce(three(), { type: 'delta', id: 'Z', delta: 'hi' });
    expect(view.nodes.at(-1)).to.deep.equal({
      id: 'Z',
      type: 'llm',
      sender: 'BOT',
      message: 'hi',
      messageFormat: 'markdown',
      createdAt: NOW,
      completed: false,
    });
    expect(view.positions.get('Z')).to.equal(3);
  });

  it('final replaces the message, marks the node complete and sets its format', () => {
    const view = reduce(three(), { type: 'delta', id: 'B', delta: 'draft' }, {
      type: 'final',
      responseId: 'B',
      content: '**done**',
      format: 'markdown',
    });
    expect(view.nodes[1]).to.deep.include({ message: '**done**', completed: true, messageFormat: 'markdown' });
    const unknownFormat = reduce(view, { type: 'final', responseId: 'B', content: 'x', format: 'html' });
    expect(unknownFormat.nodes[1]!.messageFormat).to.equal('markdown'); // not a format we know: kept
  });

  it('step inserts or replaces by key per response, and mirrors the latest on the node', () => {
    const s1 = { key: 'search', completed: false };
    const s2 = { key: 'write', completed: false };
    const s1done = { key: 'search', completed: true };
    const view = reduce(
      three(),
      { type: 'step', responseId: 'B', step: s1 },
      { type: 'step', responseId: 'B', step: s2 },
      { type: 'step', responseId: 'B', step: s1done },
      { type: 'step', responseId: 'A', step: s2 },
    );
    expect(view.steps).to.deep.equal({ B: [s1done, s2], A: [s2] });
    expect(view.nodes[1]!.intermediateStep).to.equal(s1done);
  });

  it('a step for an unknown response creates its placeholder node', () => {
    const view = reduce(initialConversation(), { type: 'step', responseId: 'X', step: { key: 'k', completed: false } });
    expect(view.nodes).to.have.length(1);
    expect(view.nodes[0]).to.deep.include({ id: 'X', completed: false, intermediateStep: { key: 'k', completed: false } });
  });

  it('a response carrying an intermediateStep records it as a step', () => {
    const step = { key: 'k', completed: true };
    const view = reduce(initialConversation(), { type: 'response', response: node('A', { intermediateStep: step }) });
    expect(view.steps).to.deep.equal({ A: [step] });
  });

  it('error is kept alongside every earlier node', () => {
    const before = three();
    const error = { status: 500, code: 'SERVER', message: 'boom', retryable: true };
    const after = reduce(before, { type: 'error', error });
    expect(after.error).to.deep.equal(error);
    expect(after.nodes).to.equal(before.nodes);
  });

  it('truncated marks only incomplete nodes interrupted; complete ones keep identity', () => {
    const before = deepFreeze(three());
    const after = reduce(before, { type: 'truncated' });
    expect(after.truncated).to.equal(true);
    expect(after.nodes[1]).to.deep.include({ id: 'B', interrupted: true });
    expect(after.nodes[0]).to.equal(before.nodes[0]);
    expect(after.nodes[2]).to.equal(before.nodes[2]);
    expect(before.nodes[1]).not.to.have.property('interrupted');
    // Nothing incomplete: the nodes array itself is reused.
    const settled = reduce(after, { type: 'truncated' });
    expect(settled.nodes).to.equal(after.nodes);
  });

  it('a later final or response clears the interrupted mark', () => {
    const cut = reduce(three(), { type: 'truncated' });
    expect(reduce(cut, { type: 'final', responseId: 'B', content: 'x' }).nodes[1]).not.to.have.property('interrupted');
    expect(reduce(cut, { type: 'response', response: node('B') }).nodes[1]).not.to.have.property('interrupted');
  });

  it('startTurn clears error, done and truncated but keeps the transcript', () => {
    const ended = reduce(three(), { type: 'error', error: { code: 'X', message: 'x' } }, { type: 'truncated' }, { type: 'done', reason: 'error' });
    const next = startTurn(ended);
    expect(next).not.to.have.property('error');
    expect(next).not.to.have.property('done');
    expect(next.truncated).to.equal(false);
    expect(next.nodes).to.equal(ended.nodes);
    const fresh = three();
    expect(startTurn(fresh)).to.equal(fresh);
  });

  it('never mutates its input, for every event of a whole turn', () => {
    let view = deepFreeze(initialConversation());
    for (const event of decodeChunks('sse', [utf8(TURN_SSE)])) {
      view = deepFreeze(reduceConversation(view, deepFreeze(event), NOW));
    }
    expect(view.nodes.map((n) => [n.id, n.completed])).to.deep.equal([
      ['R1', true],
      ['R2', true],
    ]);
    expect(view.nodes[0]!.message).to.include('**휴가 규정**');
    expect(view.nodes[0]!.citations).to.have.length(2);
    expect(view.steps.R1).to.deep.equal([{ key: 'search', completed: true, statusMessage: '문서 검색 완료 ✅' }]);
    expect(view).to.deep.include({ conversationId: 'C1', state: 'WAIT_USER_ANSWER', done: { reason: 'waiting_input' } });
  });

  it('a long stream of deltas into one of many nodes stays cheap', () => {
    let view = initialConversation();
    for (let i = 0; i < 2000; i += 1) view = reduce(view, { type: 'response', response: node(`N${i}`) });
    const positions = view.positions;
    for (let i = 0; i < 5000; i += 1) view = reduceConversation(view, { type: 'delta', id: 'N1000', delta: 'x' }, NOW);
    expect(view.nodes[1000]!.message).to.equal(`N1000${'x'.repeat(5000)}`);
    // O(nodes) pointer copies per delta and no per-delta Map rebuild: the index is the same
    // object after 5,000 deltas. (Its speed is a figure for `npm run bench`, not a test.)
    expect(view.positions, 'the position index is not rebuilt per delta').to.equal(positions);
  });
});

describe('issue 11: turn end and hostile ids', () => {
  it('at done, incomplete nodes of the turn are final (item 10); interrupted ones stay interrupted', () => {
    const options = [{ shortenOption: 'Yes', longOption: 'Yes', meta: '{}' }];
    let view = reduce(
      initialConversation(),
      { type: 'response', response: node('A', { completed: false }) },
      { type: 'truncated' },
      { type: 'response', response: node('B', { completed: false, chatOptionInfos: options }) },
    );
    view = reduce(startTurn(view), { type: 'done', reason: 'waiting_input' });
    expect(view.nodes.map((n) => [n.id, n.completed, n.interrupted === true])).to.deep.equal([
      ['A', false, true],
      ['B', true, false],
    ]);
  });

  it('without done (a cut stream) an incomplete node stays incomplete and is marked interrupted', () => {
    const view = reduce(initialConversation(), { type: 'response', response: node('B', { completed: false }) }, { type: 'truncated' });
    expect(view.nodes[0]).to.include({ completed: false, interrupted: true });
  });

  it('keeps steps for ids named like Object.prototype members', () => {
    const step = { key: 's', completed: true };
    const view = reduce(
      initialConversation(),
      { type: 'step', responseId: 'constructor', step },
      { type: 'step', responseId: '__proto__', step },
      { type: 'step', responseId: 'toString', step },
    );
    expect(view.steps['constructor']).to.deep.equal([step]);
    expect(view.steps['__proto__']).to.deep.equal([step]);
    expect(view.steps['toString']).to.deep.equal([step]);
    expect(initialConversation().steps['constructor']).to.equal(undefined);
  });
});

describe('withResponses (a restored history)', () => {
  it('gives the view a response event per node gives, in one copy', () => {
    const step = { key: 's1', statusMessage: 'Searching', completed: true };
    const nodes = [node('a'), node('b', { intermediateStep: step }), node('a', { message: 'a again' }), node('c')];
    const start = reduce(initialConversation(), { type: 'response', response: node('z') });
    const batched = withResponses(start, nodes);
    const sequential = reduce(start, ...nodes.map((response): ConversationEvent => ({ type: 'response', response })));
    expect(batched.nodes).to.deep.equal(sequential.nodes);
    expect([...batched.positions]).to.deep.equal([...sequential.positions]);
    expect({ ...batched.steps }).to.deep.equal({ ...sequential.steps });
    expect(start.nodes.map((n) => n.id), 'the input view is untouched').to.deep.equal(['z']);
  });
});
