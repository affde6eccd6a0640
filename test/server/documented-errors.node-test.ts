/**
 * The reference's documented errors on the mock: 401 (the exact INVALID_TOKEN body the widget
 * handles), 403 (inactive project, disallowed IP: per request with a fault, or for the whole
 * server with an option), 429 with Retry-After, 500; and which credential each operation takes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call, mintToken, startMock, type RunningMock } from './mock-server.js';

const INVALID_TOKEN = '{"error":{"value":1013,"name":"INVALID_TOKEN"},"message":"INVALID_TOKEN"}';
const ALL = [
  ['GET', '/webapi/v2/apps'], ['GET', '/webapi/v2/apps/demo'], ['PATCH', '/webapi/v2/apps/demo'], ['POST', '/webapi/v2/apps/demo/run_conversation'],
  ['GET', '/webapi/v2/cognitive_config'], ['PATCH', '/webapi/v2/cognitive_config'], ['GET', '/webapi/apps'], ['POST', '/webapi/apps'],
  ['POST', '/webapi/apps/handbook/run'], ['POST', '/webapi/skill'], ['POST', '/webapi/start_conversation'], ['POST', '/webapi/send_chat'],
  ['POST', '/webapi/end_conversation_by_agent'],
] as const;

describe('documented errors', () => {
  let mock: RunningMock;
  before(async () => {
    mock = await startMock();
  });
  after(() => mock.close());

  it('401 with the exact INVALID_TOKEN body, on every operation, without a credential or with a wrong key', async () => {
    for (const [method, path] of ALL) {
      for (const headers of [{}, { 'API-KEY': 'wrong' }, { Authorization: 'Bearer mock_unknown' }] as Record<string, string>[]) {
        const res = await call(mock, method, path, { anonymous: true, headers });
        assert.equal(res.status, 401, `${method} ${path}`);
        assert.equal(await res.text(), INVALID_TOKEN);
      }
    }
  });

  it('403 for an inactive project or a disallowed IP, per request', async () => {
    for (const [method, path] of ALL) {
      const inactive = await call(mock, method, path, { headers: { 'X-Mock-Fault': 'project-inactive' } });
      assert.equal(inactive.status, 403, `${method} ${path}`);
      assert.equal((await inactive.json()).error.name, 'PROJECT_INACTIVE');
    }
    const ip = await call(mock, 'GET', '/webapi/v2/apps?fault=ip-not-allowed');
    assert.equal(ip.status, 403);
    assert.match((await ip.json()).message, /127\.0\.0\.1/);
  });

  it('429 with Retry-After, and 500', async () => {
    const limited = await call(mock, 'POST', '/webapi/apps/handbook/run', { body: { chat: { message: 'hi' } }, headers: { 'X-Mock-Fault': 'status-429', 'X-Mock-Retry-After': '7' } });
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after'), '7');
    await limited.body?.cancel();
    const failed = await call(mock, 'POST', '/webapi/skill?fault=status-500', { body: { id: 'order-lookup', text: 'A-1234' } });
    assert.equal(failed.status, 500);
    await failed.body?.cancel();
  });

  it('a visitor token works on the conversational operations and is refused (403) on the server-to-server ones', async () => {
    const token = await mintToken(mock, 'visitor-3');
    const started = await call(mock, 'POST', '/webapi/start_conversation', { token, body: {} });
    assert.equal(started.status, 200);
    const id = (await started.json()).result.conversation.id;
    assert.equal((await call(mock, 'POST', '/webapi/send_chat', { token, body: { conversationId: id, message: 'When are you open?' } })).status, 200);
    const run = await call(mock, 'POST', '/webapi/apps/handbook/run', { token, body: { chat: { message: 'leave?' } } });
    assert.equal(run.status, 200);
    await run.body?.cancel();
    for (const [method, path] of [['PATCH', '/webapi/v2/apps/demo'], ['GET', '/webapi/v2/cognitive_config'], ['PATCH', '/webapi/v2/cognitive_config'], ['GET', '/webapi/apps'], ['POST', '/webapi/apps'], ['POST', '/webapi/skill'], ['POST', '/webapi/end_conversation_by_agent']]) {
      const res = await call(mock, method, path, { token, body: method === 'GET' ? undefined : {} });
      assert.equal(res.status, 403, `${method} ${path}`);
      assert.deepEqual((await res.json()).error, { name: 'API_KEY_REQUIRED', field: 'API-KEY' });
    }
  });

  it("another user's conversation does not exist for send_chat", async () => {
    const owner = await mintToken(mock, 'owner');
    const id = (await (await call(mock, 'POST', '/webapi/start_conversation', { token: owner, body: {} })).json()).result.conversation.id;
    const other = await call(mock, 'POST', '/webapi/send_chat', { token: await mintToken(mock, 'someone-else'), body: { conversationId: id, message: 'hi' } });
    assert.equal(other.status, 404);
    assert.equal((await other.json()).error.field, 'conversationId');
  });
});

describe('403 switches for the whole server', () => {
  it('projectActive: false refuses every Alli call', async () => {
    const mock = await startMock({ projectActive: false });
    try {
      const res = await call(mock, 'GET', '/webapi/v2/apps');
      assert.equal(res.status, 403);
      assert.equal((await res.json()).error.name, 'PROJECT_INACTIVE');
    } finally {
      await mock.close();
    }
  });
  it('allowedIps refuses other addresses and lets listed ones in', async () => {
    const closed = await startMock({ allowedIps: ['10.0.0.8'] });
    const open = await startMock({ allowedIps: ['127.0.0.1'] });
    try {
      const refused = await call(closed, 'GET', '/webapi/v2/apps');
      assert.equal(refused.status, 403);
      assert.equal((await refused.json()).error.name, 'IP_NOT_ALLOWED');
      const allowed = await call(open, 'GET', '/webapi/v2/apps');
      assert.equal(allowed.status, 200);
      await allowed.body?.cancel();
    } finally {
      await closed.close();
      await open.close();
    }
  });
});
