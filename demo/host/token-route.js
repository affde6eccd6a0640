// @ts-check
/**
 * The demo host site's token route (docs/protocol.md §2), built on the package's own handler:
 * on a real site this file is
 *
 *   import { createTokenHandler, toNodeListener } from '@allganize/alli-chat/server';
 *
 * with `identify` reading the site's login session. The demo has no login, so a visitor is a
 * random id in an HttpOnly cookie, set on the first grant. The handler refuses cross-site and
 * non-JSON requests before `identify` runs, so no other site can mint an identity or replace
 * the cookie (and with it the visitor's stored conversation).
 */
import { randomBytes } from 'node:crypto';
import { tsImport } from 'tsx/esm/api';

/** @type {typeof import('../../src/server/index.js')} */
const server = await tsImport('../../src/server/index.ts', import.meta.url);

/** @typedef {import('node:http').IncomingMessage} IncomingMessage */
/** @typedef {import('node:http').ServerResponse} ServerResponse */

const USER_COOKIE = 'alli_demo_user';
const USER_ID_SHAPE = /^demo-[A-Za-z0-9_-]{8,64}$/;
const MIN_TTL = 5;
const MAX_TTL = 3600;

/**
 * @typedef {object} TokenRouteOptions
 * @property {string | (() => string)} alliBase where Alli (or the mock) lives: configuration, never the
 *   request's Host (a function when the port is known only once the server listens)
 * @property {string} apiKey         the project's key (the mock's dev key in the demo)
 * @property {string} [path]         default `/alli/token`
 * @property {number} [ttlSeconds]   token lifetime (default: the handler's 300 s)
 * @property {string[]} [allowedOrigins] other origins whose pages may call the route (CORS by allow-list)
 */

/**
 * @param {TokenRouteOptions} options
 * @returns {{ claims: (url: string | undefined) => boolean, handle: (req: IncomingMessage, res: ServerResponse) => void }}
 */
export function createTokenRoute({ alliBase, apiKey, path = '/alli/token', ttlSeconds, allowedOrigins = [] }) {
  /** One handler per lifetime: `?ttl=` lets token-refresh tests ask for short-lived tokens. */
  /** @type {Map<number | undefined, (req: IncomingMessage, res: ServerResponse) => Promise<void>>} */
  const listeners = new Map();
  /** @param {number | undefined} ttl */
  function listenerFor(ttl) {
    let listener = listeners.get(ttl);
    if (!listener) {
      const base = typeof alliBase === 'function' ? alliBase() : alliBase;
      const handler = server.createTokenHandler({ apiKey, alliBase: base, allowedOrigins, identify: identifyDemoVisitor, ...(ttl === undefined ? {} : { ttlSeconds: ttl }) });
      listener = server.toNodeListener(handler);
      listeners.set(ttl, listener);
    }
    return listener;
  }

  return {
    claims: (url) => (url ?? '').split('?')[0] === path,
    handle(req, res) {
      void listenerFor(requestedTtl(req.url) ?? ttlSeconds)(req, res);
    },
  };
}

/**
 * The demo's notion of a signed-in visitor: the id in its cookie, or a new one with the cookie
 * to set (Secure when the page is https).
 * @param {Request} request
 * @returns {import('../../src/server/index.js').TokenVisitor}
 */
export function identifyDemoVisitor(request) {
  const existing = readCookie(request.headers.get('Cookie'), USER_COOKIE);
  if (existing && USER_ID_SHAPE.test(existing)) return { userId: existing };
  const userId = `demo-${randomBytes(12).toString('base64url')}`;
  const secure = new URL(request.url).protocol === 'https:' ? '; Secure' : '';
  return { userId, headers: { 'Set-Cookie': `${USER_COOKIE}=${userId}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${180 * 24 * 3600}${secure}` } };
}

/**
 * @param {string | null} header
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
 * `?ttl=` (seconds, clamped to 5–3600).
 * @param {string | undefined} url
 */
function requestedTtl(url) {
  const raw = new URL(url ?? '/', 'http://host.invalid').searchParams.get('ttl');
  if (raw === null || raw === '') return undefined;
  const ttl = Number(raw);
  return Number.isFinite(ttl) ? Math.round(Math.min(MAX_TTL, Math.max(MIN_TTL, ttl))) : undefined;
}
