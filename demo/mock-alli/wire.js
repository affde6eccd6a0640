// @ts-check
/**
 * The two wire formats one turn can be written in (docs/protocol.md §4):
 * - SSE (§5): `event:`, `id:`, one `data:` line, a blank line; `: ping` comments between.
 * - NDJSON snapshots (§7): the turn's whole state as one JSON line per change, and a
 *   `final_replaced_message` line when an LLM answer is finished.
 * A turn talks to either through the same three calls: `send`, `ping`, `end`.
 */

/** @typedef {import('node:http').ServerResponse} ServerResponse */
/**
 * A §5 event. `index` (the node's position in the turn's responses) is for the NDJSON
 * `final_replaced_message` line and is not written to SSE.
 * @typedef {{ type: string, data: Record<string, any>, index?: number }} WireEvent
 */
/** @typedef {{ conversation: { id: string, state: string }, responses: object[], state: string }} Snapshot */

/**
 * @typedef {object} Wire
 * @property {'sse' | 'ndjson'} kind
 * @property {(event: WireEvent) => void} send
 * @property {() => void} ping
 * @property {() => void} end
 * @property {(event: WireEvent) => void} breakInside writes part of `event`, then cuts the connection
 * @property {(kind: 'malformed' | 'unknown') => void} junk writes one event a client must skip: data
 *   that is not JSON, or a type the protocol does not have (the fault injection of the same names)
 */

const SSE_HEADERS = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache, no-transform',
  Connection: 'keep-alive',
  // Tell proxies (nginx) not to buffer: the point of a stream is that it arrives as it is made.
  'X-Accel-Buffering': 'no',
};

/**
 * @param {ServerResponse} res
 * @returns {Wire}
 */
export function createSseWire(res) {
  let nextId = 1;
  res.writeHead(200, SSE_HEADERS);
  res.flushHeaders();
  /** @param {WireEvent} event */
  const format = (event) => `event: ${event.type}\nid: ${nextId++}\ndata: ${JSON.stringify(event.data)}\n\n`;
  return {
    kind: 'sse',
    send: (event) => void res.write(format(event)),
    ping: () => void res.write(': ping\n\n'),
    end: () => void res.end(),
    junk(kind) {
      res.write(
        kind === 'malformed'
          ? `event: delta\nid: ${nextId++}\ndata: {"id": "R?", "delta": "half a JSON\n\n`
          : `event: sparkle\nid: ${nextId++}\ndata: ${JSON.stringify({ glitter: true })}\n\n`,
      );
    },
    breakInside(event) {
      const text = format(event);
      res.write(text.slice(0, Math.ceil(text.length / 2)));
      res.destroy();
    },
  };
}

/**
 * @param {ServerResponse} res
 * @param {string} contentType `application/stream+json` or `application/x-ndjson`
 * @param {() => any} snapshot the turn's current state, read at each write
 * @param {(event: WireEvent, snapshot: () => any) => object | undefined} [toValue] the line an event
 *   becomes (`/run` streams keep every line a whole `{"result": …}`)
 * @returns {Wire}
 */
export function createNdjsonWire(res, contentType, snapshot, toValue = toNdjsonValue) {
  res.writeHead(200, { ...SSE_HEADERS, 'Content-Type': `${contentType}; charset=utf-8` });
  res.flushHeaders();
  /** @param {WireEvent} event @returns {string | undefined} */
  const format = (event) => {
    const value = toValue(event, snapshot);
    return value === undefined ? undefined : `${JSON.stringify(value)}\n`;
  };
  return {
    kind: 'ndjson',
    send(event) {
      const line = format(event);
      if (line) res.write(line);
    },
    // NDJSON has no comments; an empty line would be a fragment the client must skip.
    ping() {},
    // The end of the body is the end of the turn (§7.6): there is no `done` line.
    end: () => void res.end(),
    junk(kind) {
      res.write(kind === 'malformed' ? '{"result": {"conversation": half a JSON\n' : `${JSON.stringify({ sparkle: { glitter: true } })}\n`);
    },
    breakInside(event) {
      const line = format(event) ?? `${JSON.stringify({ result: snapshot() })}\n`;
      res.write(line.slice(0, Math.ceil(line.length / 2)));
      res.destroy();
    },
  };
}

/**
 * Maps one §5 event onto the snapshot stream. Events that only change the turn's state become
 * a full `result` snapshot; `final` and `error` have their own line shapes; `done` has none.
 * @param {WireEvent} event
 * @param {() => Snapshot} snapshot
 */
function toNdjsonValue(event, snapshot) {
  switch (event.type) {
    case 'final':
      return { type: 'final_replaced_message', response_index: event.index, content: event.data.content };
    case 'error':
      return { error: event.data.error };
    case 'done':
      return undefined;
    default:
      return { result: snapshot() };
  }
}
