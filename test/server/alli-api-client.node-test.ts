/**
 * The server-side client against the mock, in-process on a loopback port: every one of the 13
 * operations, each answer checked against the document's response schema.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AlliApiError, createAlliApiClient, type AlliApiClient } from '../../src/server/alli-api-client.js';
import { API_KEY, expectMatchesSchema, startMock, type RunningMock } from './mock-server.js';

let mock: RunningMock;
let alli: AlliApiClient;
const seen: { url: string; headers: Headers; method: string }[] = [];
before(async () => {
  mock = await startMock();
  const recording: typeof fetch = (input, init) => {
    seen.push({ url: String(input), headers: new Headers(init?.headers), method: init?.method ?? 'GET' });
    return fetch(input, init);
  };
  alli = createAlliApiClient({ baseUrl: `${mock.base}/`, apiKey: API_KEY, fetch: recording });
});
after(() => mock.close());

describe('createAlliApiClient', () => {
  it('needs a base URL and an API key', () => {
    assert.throws(() => createAlliApiClient({ baseUrl: '', apiKey: API_KEY }), /baseUrl/);
    assert.throws(() => createAlliApiClient({ baseUrl: 'backend.alli.ai', apiKey: API_KEY }), /baseUrl/);
    assert.throws(() => createAlliApiClient({ baseUrl: 'https://backend.alli.ai', apiKey: '' }), /apiKey/);
  });

  it('reads and updates apps (v2)', async () => {
    const list = await alli.listApps({ categories: ['Customer support', 'HR'], pageSize: 2 });
    expectMatchesSchema(list, 'GET', '/webapi/v2/apps', 200);
    assert.deepEqual(list.apps.map((a) => a.id), ['demo', 'handbook']);
    const rest = await alli.listApps({ categories: ['Customer support', 'HR'], pageSize: 2, cursor: list.cursor! });
    assert.deepEqual(rest.apps.map((a) => a.id), ['help-desk', 'order-lookup']);
    const app = await alli.getApp('order-lookup');
    expectMatchesSchema(app, 'GET', '/webapi/v2/apps/{app_id}', 200);
    const updated = await alli.updateApp('order-lookup', { description: 'Reports where an order is.', userPermission: { viewAccessToUser: true, customerGroups: ['vip'] } });
    expectMatchesSchema(updated, 'PATCH', '/webapi/v2/apps/{app_id}', 200);
    assert.equal(updated.description, 'Reports where an order is.');
    assert.deepEqual(updated.userPermission.customerGroups, ['vip']);
  });

  it('reads and updates the cognitive config', async () => {
    const config = await alli.getCognitiveConfig();
    expectMatchesSchema(config, 'GET', '/webapi/v2/cognitive_config', 200);
    const changed = await alli.updateCognitiveConfig({ nluLanguage: 'ko' });
    expectMatchesSchema(changed, 'PATCH', '/webapi/v2/cognitive_config', 200);
    assert.deepEqual(changed, { ...config, nluLanguage: 'ko' });
  });

  it('lists (v1) and creates a single-action app, then runs it in sync and stream modes', async () => {
    const v1 = await alli.listAppsV1({ published: 'true', locale: 'ja' });
    expectMatchesSchema(v1, 'GET', '/webapi/apps', 200);
    const created = await alli.createApp({
      type: 'single_action', name: 'Greeter', description: 'Greets by name', category: 'Demo', published: false, enabled: true,
      single_action_app_input: { name: 'Greet', description: 'Greets', llm_model: 'gpt-4o-mini', inputs: [{ name: 'who', value: 'world', input_type: 'text' }], messages: [{ role: 'user', content: 'Say hello to {{who}}.' }] },
    });
    expectMatchesSchema(created, 'POST', '/webapi/apps', 200);
    const run = await alli.runApp(created.result.id, { inputs: { who: '민지' } });
    expectMatchesSchema(run, 'POST', '/webapi/apps/{app_id}/run', 200);
    assert.match(run.result.responses![0].message!, /Say hello to 민지\./);
    const background = await alli.runApp('summarizer', { inputs: { document: 'One. Two. Three. Four.' }, mode: 'background' });
    expectMatchesSchema(background, 'POST', '/webapi/apps/{app_id}/run', 200);
    assert.equal(background.result.responses![0]?.completed ?? false, false);
    assert.ok(background.result.conversation?.id);
    const lines = [];
    for await (const line of alli.streamApp('handbook', { chat: { message: 'How do expenses work?' }, isStateful: true })) {
      expectMatchesSchema(line, 'POST', '/webapi/apps/{app_id}/run', 200);
      lines.push(line);
    }
    const last = lines.at(-1)!.result;
    assert.equal(last.responses![0].completed, true);
    assert.ok(last.conversation?.id);
  });

  it('runs a skill, and holds a skill conversation that an agent ends', async () => {
    const skill = await alli.runSkill({ id: 'order-lookup', text: 'order B-5555 please' });
    expectMatchesSchema(skill, 'POST', '/webapi/skill', 200);
    assert.match(skill.result!, /B-5555/);
    const started = await alli.startConversation({ placement: 'website' }, { ownUserId: '김민지', userEmail: 'minji@example.com' });
    expectMatchesSchema(started, 'POST', '/webapi/start_conversation', 200);
    const conversationId = started.result!.conversation!.id!;
    const sent = await alli.sendChat({ conversationId, message: 'When are you open?' }, { ownUserId: '김민지' });
    expectMatchesSchema(sent, 'POST', '/webapi/send_chat', 200);
    assert.equal(sent.result!.responses!.length, 2);
    const ended = await alli.endConversationByAgent({ id: conversationId }, { agentEmail: 'mina.park@example.com' });
    expectMatchesSchema(ended, 'POST', '/webapi/end_conversation_by_agent', 200);
    assert.equal(ended.result!.conversation!.state, 'END_BY_AGENT');
    const header = seen.find((s) => s.url.endsWith('/webapi/send_chat'))!.headers.get('OWN-USER-ID');
    assert.equal(header, `base64:${Buffer.from('김민지').toString('base64')}`);
  });

  it('sends one run_conversation turn as multipart and hands back the stream', async () => {
    const res = await alli.runConversation('demo', { message: 'hello' });
    assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
    const text = await res.text();
    assert.match(text, /^event: conversation\n/);
    assert.match(text, /event: done\n/);
  });

  it('sends the API key and never a bearer token', () => {
    assert.ok(seen.length >= 13);
    for (const request of seen) {
      assert.equal(request.headers.get('API-KEY'), API_KEY);
      assert.equal(request.headers.get('Authorization'), null);
      assert.ok(request.url.startsWith(`${mock.base}/webapi/`), request.url);
    }
  });

  it('turns refusals into AlliApiError with the status and the field', async () => {
    const error = await alli.listApps({ pageSize: 500 }).then(
      () => assert.fail('pageSize 500 was accepted'),
      (err: unknown) => err,
    );
    assert.ok(error instanceof AlliApiError);
    assert.equal(error.status, 400);
    assert.equal(error.field, 'pageSize');
    assert.match(error.message, /pageSize must be <= 100/);
    const v1 = await alli.runSkill({ id: 'nope', text: 'hi' }).catch((err: AlliApiError) => err);
    assert.ok(v1 instanceof AlliApiError);
    assert.equal(v1.field, 'id');
    const keyless = createAlliApiClient({ baseUrl: mock.base, apiKey: 'wrong' });
    const denied = await keyless.getCognitiveConfig().catch((err: AlliApiError) => err);
    assert.ok(denied instanceof AlliApiError);
    assert.equal(denied.status, 401);
    assert.equal(denied.code, 'INVALID_TOKEN');
  });
});
