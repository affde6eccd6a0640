import { expect } from '@open-wc/testing';
import { createTokenSource } from '../../src/transport/token-source.js';
import {
  AlliClient,
  STREAM_ACCEPT,
  buildTurnBody,
  encodeUserIdHeader,
  errorFromResponse,
  validateTurn,
} from '../../src/transport/client.js';
import { AlliError } from '../../src/model/errors.js';

interface Seen {
  url: string;
  method: string;
  headers: Headers;
  body?: BodyInit | null;
  credentials?: RequestCredentials;
}

const SSE_TURN = [
  'event: conversation\ndata: {"conversation":{"id":"C1","state":"INIT"},"isNew":true}\n\n',
  'event: delta\ndata: {"id":"R1","delta":"Hi"}\n\n',
  'event: done\ndata: {"conversation":{"id":"C1","state":"WAIT_USER_ANSWER"},"reason":"waiting_input"}\n\n',
].join('');

/** A fake Alli: answers from `reply(n)` and records every request. */
function fakeAlli(reply: (n: number, req: Seen) => Response, grant: Record<string, unknown> = { userId: 'visitor-1' }) {
  const seen: Seen[] = [];
  let tokens = 0;
  const tokenFetch = (async () => {
    tokens += 1;
    return new Response(JSON.stringify({ token: `tok-${tokens}`, expiresIn: 300, ...grant }), {
      headers: { 'Content-Type': 'application/json' },
    });
  }) as typeof fetch;
  const fakeFetch = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const req: Seen = {
      url: String(input),
      method: init.method ?? 'GET',
      headers: new Headers(init.headers),
      body: init.body,
      credentials: init.credentials,
    };
    seen.push(req);
    return reply(seen.length, req);
  }) as typeof fetch;
  const tokenSource = createTokenSource({ tokenUrl: '/alli/token', fetch: tokenFetch });
  return { seen, fetch: fakeFetch, tokenSource, tokenCount: () => tokens };
}

const sse = () => new Response(SSE_TURN, { headers: { 'Content-Type': 'text/event-stream' } });

async function collect(stream: AsyncIterable<{ type: string }>) {
  const types: string[] = [];
  for await (const e of stream) types.push(e.type);
  return types;
}

describe('AlliClient', () => {
  it('sends a turn with the bearer token, user headers and the stream Accept, never an API key', async () => {
    const alli = fakeAlli(() => sse(), { userId: 'visitor-1', userEmail: 'v@example.com' });
    const client = new AlliClient({ appId: 'demo', apiBase: 'https://alli.test/', tokenSource: alli.tokenSource, fetch: alli.fetch });
    const stream = await client.runConversation({ message: 'hello' });
    expect(await collect(stream)).to.deep.equal(['conversation', 'delta', 'done']);
    const [req] = alli.seen;
    expect(req.url).to.equal('https://alli.test/webapi/v2/apps/demo/run_conversation');
    expect(req.method).to.equal('POST');
    expect(req.headers.get('Authorization')).to.equal('Bearer tok-1');
    expect(req.headers.get('OWN-USER-ID')).to.equal('visitor-1');
    expect(req.headers.get('USER-EMAIL')).to.equal('v@example.com');
    expect(req.headers.get('Accept')).to.equal(STREAM_ACCEPT);
    expect(req.headers.has('API-KEY')).to.equal(false);
    expect(req.headers.has('AGENT-EMAIL')).to.equal(false);
    expect(req.credentials).to.equal('omit');
    expect(req.body).to.be.instanceOf(FormData);
    alli.tokenSource.dispose();
  });

  it('sends a non-ASCII OWN-USER-ID as base64 of its UTF-8 bytes', async () => {
    expect(encodeUserIdHeader('plain-id_42')).to.equal('plain-id_42');
    expect(encodeUserIdHeader('김민수')).to.equal('base64:6rmA66+87IiY');
    expect(encodeUserIdHeader('ユーザー😀')).to.equal(`base64:${btoa(String.fromCharCode(...new TextEncoder().encode('ユーザー😀')))}`);
    const alli = fakeAlli(() => sse(), {});
    const client = new AlliClient({ appId: 'demo', tokenSource: alli.tokenSource, fetch: alli.fetch, userId: '김민수' });
    await collect(await client.runConversation({}));
    expect(alli.seen[0].headers.get('OWN-USER-ID')).to.equal('base64:6rmA66+87IiY');
    expect(alli.seen[0].url).to.equal('https://backend.alli.ai/webapi/v2/apps/demo/run_conversation');
    alli.tokenSource.dispose();
  });

  it('refreshes the token after a 401 and retries the same turn exactly once', async () => {
    const alli = fakeAlli((n) =>
      n === 1 ? new Response('{"error":{"value":1013,"name":"INVALID_TOKEN"},"message":"INVALID_TOKEN"}', { status: 401 }) : sse(),
    );
    const client = new AlliClient({ appId: 'demo', apiBase: '', tokenSource: alli.tokenSource, fetch: alli.fetch });
    await collect(await client.runConversation({ conversationId: 'C1', choices: [1] }));
    expect(alli.seen.map((r) => r.headers.get('Authorization'))).to.deep.equal(['Bearer tok-1', 'Bearer tok-2']);
    const bodies = await Promise.all(alli.seen.map((r) => new Response(r.body as FormData).formData()));
    expect(bodies.map((b) => b.get('choices'))).to.deep.equal(['[1]', '[1]']);
    alli.tokenSource.dispose();
  });

  it('gives up after a second 401 with a sign-in error', async () => {
    const alli = fakeAlli(() => new Response('{"error":{"value":1013,"name":"INVALID_TOKEN"},"message":"INVALID_TOKEN"}', { status: 401 }));
    const client = new AlliClient({ appId: 'demo', tokenSource: alli.tokenSource, fetch: alli.fetch });
    const error = await client.runConversation({ message: 'x' }).catch((e) => e);
    expect(error).to.be.instanceOf(AlliError);
    expect(error.kind).to.equal('unauthorized');
    expect(alli.seen).to.have.lengthOf(2);
    expect(alli.tokenCount()).to.equal(2);
    alli.tokenSource.dispose();
  });

  const statuses: [number, string, string][] = [
    [400, 'bad-request', '{"error":{"name":"BAD_REQUEST","field":"choices"},"message":"choices must be a JSON array"}'],
    [403, 'forbidden', '{"message":"The project is inactive"}'],
    [404, 'not-found', '{"error":{"name":"NOT_FOUND"},"message":"Unknown conversation"}'],
    [413, 'too-large', '{"message":"File too large"}'],
    [500, 'server', '{"message":"Internal server error"}'],
    [503, 'server', 'Service Unavailable'],
  ];
  for (const [status, kind, body] of statuses) {
    it(`maps ${status} to a '${kind}' error with a readable message`, async () => {
      const alli = fakeAlli(() => new Response(body, { status }));
      const client = new AlliClient({ appId: 'demo', tokenSource: alli.tokenSource, fetch: alli.fetch });
      const error = await client.runConversation({ message: 'x' }).catch((e) => e);
      expect(error).to.be.instanceOf(AlliError);
      expect(error.kind).to.equal(kind);
      expect(error.status).to.equal(status);
      expect(error.message).to.contain(String(status));
      expect(error.retryable).to.equal(status >= 500);
      if (status === 400) expect(error.field).to.equal('choices');
      alli.tokenSource.dispose();
    });
  }

  it('keeps Retry-After of a 429', async () => {
    const alli = fakeAlli(() => new Response('{"message":"Too many requests"}', { status: 429, headers: { 'Retry-After': '7' } }));
    const client = new AlliClient({ appId: 'demo', tokenSource: alli.tokenSource, fetch: alli.fetch });
    const error = await client.runConversation({ message: 'x' }).catch((e) => e);
    expect(error.kind).to.equal('rate-limited');
    expect(error.retryAfterMs).to.equal(7000);
    expect(error.retryable).to.equal(true);
    alli.tokenSource.dispose();
  });

  it('reads an HTML error page as a short plain-text excerpt', async () => {
    const html = '<html><head><style>body{color:red}</style><title>502</title></head><body><h1>502 Bad Gateway</h1><script>alert(1)</script><p>nginx</p></body></html>';
    const error = await errorFromResponse(new Response(html, { status: 502, statusText: 'Bad Gateway', headers: { 'Content-Type': 'text/html' } }));
    expect(error.kind).to.equal('server');
    expect(error.message).to.equal('Alli answered 502 Bad Gateway: 502 Bad Gateway nginx');
    expect(error.bodyExcerpt).to.not.match(/[<>]/);
    expect(error.message).to.not.contain('alert');
  });

  it('turns a network failure into a retryable network error', async () => {
    const alli = fakeAlli(() => {
      throw new TypeError('Failed to fetch');
    });
    const client = new AlliClient({ appId: 'demo', apiBase: 'https://alli.test', tokenSource: alli.tokenSource, fetch: alli.fetch });
    const error = await client.runConversation({ message: 'x' }).catch((e) => e);
    expect(error.kind).to.equal('network');
    expect(error.retryable).to.equal(true);
    expect(error.message).to.contain('alli.test');
    alli.tokenSource.dispose();
  });

  it('reports an abort as aborted, not as a network error', async () => {
    const controller = new AbortController();
    const alli = fakeAlli(() => {
      controller.abort();
      throw new DOMException('The user aborted a request.', 'AbortError');
    });
    const client = new AlliClient({ appId: 'demo', tokenSource: alli.tokenSource, fetch: alli.fetch });
    const error = await client.runConversation({ message: 'x' }, { signal: controller.signal }).catch((e) => e);
    expect(error.kind).to.equal('aborted');
    alli.tokenSource.dispose();
  });

  it('gets a conversation and stops one', async () => {
    const alli = fakeAlli((n) =>
      n === 1
        ? Response.json({ conversation: { id: 'C 1', state: 'WAIT_USER_ANSWER' }, responses: [] })
        : Response.json({ ok: true }),
    );
    const client = new AlliClient({ appId: 'demo', apiBase: 'https://alli.test', tokenSource: alli.tokenSource, fetch: alli.fetch });
    const snapshot = await client.getConversation('C 1');
    expect(snapshot.conversation.state).to.equal('WAIT_USER_ANSWER');
    await client.stopConversation('C 1');
    expect(alli.seen.map((r) => `${r.method} ${r.url}`)).to.deep.equal([
      'GET https://alli.test/webapi/v2/conversations/C%201',
      'POST https://alli.test/webapi/v2/conversations/C%201/stop',
    ]);
    alli.tokenSource.dispose();
  });
});

describe('turn body', () => {
  it('holds every field under its protocol name', async () => {
    const doc = new File(['%PDF-1.7 body'], 'report.pdf', { type: 'application/pdf' });
    const img = new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], 'photo.png', { type: 'image/png' });
    const body = buildTurnBody({ conversationId: 'C1', message: '안녕하세요', files: [doc], mediaFiles: [img], fileIds: ['f1'] });
    expect(body.get('conversationId')).to.equal('C1');
    expect(body.get('message')).to.equal('안녕하세요');
    expect(body.get('fileIds')).to.equal('["f1"]');
    expect((body.get('files') as File).name).to.equal('report.pdf');
    expect((body.get('media_files') as File).name).to.equal('photo.png');
    const form = buildTurnBody({ conversationId: 'C1', sendFormInput: { a: 1, cv: [{ formFileIndex: 0, name: 'cv.pdf' }] }, formFiles: [doc] });
    expect(JSON.parse(form.get('sendFormInput') as string)).to.deep.equal({ a: 1, cv: [{ formFileIndex: 0, name: 'cv.pdf' }] });
    expect(form.getAll('form_files')).to.have.lengthOf(1);
    expect([...buildTurnBody({}).keys()], 'an empty first turn').to.deep.equal([]);
  });

  const invalid: [string, Parameters<typeof validateTurn>[0], string][] = [
    ['negative choice', { conversationId: 'C', choices: [-1] }, 'choices'],
    ['fractional choice', { conversationId: 'C', choices: [1.5] }, 'choices'],
    ['empty choices', { conversationId: 'C', choices: [] }, 'choices'],
    ['array as form input', { conversationId: 'C', sendFormInput: [] as never }, 'sendFormInput'],
    ['two kinds of input', { conversationId: 'C', message: 'a', choices: [0] }, 'input'],
    ['form files without a form', { conversationId: 'C', formFiles: [new Blob(['x'])] }, 'form_files'],
    ['an empty later turn', { conversationId: 'C', message: '' }, 'input'],
  ];
  for (const [what, turn, field] of invalid) {
    it(`refuses ${what} before sending`, () => {
      let error: AlliError | undefined;
      try {
        validateTurn(turn);
      } catch (e) {
        error = e as AlliError;
      }
      expect(error?.kind).to.equal('bad-request');
      expect(error?.field).to.equal(field);
    });
  }
});
