import { expect } from '@open-wc/testing';
import { createNdjsonDecoder as createWithKit } from '../../src/wire/ndjson.js';
import { NDJSON_KIT } from '../../src/wire/parse.js';

const createNdjsonDecoder = (options?: Parameters<typeof createWithKit>[1]) => createWithKit(NDJSON_KIT, options);
import type { ConversationEvent, StreamStats } from '../../src/model/stream-events.js';

function decode(...values: unknown[]): { events: ConversationEvent[]; stats: StreamStats } {
  const decoder = createNdjsonDecoder({ now: () => 42 });
  const text = values.map((value) => (typeof value === 'string' ? value : JSON.stringify(value))).join('\n');
  const events = [...decoder.push(text), ...decoder.end()];
  return { events, stats: { ...decoder.stats } };
}

const node = (id: string, fields: Record<string, unknown> = {}) => ({
  id,
  type: 'message',
  sender: 'BOT',
  message: '',
  createdAt: 1,
  completed: true,
  ...fields,
});
const snap = (responses: unknown[], state = 'WAIT_USER_ANSWER', conversation: Record<string, unknown> = { id: 'C1' }) => ({
  result: { conversation, responses, state },
});
const types = (events: ConversationEvent[]) => events.map((event) => event.type);

describe('NDJSON snapshot adapter', () => {
  it('conversation once; state only when it changes; done at the end of the body', () => {
    const { events } = decode(snap([], 'INIT'), snap([], 'INIT'), snap([], 'WAIT_AGENT'), snap([], 'WAIT_AGENT'));
    expect(events).to.deep.equal([
      { type: 'conversation', conversation: { id: 'C1', state: 'INIT' } },
      { type: 'state', state: 'WAIT_AGENT' },
      { type: 'done', conversation: { id: 'C1', state: 'WAIT_AGENT' }, reason: 'waiting_input' },
    ]);
  });

  it('done says ended when the last state starts with END_', () => {
    const { events } = decode(snap([], 'WAIT_USER_ANSWER'), snap([], 'END_OF_CHATBOT'));
    expect(events.at(-1)).to.deep.equal({ type: 'done', conversation: { id: 'C1', state: 'END_OF_CHATBOT' }, reason: 'ended' });
    expect(decode().events).to.deep.equal([{ type: 'done', reason: 'waiting_input' }]);
  });

  it('reads the state from the conversation when the result has none', () => {
    const { events } = decode({ result: { conversation: { id: 'C1', state: 'WAIT_AGENT' }, responses: [] } });
    expect(events[0]).to.deep.equal({ type: 'conversation', conversation: { id: 'C1', state: 'WAIT_AGENT' } });
  });

  it('new node → response; pure suffix → delta with only the suffix; anything else → response', () => {
    const a0 = node('A', { message: '안녕', completed: false });
    const a1 = { ...a0, message: '안녕하세요 🙂' };
    const a2 = { ...a1, message: '처음부터 다시' }; // not a suffix
    const a3 = { ...a2, completed: true }; // another field changed
    const { events } = decode(snap([a0]), snap([a1]), snap([a1]), snap([a2]), snap([a3]));
    expect(events.slice(1, -1)).to.deep.equal([
      { type: 'response', index: 0, response: a0 },
      { type: 'delta', id: 'A', delta: '하세요 🙂' },
      { type: 'response', index: 0, response: a2 },
      { type: 'response', index: 0, response: a3 },
    ]);
  });

  it('a changed intermediateStep → step (after the node’s own change), unchanged → nothing', () => {
    const s1 = { key: 'k', completed: false, statusMessage: '검색 중' };
    const s2 = { ...s1, completed: true };
    const a = node('A', { completed: false });
    const { events } = decode(
      snap([a]),
      snap([{ ...a, intermediateStep: s1 }]),
      snap([{ ...a, intermediateStep: s1 }]),
      snap([{ ...a, message: 'x', intermediateStep: s2 }]),
    );
    expect(events.slice(1, -1)).to.deep.equal([
      { type: 'response', index: 0, response: a },
      { type: 'step', responseId: 'A', step: s1 },
      { type: 'delta', id: 'A', delta: 'x' },
      { type: 'step', responseId: 'A', step: s2 },
    ]);
  });

  it('keys nodes by id, so a node moving position is not new', () => {
    const a = node('A', { message: 'a' });
    const b = node('B', { message: 'b' });
    const { events } = decode(snap([a, b]), snap([b, { ...a, message: 'ab' }]));
    expect(events.slice(1, -1)).to.deep.equal([
      { type: 'response', index: 0, response: a },
      { type: 'response', index: 1, response: b },
      { type: 'delta', id: 'A', delta: 'b' },
    ]);
  });

  it('keys nodes without an id by index, giving them a stable synthetic id and createdAt', () => {
    const raw = { type: 'message', sender: 'BOT', message: 'hi', completed: false };
    const { events } = decode(snap([raw]), snap([{ ...raw, message: 'hi there' }]));
    expect(events.slice(1, -1)).to.deep.equal([
      { type: 'response', index: 0, response: { ...raw, id: 'response-0', createdAt: 42 } },
      { type: 'delta', id: 'response-0', delta: ' there' },
    ]);
  });

  it('final_replaced_message → final for the node at that index; the snapshot showing it is quiet', () => {
    const llm = node('L', { type: 'llm', message: 'draft', completed: false });
    const plain = node('P', { message: 'x' });
    const { events, stats } = decode(
      snap([plain, llm]),
      { type: 'final_replaced_message', response_index: 1, content: '# 최종' },
      { type: 'final_replaced_message', response_index: 0, content: 'plain final' },
      snap([{ ...plain, message: 'plain final' }, { ...llm, message: '# 최종', completed: true }]),
      { type: 'final_replaced_message', response_index: 5, content: 'nobody' },
    );
    expect(events.slice(3, -1)).to.deep.equal([
      { type: 'final', responseId: 'L', content: '# 최종', format: 'markdown' },
      { type: 'final', responseId: 'P', content: 'plain final' },
    ]);
    expect(stats.malformed).to.equal(1); // index 5 names no node
  });

  it('answer/clues → one synthetic node: response, then deltas of new text; clues → citations', () => {
    const { events } = decode(
      { answer: '연차는', clues: [] },
      { answer: '연차는 15일', clues: [] }, // cumulative: only the suffix
      { answer: '입니다.', clues: [{ clueId: 'K1', source: 'DOCUMENT', title: '규정', page: 2 }] }, // incremental
      { answer: '', clues: [{ clueId: 'K1', source: 'DOCUMENT', title: '규정', page: 2 }] }, // nothing new
    );
    const base = { id: 'answer', type: 'llm', sender: 'BOT', messageFormat: 'markdown', createdAt: 42, completed: false };
    const citations = [{ clueId: 'K1', source: 'DOCUMENT', title: '규정', pageNo: 2 }];
    expect(events).to.deep.equal([
      { type: 'response', response: { ...base, message: '' } },
      { type: 'delta', id: 'answer', delta: '연차는' },
      { type: 'delta', id: 'answer', delta: ' 15일' },
      { type: 'delta', id: 'answer', delta: '입니다.' },
      { type: 'response', response: { ...base, message: '연차는 15일입니다.', citations } },
      { type: 'final', responseId: 'answer', content: '연차는 15일입니다.', format: 'markdown' },
      { type: 'done', reason: 'waiting_input' },
    ]);
  });

  it('error shapes → error events, normalised', () => {
    const { events } = decode(
      { error: { value: 1013, name: 'INVALID_TOKEN' }, message: 'INVALID_TOKEN' },
      { error: 'boom' },
      { errors: [{ message: 'first', extensions: { code: 'BAD' } }, { message: 'second' }] },
      { error: { status: 400, code: 'FORM_INVALID', message: 'check', fields: { email: 'required', n: 3 } } },
      { result: null, error: null }, // an envelope with nothing in it
    );
    expect(events.filter((e) => e.type === 'error')).to.deep.equal([
      { type: 'error', error: { code: 'INVALID_TOKEN', message: 'INVALID_TOKEN' } },
      { type: 'error', error: { code: 'UNKNOWN', message: 'boom' } },
      { type: 'error', error: { code: 'BAD', message: 'first; second' } },
      { type: 'error', error: { status: 400, code: 'FORM_INVALID', message: 'check', fields: { email: 'required' } } },
    ]);
  });

  it('(d) garbage, unknown shapes and bad snapshots are counted; the stream goes on', () => {
    const { events, stats } = decode(
      snap([node('A', { message: 'a', completed: false })]),
      '<html>oops</html>',
      '{"result":{"responses":[{"id":"B","message":',
      '{"unexpected":true}',
      '[1,2]',
      { result: 'not an object' },
      snap([node('A', { message: 'ab', completed: false }), 'not a node']),
      { type: 'final_replaced_message', response_index: 0 },
    );
    expect(types(events)).to.deep.equal(['conversation', 'response', 'delta', 'done']);
    expect(stats).to.deep.equal({ events: 4, unknown: 1, malformed: 6 });
  });

  it('(d) several snapshots on one line and one snapshot across lines and chunks', () => {
    const decoder = createNdjsonDecoder();
    const a = node('A', { message: '가', completed: false });
    const text = `${JSON.stringify(snap([a]))}${JSON.stringify(snap([{ ...a, message: '가나' }]))}\r\n${JSON.stringify(
      snap([{ ...a, message: '가나다' }]),
      null,
      2,
    )}\r\n`;
    const events = [...decoder.push(text.slice(0, 50)), ...decoder.push(text.slice(50)), ...decoder.end()];
    expect(events.filter((e) => e.type === 'delta')).to.deep.equal([
      { type: 'delta', id: 'A', delta: '나' },
      { type: 'delta', id: 'A', delta: '다' },
    ]);
    expect(decoder.stats.malformed).to.equal(0);
  });
});
