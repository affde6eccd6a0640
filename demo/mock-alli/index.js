// @ts-check
/**
 * The mock Alli backend: the 13 App Market operations of docs/api/alli-app-market.openapi.json
 * (every request checked against it), the conversation history and stop of docs/protocol.md,
 * Alli's error shapes, a token mint, both stream wire formats, and knobs for tests (README.md).
 *
 *   const alli = createMockAlli();
 *   http.createServer((req, res) => alli.claims(req.url) ? alli.handle(req, res) : next());
 */
import { TokenStore, apiKeyMatches, decodeOwnUserId } from './auth.js';
import { AppCatalog, toV2 } from './apps.js';
import { CognitiveConfig } from './cognitive-config.js';
import { checkIdentityHeaders } from './directory.js';
import { answerWithFault, readFault, sendIpNotAllowed, sendProjectInactive } from './faults.js';
import {
  RequestError,
  acceptQuality,
  answerPreflight,
  applyCors,
  isPlainObject,
  parseMillis,
  readText,
  sendError,
  sendInvalidToken,
  sendJson,
} from './http.js';
import { createLlmRunner } from './llm-run.js';
import { createApiValidator } from './openapi.js';
import { createSkills } from './skills.js';
import { ConversationStore } from './store.js';
import { createTokenRoutes } from './token-routes.js';
import { Turn, runTurn } from './turn.js';
import { checkTurn, readRawTurn } from './turn-input.js';
import { createNdjsonWire, createSseWire } from './wire.js';

/** How fast the `slow-upload` fault reads a request body. */
const SLOW_UPLOAD_BYTES_PER_SECOND = 256 * 1024;

/** @typedef {import('node:http').IncomingMessage} IncomingMessage */
/** @typedef {import('node:http').ServerResponse} ServerResponse */
/**
 * Who calls: `via` says whether with a bearer token (the widget) or the project's API key.
 * @typedef {{ userId: string, via: 'token' | 'key', agentName?: string }} Caller
 */

const DEFAULT_API_KEY = 'mock-alli-dev-key';

/**
 * @typedef {object} MockAlliOptions
 * @property {string} [apiKey]          the project's secret; default `$MOCK_ALLI_API_KEY` or the dev key
 * @property {number} [deltaDelayMs]    pause between deltas (default 30); per request `?delayMs=` / `X-Mock-Delay-Ms`
 * @property {number} [pingIntervalMs]  `: ping` interval (default 5000); per request `?pingMs=` / `X-Mock-Ping-Ms`
 * @property {number} [maxUploadBytes]  largest run_conversation body (default 25 MB)
 * @property {boolean} [debugRoutes]    serve the `/__mock/*` test hooks, which mint tokens without the key
 *                                      and show other users' turns: the test runner's configuration or
 *                                      the CLI's `--test-hooks` only (default false)
 * @property {string[] | ((origin: string) => boolean)} [allowedOrigins] other origins whose pages may call the
 *                                      mock (CORS by allow-list; default none)
 * @property {boolean} [projectActive]  false: every Alli call gets the reference's 403 (project inactive)
 * @property {string[]} [allowedIps]     when set, callers from other addresses get 403 (IP not allowed)
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
  debugRoutes = false,
  allowedOrigins = [],
  projectActive = true,
  allowedIps = undefined,
} = {}) {
  const tokens = new TokenStore();
  const conversations = new ConversationStore();
  const catalog = new AppCatalog();
  const cognitiveConfig = new CognitiveConfig();
  const skills = createSkills(conversations, catalog);
  const llm = createLlmRunner(conversations, catalog);
  const contract = createApiValidator();
  const corsOrigins = typeof allowedOrigins === 'function' ? allowedOrigins : (/** @type {string} */ origin) => allowedOrigins.includes(origin);
  const { mintToken, debugRoute } = createTokenRoutes({ tokens, conversations, apiKey });

  // `keyOnly`: server-to-server operations that change the project or act as an agent; a
  // visitor's bearer token is refused there. The widget's calls take either credential.
  /** @type {Array<[method: string, pattern: RegExp, handler: (ctx: RouteContext) => unknown, keyOnly?: boolean]>} */
  const alliRoutes = [
    ['GET', /^\/webapi\/v2\/apps$/, ({ query }) => catalog.list(query)],
    ['GET', /^\/webapi\/v2\/apps\/([^/]+)$/, ({ params }) => toV2(catalog.get(params[0]))],
    ['PATCH', /^\/webapi\/v2\/apps\/([^/]+)$/, ({ params, body }) => catalog.update(params[0], body), true],
    ['POST', /^\/webapi\/v2\/apps\/([^/]+)\/run_conversation$/, runConversation],
    ['GET', /^\/webapi\/v2\/conversations\/([^/]+)$/, getConversation],
    ['POST', /^\/webapi\/v2\/conversations\/([^/]+)\/stop$/, stopConversation],
    ['GET', /^\/webapi\/v2\/cognitive_config$/, () => cognitiveConfig.get(), true],
    ['PATCH', /^\/webapi\/v2\/cognitive_config$/, ({ body }) => cognitiveConfig.patch(body), true],
    ['GET', /^\/webapi\/apps$/, ({ query }) => catalog.listV1(query), true],
    ['POST', /^\/webapi\/apps$/, ({ body }) => catalog.create(body), true],
    ['POST', /^\/webapi\/apps\/([^/]+)\/run$/, runLlmApp],
    ['POST', /^\/webapi\/skill$/, ({ body }) => skills.runSkill(body), true],
    ['POST', /^\/webapi\/start_conversation$/, ({ body, caller }) => skills.startConversation(body, caller.userId)],
    ['POST', /^\/webapi\/send_chat$/, ({ body, caller }) => skills.sendChat(body, caller.userId)],
    ['POST', /^\/webapi\/end_conversation_by_agent$/, ({ body, caller }) => skills.endConversationByAgent(body, caller.agentName), true],
  ];

  /**
   * @typedef {object} RouteContext
   * @property {IncomingMessage} req
   * @property {ServerResponse} res
   * @property {URL} url
   * @property {string[]} params decoded path parameters
   * @property {Caller} caller
   * @property {import('./faults.js').Fault} fault
   * @property {Record<string, any>} query the documented query parameters, typed by their schemas
   * @property {any} body the JSON body, checked against the document (JSON operations only)
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
    route(req, res).catch((err) => replyToFailure(res, err, isV1(req.url)));
  }

  /**
   * @param {IncomingMessage} req
   * @param {ServerResponse} res
   */
  async function route(req, res) {
    if (req.method === 'OPTIONS') return answerPreflight(req, res, corsOrigins);
    applyCors(req, res, corsOrigins);
    const url = new URL(req.url ?? '/', 'http://mock.invalid');
    const path = url.pathname;

    if (path === '/webapi/v2/auth/token') return mintToken(req, res);
    if (path.startsWith('/__mock/')) return debugRoute(req, res, url);

    const matched = matchRoute(req.method ?? 'GET', path);
    const caller = authenticate(req);
    if (!caller) return sendInvalidToken(res);
    if (matched.keyOnly && caller.via !== 'key') {
      return sendError(res, 403, 'API_KEY_REQUIRED', 'this operation is server-to-server: call it with the project\'s API-KEY', 'API-KEY', isV1(req.url));
    }
    const fault = readFault(req, url);
    if (answerWithFault(fault, res)) return;
    if (!projectActive) return sendProjectInactive(res);
    const address = req.socket.remoteAddress?.replace(/^::ffff:/, '');
    if (allowedIps && !allowedIps.includes(address ?? '')) return sendIpNotAllowed(res, address);

    const { query, body } = await checkAgainstContract(req, url, path);
    const { agent } = checkIdentityHeaders(req.headers);
    if (agent) caller.agentName = agent.name;
    const result = await matched.handler({ req, res, url, params: matched.params, caller, fault, query, body });
    if (result !== undefined) sendJson(res, 200, result);
  }

  /**
   * The documented parameters and JSON body of this request, checked against the document.
   * Multipart bodies are checked where they are read (run_conversation streams them).
   * @param {IncomingMessage} req
   * @param {URL} url
   * @param {string} path
   */
  async function checkAgainstContract(req, url, path) {
    const found = contract.find(req.method ?? 'GET', path);
    if (!found) return { query: {}, body: undefined };
    const query = contract.checkParameters(found.op, { pathParams: found.pathParams, query: url.searchParams, headers: req.headers });
    if (!contract.bodyTypes(found.op).includes('application/json')) return { query, body: undefined };
    const contentType = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    const text = await readText(req, 1024 * 1024);
    if (text.trim() === '') {
      if (contract.bodyRequired(found.op)) throw new RequestError(400, 'BAD_REQUEST', 'body is required: a JSON object', 'body');
      return { query, body: {} };
    }
    if (contentType !== 'application/json') throw new RequestError(400, 'BAD_REQUEST', `body must be sent as application/json, not ${contentType || 'untyped'}`, 'body');
    /** @type {unknown} */
    let body;
    try {
      body = JSON.parse(text);
    } catch {
      throw new RequestError(400, 'BAD_REQUEST', 'body is not valid JSON', 'body');
    }
    contract.checkBody(found.op, 'application/json', body);
    return { query, body: isPlainObject(body) ? body : {} };
  }

  /**
   * @param {string} method
   * @param {string} path
   */
  function matchRoute(method, path) {
    let pathKnown = false;
    for (const [routeMethod, pattern, handler, keyOnly] of alliRoutes) {
      const match = pattern.exec(path);
      if (!match) continue;
      pathKnown = true;
      if (routeMethod === method) return { handler, keyOnly: keyOnly === true, params: match.slice(1).map(decodeURIComponent) };
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
      return { userId: grant.userId, via: 'token' };
    }
    return { userId: ownUserId ?? 'project', via: 'key' };
  }

  /**
   * `POST /webapi/v2/apps/{app_id}/run_conversation`: one turn, streamed.
   * @param {RouteContext} ctx
   */
  async function runConversation({ req, res, url, params, caller, fault }) {
    const app = catalog.conversationApp(params[0]);
    const found = /** @type {NonNullable<ReturnType<typeof contract.find>>} */ (contract.find('POST', url.pathname));
    const checkForm = (/** @type {FormData} */ form) => contract.checkBody(found.op, 'multipart/form-data', contract.multipartObject(found.op, form));
    const raw = await readRawTurn(req, maxUploadBytes, fault.name === 'slow-upload' ? SLOW_UPLOAD_BYTES_PER_SECOND : 0, checkForm);
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
   * `POST /webapi/apps/{app_id}/run`: see llm-run.js.
   * @param {RouteContext} ctx
   */
  function runLlmApp({ req, res, url, params, caller, fault, body }) {
    // A JSON API: NDJSON unless the client names text/event-stream and does not prefer NDJSON.
    const wire = url.searchParams.get('wire');
    const preferred = ndjsonContentType(req.headers.accept, wire);
    const sse = wire === 'sse' || (!preferred && wire !== 'ndjson' && /text\/event-stream/i.test(req.headers.accept ?? ''));
    return llm.run({
      req, res, appId: params[0], body, userId: caller.userId, fault,
      delayMs: parseMillis(req.headers['x-mock-delay-ms'] ?? url.searchParams.get('delayMs'), MAX_DELAY_MS) ?? deltaDelayMs,
      pingMs: parseMillis(req.headers['x-mock-ping-ms'] ?? url.searchParams.get('pingMs'), MAX_PING_MS) ?? pingIntervalMs,
      ndjsonType: sse ? undefined : (preferred ?? 'application/x-ndjson'),
    });
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
function ndjsonContentType(accept, wireParam) {
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
 * Whether a path is one of the reference's v1 operations (answered inside `{"result", "errors"}`).
 * @param {string | undefined} rawUrl
 */
function isV1(rawUrl) {
  const path = (rawUrl ?? '').split('?')[0];
  return path.startsWith('/webapi/') && !path.startsWith('/webapi/v2/');
}

/**
 * Any failure before a stream started becomes a JSON error; after, the stream is just closed.
 * @param {ServerResponse} res
 * @param {unknown} err
 * @param {boolean} envelope
 */
function replyToFailure(res, err, envelope) {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (err instanceof RequestError) return sendError(res, err.status, err.code, err.message, err.field, envelope);
  console.error('[mock-alli] unexpected failure:', err);
  sendError(res, 500, 'INTERNAL_ERROR', 'the mock hit an unexpected error', undefined, envelope);
}
