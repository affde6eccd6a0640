// @ts-check
/**
 * The mock Alli backend: the endpoints of docs/protocol.md with the reference's paths, Alli's error
 * shapes, a token mint, both stream wire formats, and knobs for tests (see README.md beside this file).
 *
 *   const alli = createMockAlli();
 *   http.createServer((req, res) => alli.claims(req.url) ? alli.handle(req, res) : next());
 */
import { TokenStore, apiKeyMatches, decodeOwnUserId } from './auth.js';
import { conversationApp, findApp, listApps } from './apps.js';
import { answerWithFault, readFault } from './faults.js';
import {
  RequestError,
  acceptQuality,
  answerPreflight,
  applyCors,
  parseMillis,
  readJsonObject,
  sendError,
  sendInvalidToken,
  sendJson,
} from './http.js';
import { ConversationStore } from './store.js';
import { Turn, runTurn } from './turn.js';
import { checkTurn, readRawTurn } from './turn-input.js';

/** How fast the `slow-upload` fault reads a request body. */
const SLOW_UPLOAD_BYTES_PER_SECOND = 256 * 1024;
import { createNdjsonWire, createSseWire } from './wire.js';

/** @typedef {import('node:http').IncomingMessage} IncomingMessage */
/** @typedef {import('node:http').ServerResponse} ServerResponse */
/** @typedef {{ userId: string }} Caller */

export const DEFAULT_API_KEY = 'mock-alli-dev-key';

/**
 * @typedef {object} MockAlliOptions
 * @property {string} [apiKey]          the project's secret; default `$MOCK_ALLI_API_KEY` or the dev key
 * @property {number} [deltaDelayMs]    pause between deltas (default 30); per request `?delayMs=` / `X-Mock-Delay-Ms`
 * @property {number} [pingIntervalMs]  `: ping` interval (default 5000); per request `?pingMs=` / `X-Mock-Ping-Ms`
 * @property {number} [maxUploadBytes]  largest run_conversation body (default 25 MB)
 * @property {boolean} [debugRoutes]    serve `/__mock/*` test hooks (default true)
 */

/**
 * @typedef {object} MockAlli
 * @property {(url: string | undefined) => boolean} claims whether this URL is the mock's
 * @property {(req: IncomingMessage, res: ServerResponse) => void} handle
 * @property {() => void} close stops every running stream
 * @property {string} apiKey the key the mint accepts (for the host route in the same process)
 */

const MAX_DELAY_MS = 5000;
const MAX_PING_MS = 60_000;

/**
 * @param {MockAlliOptions} [options]
 * @returns {MockAlli}
 */
export function createMockAlli({
  apiKey = process.env.MOCK_ALLI_API_KEY ?? DEFAULT_API_KEY,
  deltaDelayMs = 30,
  pingIntervalMs = 5000,
  maxUploadBytes = 25 * 1024 * 1024,
  debugRoutes = true,
} = {}) {
  const tokens = new TokenStore();
  const conversations = new ConversationStore();

  /** @type {Array<[method: string, pattern: RegExp, handler: (ctx: RouteContext) => unknown]>} */
  const alliRoutes = [
    ['GET', /^\/webapi\/v2\/apps$/, ({ url }) => listApps(url.searchParams)],
    ['GET', /^\/webapi\/v2\/apps\/([^/]+)$/, ({ params }) => getApp(params[0])],
    ['POST', /^\/webapi\/v2\/apps\/([^/]+)\/run_conversation$/, runConversation],
    ['GET', /^\/webapi\/v2\/conversations\/([^/]+)$/, getConversation],
    ['POST', /^\/webapi\/v2\/conversations\/([^/]+)\/stop$/, stopConversation],
  ];

  /**
   * @typedef {object} RouteContext
   * @property {IncomingMessage} req
   * @property {ServerResponse} res
   * @property {URL} url
   * @property {string[]} params decoded path parameters
   * @property {Caller} caller
   * @property {import('./faults.js').Fault} fault
   */

  /** @param {string | undefined} rawUrl */
  function claims(rawUrl) {
    const path = (rawUrl ?? '').split('?')[0];
    return path.startsWith('/webapi/') || (debugRoutes && path.startsWith('/__mock/'));
  }

  /**
   * @param {IncomingMessage} req
   * @param {ServerResponse} res
   */
  function handle(req, res) {
    route(req, res).catch((err) => replyToFailure(res, err));
  }

  /**
   * @param {IncomingMessage} req
   * @param {ServerResponse} res
   */
  async function route(req, res) {
    applyCors(req, res);
    if (req.method === 'OPTIONS') return answerPreflight(req, res);
    const url = new URL(req.url ?? '/', 'http://mock.invalid');
    const path = url.pathname;

    if (path === '/webapi/v2/auth/token') return mintToken(req, res);
    if (path.startsWith('/__mock/')) return debugRoute(req, res, url);

    const matched = matchRoute(req.method ?? 'GET', path);
    const caller = authenticate(req);
    if (!caller) return sendInvalidToken(res);
    const fault = readFault(req, url);
    if (answerWithFault(fault, res)) return;
    const result = await matched.handler({ req, res, url, params: matched.params, caller, fault });
    if (result !== undefined) sendJson(res, 200, result);
  }

  /**
   * @param {string} method
   * @param {string} path
   */
  function matchRoute(method, path) {
    let pathKnown = false;
    for (const [routeMethod, pattern, handler] of alliRoutes) {
      const match = pattern.exec(path);
      if (!match) continue;
      pathKnown = true;
      if (routeMethod === method) return { handler, params: match.slice(1).map(decodeURIComponent) };
    }
    if (pathKnown) throw new RequestError(405, 'METHOD_NOT_ALLOWED', `${method} is not supported on ${path}`);
    throw new RequestError(404, 'NOT_FOUND', `no such endpoint: ${path}`, 'path');
  }

  /**
   * Who is calling: a bearer token (the widget), or the project API key (server-to-server, as in
   * the reference). `undefined` means 401. A token's user and `OWN-USER-ID` must agree.
   * @param {IncomingMessage} req
   * @returns {Caller | undefined}
   */
  function authenticate(req) {
    const grant = tokens.verify(req.headers.authorization);
    const keyed = !req.headers.authorization && apiKeyMatches(req.headers['api-key'], apiKey);
    if (!grant && !keyed) return undefined;
    const ownUserId = decodeOwnUserId(req.headers['own-user-id']);
    if (grant) {
      if (ownUserId !== undefined && ownUserId !== grant.userId) {
        throw new RequestError(403, 'USER_MISMATCH', 'OWN-USER-ID does not match the user this token was issued to', 'OWN-USER-ID');
      }
      return { userId: grant.userId };
    }
    return { userId: ownUserId ?? 'project' };
  }

  /**
   * `POST /webapi/v2/auth/token` (server-to-server): `API-KEY` → `{ token, expiresAt, userId }`.
   * @param {IncomingMessage} req
   * @param {ServerResponse} res
   */
  async function mintToken(req, res) {
    if (req.method !== 'POST') throw new RequestError(405, 'METHOD_NOT_ALLOWED', 'the token mint takes POST');
    if (!apiKeyMatches(req.headers['api-key'], apiKey)) {
      return sendError(res, 401, 'INVALID_API_KEY', 'the API-KEY header is missing or not this project\'s key', 'API-KEY');
    }
    sendJson(res, 200, tokens.mint(readGrantRequest(await readJsonObject(req))));
  }

  /**
   * @param {Record<string, unknown>} body
   * @returns {{ userId?: string, ttlSeconds?: number }}
   */
  function readGrantRequest(body) {
    const { ownUserId, ttlSeconds } = body;
    if (ownUserId !== undefined && (typeof ownUserId !== 'string' || ownUserId === '' || ownUserId.length > 256)) {
      throw new RequestError(400, 'BAD_REQUEST', 'ownUserId must be a non-empty string of at most 256 characters', 'ownUserId');
    }
    if (ttlSeconds !== undefined && typeof ttlSeconds !== 'number') {
      throw new RequestError(400, 'BAD_REQUEST', 'ttlSeconds must be a number of seconds', 'ttlSeconds');
    }
    return { userId: ownUserId, ttlSeconds };
  }

  /**
   * Test hooks, mock only: `GET /__mock/last-turn?conversationId=…` shows what the last
   * run_conversation request carried; `POST /__mock/token` mints without the API key, so browser
   * tests can make tokens for any user or a 1-second lifetime.
   * @param {IncomingMessage} req
   * @param {ServerResponse} res
   * @param {URL} url
   */
  async function debugRoute(req, res, url) {
    if (url.pathname === '/__mock/last-turn' && req.method === 'GET') {
      const id = url.searchParams.get('conversationId') ?? '';
      const record = conversations.peek(id)?.lastTurn;
      if (!record) return sendError(res, 404, 'NOT_FOUND', `no run_conversation request seen for conversation ${id}`, 'conversationId');
      return sendJson(res, 200, record);
    }
    if (url.pathname === '/__mock/token' && req.method === 'POST') {
      return sendJson(res, 200, tokens.mint(readGrantRequest(await readJsonObject(req))));
    }
    throw new RequestError(404, 'NOT_FOUND', `no such mock hook: ${req.method} ${url.pathname}`, 'path');
  }

  /** @param {string} id */
  function getApp(id) {
    const app = findApp(id);
    if (!app) throw new RequestError(404, 'NOT_FOUND', `no app with id ${id}`, 'app_id');
    return app;
  }

  /**
   * `POST /webapi/v2/apps/{app_id}/run_conversation`: one turn, streamed.
   * @param {RouteContext} ctx
   */
  async function runConversation({ req, res, url, params, caller, fault }) {
    const app = conversationApp(params[0]);
    const raw = await readRawTurn(req, maxUploadBytes, fault.name === 'slow-upload' ? SLOW_UPLOAD_BYTES_PER_SECOND : 0);
    /** @param {string} id */
    const received = (id) => ({ conversationId: id, receivedAt: Date.now(), fields: raw.debugFields });
    let conversation = raw.conversationId === undefined ? undefined : continuedConversation(raw.conversationId, caller, params[0]);
    // Recorded before the checks too, so a test can see what a refused turn carried.
    if (conversation) conversation.lastTurn = received(conversation.id);
    const input = checkTurn(raw, conversation);
    const isNew = !conversation;
    if (!conversation) {
      conversation = conversations.create(params[0], caller.userId);
      conversation.lastTurn = received(conversation.id);
    }

    const turn = new Turn({
      conversation,
      res,
      openWire: wireFor(req, url, res),
      delayMs: parseMillis(req.headers['x-mock-delay-ms'] ?? url.searchParams.get('delayMs'), MAX_DELAY_MS) ?? deltaDelayMs,
      pingMs: parseMillis(req.headers['x-mock-ping-ms'] ?? url.searchParams.get('pingMs'), MAX_PING_MS) ?? pingIntervalMs,
      fault,
    });
    turn.open(isNew);
    await runTurn(turn, (t) => (isNew ? app.start(t, input) : app.respond(t, input)));
  }

  /**
   * The caller's conversation in this app that a later turn continues.
   * @param {string} id
   * @param {Caller} caller
   * @param {string} appId
   */
  function continuedConversation(id, caller, appId) {
    if (id === '') throw new RequestError(400, 'BAD_REQUEST', 'conversationId is empty: omit it on the first turn', 'conversationId');
    const conversation = conversations.find(id, caller.userId);
    if (!conversation || conversation.appId !== appId) {
      throw new RequestError(404, 'NOT_FOUND', `no conversation ${id} for this user in app ${appId}`, 'conversationId');
    }
    if (conversation.state.startsWith('END_')) {
      throw new RequestError(400, 'CONVERSATION_ENDED', `conversation ${id} has ended (${conversation.state}); start a new one`, 'conversationId');
    }
    if (conversation.activeTurn) {
      throw new RequestError(409, 'CONVERSATION_BUSY', `conversation ${id} is still answering; stop it or wait for done`, 'conversationId');
    }
    return conversation;
  }

  /**
   * SSE unless the client prefers a JSON stream by q-value, or asks with `?wire=ndjson`.
   * @param {IncomingMessage} req
   * @param {URL} url
   * @param {ServerResponse} res
   * @returns {(snapshot: () => import('./wire.js').Snapshot) => import('./wire.js').Wire}
   */
  function wireFor(req, url, res) {
    const contentType = ndjsonContentType(req.headers.accept, url.searchParams.get('wire'));
    return contentType ? (snapshot) => createNdjsonWire(res, contentType, snapshot) : () => createSseWire(res);
  }

  /**
   * `GET /webapi/v2/conversations/{id}`: the whole history, the user's own nodes included.
   * @param {RouteContext} ctx
   */
  function getConversation({ params, caller }) {
    const conversation = ownConversation(params[0], caller);
    return { conversation: { id: conversation.id, state: conversation.state }, responses: conversation.responses };
  }

  /**
   * `POST /webapi/v2/conversations/{id}/stop`: the running stream ends with `done stopped`.
   * @param {RouteContext} ctx
   */
  function stopConversation({ params, caller }) {
    const conversation = ownConversation(params[0], caller);
    const turn = conversation.activeTurn;
    turn?.abort('stopped');
    return { ok: true, stopped: Boolean(turn) };
  }

  /**
   * @param {string} id
   * @param {Caller} caller
   */
  function ownConversation(id, caller) {
    const conversation = conversations.find(id, caller.userId);
    if (!conversation) throw new RequestError(404, 'NOT_FOUND', `no conversation ${id} for this user`, 'conversationId');
    return conversation;
  }

  return { claims, handle, close: () => conversations.stopAll(), apiKey };
}

/**
 * The NDJSON content type to answer with, or `undefined` for SSE. Ties go to SSE, the default.
 * @param {string | undefined} accept
 * @param {string | null} wireParam `?wire=ndjson` or `?wire=sse` overrides Accept
 */
export function ndjsonContentType(accept, wireParam) {
  if (wireParam === 'ndjson') return 'application/x-ndjson';
  if (wireParam === 'sse') return undefined;
  const sse = acceptQuality(accept, 'text/event-stream');
  const candidates = ['application/stream+json', 'application/x-ndjson', 'application/json'];
  let best = { type: /** @type {string | undefined} */ (undefined), q: sse };
  for (const type of candidates) {
    const q = acceptQuality(accept, type);
    if (q > best.q) best = { type, q };
  }
  return best.type;
}

/**
 * Any failure before a stream started becomes a JSON error; after, the stream is just closed.
 * @param {ServerResponse} res
 * @param {unknown} err
 */
function replyToFailure(res, err) {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (err instanceof RequestError) return sendError(res, err.status, err.code, err.message, err.field);
  console.error('[mock-alli] unexpected failure:', err);
  sendError(res, 500, 'INTERNAL_ERROR', 'the mock hit an unexpected error');
}
