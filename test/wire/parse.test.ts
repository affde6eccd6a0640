import { expect } from '@open-wc/testing';
import { AlliError } from '../../src/model/errors.js';
import { parseConversationStream, wireOf } from '../../src/wire/parse.js';
import { decodeChunks } from '../../src/wire/decode-chunks.js';
import type { ConversationEvent } from '../../src/model/stream-events.js';
import { chunkedBody, collect, openBody, streamResponse, utf8, within } from './helpers.js';

const SSE = 'text/event-stream';
const sse = (name: string, data: unknown) => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
const DONE = sse('done', { conversation: { id: 'C1', state: 'WAIT_USER_ANSWER' }, reason: 'waiting_input' });

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('parseConversationStream', () => {
  describe('(e) Content-Type dispatch', () => {
    it('picks the adapter from the media type, ignoring parameters and case', () => {
      expect(wireOf('text/event-stream; charset=utf-8')).to.equal('sse');
      expect(wireOf('Text/Event-Stream')).to.equal('sse');
      expect(wireOf('application/stream+json')).to.equal('ndjson');
      expect(wireOf('application/x-ndjson')).to.equal('ndjson');
      expect(wireOf('application/json;charset=UTF-8')).to.equal('ndjson');
      expect(wireOf('text/html')).to.equal(undefined);
      expect(wireOf(null)).to.equal(undefined);
    });

    it('reads an application/json body as NDJSON', async () => {
      const body = JSON.stringify({ error: { status: 429, code: 'RATE_LIMITED', message: 'slow down' } });
      const events = await collect(parseConversationStream(streamResponse(body, 'application/json')));
      expect(events).to.deep.equal([
        { type: 'error', error: { status: 429, code: 'RATE_LIMITED', message: 'slow down' } },
        { type: 'done', reason: 'waiting_input' },
      ]);
    });

    it('an HTML 502 page → AlliError protocol naming status and type, with a tag-free excerpt', async () => {
      const html =
        '<!DOCTYPE html><html><head><title>502 Bad Gateway</title><style>body{color:red}</style></head>' +
        '<body><h1>Bad Gateway</h1><p>The upstream <b>server</b> did not answer.</p><script>alert(1)</script></body></html>';
      const stream = parseConversationStream(
        streamResponse(html, 'text/html; charset=utf-8', { status: 502, statusText: 'Bad Gateway' }),
      );
      expect(stream.wire).to.equal(null); // known at once, before any read
      const error = await rejection(collect(stream));
      expect(error).to.be.instanceOf(AlliError);
      const alli = error as AlliError;
      expect(alli.kind).to.equal('protocol');
      expect(alli.status).to.equal(502);
      expect(alli.message).to.include('502').and.include('text/html');
      expect(alli.bodyExcerpt).to.include('Bad Gateway').and.include('did not answer');
      expect(alli.bodyExcerpt).not.to.match(/[<>]/);
      expect(alli.bodyExcerpt).not.to.include('alert').and.not.include('color:red');
    });

    it('a missing Content-Type is a protocol error too', async () => {
      const error = await rejection(collect(parseConversationStream(streamResponse(chunkedBody([utf8('hello')]), null))));
      expect(error).to.be.instanceOf(AlliError).with.property('kind', 'protocol');
      expect((error as AlliError).message).to.include('no Content-Type');
      expect((error as AlliError).bodyExcerpt).to.equal('hello');
    });
  });

  it('decodes UTF-8 as a stream: a character cut between chunks comes out whole', async () => {
    const bytes = utf8(sse('delta', { id: 'R1', delta: '한🙂' }) + DONE);
    const cut = bytes.indexOf(0xf0) + 2; // inside the emoji's four bytes
    const events = await collect(parseConversationStream(streamResponse(chunkedBody([bytes.subarray(0, cut), bytes.subarray(cut)]), SSE)));
    expect(events[0]).to.deep.equal({ type: 'delta', id: 'R1', delta: '한🙂' });
  });

  it('decodeChunks agrees with the Response path', async () => {
    const bytes = utf8(sse('delta', { id: 'R1', delta: 'x' }) + DONE);
    const chunks = [bytes.subarray(0, 10), bytes.subarray(10)];
    expect(decodeChunks('sse', chunks)).to.deep.equal(await collect(parseConversationStream(streamResponse(chunkedBody(chunks), SSE))));
  });

  describe('(b) truncation', () => {
    it('an SSE body cut mid-delta (no done) ends with truncated', async () => {
      const text = sse('delta', { id: 'R1', delta: '안녕' }) + 'event: delta\ndata: {"id":"R1","delta":"하세';
      const stream = parseConversationStream(streamResponse(chunkedBody([utf8(text)]), SSE));
      expect(await collect(stream)).to.deep.equal([{ type: 'delta', id: 'R1', delta: '안녕' }, { type: 'truncated' }]);
      expect(stream.stats.events).to.equal(2);
    });

    it('a body that fails mid-read yields truncated and ends without throwing (SSE)', async () => {
      const { body, fail } = openBody([utf8(sse('delta', { id: 'R1', delta: 'a' }))]);
      const iterator = parseConversationStream(streamResponse(body, SSE))[Symbol.asyncIterator]();
      expect((await iterator.next()).value).to.deep.equal({ type: 'delta', id: 'R1', delta: 'a' });
      fail(new TypeError('network error'));
      expect(await iterator.next()).to.deep.equal({ value: { type: 'truncated' }, done: false });
      expect((await iterator.next()).done).to.equal(true);
    });

    it('a body that fails mid-read yields truncated, not done, for NDJSON too', async () => {
      const snap = { result: { conversation: { id: 'C1' }, responses: [], state: 'INIT' } };
      const { body, fail } = openBody([utf8(`${JSON.stringify(snap)}\n{"result":`)]);
      const events: ConversationEvent[] = [];
      const reading = (async () => {
        for await (const event of parseConversationStream(streamResponse(body, 'application/x-ndjson'))) {
          events.push(event);
          if (events.length === 1) fail(new TypeError('network error'));
        }
      })();
      await reading;
      expect(events).to.deep.equal([{ type: 'conversation', conversation: { id: 'C1', state: 'INIT' } }, { type: 'truncated' }]);
    });

    it('a read error after done adds nothing', async () => {
      const { body, fail } = openBody([utf8(DONE)]);
      const iterator = parseConversationStream(streamResponse(body, SSE))[Symbol.asyncIterator]();
      expect((await iterator.next()).value).to.have.property('type', 'done');
      fail(new TypeError('network error'));
      expect((await iterator.next()).done).to.equal(true);
    });
  });

  describe('(f) abort', () => {
    it('aborting while a read is pending rejects with AlliError aborted and cancels the body', async () => {
      const { body, cancelled } = openBody([utf8(sse('delta', { id: 'R1', delta: 'a' }))]);
      const controller = new AbortController();
      const iterator = parseConversationStream(streamResponse(body, SSE), { signal: controller.signal })[Symbol.asyncIterator]();
      await iterator.next();
      const pending = iterator.next(); // waits for bytes that never come
      setTimeout(() => controller.abort(), 20);
      // The guards catch a hang (the body never answers by itself); they are not figures.
      const error = await within(5000, rejection(pending));
      expect(error).to.be.instanceOf(AlliError).with.property('kind', 'aborted');
      await within(5000, cancelled);
    });

    it('events already decoded are not handed out after an abort', async () => {
      const text = sse('delta', { id: 'R1', delta: 'a' }) + sse('delta', { id: 'R1', delta: 'b' });
      const { body } = openBody([utf8(text)]);
      const controller = new AbortController();
      const iterator = parseConversationStream(streamResponse(body, SSE), { signal: controller.signal })[Symbol.asyncIterator]();
      await iterator.next();
      controller.abort();
      expect(await rejection(iterator.next())).to.be.instanceOf(AlliError).with.property('kind', 'aborted');
    });

    it('an already aborted signal rejects on the first read', async () => {
      const controller = new AbortController();
      controller.abort();
      const stream = parseConversationStream(streamResponse(DONE, SSE), { signal: controller.signal });
      expect(await rejection(collect(stream))).to.be.instanceOf(AlliError).with.property('kind', 'aborted');
    });
  });

  it('stopping early cancels the body and releases it', async () => {
    const { body, cancelled } = openBody([utf8(sse('delta', { id: 'R1', delta: 'a' }) + sse('delta', { id: 'R1', delta: 'b' }))]);
    for await (const event of parseConversationStream(streamResponse(body, SSE))) {
      expect(event.type).to.equal('delta');
      break;
    }
    await within(5000, cancelled);
    expect(body.locked).to.equal(false);
  });

  it('stats are live while reading', async () => {
    const text = `${sse('delta', { id: 'R1', delta: 'a' })}event: delta\ndata: nope\n\n${sse('mystery', {})}${DONE}`;
    const stream = parseConversationStream(streamResponse(chunkedBody([utf8(text)]), SSE));
    const seen: number[] = [];
    for await (const event of stream) {
      void event;
      seen.push(stream.stats.events);
    }
    expect(seen).to.deep.equal([1, 2]);
    expect(stream.stats).to.deep.equal({ events: 2, unknown: 1, malformed: 1 });
  });

  it('an empty or missing body: SSE is truncated, NDJSON is done', async () => {
    expect(await collect(parseConversationStream(streamResponse(null, SSE)))).to.deep.equal([{ type: 'truncated' }]);
    expect(await collect(parseConversationStream(streamResponse('', 'application/x-ndjson')))).to.deep.equal([
      { type: 'done', reason: 'waiting_input' },
    ]);
  });

  it('can be iterated only once', async () => {
    const stream = parseConversationStream(streamResponse(DONE, SSE));
    await collect(stream);
    expect(() => stream[Symbol.asyncIterator]()).to.throw(/only once/);
  });
});
