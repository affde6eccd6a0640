// @ts-check
/**
 * The host site's token route (docs/protocol.md §2): the only place that holds the Alli API key.
 * The page `POST`s here; the route decides who the user is from its own session (in this demo,
 * a cookie it sets itself), asks Alli for a short-lived token for that user, and hands the page
 * a `TokenGrant` `{ token, expiresAt, userId }`. The key never leaves the server.
 *
 * A real site replaces the cookie with its login session and `alliBase` with Alli's backend.
 */
import { randomBytes } from 'node:crypto';

/** @typedef {import('node:http').IncomingMessage} IncomingMessage */
/** @typedef {import('node:http').ServerResponse} ServerResponse */

const USER_COOKIE = 'alli_demo_user';
const USER_ID_SHAPE = /^demo-[A-Za-z0-9_-]{8,64}$/;
const MIN_TTL = 5;
const MAX_TTL = 3600;
const MINT_TIMEOUT_MS = 5000;

/**
 * @typedef {object} TokenRouteOptions
 * @property {string} [alliBase]   where Alli (or the mock) lives; default: this same server
 * @property {string} [apiKey]     default `$MOCK_ALLI_API_KEY` or the mock's dev key
 * @property {string} [path]       default `/alli/token`
 * @property {number} [ttlSeconds] token lifetime to ask for (default: Alli's default)
 * @property {boolean} [cors]      answer cross-origin pages (credentialed, Origin echoed); default false,
 *                                 because a token route should normally serve its own site only
 */

/**
 * @param {TokenRouteOptions} [options]
 * @returns {{ claims: (url: string | undefined) => boolean, handle: (req: IncomingMessage, res: ServerResponse) => void }}
 */
export function createTokenRoute({
  alliBase,
  apiKey = process.env.MOCK_ALLI_API_KEY ?? 'mock-alli-dev-key',
  path = '/alli/token',
  ttlSeconds,
  cors = false,
} = {}) {
  /** @param {string | undefined} url */
  const claims = (url) => (url ?? '').split('?')[0] === path;

  /**
   * @param {IncomingMessage} req
   * @param {ServerResponse} res
   */
  async function respond(req, res) {
    if (cors) applyCors(req, res);
    if (cors && req.method === 'OPTIONS') return answerPreflight(res);
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      return sendJson(res, 405, { error: { name: 'METHOD_NOT_ALLOWED' }, message: 'POST to get a token' });
    }
    req.resume(); // the body (if any) is not used: who the user is comes from the cookie
    const userId = demoUser(req, res);
    const ttl = requestedTtl(req.url) ?? ttlSeconds;
    const base = alliBase ?? `http://${req.headers.host}`;
    const minted = await mint(base, apiKey, userId, ttl);
    if (!minted.ok) {
      console.error(`[token-route] minting a token failed: ${minted.reason}`);
      return sendJson(res, 502, { error: { name: 'TOKEN_MINT_FAILED' }, message: 'Could not get a chat token from Alli. Try again shortly.' });
    }
    sendJson(res, 200, { token: minted.token, expiresAt: minted.expiresAt, userId });
  }

  return {
    claims,
    handle(req, res) {
      respond(req, res).catch((err) => {
        console.error('[token-route] unexpected failure:', err);
        if (!res.headersSent) sendJson(res, 500, { error: { name: 'INTERNAL_ERROR' }, message: 'The token route failed.' });
        else res.destroy();
      });
    },
  };
}

/**
 * The demo's notion of a signed-in user: a random id in an HttpOnly cookie, set on first visit.
 * @param {IncomingMessage} req
 * @param {ServerResponse} res
 */
function demoUser(req, res) {
  const existing = readCookie(req.headers.cookie, USER_COOKIE);
  if (existing && USER_ID_SHAPE.test(existing)) return existing;
  const userId = `demo-${randomBytes(12).toString('base64url')}`;
  res.setHeader('Set-Cookie', `${USER_COOKIE}=${userId}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${180 * 24 * 3600}`);
  return userId;
}

/**
 * @param {string | undefined} header
 * @param {string} name
 */
function readCookie(header, name) {
  for (const pair of (header ?? '').split(';')) {
    const at = pair.indexOf('=');
    if (at > 0 && pair.slice(0, at).trim() === name) return pair.slice(at + 1).trim();
  }
  return undefined;
}

/**
 * `?ttl=` (seconds, clamped to 5–3600) lets token-refresh tests ask for short-lived tokens.
 * @param {string | undefined} url
 */
function requestedTtl(url) {
  const raw = new URL(url ?? '/', 'http://host.invalid').searchParams.get('ttl');
  if (raw === null || raw === '') return undefined;
  const ttl = Number(raw);
  return Number.isFinite(ttl) ? Math.min(MAX_TTL, Math.max(MIN_TTL, ttl)) : undefined;
}

/**
 * Calls Alli's mint over real HTTP, as a separate host backend would.
 * @param {string} base
 * @param {string} apiKey
 * @param {string} userId
 * @param {number | undefined} ttlSeconds
 * @returns {Promise<{ ok: true, token: string, expiresAt: number } | { ok: false, reason: string }>}
 */
async function mint(base, apiKey, userId, ttlSeconds) {
  try {
    const response = await fetch(`${base}/webapi/v2/auth/token`, {
      method: 'POST',
      headers: { 'API-KEY': apiKey, 'Content-Type': 'application/json' },
      body: JSON.stringify({ ownUserId: userId, ttlSeconds }),
      signal: AbortSignal.timeout(MINT_TIMEOUT_MS),
    });
    if (!response.ok) return { ok: false, reason: `HTTP ${response.status}` };
    const body = await response.json();
    if (typeof body?.token !== 'string' || typeof body?.expiresAt !== 'number') {
      return { ok: false, reason: 'the mint answered without token/expiresAt' };
    }
    return { ok: true, token: body.token, expiresAt: body.expiresAt };
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message : String(err) };
  }
}

/**
 * @param {IncomingMessage} req
 * @param {ServerResponse} res
 */
function applyCors(req, res) {
  res.setHeader('Vary', 'Origin');
  if (!req.headers.origin) return;
  res.setHeader('Access-Control-Allow-Origin', req.headers.origin);
  res.setHeader('Access-Control-Allow-Credentials', 'true');
}

/** @param {ServerResponse} res */
function answerPreflight(res) {
  res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
  res.setHeader('Access-Control-Allow-Headers', 'Content-Type');
  res.setHeader('Access-Control-Max-Age', '600');
  res.statusCode = 204;
  res.end();
}

/**
 * @param {ServerResponse} res
 * @param {number} status
 * @param {unknown} body
 */
function sendJson(res, status, body) {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  // A grant is per user and short-lived: no cache may keep it or hand it to someone else.
  res.setHeader('Cache-Control', 'no-store');
  res.end(JSON.stringify(body));
}
