// The real client against the mock Alli mounted in the test runner: what the client sends is
// what the server parses, field by field and byte for byte.
import { expect } from '@open-wc/testing';
import { createTokenSource } from '../../src/transport/token-source.js';
import { AlliClient } from '../../src/transport/client.js';
import type { ConversationEvent } from '../../src/model/stream-events.js';

interface DebugField {
  name: string;
  value?: string;
  filename?: string;
  type?: string;
  size?: number;
  sha256?: string;
}

async function sha256(blob: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

async function lastTurn(conversationId: string): Promise<DebugField[]> {
  const res = await fetch(`/__mock/last-turn?conversationId=${encodeURIComponent(conversationId)}`);
  expect(res.status).to.equal(200);
  return ((await res.json()) as { fields: DebugField[] }).fields;
}

async function drain(stream: AsyncIterable<ConversationEvent>): Promise<ConversationEvent[]> {
  const events: ConversationEvent[] = [];
  for await (const e of stream) events.push(e);
  return events;
}

/** Bytes with every value 0–255 and a multi-byte name: nothing may be re-encoded on the way. */
function binaryFile(name: string, type: string, size: number): File {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + 7) % 256;
  return new File([bytes], name, { type });
}

describe('AlliClient against the mock Alli', () => {
  const userId = '김민수-ユーザー';
  let client: AlliClient;
  let dispose: () => void;

  beforeEach(() => {
    // A token for a non-ASCII user: the client must send OWN-USER-ID as base64 and the mock
    // must decode it to the same user the token was minted for, or it answers 401/403.
    const tokens = createTokenSource({
      getToken: async () => {
        const res = await fetch('/__mock/token', { method: 'POST', body: JSON.stringify({ ownUserId: userId, ttlSeconds: 120 }) });
        const grant = (await res.json()) as { token: string; expiresAt: number };
        return { ...grant, userId };
      },
    });
    dispose = () => tokens.dispose();
    const fetchFast: typeof fetch = (input, init) => {
      const headers = new Headers(init?.headers);
      headers.set('X-Mock-Delay-Ms', '0');
      return fetch(input, { ...init, headers });
    };
    client = new AlliClient({ appId: 'demo', apiBase: '/', tokenSource: tokens, fetch: fetchFast });
  });
  afterEach(() => dispose());

  it('sends every kind of turn with its fields intact', async () => {
    const first = await drain(await client.runConversation({}));
    expect(first[0].type).to.equal('conversation');
    expect(first.at(-1)!.type).to.equal('done');
    const id = (first[0] as Extract<ConversationEvent, { type: 'conversation' }>).conversation.id;

    // A message with a document and an image.
    const doc = binaryFile('보고서 (최종).pdf', 'application/pdf', 70_001);
    const img = binaryFile('photo 📷.png', 'image/png', 4_099);
    const withFiles = await drain(await client.runConversation({ conversationId: id, message: '파일 두 개 보냅니다 🙂', files: [doc], mediaFiles: [img] }));
    expect(withFiles.at(-1)).to.deep.include({ type: 'done' });
    let fields = await lastTurn(id);
    expect(fields.find((f) => f.name === 'conversationId')?.value).to.equal(id);
    expect(fields.find((f) => f.name === 'message')?.value).to.equal('파일 두 개 보냅니다 🙂');
    const sentDoc = fields.find((f) => f.name === 'files')!;
    expect(sentDoc).to.include({ filename: '보고서 (최종).pdf', type: 'application/pdf', size: 70_001 });
    expect(sentDoc.sha256).to.equal(await sha256(doc));
    const sentImg = fields.find((f) => f.name === 'media_files')!;
    expect(sentImg).to.include({ filename: 'photo 📷.png', type: 'image/png', size: 4_099 });
    expect(sentImg.sha256).to.equal(await sha256(img));

    // Choices: the third greeting option (the form).
    await drain(await client.runConversation({ conversationId: id, choices: [2] }));
    fields = await lastTurn(id);
    expect(fields.map((f) => f.name)).to.deep.equal(['conversationId', 'choices']);
    expect(fields[1].value).to.equal('[2]');

    // A form with typed values and a file answering a file field.
    const brief = binaryFile('brief.txt', 'text/plain', 1_234);
    const values = {
      fullName: 'Jane Doe',
      email: 'jane@example.com',
      teamSize: 42,
      preferredDate: '2026-12-01',
      newsletter: true,
      interests: ['search', 'agents'],
      brief: [{ formFileIndex: 0, name: 'brief.txt' }],
    };
    await drain(await client.runConversation({ conversationId: id, sendFormInput: values, formFiles: [brief] }));
    fields = await lastTurn(id);
    expect(JSON.parse(fields.find((f) => f.name === 'sendFormInput')!.value!)).to.deep.equal(values);
    const sentBrief = fields.find((f) => f.name === 'form_files')!;
    expect(sentBrief).to.include({ filename: 'brief.txt', size: 1_234 });
    expect(sentBrief.sha256).to.equal(await sha256(brief));
  });

  it('reads the history back and stops a streaming answer', async () => {
    const first = await drain(await client.runConversation({}));
    const id = (first[0] as Extract<ConversationEvent, { type: 'conversation' }>).conversation.id;
    await drain(await client.runConversation({ conversationId: id, message: 'hello there' }));
    const snapshot = await client.getConversation(id);
    expect(snapshot.conversation.id).to.equal(id);
    const users = snapshot.responses.filter((r) => r.sender === 'USER');
    expect(users.map((r) => r.message)).to.deep.equal(['hello there']);
    expect(snapshot.responses.filter((r) => r.sender === 'BOT').length).to.be.at.least(2);

    // A slow answer, stopped after its first delta: the stream ends with done/stopped.
    const slow = new AlliClient({
      appId: 'demo',
      apiBase: '/',
      tokenSource: createTokenSource({
        getToken: async () => {
          const res = await fetch('/__mock/token', { method: 'POST', body: JSON.stringify({ ownUserId: userId }) });
          return { ...((await res.json()) as { token: string; expiresAt: number }), userId };
        },
      }),
      fetch: (input, init) => {
        const headers = new Headers(init?.headers);
        headers.set('X-Mock-Delay-Ms', '50');
        return fetch(input, { ...init, headers });
      },
    });
    const events: ConversationEvent[] = [];
    for await (const e of await slow.runConversation({ conversationId: id, choices: [0] })) {
      events.push(e);
      if (e.type === 'delta' && events.filter((x) => x.type === 'delta').length === 1) await slow.stopConversation(id);
    }
    const last = events.at(-1) as Extract<ConversationEvent, { type: 'done' }>;
    expect(last.type).to.equal('done');
    expect(last.reason).to.equal('stopped');
    expect(events.filter((e) => e.type === 'delta').length).to.be.lessThan(20);
  });

  it('gets a 404 for another user\u2019s conversation', async () => {
    const first = await drain(await client.runConversation({}));
    const id = (first[0] as Extract<ConversationEvent, { type: 'conversation' }>).conversation.id;
    const other = new AlliClient({
      appId: 'demo',
      apiBase: '/',
      tokenSource: createTokenSource({
        getToken: async () => {
          const res = await fetch('/__mock/token', { method: 'POST', body: JSON.stringify({ ownUserId: 'someone-else' }) });
          return { ...((await res.json()) as { token: string; expiresAt: number }), userId: 'someone-else' };
        },
      }),
    });
    const error = await other.getConversation(id).catch((e) => e);
    expect(error.kind).to.equal('not-found');
    expect(error.status).to.equal(404);
  });
});
