/**
 * The host site's token route as a Web-standard handler (docs/protocol.md §2): the page POSTs
 * here, the host says who the visitor is, and the handler asks Alli for a short-lived token
 * for that visitor with the project's API key, which never leaves the server.
 *
 *   const handler = createTokenHandler({
 *     apiKey: process.env.ALLI_API_KEY!, alliBase: 'https://backend.alli.ai',
 *     identify: async (request) => { const user = await session(request); return user && { userId: user.id }; },
 *   });
 *   export const POST = handler; // Next.js route handler, Hono, Deno.serve, a Worker…
 *
 * It runs wherever `Request`, `Response` and `fetch` exist; token-handler-node.ts adapts it to
 * Node's `http` and Express.
 */

/** Who the visitor is, as the host site knows them. */
export interface TokenVisitor {
  /** The host's stable id for this visitor (Alli's `ownUserId`). */
  userId: string;
  /** Optional e-mail known to the host, passed on to Alli. */
  userEmail?: string;
  /** Extra headers for the grant response only (e.g. a `Set-Cookie` for a new anonymous session). */
  headers?: HeadersInit;
}

export interface TokenHandlerOptions {
  /** The project's Alli API key. Required: there is no default and no development fallback. */
  apiKey: string;
  /** The Alli origin to mint at and to send the widget to, e.g. `https://backend.alli.ai`. */
  alliBase: string;
  /**
   * Says who is asking, from the host's own session (cookie, header…). Return `null` or
   * `undefined` to refuse with 401: nothing is minted without a visitor.
   */
  identify: (request: Request) => TokenVisitor | null | undefined | Promise<TokenVisitor | null | undefined>;
  /**
   * Other origins whose pages may call this route (exact origins such as
   * `https://shop.example.com`). Same-origin pages never need to be listed. Default: none.
   */
  allowedOrigins?: readonly string[];
  /** Token lifetime to ask Alli for, 5–3600 s. Default 300: the widget renews as needed. */
  ttlSeconds?: number;
  /** Injectable for tests and proxies; defaults to the global `fetch`. */
  fetch?: typeof fetch;
  /** Where failures are reported (never with the key); default `console.error`. */
  log?: (message: string) => void;
}

/** What the route answers on success: what the widget's `token-url` expects. */
export interface TokenHandlerGrant {
  token: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  userId: string;
  /** The Alli origin this token is for: the widget sends it nowhere else. */
  apiBase: string;
}

export type TokenHandler = (request: Request) => Promise<Response>;

const DEFAULT_TTL_SECONDS = 300;
const MIN_TTL_SECONDS = 5;
const MAX_TTL_SECONDS = 3600;
const MAX_BODY_BYTES = 4096;
const MINT_TIMEOUT_MS = 10_000;
const MINT_PATH = '/webapi/v2/auth/token';

/** Error codes of the route's JSON error bodies (`{ error: { name }, message }`). */
export type TokenHandlerErrorName =
  | 'METHOD_NOT_ALLOWED'
  | 'CROSS_SITE_REQUEST'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'BAD_REQUEST'
  | 'UNAUTHENTICATED'
  | 'TOKEN_MINT_FAILED'
  | 'INTERNAL_ERROR';

/**
 * @throws TypeError when `apiKey`, `alliBase` or `identify` is missing or malformed, so a
 * misconfigured server fails at start-up rather than on a visitor's request.
 */
export function createTokenHandler(options: TokenHandlerOptions): TokenHandler {
  const { apiKey, identify } = options;
  if (typeof apiKey !== 'string' || apiKey.trim() === '') throw new TypeError('createTokenHandler: `apiKey` is required (the project\'s Alli API key, from your server\'s configuration)');
  if (typeof identify !== 'function') throw new TypeError('createTokenHandler: `identify(request)` is required: it says who the visitor is, or refuses');
  const alliBase = originOf(options.alliBase, 'alliBase');
  const allowed = new Set((options.allowedOrigins ?? []).map((o) => originOf(o, 'allowedOrigins')));
  const ttlSeconds = options.ttlSeconds ?? DEFAULT_TTL_SECONDS;
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < MIN_TTL_SECONDS || ttlSeconds > MAX_TTL_SECONDS) {
    throw new TypeError(`createTokenHandler: \`ttlSeconds\` must be a whole number from ${MIN_TTL_SECONDS} to ${MAX_TTL_SECONDS}`);
  }
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
  // Whatever fails, the key is cut out of what is logged: an upstream error may quote a header.
  const log = (message: string) => (options.log ?? console.error)(`[alli token handler] ${message.split(apiKey).join('[API key]')}`);

  return async function handleTokenRequest(request: Request): Promise<Response> {
    const origin = request.headers.get('Origin');
    const cors = origin !== null && allowed.has(origin) ? origin : undefined;
    const reply = (status: number, body: unknown, extra?: HeadersInit) => json(status, body, cors, extra);
    try {
      if (request.method === 'OPTIONS') {
        if (!cors) return reply(403, errorBody('CROSS_SITE_REQUEST', 'This origin may not call the token route.'));
        return preflight(cors);
      }
      if (request.method !== 'POST') {
        return reply(405, errorBody('METHOD_NOT_ALLOWED', 'POST to this route to get a chat token.'), { Allow: 'POST' });
      }
      if (!sameSiteOrAllowed(request, origin, cors)) {
        return reply(403, errorBody('CROSS_SITE_REQUEST', 'Cross-site requests may not get a token: add the page\'s origin to allowedOrigins if it should.'));
      }
      const mediaType = (request.headers.get('Content-Type') ?? '').split(';')[0].trim().toLowerCase();
      if (mediaType !== 'application/json') {
        return reply(415, errorBody('UNSUPPORTED_MEDIA_TYPE', 'Send the request as application/json (an empty object `{}` will do).'));
      }
      if (!(await readsAsJsonObject(request))) {
        return reply(400, errorBody('BAD_REQUEST', `The body must be a JSON object of at most ${MAX_BODY_BYTES} bytes.`));
      }
      const visitor = await identify(request);
      if (!visitor) return reply(401, errorBody('UNAUTHENTICATED', 'Sign in to use the chat.'));
      if (typeof visitor.userId !== 'string' || visitor.userId === '') {
        log('identify() returned a visitor without a userId');
        return reply(500, errorBody('INTERNAL_ERROR', 'The token route could not tell who you are.'));
      }
      const minted = await mint(visitor);
      if (!minted.ok) {
        log(`minting a token at ${alliBase} failed: ${minted.reason}`);
        return reply(502, errorBody('TOKEN_MINT_FAILED', 'Could not get a chat token from Alli. Try again shortly.'));
      }
      const grant: TokenHandlerGrant = { token: minted.token, expiresAt: minted.expiresAt, userId: visitor.userId, apiBase: alliBase };
      return reply(200, grant, visitor.headers);
    } catch (err) {
      log(`unexpected failure: ${err instanceof Error ? err.message : String(err)}`);
      return reply(500, errorBody('INTERNAL_ERROR', 'The token route failed.'));
    }
  };

  async function mint(visitor: TokenVisitor): Promise<{ ok: true; token: string; expiresAt: number } | { ok: false; reason: string }> {
    try {
      const response = await doFetch(alliBase + MINT_PATH, {
        method: 'POST',
        headers: { 'API-KEY': apiKey, 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ ownUserId: visitor.userId, ...(visitor.userEmail ? { userEmail: visitor.userEmail } : {}), ttlSeconds }),
        redirect: 'error', // the key goes to alliBase and nowhere a redirect points
        signal: AbortSignal.timeout(MINT_TIMEOUT_MS),
      });
      if (!response.ok) {
        await response.body?.cancel();
        return { ok: false, reason: `HTTP ${response.status}` };
      }
      const body = (await response.json()) as { token?: unknown; expiresAt?: unknown };
      if (typeof body?.token !== 'string' || typeof body.expiresAt !== 'number') return { ok: false, reason: 'the answer had no token and expiresAt' };
      return { ok: true, token: body.token, expiresAt: body.expiresAt };
    } catch (err) {
      return { ok: false, reason: err instanceof Error ? err.message : String(err) };
    }
  }
}

/**
 * A browser says where a request comes from with `Sec-Fetch-Site` (current browsers) and
 * `Origin` (every browser on POST). Either one naming another site refuses the request unless
 * the origin is allowed; a request with neither comes from no browser, so no cookie of a
 * visitor rides on it, and `identify` decides.
 */
function sameSiteOrAllowed(request: Request, origin: string | null, cors: string | undefined): boolean {
  if (cors) return true;
  const site = request.headers.get('Sec-Fetch-Site');
  if (site !== null && site !== 'same-origin') return false;
  if (origin === null) return true;
  // The route's own origin: this comparison is all the request's URL is used for.
  return origin === new URL(request.url).origin;
}

async function readsAsJsonObject(request: Request): Promise<boolean> {
  const declared = Number(request.headers.get('Content-Length') ?? '0');
  if (!(declared <= MAX_BODY_BYTES) || !request.body) return false;
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      return false;
    }
    chunks.push(value);
  }
  try {
    const parsed: unknown = JSON.parse(new TextDecoder().decode(concat(chunks, size)));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
  } catch {
    return false;
  }
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

function originOf(value: unknown, name: string): string {
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    throw new TypeError(`createTokenHandler: \`${name}\` must be an absolute http(s) origin such as https://backend.alli.ai, got ${JSON.stringify(value)}`);
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password || (url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    throw new TypeError(`createTokenHandler: \`${name}\` must be a bare http(s) origin such as https://backend.alli.ai, got ${JSON.stringify(value)}`);
  }
  return url.origin;
}

function errorBody(name: TokenHandlerErrorName, message: string) {
  return { error: { name }, message };
}

function json(status: number, body: unknown, cors: string | undefined, extra?: HeadersInit): Response {
  const headers = new Headers(extra);
  headers.set('Content-Type', 'application/json; charset=utf-8');
  // A grant is per visitor and short-lived: no cache may keep it or give it to someone else.
  headers.set('Cache-Control', 'no-store');
  headers.set('Vary', 'Origin, Cookie');
  if (cors) {
    headers.set('Access-Control-Allow-Origin', cors);
    headers.set('Access-Control-Allow-Credentials', 'true');
  }
  return new Response(JSON.stringify(body), { status, headers });
}

function preflight(cors: string): Response {
  return new Response(null, {
    status: 204,
    headers: {
      'Access-Control-Allow-Origin': cors,
      'Access-Control-Allow-Credentials': 'true',
      'Access-Control-Allow-Methods': 'POST',
      'Access-Control-Allow-Headers': 'Content-Type, Accept',
      'Access-Control-Max-Age': '600',
      Vary: 'Origin',
    },
  });
}
