// @ts-check
/**
 * Small HTTP helpers shared by the mock Alli server: CORS, JSON replies, Alli-style error
 * bodies, body reading and Accept negotiation. Plain node:http, no framework.
 */

/** @typedef {import('node:http').IncomingMessage} IncomingMessage */
/** @typedef {import('node:http').ServerResponse} ServerResponse */

/** Request headers a cross-origin page may send (the X-Mock-* knobs are for tests and demos). */
const ALLOWED_HEADERS = [
  'Authorization',
  'Content-Type',
  'OWN-USER-ID',
  'USER-EMAIL',
  'Accept',
  'X-Mock-Delay-Ms',
  'X-Mock-Fault',
  'X-Mock-Ping-Ms',
  'X-Mock-Retry-After',
].join(', ');

/**
 * CORS by allow-list: an allowed page's origin gets `Access-Control-Allow-Origin` naming it and
 * nothing else does. No credentials are ever allowed: the widget calls Alli with a bearer token,
 * never with cookies. `API-KEY` is deliberately not an allowed header: the mint is server-to-server.
 * @param {IncomingMessage} req
 * @param {ServerResponse} res
 * @param {(origin: string) => boolean} allowedOrigins
 * @returns {boolean} whether the request's origin (if any) may read the answer
 */
export function applyCors(req, res, allowedOrigins) {
  const origin = req.headers.origin;
  res.setHeader('Vary', 'Origin');
  if (!origin || !allowedOrigins(origin)) return !origin;
  res.setHeader('Access-Control-Allow-Origin', origin);
  res.setHeader('Access-Control-Expose-Headers', 'Retry-After');
  return true;
}

/**
 * Answers a CORS preflight: 204 for an allowed origin, 403 for any other.
 * @param {IncomingMessage} req
 * @param {ServerResponse} res
 * @param {(origin: string) => boolean} allowedOrigins
 */
export function answerPreflight(req, res, allowedOrigins) {
  const origin = req.headers.origin;
  if (!origin || !allowedOrigins(origin)) {
    res.statusCode = 403;
    res.end();
    return;
  }
  res.setHeader('Vary', 'Origin');
  res.setHeader('Access-Control-Allow-Origin', origin);
  res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PATCH, OPTIONS');
  res.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS);
  res.setHeader('Access-Control-Max-Age', '600');
  res.statusCode = 204;
  res.end();
}

/**
 * @param {ServerResponse} res
 * @param {number} status
 * @param {unknown} body
 * @param {Record<string, string>} [headers]
 */
export function sendJson(res, status, body, headers = {}) {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.end(text);
}

/**
 * An error reply in the shape Alli uses: `{"error":{"name":…,"field"?:…},"message":…}`.
 * @param {ServerResponse} res
 * @param {number} status
 * @param {string} name    e.g. BAD_REQUEST, NOT_FOUND
 * @param {string} message what was wrong, for a developer reading the network tab
 * @param {string} [field] which request field (or header) was wrong
 * @param {boolean} [envelope] a v1 operation (`/webapi/…` outside `/webapi/v2/`)
 */
export function sendError(res, status, name, message, field, envelope = false) {
  /** @type {{ name: string, field?: string }} */
  const error = { name };
  if (field) error.field = field;
  // The v1 operations answer inside `{"result", "errors"}` (the skill's documented 400 is
  // `{"errors": [string]}`); the same `error` object rides along so one reader fits every endpoint.
  sendJson(res, status, envelope ? { result: null, errors: [message], error, message } : { error, message });
}

/** The exact body the real backend sends for a missing, unknown or expired token. */
const INVALID_TOKEN_BODY = Object.freeze({
  error: Object.freeze({ value: 1013, name: 'INVALID_TOKEN' }),
  message: 'INVALID_TOKEN',
});

/** @param {ServerResponse} res */
export function sendInvalidToken(res) {
  sendJson(res, 401, INVALID_TOKEN_BODY);
}

/**
 * Reads a whole (small) request body as text, refusing bodies larger than `maxBytes`.
 * @param {IncomingMessage} req
 * @param {number} [maxBytes]
 * @returns {Promise<string>}
 */
export async function readText(req, maxBytes = 64 * 1024) {
  /** @type {Buffer[]} */
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > maxBytes) throw new RequestError(413, 'TOO_LARGE', `body is larger than ${maxBytes} bytes`, 'body');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Reads an optional JSON object body. An empty body is `{}`.
 * @param {IncomingMessage} req
 * @returns {Promise<Record<string, unknown>>}
 */
export async function readJsonObject(req) {
  const text = (await readText(req)).trim();
  if (text === '') return {};
  /** @type {unknown} */
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    throw new RequestError(400, 'BAD_REQUEST', 'body must be JSON', 'body');
  }
  if (!isPlainObject(value)) throw new RequestError(400, 'BAD_REQUEST', 'body must be a JSON object', 'body');
  return /** @type {Record<string, unknown>} */ (value);
}

/**
 * A request the mock refuses; `handle` turns it into an Alli-style error reply.
 */
export class RequestError extends Error {
  /**
   * @param {number} status
   * @param {string} name
   * @param {string} message
   * @param {string} [field]
   */
  constructor(status, name, message, field) {
    super(message);
    this.status = status;
    this.code = name;
    this.field = field;
  }
}

/**
 * @param {unknown} value
 * @returns {value is Record<string, unknown>}
 */
export function isPlainObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The q-value a media type gets from an Accept header, by the most specific matching range
 * (RFC 9110 §12.5.1): `type/subtype` beats `type/*` beats `* / *`. 0 when nothing matches.
 * @param {string | undefined} accept
 * @param {string} mediaType e.g. `text/event-stream`
 */
export function acceptQuality(accept, mediaType) {
  if (!accept) return 1;
  const [type] = mediaType.split('/');
  let best = { specificity: -1, q: 0 };
  for (const part of accept.split(',')) {
    const [range, ...params] = part.trim().toLowerCase().split(';').map((s) => s.trim());
    if (!range) continue;
    const specificity = range === mediaType ? 2 : range === `${type}/*` ? 1 : range === '*/*' ? 0 : -1;
    if (specificity < best.specificity || specificity < 0) continue;
    const qParam = params.find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    best = { specificity, q: Number.isFinite(q) ? q : 0 };
  }
  return best.q;
}

/**
 * A non-negative integer from a query parameter or header, or `undefined` when absent/invalid.
 * @param {string | string[] | null | undefined} raw
 * @param {number} max
 */
export function parseMillis(raw, max) {
  const text = Array.isArray(raw) ? raw[0] : raw;
  if (text == null || text === '') return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0) return undefined;
  return Math.min(Math.round(n), max);
}
