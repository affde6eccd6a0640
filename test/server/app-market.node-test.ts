/**
 * Each of the 13 App Market operations on the mock: a valid request whose answer validates against
 * the documented response schema, and invalid ones refused with 400 naming the field.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call, expectDocumented, expectMatchesSchema, expectRefused, mintToken, ndjsonValues, sseEvents, startMock, type RunningMock } from './mock-server.js';

let mock: RunningMock;
before(async () => {
  mock = await startMock();
});
after(() => mock.close());

const SUMMARIZER_DOC = 'Alli answers from documents. It cites each passage. Admins review the answers weekly. Nothing else matters.';

describe('GET /webapi/v2/apps', () => {
  const T = '/webapi/v2/apps';
  it('lists by weight, filters, and pages with a cursor', async () => {
    const all = await expectDocumented(await call(mock, 'GET', T), 'GET', T);
    assert.deepEqual(all.apps.map((a: any) => a.id).slice(0, 3), ['demo', 'handbook', 'help-desk']);
    assert.equal(all.cursor, null);
    const page1 = await expectDocumented(await call(mock, 'GET', `${T}?pageSize=2`), 'GET', T);
    assert.equal(page1.apps.length, 2);
    const page2 = await expectDocumented(await call(mock, 'GET', `${T}?pageSize=2&cursor=${page1.cursor}`), 'GET', T);
    assert.deepEqual(page2.apps.map((a: any) => a.id), all.apps.slice(2, 4).map((a: any) => a.id));
    const skills = await expectDocumented(await call(mock, 'GET', `${T}?type=skill&published=true`), 'GET', T);
    assert.deepEqual(skills.apps.map((a: any) => a.id), ['help-desk', 'order-lookup']);
    const found = await expectDocumented(await call(mock, 'GET', `${T}?searchTerm=HANDBOOK&categories=HR&categories=Sales`), 'GET', T);
    assert.deepEqual(found.apps.map((a: any) => a.id), ['handbook']);
  });
  it('refuses pageSize outside 1–100, a non-boolean published, and a foreign cursor', async () => {
    await expectRefused(await call(mock, 'GET', `${T}?pageSize=0`), 'pageSize');
    await expectRefused(await call(mock, 'GET', `${T}?pageSize=101`), 'pageSize');
    await expectRefused(await call(mock, 'GET', `${T}?pageSize=ten`), 'pageSize');
    await expectRefused(await call(mock, 'GET', `${T}?published=maybe`), 'published');
    await expectRefused(await call(mock, 'GET', `${T}?cursor=not-ours`), 'cursor');
  });
});

describe('GET /webapi/v2/apps/{app_id}', () => {
  const T = '/webapi/v2/apps/{app_id}';
  it('gets one app with its permission shapes (group names included)', async () => {
    const app = await expectDocumented(await call(mock, 'GET', '/webapi/v2/apps/handbook'), 'GET', T);
    assert.equal(app.type, 'agent');
    assert.equal(app.agentPermission.accessPermissionGroups[0].permissionGroupName, 'People & HR');
  });
  it('refuses malformed identity headers, naming them', async () => {
    await expectRefused(await call(mock, 'GET', '/webapi/v2/apps/demo', { headers: { 'USER-EMAIL': 'not-an-address' } }), 'USER-EMAIL');
    await expectRefused(await call(mock, 'GET', '/webapi/v2/apps/demo', { headers: { 'OWN-USER-ID': 'base64:***' } }), 'OWN-USER-ID');
    await expectRefused(await call(mock, 'GET', '/webapi/v2/apps/demo', { headers: { 'AGENT-EMAIL': 'stranger@example.com' } }), 'AGENT-EMAIL');
    await expectRefused(await call(mock, 'GET', '/webapi/v2/apps/nope'), 'app_id', 404);
  });
});

describe('PATCH /webapi/v2/apps/{app_id}', () => {
  const T = '/webapi/v2/apps/{app_id}';
  it('changes only the fields sent, and keeps the change', async () => {
    const before = await (await call(mock, 'GET', '/webapi/v2/apps/summarizer')).json();
    const patched = await expectDocumented(
      await call(mock, 'PATCH', '/webapi/v2/apps/summarizer', {
        body: { published: true, agentPermission: { viewAccessToAgent: true, accessAgents: [{ agentId: 'agent-sam', accessType: 'order_2_reader' }], accessPermissionGroups: [{ permissionGroupId: 'pg-support', accessType: 'order_1_editor' }] } },
      }),
      'PATCH',
      T,
    );
    assert.equal(patched.published, true);
    assert.equal(patched.name, before.name);
    assert.deepEqual(patched.agentPermission.accessPermissionGroups, [{ permissionGroupId: 'pg-support', accessType: 'order_1_editor', permissionGroupName: 'Support team' }]);
    const again = await expectDocumented(await call(mock, 'GET', '/webapi/v2/apps/summarizer'), 'GET', T);
    assert.deepEqual(again, patched);
  });
  it('refuses wrong types, enums and unknown agents, naming the field', async () => {
    await expectRefused(await call(mock, 'PATCH', '/webapi/v2/apps/summarizer', { body: { published: 'yes' } }), 'published');
    await expectRefused(
      await call(mock, 'PATCH', '/webapi/v2/apps/summarizer', { body: { agentPermission: { viewAccessToAgent: true, accessAgents: [{ agentId: 'agent-sam', accessType: 'owner' }] } } }),
      'agentPermission.accessAgents[0].accessType',
    );
    await expectRefused(await call(mock, 'PATCH', '/webapi/v2/apps/summarizer', { body: { userPermission: { ownUserIds: ['u1'] } } }), 'userPermission.viewAccessToUser');
    await expectRefused(
      await call(mock, 'PATCH', '/webapi/v2/apps/summarizer', { body: { agentPermission: { viewAccessToAgent: true, accessAgents: [{ agentId: 'agent-ghost', accessType: 'order_2_reader' }] } } }),
      'agentPermission.accessAgents[0].agentId',
    );
    await expectRefused(await call(mock, 'PATCH', '/webapi/v2/apps/summarizer'), 'body');
  });
});

describe('POST /webapi/v2/apps/{app_id}/run_conversation', () => {
  it('streams a first turn (the reference gives no body schema: the §5 events frame it)', async () => {
    const res = await call(mock, 'POST', '/webapi/v2/apps/demo/run_conversation', { body: new FormData() });
    assert.equal(res.status, 200);
    const events = await sseEvents(res);
    assert.equal(events[0].event, 'conversation');
    assert.equal(events.at(-1)!.event, 'done');
  });
  it('refuses a repeated text part and a body that is not multipart', async () => {
    const twice = new FormData();
    twice.append('message', 'one');
    twice.append('message', 'two');
    await expectRefused(await call(mock, 'POST', '/webapi/v2/apps/demo/run_conversation', { body: twice }), 'message');
    await expectRefused(await call(mock, 'POST', '/webapi/v2/apps/demo/run_conversation', { body: { message: 'hi' } }), 'body');
    const choices = new FormData();
    choices.append('choices', '[0]');
    await expectRefused(await call(mock, 'POST', '/webapi/v2/apps/demo/run_conversation', { body: choices }), 'choices');
  });
});

describe('GET /webapi/v2/cognitive_config', () => {
  const T = '/webapi/v2/cognitive_config';
  it('returns the flat config', async () => {
    const config = await expectDocumented(await call(mock, 'GET', T), 'GET', T);
    assert.equal(typeof config.answerConfidenceThreshold, 'number');
  });
  it('refuses malformed identity headers and a visitor token', async () => {
    await expectRefused(await call(mock, 'GET', T, { headers: { 'USER-EMAIL': '@nowhere' } }), 'USER-EMAIL');
    await expectRefused(await call(mock, 'GET', T, { headers: { 'AGENT-EMAIL': 'nobody@example.com' } }), 'AGENT-EMAIL');
    await expectRefused(await call(mock, 'GET', T, { token: await mintToken(mock, 'visitor') }), 'API-KEY', 403);
  });
});

describe('PATCH /webapi/v2/cognitive_config', () => {
  const T = '/webapi/v2/cognitive_config';
  it('changes only the fields sent', async () => {
    const before = await (await call(mock, 'GET', T)).json();
    const after = await expectDocumented(await call(mock, 'PATCH', T, { body: { maxCitations: 5, spellCorrection: true } }), 'PATCH', T);
    assert.deepEqual(after, { ...before, maxCitations: 5, spellCorrection: true });
  });
  it('refuses a body that is not an object, unknown fields, nested or mistyped values', async () => {
    await expectRefused(await call(mock, 'PATCH', T, { body: [1, 2] }), 'body');
    await expectRefused(await call(mock, 'PATCH', T, { body: { colour: 'blue' } }), 'colour');
    await expectRefused(await call(mock, 'PATCH', T, { body: { maxCitations: { value: 3 } } }), 'maxCitations');
    await expectRefused(await call(mock, 'PATCH', T, { body: { answerConfidenceThreshold: 3 } }), 'answerConfidenceThreshold');
  });
});

describe('GET /webapi/apps', () => {
  const T = '/webapi/apps';
  it('lists single-action apps and skills inside {result}, by id and in a locale', async () => {
    const all = await expectDocumented(await call(mock, 'GET', T), 'GET', T);
    assert.ok(all.result.every((a: any) => a.type === 'single_action' || a.type === 'skill'));
    const ko = await expectDocumented(await call(mock, 'GET', `${T}?id=help-desk&id=order-lookup&locale=ko`), 'GET', T);
    assert.deepEqual(ko.result.map((a: any) => a.name), ['헬프 데스크', 'Order lookup']);
  });
  it('refuses an unknown locale and a published that is not true/false, in the v1 envelope', async () => {
    const locale = await expectRefused(await call(mock, 'GET', `${T}?locale=xx`), 'locale');
    assert.deepEqual(locale.errors, [locale.message]);
    assert.equal(locale.result, null);
    await expectRefused(await call(mock, 'GET', `${T}?published=yes`), 'published');
  });
});

describe('POST /webapi/apps', () => {
  const T = '/webapi/apps';
  const valid = () => ({
    type: 'single_action', name: 'Polisher', description: 'Polishes a sentence', category: 'Writing', published: true, enabled: true,
    single_action_app_input: {
      name: 'Polish', description: 'Make it read well', llm_model: 'gpt-4o', selected_llm_processing_method: null,
      inputs: [{ name: 'sentence', value: '', input_type: 'text' }],
      messages: [{ role: 'system', content: 'You edit text.' }, { role: 'user', content: 'Polish: {{sentence}}' }],
    },
  });
  it('creates an app that is then listed and runnable', async () => {
    const created = await expectDocumented(await call(mock, 'POST', T, { body: valid() }), 'POST', T);
    const app = await expectDocumented(await call(mock, 'GET', `/webapi/v2/apps/${created.result.id}`), 'GET', '/webapi/v2/apps/{app_id}');
    assert.equal(app.name, 'Polisher');
    const run = await expectDocumented(await call(mock, 'POST', `/webapi/apps/${created.result.id}/run`, { body: { inputs: { sentence: 'me and him goes' } } }), 'POST', '/webapi/apps/{app_id}/run');
    assert.match(run.result.responses[0].message, /Polish: me and him goes/);
  });
  it('refuses a missing field, a wrong enum, and a placeholder naming no input', async () => {
    const { enabled: _enabled, ...noEnabled } = valid();
    await expectRefused(await call(mock, 'POST', T, { body: noEnabled }), 'enabled');
    const badType = valid();
    badType.single_action_app_input.inputs[0].input_type = 'dropdown';
    await expectRefused(await call(mock, 'POST', T, { body: badType }), 'single_action_app_input.inputs[0].input_type');
    await expectRefused(await call(mock, 'POST', T, { body: { ...valid(), type: 'skill' } }), 'type');
    const badPlaceholder = valid();
    badPlaceholder.single_action_app_input.messages[1].content = 'Polish: {{text}}';
    await expectRefused(await call(mock, 'POST', T, { body: badPlaceholder }), 'single_action_app_input.messages[1].content');
  });
});

describe('POST /webapi/apps/{app_id}/run', () => {
  const T = '/webapi/apps/{app_id}/run';
  it('sync: a stateful conversation with citations, steps and variables, continued by id', async () => {
    const first = await expectDocumented(
      await call(mock, 'POST', '/webapi/apps/handbook/run', { body: { chat: { message: 'How many vacation days do I get?' }, isStateful: true, requiredVariables: ['company_name', 'last_question'] } }),
      'POST',
      T,
    );
    const [answer] = first.result.responses;
    assert.equal(answer.completed, true);
    assert.equal(answer.citations.length, 2);
    assert.equal(answer.intermediateStep.key, 'write');
    assert.deepEqual(first.result.variables, { company_name: 'Example Corp', last_question: 'How many vacation days do I get?' });
    const id = first.result.conversation.id;
    const next = await expectDocumented(await call(mock, 'POST', '/webapi/apps/handbook/run', { body: { chat: { message: 'and how do I ask?' }, isStateful: true, conversationId: id } }), 'POST', T);
    assert.equal(next.result.conversation.id, id);
    assert.match(next.result.responses[0].message, /^Still on annual leave/);
  });
  it('stream: NDJSON lines, each a documented body, the last one complete', async () => {
    const res = await call(mock, 'POST', '/webapi/apps/handbook/run', { body: { chat: { message: 'Can I work from home?' }, mode: 'stream' }, headers: { Accept: 'application/x-ndjson' } });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^application\/x-ndjson/);
    const lines = await ndjsonValues(res);
    assert.ok(lines.length > 5);
    for (const line of lines) expectMatchesSchema(line, 'POST', T, 200);
    const last = lines.at(-1).result.responses[0];
    assert.equal(last.completed, true);
    assert.equal(last.citations.length, 2);
    assert.ok(lines.some((l) => l.result.responses[0]?.intermediateStep?.key === 'search'));
  });
  it('stream: SSE events when the client asks for text/event-stream', async () => {
    const res = await call(mock, 'POST', '/webapi/apps/handbook/run', { body: { chat: { message: 'expenses?' }, mode: 'stream', isStateful: true }, headers: { Accept: 'text/event-stream' } });
    const events = await sseEvents(res);
    assert.deepEqual([events[0].event, events.at(-1)!.event], ['conversation', 'done']);
    assert.ok(events.some((e) => e.event === 'step') && events.some((e) => e.event === 'final'));
  });
  it('background: answers at once; the history then shows the finished answer', async () => {
    const started = await expectDocumented(await call(mock, 'POST', '/webapi/apps/summarizer/run', { body: { inputs: { document: SUMMARIZER_DOC }, mode: 'background' } }), 'POST', T);
    const id = started.result.conversation.id;
    let history: any;
    for (let i = 0; i < 50; i++) {
      history = await (await call(mock, 'GET', `/webapi/v2/conversations/${id}`)).json();
      if (history.responses[0]?.completed) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.match(history.responses[0].message, /^Summary:\n\n- Alli answers from documents\./);
  });
  it('refuses a wrong mode, a missing chat message, an unknown input and an unregistered model', async () => {
    await expectRefused(await call(mock, 'POST', '/webapi/apps/handbook/run', { body: { chat: { message: 'hi' }, mode: 'fast' } }), 'mode');
    await expectRefused(await call(mock, 'POST', '/webapi/apps/handbook/run', { body: { chat: {} } }), 'chat.message');
    await expectRefused(await call(mock, 'POST', '/webapi/apps/summarizer/run', { body: { inputs: { document: 'x', colour: 'red' } } }), 'inputs.colour');
    await expectRefused(await call(mock, 'POST', '/webapi/apps/summarizer/run', { body: { inputs: { document: 'x', tone: 'angry' } } }), 'inputs.tone');
    await expectRefused(await call(mock, 'POST', '/webapi/apps/handbook/run', { body: { chat: { message: 'hi' }, llmModel: 'GPT-4O' } }), 'llmModel');
    await expectRefused(await call(mock, 'POST', '/webapi/apps/handbook/run', { body: { chat: { message: 'hi' }, conversationId: 'C1' } }), 'isStateful');
  });
});

describe('POST /webapi/skill', () => {
  const T = '/webapi/skill';
  it('runs a skill on a text with variables', async () => {
    const body = await expectDocumented(await call(mock, 'POST', T, { body: { id: 'order-lookup', text: 'Where is a-20417?', variables: { customerName: 'Mina' } } }), 'POST', T);
    assert.equal(body.result, 'Thanks, Mina: order A-20417 shipped yesterday and should arrive within two working days.');
    assert.deepEqual(body.errors, []);
  });
  it('refuses a missing text and an unknown skill in the documented 400 shape', async () => {
    const missing = await expectRefused(await call(mock, 'POST', T, { body: { id: 'order-lookup' } }), 'text');
    expectMatchesSchema(missing, 'POST', T, 400);
    const unknown = await expectRefused(await call(mock, 'POST', T, { body: { id: 'handbook', text: 'hi' } }), 'id');
    expectMatchesSchema(unknown, 'POST', T, 400);
    await expectRefused(await call(mock, 'POST', T, { body: { id: 'order-lookup', text: 'hi', variables: 'x' } }), 'variables');
  });
});

describe('POST /webapi/start_conversation, /webapi/send_chat, /webapi/end_conversation_by_agent', () => {
  const START = '/webapi/start_conversation';
  const SEND = '/webapi/send_chat';
  const END = '/webapi/end_conversation_by_agent';

  it('a visitor (bearer token) talks to the skill of a placement; an agent ends it; the history shows END_BY_AGENT', async () => {
    const token = await mintToken(mock, 'visitor-1');
    const started = await expectDocumented(await call(mock, 'POST', START, { token, body: { placement: 'website' } }), 'POST', START);
    const { id, chats } = started.result.conversation;
    const nodes = chats.edges.map((e: any) => e.node);
    assert.deepEqual(nodes.map((n: any) => n.isDeleted), [true, false]);
    assert.equal(JSON.parse(nodes[1].message).blocks[0].text, 'Hi! 👋 This is the Help desk. What can I do for you?');
    const button = nodes[1].chatOptionInfos[0];
    const asked = await expectDocumented(await call(mock, 'POST', SEND, { token, body: { conversationId: id, message: button.longOption } }), 'POST', SEND);
    assert.equal(asked.result.responses[0].message, 'Where is my order?');
    assert.equal(asked.result.state, 'WAIT_USER_ANSWER');
    const person = await expectDocumented(await call(mock, 'POST', SEND, { token, body: { conversationId: id, message: 'I would like to talk to a person.' } }), 'POST', SEND);
    assert.equal(person.result.state, 'WAIT_USER_ANSWER', 'an order number was awaited, so this is not yet a hand-over');
    const handOver = await expectDocumented(await call(mock, 'POST', SEND, { token, body: { conversationId: id, message: 'A-1234' } }), 'POST', SEND);
    assert.match(JSON.parse(handOver.result.responses[1].message).blocks[0].text, /^Order A-1234 shipped/);

    const ended = await expectDocumented(await call(mock, 'POST', END, { body: { id }, headers: { 'AGENT-EMAIL': 'sam.lee@example.com' } }), 'POST', END);
    assert.equal(ended.result.conversation.state, 'END_BY_AGENT');
    const history = await (await call(mock, 'GET', `/webapi/v2/conversations/${id}`, { token })).json();
    assert.equal(history.conversation.state, 'END_BY_AGENT');
    assert.equal(history.responses.at(-1).message, 'Sam Lee ended the conversation.');
    await expectRefused(await call(mock, 'POST', SEND, { token, body: { conversationId: id, message: 'hello?' } }), 'conversationId');
  });
  it('an agent ending a conversation mid-answer stops the stream, whose done carries END_BY_AGENT', async () => {
    const first = new FormData();
    const greeting = await sseEvents(await call(mock, 'POST', '/webapi/v2/apps/demo/run_conversation?delayMs=0', { body: first }));
    const id = greeting[0].data.conversation.id;
    const choice = new FormData();
    choice.append('conversationId', id);
    choice.append('choices', '[0]');
    const res = await call(mock, 'POST', '/webapi/v2/apps/demo/run_conversation?delayMs=20', { body: choice });
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    let ended = false;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += value;
      if (!ended && (text.match(/event: delta/g) ?? []).length >= 3) {
        ended = true;
        await expectDocumented(await call(mock, 'POST', END, { body: { id } }), 'POST', END);
      }
    }
    const done = JSON.parse(/event: done\nid: \d+\ndata: (.*)\n/.exec(text)![1]);
    assert.deepEqual(done.conversation, { id, state: 'END_BY_AGENT' });
    const again = await call(mock, 'POST', END, { body: { id } });
    await expectRefused(again, 'id');
  });
  it('start_conversation refuses an unknown placement and a non-string one', async () => {
    await expectRefused(await call(mock, 'POST', START, { body: { placement: 'kiosk' } }), 'placement');
    await expectRefused(await call(mock, 'POST', START, { body: { placement: 7 } }), 'placement');
    await expectRefused(await call(mock, 'POST', START), 'body');
  });
  it('send_chat refuses a missing conversationId and an empty message', async () => {
    const started = await (await call(mock, 'POST', START, { body: {} })).json();
    await expectRefused(await call(mock, 'POST', SEND, { body: { message: 'hi' } }), 'conversationId');
    await expectRefused(await call(mock, 'POST', SEND, { body: { conversationId: started.result.conversation.id, message: '  ' } }), 'message');
    await expectRefused(await call(mock, 'POST', SEND, { body: { conversationId: started.result.conversation.id, message: ['hi'] } }), 'message');
  });
  it('end_conversation_by_agent refuses a missing id, a wrong type, and a visitor token', async () => {
    await expectRefused(await call(mock, 'POST', END, { body: {} }), 'id');
    await expectRefused(await call(mock, 'POST', END, { body: { id: 42 } }), 'id');
    await expectRefused(await call(mock, 'POST', END, { token: await mintToken(mock, 'visitor-2'), body: { id: 'C1' } }), 'API-KEY', 403);
  });
});
