// @ts-check
/**
 * The mock's own routes beside the App Market: the server-to-server token mint
 * (docs/protocol.md §2 [choice]) and the test hooks under `/__mock/`.
 */
import { apiKeyMatches } from './auth.js';
import { RequestError, readJsonObject, sendError, sendJson } from './http.js';

/** @typedef {import('node:http').IncomingMessage} IncomingMessage */
/** @typedef {import('node:http').ServerResponse} ServerResponse */

/**
 * @param {object} deps
 * @param {import('./auth.js').TokenStore} deps.tokens
 * @param {import('./store.js').ConversationStore} deps.conversations
 * @param {string} deps.apiKey
 */
export function createTokenRoutes({ tokens, conversations, apiKey }) {
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

  return { mintToken, debugRoute };
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
