/**
 * The adapters against the project's mock Alli (mounted by web-test-runner): the same turns
 * read over SSE and over NDJSON snapshots must reduce to the same transcript, and the mock's
 * faults must come out as the event model says.
 */
import { expect } from '@open-wc/testing';
import { AlliError } from '../../src/model/errors.js';
import { parseConversationStream } from '../../src/wire/parse.js';
import { initialConversation, reduceConversation, startTurn } from '../../src/wire/reducer.js';
import type { ConversationView } from '../../src/wire/reducer.js';
import type { ConversationEvent } from '../../src/model/stream-events.js';
import type { IntermediateStep } from '../../src/model/types.js';
import { collect } from './helpers.js';

const RUN = '/webapi/v2/apps/demo/run_conversation';

async function token(): Promise<string> {
  const res = await fetch('/__mock/token', { method: 'POST', body: '{}' });
  expect(res.ok, 'mock token hook').to.equal(true);
  return ((await res.json()) as { token: string }).token;
}

async function turn(bearer: string, fields: Record<string, string>, query: string): Promise<Response> {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  return fetch(`${RUN}?delayMs=0&pingMs=0&${query}`, {
    method: 'POST',
    body,
    headers: { Authorization: `Bearer ${bearer}`, Accept: 'text/event-stream, application/stream+json;q=0.9' },
  });
}

/** Greeting, then option 0 (the streamed LLM answer with steps and citations), over one wire. */
async function twoTurns(wire: 'sse' | 'ndjson'): Promise<{ view: ConversationView; events: ConversationEvent[][] }> {
  const bearer = await token();
  const greeting = await collect(parseConversationStream(await turn(bearer, {}, `wire=${wire}`)));
  let view = greeting.reduce((v, e) => reduceConversation(v, e, 0), initialConversation());
  const answerStream = parseConversationStream(
    await turn(bearer, { conversationId: view.conversationId!, choices: '[0]' }, `wire=${wire}`),
  );
  expect(answerStream.wire).to.equal(wire);
  const answer = await collect(answerStream);
  expect(answerStream.stats).to.include({ unknown: 0, malformed: 0 });
  view = answer.reduce((v, e) => reduceConversation(v, e, 0), startTurn(view));
  return { view, events: [greeting, answer] };
}

const withoutTime = ({ createdAt, ...step }: IntermediateStep) => step;

/** What must agree across wires: everything but server-made ids and times. */
function comparable(view: ConversationView) {
  const alias = new Map(view.nodes.map((node, i) => [node.id, `#${i}`]));
  return {
    state: view.state,
    done: view.done,
    truncated: view.truncated,
    nodes: view.nodes.map(({ id, createdAt, intermediateStep, ...rest }) => ({
      ...rest,
      id: alias.get(id),
      step: intermediateStep && withoutTime(intermediateStep),
    })),
    steps: Object.fromEntries(Object.entries(view.steps).map(([id, steps]) => [alias.get(id), steps.map(withoutTime)])),
  };
}

describe('adapters against the mock Alli', function () {
  this.timeout(20_000);

  it('the same two turns over SSE and NDJSON reduce to the same transcript', async () => {
    const sse = await twoTurns('sse');
    const ndjson = await twoTurns('ndjson');
    const types = (events: ConversationEvent[]) => new Set(events.map((e) => e.type));
    expect([...types(sse.events[1]!)]).to.include.members(['step', 'delta', 'final', 'done']);
    expect([...types(ndjson.events[1]!)]).to.include.members(['step', 'delta', 'final', 'done']);
    expect(sse.view.nodes.length).to.be.greaterThan(1);
    expect(comparable(ndjson.view)).to.deep.equal(comparable(sse.view));
  });

  for (const wire of ['sse', 'ndjson'] as const) {
    it(`${wire}: a connection dropped mid-delta ends with truncated and an interrupted node`, async () => {
      const bearer = await token();
      const greeting = await collect(parseConversationStream(await turn(bearer, {}, `wire=${wire}`)));
      const view = greeting.reduce((v, e) => reduceConversation(v, e, 0), initialConversation());
      const events = await collect(
        parseConversationStream(
          await turn(bearer, { conversationId: view.conversationId!, choices: '[0]' }, `wire=${wire}&fault=drop-mid-delta`),
        ),
      );
      expect(events.at(-1)).to.deep.equal({ type: 'truncated' });
      expect(events.some((e) => e.type === 'done')).to.equal(false);
      // Where the cut lands varies: the mock resets the socket, and a reset may discard bytes the
      // browser had received but not handed over. Whatever arrived, nothing is left open.
      const cut = events.reduce((v, e) => reduceConversation(v, e, 0), view);
      expect(cut.truncated).to.equal(true);
      for (const node of cut.nodes) expect(node.completed || node.interrupted, node.id).to.equal(true);
    });
  }

  it('an HTML 502 from the mock is a protocol error with a plain-text excerpt', async () => {
    const stream = parseConversationStream(await turn(await token(), {}, 'fault=html-502'));
    expect(stream.wire).to.equal(null);
    try {
      await collect(stream);
      expect.fail('expected a protocol error');
    } catch (error) {
      expect(error).to.be.instanceOf(AlliError).with.property('kind', 'protocol');
      expect((error as AlliError).bodyExcerpt).to.be.a('string').and.not.match(/[<>]/);
      expect((error as AlliError).message).to.include('502');
    }
  });
});
