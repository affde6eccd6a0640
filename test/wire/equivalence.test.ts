/**
 * (a) One turn, two wires, one event sequence — however the network cuts the bytes, including
 * inside a Korean syllable or an emoji.
 */
import { expect } from '@open-wc/testing';
import { parseConversationStream } from '../../src/wire/parse.js';
import { decodeChunks } from '../../src/wire/decode-chunks.js';
import type { StreamWire } from '../../src/wire/decoder.js';
import type { ConversationEvent } from '../../src/model/stream-events.js';
import { TURN_EVENTS, TURN_NDJSON, TURN_SSE } from './fixtures/turn.js';
import { chunkedBody, collect, streamResponse, twoWaySplits, utf8 } from './helpers.js';

const WIRES: { wire: StreamWire; text: string; contentType: string }[] = [
  { wire: 'sse', text: TURN_SSE, contentType: 'text/event-stream; charset=utf-8' },
  { wire: 'ndjson', text: TURN_NDJSON, contentType: 'application/x-ndjson' },
];

describe('one turn over SSE and over NDJSON snapshots', () => {
  it('the fixture really exercises multi-byte text, CRLF and pings', () => {
    expect(TURN_SSE).to.include('\r\n').and.include(': ping').and.include('👋');
    expect(utf8(TURN_SSE).length).to.be.greaterThan(TURN_SSE.length); // multi-byte characters
    expect(TURN_EVENTS.map((e) => e.type)).to.include.members(['step', 'final', 'delta', 'done']);
  });

  for (const { wire, text } of WIRES) {
    it(`${wire}: a single chunk gives the expected events`, () => {
      expect(decodeChunks(wire, [utf8(text)])).to.deep.equal(TURN_EVENTS);
    });

    it(`${wire}: every two-chunk split at every byte gives the same events`, () => {
      const bytes = utf8(text);
      let splits = 0;
      for (const [head, tail] of twoWaySplits(bytes)) {
        const events = decodeChunks(wire, [head, tail]);
        expect(events, `cut at byte ${head.length} of ${bytes.length}`).to.deep.equal(TURN_EVENTS);
        splits += 1;
      }
      expect(splits).to.equal(bytes.length + 1);
    });

    it(`${wire}: one byte per chunk gives the same events`, () => {
      const bytes = utf8(text);
      const chunks = Array.from(bytes, (_, i) => bytes.subarray(i, i + 1));
      expect(decodeChunks(wire, chunks)).to.deep.equal(TURN_EVENTS);
    });
  }

  it('through real Responses, every split of both wires yields the same events, SSE equal to NDJSON', async function () {
    this.timeout(30_000);
    for (const { wire, text, contentType } of WIRES) {
      const bytes = utf8(text);
      for (const [head, tail] of twoWaySplits(bytes)) {
        const stream = parseConversationStream(streamResponse(chunkedBody([head, tail]), contentType));
        expect(stream.wire).to.equal(wire);
        const events: ConversationEvent[] = await collect(stream);
        expect(events, `${wire}, cut at byte ${head.length}`).to.deep.equal(TURN_EVENTS);
        expect(stream.stats).to.deep.include({ events: TURN_EVENTS.length, unknown: 0, malformed: 0 });
      }
    }
  });
});
