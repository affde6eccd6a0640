import { expect } from '@open-wc/testing';
import { createParser } from 'eventsource-parser';
import type { EventSourceMessage } from 'eventsource-parser';
import { createSseDecoder } from '../../src/wire/sse.js';
import type { ConversationEvent } from '../../src/model/stream-events.js';

function decode(...chunks: string[]): { events: ConversationEvent[]; stats: { events: number; unknown: number; malformed: number } } {
  const decoder = createSseDecoder({ now: () => 42 });
  const events = [...chunks.flatMap((chunk) => decoder.push(chunk)), ...decoder.end()];
  return { events, stats: { ...decoder.stats } };
}

const DONE = 'event: done\ndata: {"reason":"waiting_input"}\n\n';

describe('SSE adapter', () => {
  it('reads each named event into its typed form', () => {
    const { events } = decode(
      'event: conversation\ndata: {"conversation":{"id":"C1","state":"INIT","title":"x"},"isNew":true}\n\n',
      'event: delta\ndata: {"id":"R1","delta":"hi"}\n\n',
      'event: state\ndata: {"state":"WAIT_AGENT"}\n\n',
      'event: error\ndata: {"error":{"status":401,"code":"INVALID_TOKEN","message":"expired","retryable":false}}\n\n',
      'event: done\ndata: {"conversation":{"id":"C1","state":"WAIT_AGENT"},"reason":"error"}\n\n',
    );
    expect(events).to.deep.equal([
      { type: 'conversation', conversation: { id: 'C1', state: 'INIT' }, isNew: true },
      { type: 'delta', id: 'R1', delta: 'hi' },
      { type: 'state', state: 'WAIT_AGENT' },
      { type: 'error', error: { status: 401, code: 'INVALID_TOKEN', message: 'expired', retryable: false } },
      { type: 'done', conversation: { id: 'C1', state: 'WAIT_AGENT' }, reason: 'error' },
    ]);
  });

  it('(c) skips and counts malformed data and unknown events, and keeps going', () => {
    const { events, stats } = decode(
      'event: delta\ndata: {"id":"R1","delta":"a"}\n\n',
      'event: delta\ndata: {"id":"R1","delta":\n\n', // not JSON
      'event: delta\ndata: {"id":"R1"}\n\n', // no delta
      'event: delta\ndata: {"id":7,"delta":"x"}\n\n', // id not a string
      'event: delta\ndata: ["R1","x"]\n\n', // not an object
      'event: step\ndata: {"responseId":"R1","step":{"completed":true}}\n\n', // step without key
      'event: response\ndata: {"index":0,"response":{"message":"no id"}}\n\n',
      'event: typing\ndata: {"who":"agent"}\n\n', // unknown name
      'data: {"id":"R1","delta":"no event name"}\n\n', // unnamed = "message": not ours
      'event: delta\ndata: {"id":"R1","delta":"b"}\n\n',
      DONE,
    );
    expect(events).to.deep.equal([
      { type: 'delta', id: 'R1', delta: 'a' },
      { type: 'delta', id: 'R1', delta: 'b' },
      { type: 'done', reason: 'waiting_input' },
    ]);
    expect(stats).to.deep.equal({ events: 3, unknown: 2, malformed: 6 });
  });

  it('ignores `: ping` comments, ids, retry and unknown fields', () => {
    const { events, stats } = decode(': ping\n\n', 'retry: 1000\nfoo: bar\n\n', ': ping\n', `id: 9\n${DONE}`);
    expect(events).to.deep.equal([{ type: 'done', reason: 'waiting_input' }]);
    expect(stats).to.deep.equal({ events: 1, unknown: 0, malformed: 0 });
  });

  it('keeps unknown fields of a node and fills missing required ones', () => {
    const { events } = decode(
      'event: response\ndata: {"response":{"id":"R9","message":"hi","extra":{"a":1}},"index":-1}\n\n',
      DONE,
    );
    expect(events[0]).to.deep.equal({
      type: 'response', // a negative index is not a position: dropped
      response: { id: 'R9', type: 'message', sender: 'BOT', message: 'hi', createdAt: 42, completed: true, extra: { a: 1 } },
    });
  });

  it('a body that closes without done ends with truncated', () => {
    const { events } = decode('event: delta\ndata: {"id":"R1","delta":"안녕"}\n\nevent: delta\ndata: {"id":"R1","del');
    expect(events).to.deep.equal([{ type: 'delta', id: 'R1', delta: '안녕' }, { type: 'truncated' }]);
  });

  it('an error without done is still truncated (docs/protocol.md §5: done follows error)', () => {
    const { events } = decode('event: error\ndata: {"error":{"code":"X","message":"m"}}\n\n');
    expect(events.map((e) => e.type)).to.deep.equal(['error', 'truncated']);
  });

  describe('(h) a body ending in a bare \\r', () => {
    // CR-only line ends: the final blank line is the last `\r` of the body.
    const BARE_CR = 'event: delta\rdata: {"id":"R1","delta":"x"}\r\revent: done\rdata: {"reason":"ended"}\r\r';

    it('eventsource-parser 3.1.1 alone loses the last event (why the decoder flushes)', () => {
      const seen: EventSourceMessage[] = [];
      const parser = createParser({ onEvent: (event) => seen.push(event) });
      parser.feed(BARE_CR);
      expect(seen.map((e) => e.event)).to.deep.equal(['delta']);
      parser.reset({ consume: true }); // the library's own flush does not recover it either
      expect(seen.map((e) => e.event)).to.deep.equal(['delta']);
    });

    it('the decoder delivers that last event, in one chunk or cut before the final \\r', () => {
      const expected = [
        { type: 'delta', id: 'R1', delta: 'x' },
        { type: 'done', reason: 'ended' },
      ];
      expect(decode(BARE_CR).events).to.deep.equal(expected);
      expect(decode(BARE_CR.slice(0, -1), '\r').events).to.deep.equal(expected);
      expect(decode(BARE_CR, '').events).to.deep.equal(expected);
    });

    it('the flush completes the pending line end but invents no blank line', () => {
      // `data:` line ended, event never terminated: the SSE spec discards it.
      const unterminated = 'event: delta\rdata: {"id":"R1","delta":"x"}\r\revent: done\rdata: {"reason":"ended"}\r';
      expect(decode(unterminated).events).to.deep.equal([{ type: 'delta', id: 'R1', delta: 'x' }, { type: 'truncated' }]);
      expect(decode('event: done\ndata: {"reason":"ended"}\n').events).to.deep.equal([{ type: 'truncated' }]);
    });
  });

  it('push after end is a programming error; end twice is harmless', () => {
    const decoder = createSseDecoder();
    expect(decoder.end()).to.deep.equal([{ type: 'truncated' }]);
    expect(decoder.end()).to.deep.equal([]);
    expect(() => decoder.push('x')).to.throw(/after end/);
  });
});
