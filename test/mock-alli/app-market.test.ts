/**
 * The App Market calls a page makes with a visitor's bearer token (as the widget's skill and
 * LLM-app transports do, docs/transports.md): start_conversation + send_chat, and a streamed /run, in the browser.
 * Every operation's schema checks live in test/server (Node), where the validator runs.
 */
import { expect } from '@open-wc/testing';
import { WIDGET_ACCEPT, authHeaders, getConversation, hostGrant, readNdjson, readSse } from './mock-client.js';

function postJson(path: string, token: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(path, { method: 'POST', headers: { ...authHeaders(token), 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

describe('mock Alli: App Market calls with a visitor token', () => {
  let token: string;
  before(async () => {
    ({ token } = await hostGrant());
  });

  it('holds a skill conversation: a greeting with buttons, a button sent as its text, the state', async () => {
    const started = await postJson('/webapi/start_conversation', token, { placement: 'website' });
    expect(started.status).to.equal(200);
    const { result, errors } = await started.json();
    expect(errors).to.equal(null);
    const nodes = result.conversation.chats.edges.map((e: any) => e.node);
    const greeting = nodes.at(-1);
    expect(greeting.chatOptionInfos.map((o: any) => o.shortenOption)).to.deep.equal(['Order status', 'Opening hours', 'Talk to a person']);

    const sent = await postJson('/webapi/send_chat', token, { conversationId: result.conversation.id, message: greeting.chatOptionInfos[2].longOption });
    const reply = (await sent.json()).result;
    expect(reply.state).to.equal('WAIT_AGENT');
    expect(reply.responses[0].message).to.equal('I would like to talk to a person.');
    const history = await (await getConversation(token, result.conversation.id)).json();
    expect(history.conversation.state).to.equal('WAIT_AGENT');
  });

  it('streams an LLM-app answer as SSE for the widget Accept header, carrying the conversation id', async () => {
    const res = await postJson('/webapi/apps/handbook/run?delayMs=0', token, { chat: { message: 'How much leave do I get?' }, mode: 'stream', isStateful: true }, { Accept: WIDGET_ACCEPT });
    expect(res.headers.get('content-type')).to.match(/^text\/event-stream/);
    const { events } = await readSse(res);
    const id = events[0].data.conversation.id;
    expect(events.map((e) => e.event)).to.include.members(['conversation', 'response', 'step', 'delta', 'final', 'done']);
    const cited = events.filter((e) => e.event === 'response').at(-1)!.data.response;
    expect(cited.citations).to.have.length(2);

    const next = await postJson('/webapi/apps/handbook/run?delayMs=0', token, { chat: { message: 'can I carry it over?' }, mode: 'stream', isStateful: true, conversationId: id }, { Accept: 'application/x-ndjson' });
    const lines = await readNdjson(next);
    expect(lines.at(-1).result.conversation.id).to.equal(id);
    expect(lines.at(-1).result.responses[0].message).to.match(/^Still on annual leave/);
  });

  it('refuses the server-to-server operations to a visitor token', async () => {
    const res = await postJson('/webapi/end_conversation_by_agent', token, { id: 'C1' });
    expect(res.status).to.equal(403);
    const body = await res.json();
    expect(body.error).to.deep.equal({ name: 'API_KEY_REQUIRED', field: 'API-KEY' });
    expect(body.errors).to.have.length(1);
  });
});
