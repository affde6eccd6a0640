// Each transport's wire → the one event model (docs/transports.md), against a fake Alli that
// records what was asked: paths, JSON bodies, Accept; envelopes and bare bodies; errors.
import { expect } from '@open-wc/testing';
import { createTokenSource, type TokenSource } from '../../src/transport/token-source.js';
import { AlliClient } from '../../src/transport/client.js';
import { unwrapEnvelope } from '../../src/transport/envelope.js';
import { ConversationTransport } from '../../src/transport/conversation-transport.js';
import { LlmAppTransport } from '../../src/transport/llm-app-transport.js';
import { SkillTransport, chatNode } from '../../src/transport/skill-transport.js';
import { createTransport, LAZY_CAPABILITIES, parseTransportName, transportKit } from '../../src/transport/create-transport.js';
import { AlliError } from '../../src/model/errors.js';
import type { ConversationEvent, ConversationEventStream } from '../../src/model/stream-events.js';

interface Seen {
  url: string;
  method: string;
  accept: string | null;
  json?: any;
}

function fakeAlli(reply: (req: Seen, n: number) => Response) {
  const seen: Seen[] = [];
  const tokens: TokenSource = createTokenSource({ getToken: async () => ({ token: 't', expiresIn: 300 }) });
  const fetch = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    const req: Seen = { url: String(input), method: init.method ?? 'GET', accept: headers.get('Accept') };
    if (typeof init.body === 'string') req.json = JSON.parse(init.body);
    seen.push(req);
    return reply(req, seen.length);
  }) as typeof globalThis.fetch;
  const client = new AlliClient({ appId: 'handbook', apiBase: 'https://alli.test', tokenSource: tokens, fetch });
  return { client, seen, dispose: () => tokens.dispose() };
}

async function all(stream: ConversationEventStream): Promise<ConversationEvent[]> {
  const events: ConversationEvent[] = [];
  for await (const e of stream) events.push(e);
  return events;
}

const ndjson = (lines: unknown[]) => new Response(lines.map((l) => JSON.stringify(l)).join('\n') + '\n', { headers: { 'Content-Type': 'application/x-ndjson' } });
const draft = (text: string) => JSON.stringify({ blocks: [{ key: 'a', text, type: 'unstyled', depth: 0, inlineStyleRanges: [], entityRanges: [] }], entityMap: {} });
const option = (short: string, long: string) => ({ shortenOption: short, longOption: long, meta: '{}' });

describe('transports', () => {
  it('name the transport from the attribute; anything unknown is run_conversation', () => {
    expect(parseTransportName('llm-app')).to.equal('llm-app');
    expect(parseTransportName(' Skill ')).to.equal('skill');
    expect(parseTransportName('graphql')).to.equal('conversation');
    expect(parseTransportName(undefined)).to.equal('conversation');
    const { client, dispose } = fakeAlli(() => Response.json({}));
    const skill = createTransport('skill', client, 'orders');
    expect(skill.name).to.equal('skill');
    // Known before the module loads, and the same as the module's own.
    expect(skill.capabilities).to.deep.equal(new SkillTransport(client, transportKit).capabilities);
    expect(LAZY_CAPABILITIES['llm-app']).to.deep.equal(new LlmAppTransport(client, transportKit).capabilities);
    expect(skill.stopConversation, 'a skill cannot stop a reply').to.equal(undefined);
    expect(createTransport('conversation', client).capabilities).to.deep.equal({ streams: true, canStop: true, canUpload: true, greets: true });
    dispose();
  });

  it('envelope: the result of {result, errors}, a bare body as it is, errors as an AlliError with the text', () => {
    expect(unwrapEnvelope({ result: { a: 1 }, errors: null })).to.deep.equal({ a: 1 });
    expect(unwrapEnvelope({ result: { a: 1 }, errors: [] })).to.deep.equal({ a: 1 });
    const bare = { conversation: { id: 'C1', state: 'INIT' }, responses: [] };
    expect(unwrapEnvelope(bare)).to.equal(bare);
    // A snapshot that merely has a field called `result` beside others is not an envelope.
    const other = { result: 'x', conversation: {} };
    expect(unwrapEnvelope(other)).to.equal(other);
    let thrown: unknown;
    try {
      unwrapEnvelope({ result: null, errors: ['Skill not found', { message: 'placement is unknown' }] });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).to.be.instanceOf(AlliError);
    expect((thrown as AlliError).kind).to.equal('bad-request');
    expect((thrown as AlliError).message).to.equal('Alli answered with an error: Skill not found; placement is unknown');
  });

  it('conversation: the history read bare or inside the envelope; a 400 of {"errors": [...]} names the text', async () => {
    const snapshot = { conversation: { id: 'C1', state: 'WAIT_USER_ANSWER' }, responses: [{ id: 'R1', message: 'Hi', sender: 'BOT', type: 'message', createdAt: 1, completed: true }] };
    const { client, seen, dispose } = fakeAlli((_req, n) =>
      n === 1 ? Response.json(snapshot) : n === 2 ? Response.json({ result: snapshot, errors: null }) : Response.json({ errors: ['conversationId is unknown'] }, { status: 400 }),
    );
    const transport = new ConversationTransport(client);
    expect(await transport.getConversation('C1')).to.deep.equal(snapshot);
    expect(await transport.getConversation('C1')).to.deep.equal(snapshot);
    const refused = await transport.getConversation('C9').catch((e: unknown) => e as AlliError);
    expect(refused).to.be.instanceOf(AlliError);
    expect((refused as AlliError).message).to.equal('Alli answered 400: conversationId is unknown');
    expect(seen.map((r) => r.url)).to.deep.equal(['https://alli.test/webapi/v2/conversations/C1', 'https://alli.test/webapi/v2/conversations/C1', 'https://alli.test/webapi/v2/conversations/C9']);
    dispose();
  });

  it('llm-app: /run in stream mode, stateful, the conversation id carried; {result} lines become conversation, response, step, delta and citations', async () => {
    const node = (message: string, extra: Record<string, unknown> = {}) => ({ id: 'N1', type: 'llm', sender: 'BOT', message, createdAt: '2026-01-01T00:00:00.000Z', completed: false, ...extra });
    const step = { key: 'search', completed: true, statusMessage: 'Searching the handbook' };
    const citations = [{ clueId: 'k1', source: 'DOCUMENT', title: 'Leave policy', pageNo: 3 }];
    const head = { id: 'handbook', name: 'Handbook', type: 'agent', category: 'HR' };
    const { client, seen, dispose } = fakeAlli(() =>
      ndjson([
        { result: { ...head, responses: [], conversation: { id: 'L1', state: 'INIT' } } },
        { result: { ...head, responses: [node('', { intermediateStep: step })], conversation: { id: 'L1', state: 'INIT' } } },
        { result: { ...head, responses: [node('You get 15', { intermediateStep: step })], conversation: { id: 'L1', state: 'INIT' } } },
        { result: { ...head, responses: [node('You get 15 days.', { intermediateStep: step, completed: true, citations })], conversation: { id: 'L1', state: 'WAIT_USER_ANSWER' } } },
      ]),
    );
    const transport = new LlmAppTransport(client, transportKit);
    expect(transport.capabilities).to.deep.equal({ streams: true, canStop: true, canUpload: false, greets: false });
    const events = await all(await transport.sendTurn({ message: 'How much leave?' }));
    expect(events.map((e) => e.type)).to.deep.equal(['conversation', 'response', 'step', 'delta', 'response', 'state', 'done']);
    expect(events[0]).to.deep.include({ conversation: { id: 'L1', state: 'INIT' } });
    expect(events[2]).to.deep.equal({ type: 'step', responseId: 'N1', step });
    expect(events[3]).to.deep.equal({ type: 'delta', id: 'N1', delta: 'You get 15' });
    const last = events[4] as Extract<ConversationEvent, { type: 'response' }>;
    expect(last.response.citations).to.deep.equal(citations);
    expect(last.response.completed).to.equal(true);
    expect(events.at(-1)).to.deep.equal({ type: 'done', conversation: { id: 'L1', state: 'WAIT_USER_ANSWER' }, reason: 'waiting_input' });

    await all(await transport.sendTurn({ conversationId: 'L1', choices: [1], optionTexts: ['Can I carry it over?'] }));
    expect(seen.map((r) => [r.method, r.url])).to.deep.equal([
      ['POST', 'https://alli.test/webapi/apps/handbook/run'],
      ['POST', 'https://alli.test/webapi/apps/handbook/run'],
    ]);
    expect(seen[0].json).to.deep.equal({ chat: { message: 'How much leave?' }, mode: 'stream', isStateful: true });
    expect(seen[1].json).to.deep.equal({ chat: { message: 'Can I carry it over?' }, mode: 'stream', isStateful: true, conversationId: 'L1' });
    expect(seen[0].accept).to.match(/^application\/x-ndjson/);
    dispose();
  });

  it('llm-app: a line with an error is an error event; files and forms are refused before any request', async () => {
    const { client, seen, dispose } = fakeAlli(() => ndjson([{ result: { responses: [], conversation: { id: 'L2', state: 'INIT' } }, error: 'The model is overloaded' }]));
    const transport = new LlmAppTransport(client, transportKit);
    const events = await all(await transport.sendTurn({ message: 'hi' }));
    expect(events.find((e) => e.type === 'error')).to.deep.include({ error: { code: 'UNKNOWN', message: 'The model is overloaded' } });
    for (const turn of [{ message: 'x', files: [new Blob(['a'])] }, { conversationId: 'L2', sendFormInput: { a: 'b' } }, { message: '  ' }]) {
      const err = await transport.sendTurn(turn).catch((e: unknown) => e as AlliError);
      expect(err).to.be.instanceOf(AlliError);
      expect((err as AlliError).kind).to.equal('bad-request');
    }
    expect(seen).to.have.length(1);
    dispose();
  });

  it('skill: start_conversation with the placement → conversation, the Draft.js greeting with its buttons (deleted nodes left out), done', async () => {
    const greeting = { id: 'S2', message: draft('Hi! What can I do?'), createdAt: 5, chatOptionInfos: [option('Hours', 'When are you open?')], isDeleted: false };
    const { client, seen, dispose } = fakeAlli(() =>
      Response.json({ result: { conversation: { id: 'K1', project: { nluLanguage: 'en' }, chats: { edges: [{ node: { id: 'S1', message: draft('old'), createdAt: 4, chatOptionInfos: [], isDeleted: true } }, { node: greeting }] } } }, errors: null }),
    );
    const transport = new SkillTransport(client, transportKit, 'website');
    expect(transport.capabilities).to.deep.equal({ streams: false, canStop: false, canUpload: false, greets: true });
    const events = await all(await transport.sendTurn({}));
    expect(seen[0].url).to.equal('https://alli.test/webapi/start_conversation');
    expect(seen[0].json).to.deep.equal({ placement: 'website' });
    expect(events.map((e) => e.type)).to.deep.equal(['conversation', 'response', 'done']);
    const { response } = events[1] as Extract<ConversationEvent, { type: 'response' }>;
    expect(response).to.deep.include({ id: 'S2', sender: 'BOT', type: 'message', messageFormat: 'draftjs', createdAt: 5, completed: true });
    expect(response.chatOptionInfos).to.deep.equal(greeting.chatOptionInfos);
    expect(events.at(-1)).to.deep.equal({ type: 'done', conversation: { id: 'K1', state: 'WAIT_USER_ANSWER' }, reason: 'waiting_input' });
    dispose();
  });

  it('skill: send_chat with a button sent as its text → the user node, the answers, state, done; an ended state ends', async () => {
    const { client, seen, dispose } = fakeAlli((_req, n) =>
      Response.json({
        result: {
          responses: [
            { id: 'U1', message: 'When are you open?', createdAt: 6, chatOptionInfos: [], isDeleted: false },
            { id: 'S3', message: draft('9 to 6.'), createdAt: 7, chatOptionInfos: [], isDeleted: false },
          ],
          state: n === 1 ? 'WAIT_USER_ANSWER' : 'END_OF_CHATBOT',
        },
        errors: null,
      }),
    );
    const transport = new SkillTransport(client, transportKit);
    const events = await all(await transport.sendTurn({ conversationId: 'K1', choices: [0], optionTexts: ['When are you open?'] }));
    expect(seen[0].json).to.deep.equal({ message: 'When are you open?', conversationId: 'K1' });
    expect(events.map((e) => (e.type === 'response' ? `${e.response.sender}:${e.response.id}` : e.type))).to.deep.equal(['USER:U1', 'BOT:S3', 'state', 'done']);
    expect(events.at(-1)).to.deep.equal({ type: 'done', conversation: { id: 'K1', state: 'WAIT_USER_ANSWER' }, reason: 'waiting_input' });
    const ended = await all(await transport.sendTurn({ conversationId: 'K1', message: 'thanks' }));
    expect(ended.at(-1)).to.deep.equal({ type: 'done', conversation: { id: 'K1', state: 'END_OF_CHATBOT' }, reason: 'ended' });
    expect(await transport.sendTurn({ conversationId: 'K1', message: 'x', files: [new Blob(['a'])] }).catch((e: unknown) => (e as AlliError).field)).to.equal('files');
    dispose();
  });

  it('skill: send_chat refused because an agent ended the conversation → the history tells it: nodes, END_BY_AGENT, the refusal, done ended', async () => {
    const { client, seen, dispose } = fakeAlli((req) =>
      req.url.endsWith('/send_chat')
        ? Response.json({ result: null, errors: ['conversation K1 has ended (END_BY_AGENT)'], error: { name: 'CONVERSATION_ENDED', field: 'conversationId' }, message: 'conversation K1 has ended (END_BY_AGENT)' }, { status: 400 })
        : Response.json({
            conversation: { id: 'K1', state: 'END_BY_AGENT' },
            responses: [
              { id: 'S1', sender: 'BOT', message: draft('old'), createdAt: 1, completed: true, isDeleted: true },
              { id: 'U1', sender: 'USER', message: 'hello', createdAt: 2, completed: true },
              { id: 'Y1', sender: 'SYSTEM', message: 'mina.park@example.com ended the conversation.', createdAt: 3, completed: true },
            ],
          }),
    );
    const transport = new SkillTransport(client, transportKit);
    const events = await all(await transport.sendTurn({ conversationId: 'K1', message: 'are you there?' }));
    expect(seen.map((r) => r.url)).to.deep.equal(['https://alli.test/webapi/send_chat', 'https://alli.test/webapi/v2/conversations/K1']);
    expect(events.map((e) => (e.type === 'response' ? e.response.id : e.type))).to.deep.equal(['Y1', 'state', 'error', 'done']);
    expect(events[1]).to.deep.equal({ type: 'state', state: 'END_BY_AGENT' });
    expect(events[2]).to.deep.include({ error: { code: 'CONVERSATION_ENDED', message: 'Alli answered 400: conversation K1 has ended (END_BY_AGENT)', status: 400, retryable: false } });
    expect(events[3]).to.deep.equal({ type: 'done', conversation: { id: 'K1', state: 'END_BY_AGENT' }, reason: 'ended' });
    dispose();
  });

  it('skill: a 200 whose errors are not empty is an AlliError with the server text, not an answer', async () => {
    const { client, dispose } = fakeAlli(() => Response.json({ result: null, errors: ['no published skill starts at placement "nowhere"'] }));
    const err = await new SkillTransport(client, transportKit, 'nowhere').sendTurn({}).catch((e: unknown) => e as AlliError);
    expect(err).to.be.instanceOf(AlliError);
    expect((err as AlliError).message).to.equal('Alli answered with an error: no published skill starts at placement "nowhere"');
    dispose();
  });

  it('skill: chat nodes without an id or marked deleted are left out; plain text stays text', () => {
    expect(chatNode(transportKit, { message: 'x' }, 'BOT', 1)).to.equal(undefined);
    expect(chatNode(transportKit, { id: 'a', message: 'x', isDeleted: true }, 'BOT', 1)).to.equal(undefined);
    expect(chatNode(transportKit, { id: 'a', message: 'plain words' }, 'BOT', 1)).to.deep.include({ messageFormat: 'text', createdAt: 1, sender: 'BOT' });
  });
});
