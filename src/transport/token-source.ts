/**
 * The widget's only credential: a short-lived bearer token handed out by the host site
 * (docs/protocol.md §2). Kept in memory only, never logged, refreshed ahead of expiry with one
 * refresh in flight however many callers wait, and refreshed once more after a 401.
 *
 * Pure logic: no DOM, no Lit. Time comes from `Date.now` and timers from `setTimeout`, so
 * tests drive it with fake timers.
 */
import { AlliError, ErrorCode, isAbortError } from '../model/errors.js';
import { abortableDelay } from './abortable-delay.js';
import { parseRetryAfter } from './retry-after.js';
import type { TokenGrant } from '../model/types.js';

/** A validated grant, as the token source holds it. */
export interface AccessToken {
  readonly token: string;
  /** Epoch ms. */
  readonly expiresAt: number;
  /** Epoch ms: when this token was received. */
  readonly issuedAt: number;
  /** Epoch ms: when a proactive refresh is due. */
  readonly refreshAt: number;
  /** Sent as `OWN-USER-ID` when present. */
  readonly userId?: string;
  /** Sent as `USER-EMAIL` when present. */
  readonly userEmail?: string;
  /** The grant's `apiBase` as an origin: the token is sent there and nowhere else. */
  readonly audience?: string;
}

export interface TokenSourceOptions {
  /** The host site's token route; the widget `POST`s there with the page's cookies. */
  tokenUrl?: string;
  /** Or a host callback; `current` is the token being replaced, if any. */
  getToken?: (current?: AccessToken) => Promise<TokenGrant>;
  /** Used for `tokenUrl`; defaults to the global `fetch` at call time. */
  fetch?: typeof fetch;
  /** Attempts per refresh when the token route fails transiently (network, 5xx, 429). */
  attempts?: number;
  /** First backoff delay; doubles per attempt, capped at `maxDelayMs`. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Refresh proactively on a timer (default true). The token is also checked before each use. */
  autoRefresh?: boolean;
}

export interface TokenSource {
  /** A token valid for at least a few more seconds; refreshes first when needed. */
  get(): Promise<AccessToken>;
  /**
   * Forces a refresh. With `stale`, a refresh that already replaced that token is reused, so
   * many callers that saw the same 401 cause one request.
   */
  refresh(stale?: AccessToken): Promise<AccessToken>;
  /**
   * Runs `request` with a token. On `401` it forces one refresh and runs `request` once more;
   * a second `401` throws `AlliError('unauthorized')`.
   */
  authorize(request: (token: AccessToken) => Promise<Response>): Promise<Response>;
  /** The token held now, if any (for headers only: never log or persist it). */
  readonly current: AccessToken | undefined;
  /**
   * Checks the held token against the clock now (call it when the page becomes visible
   * again, e.g. after the laptop slept past the token's expiry, and when the connection
   * comes back): a token due for refresh is refreshed in the background and the refresh timer
   * is re-armed. A failure is not lost: the next `get()` tries again before use.
   */
  revalidate(): void;
  /** Stops the refresh timer, cancels a token request in flight, and forgets the token. */
  dispose(): void;
}

/** Refresh at 80 % of the lifetime, never later than 30 s before expiry, never before half of it. */
const REFRESH_FRACTION = 0.8;
const REFRESH_LEAD_MS = 30_000;
const MIN_FRACTION = 0.5;
/** A token this close to expiry is not handed out: the request might arrive after it. */
const USE_MARGIN_MS = 5_000;

export function refreshTimeFor(issuedAt: number, expiresAt: number): number {
  const lifetime = Math.max(0, expiresAt - issuedAt);
  const atFraction = issuedAt + lifetime * REFRESH_FRACTION;
  const beforeExpiry = expiresAt - REFRESH_LEAD_MS;
  return Math.max(issuedAt + lifetime * MIN_FRACTION, Math.min(atFraction, beforeExpiry));
}

function invalidGrant(reason: string): AlliError {
  return new AlliError('token', `The sign-in token is invalid: ${reason}.`, { code: ErrorCode.InvalidGrant });
}

/** Validates what the token route or `getToken` returned (docs/protocol.md §2). */
export function parseGrant(value: unknown, now: number): AccessToken {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidGrant('expected a JSON object with "token" and "expiresAt" or "expiresIn"');
  }
  const grant = value as Record<string, unknown>;
  if (typeof grant.token !== 'string' || grant.token.trim() === '') {
    throw invalidGrant('"token" must be a non-empty string');
  }
  let expiresAt: number;
  if (grant.expiresAt !== undefined) {
    if (typeof grant.expiresAt !== 'number' || !Number.isFinite(grant.expiresAt)) {
      throw invalidGrant('"expiresAt" must be a number (epoch milliseconds)');
    }
    if (grant.expiresAt < 1e12) {
      throw invalidGrant('"expiresAt" looks like seconds; it must be epoch milliseconds');
    }
    expiresAt = grant.expiresAt;
  } else if (grant.expiresIn !== undefined) {
    if (typeof grant.expiresIn !== 'number' || !Number.isFinite(grant.expiresIn) || grant.expiresIn <= 0) {
      throw invalidGrant('"expiresIn" must be a positive number of seconds');
    }
    expiresAt = now + grant.expiresIn * 1000;
  } else {
    throw invalidGrant('it has neither "expiresAt" nor "expiresIn"');
  }
  if (expiresAt <= now + USE_MARGIN_MS) {
    throw invalidGrant('it has already expired (check the server clock and the token lifetime)');
  }
  for (const key of ['userId', 'userEmail'] as const) {
    if (grant[key] !== undefined && grant[key] !== null && typeof grant[key] !== 'string') {
      throw invalidGrant(`"${key}" must be a string`);
    }
  }
  // The Alli origin the token is for (docs/protocol.md §2): absolute http(s) or the grant is refused.
  const base = grant.apiBase == null ? undefined : tryUrl(grant.apiBase);
  if (grant.apiBase != null && !(base && /^https?:$/.test(base.protocol))) throw invalidGrant('"apiBase" must be an absolute http(s) URL');
  const audience = base?.origin;
  return Object.freeze({
    token: grant.token,
    ...(audience ? { audience } : {}),
    expiresAt,
    issuedAt: now,
    refreshAt: refreshTimeFor(now, expiresAt),
    ...(typeof grant.userId === 'string' && grant.userId !== '' ? { userId: grant.userId } : {}),
    ...(typeof grant.userEmail === 'string' && grant.userEmail !== '' ? { userEmail: grant.userEmail } : {}),
  });
}

function tryUrl(value: unknown): URL | undefined {
  try {
    return typeof value === 'string' ? new URL(value) : undefined;
  } catch {
    return undefined;
  }
}

class TransientTokenError extends Error {
  constructor(
    readonly error: AlliError,
    readonly retryAfterMs?: number,
  ) {
    super(error.message);
  }
}

export function createTokenSource(options: TokenSourceOptions): TokenSource {
  const { tokenUrl, getToken } = options;
  if (!tokenUrl && !getToken) {
    throw new AlliError('token', 'No token source: set the token-url attribute or the getToken property.');
  }
  const attempts = Math.max(1, options.attempts ?? 3);
  const baseDelayMs = options.baseDelayMs ?? 500;
  const maxDelayMs = options.maxDelayMs ?? 8_000;
  const autoRefresh = options.autoRefresh ?? true;

  let current: AccessToken | undefined;
  let inflight: Promise<AccessToken> | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let disposed = false;
  /** Bumped by dispose() so a late answer is dropped. */
  let generation = 0;
  /** Aborts the token route request and the backoff waits in flight (dispose). */
  const disposal = new AbortController();

  /** A backoff wait that dispose() ends at once (its timer cleared, not left to fire). */
  function sleep(ms: number): Promise<void> {
    return abortableDelay(ms, disposal.signal, 'The token source was disposed.');
  }


  async function fromUrl(url: string): Promise<TokenGrant> {
    const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    let res: Response;
    try {
      res = await doFetch(url, {
        method: 'POST',
        credentials: 'include',
        cache: 'no-store',
        // JSON, so a token route can refuse the bodies a cross-site form can send (CSRF).
        headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
        body: '{}',
        signal: disposal.signal,
      });
    } catch (cause) {
      if (disposal.signal.aborted) throw new AlliError('aborted', 'The token source was disposed.', { cause });
      throw new TransientTokenError(
        new AlliError('token', `Could not reach the sign-in token route (${url}).`, { cause }),
      );
    }
    if (!res.ok) {
      const err = new AlliError('token', `The sign-in token route (${url}) answered ${res.status}.`, {
        status: res.status,
      });
      if (res.status >= 500 || res.status === 429 || res.status === 408) {
        throw new TransientTokenError(err, parseRetryAfter(res.headers.get('Retry-After')));
      }
      throw err;
    }
    try {
      return (await res.json()) as TokenGrant;
    } catch (cause) {
      throw new AlliError('token', `The sign-in token route (${url}) did not answer with JSON.`, { cause });
    }
  }

  async function fetchGrantOnce(stale: AccessToken | undefined): Promise<AccessToken> {
    let raw: unknown;
    if (getToken) {
      try {
        raw = await getToken(stale);
      } catch (cause) {
        if (cause instanceof AlliError) throw cause;
        // A host callback that throws is treated as transient: hosts often proxy a network call.
        throw new TransientTokenError(
          new AlliError('token', `getToken() failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause }),
        );
      }
    } else {
      raw = await fromUrl(tokenUrl!);
    }
    return parseGrant(raw, Date.now());
  }

  async function fetchGrant(stale: AccessToken | undefined): Promise<AccessToken> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fetchGrantOnce(stale);
      } catch (err) {
        if (!(err instanceof TransientTokenError)) throw err;
        if (attempt >= attempts || disposed) throw err.error;
        const backoff = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
        await sleep(Math.max(backoff, Math.min(err.retryAfterMs ?? 0, maxDelayMs)));
      }
    }
  }

  function schedule(token: AccessToken): void {
    clearTimeout(timer);
    timer = undefined;
    if (!autoRefresh || disposed) return;
    const delay = Math.max(0, token.refreshAt - Date.now());
    timer = setTimeout(() => {
      timer = undefined;
      // Background refresh: a failure here is not lost; the next get() retries before use.
      refresh(token).catch(() => {});
    }, delay);
  }

  function refresh(stale?: AccessToken): Promise<AccessToken> {
    if (disposed) return Promise.reject(new AlliError('aborted', 'The token source was disposed.'));
    if (stale && current && current !== stale) return Promise.resolve(current);
    if (inflight) return inflight;
    const gen = generation;
    inflight = fetchGrant(stale ?? current)
      .then((token) => {
        if (gen !== generation) throw new AlliError('aborted', 'The token source was disposed.');
        current = token;
        schedule(token);
        return token;
      })
      .finally(() => {
        if (gen === generation) inflight = undefined;
      });
    return inflight;
  }

  async function get(): Promise<AccessToken> {
    const now = Date.now();
    if (current && now < current.refreshAt) return current;
    if (current && now < current.expiresAt - USE_MARGIN_MS) {
      // Due for refresh but still usable: use it now, refresh alongside.
      refresh(current).catch(() => {});
      return current;
    }
    return refresh(current);
  }

  function revalidate(): void {
    if (disposed || !current || inflight) return;
    if (Date.now() >= current.refreshAt) refresh(current).catch(() => {});
    // Timers may have been frozen (sleep, background tab): arm the refresh again from now.
    else schedule(current);
  }

  async function authorize(request: (token: AccessToken) => Promise<Response>): Promise<Response> {
    const token = await get();
    const first = await request(token);
    if (first.status !== 401) return first;
    await first.body?.cancel().catch(() => {});
    const fresh = await refresh(token);
    const second = await request(fresh);
    if (second.status !== 401) return second;
    let code: string | undefined;
    try {
      const body = (await second.json()) as { error?: { name?: string }; message?: string };
      code = body?.error?.name ?? body?.message;
    } catch (err) {
      if (isAbortError(err)) throw err;
    }
    throw new AlliError('unauthorized', 'Your chat session could not be signed in. Reload the page or sign in again.', {
      status: 401,
      code: code ?? ErrorCode.InvalidToken,
    });
  }

  return {
    get,
    refresh,
    authorize,
    revalidate,
    get current() {
      return current;
    },
    dispose() {
      disposed = true;
      generation += 1;
      disposal.abort();
      clearTimeout(timer);
      timer = undefined;
      current = undefined;
      inflight = undefined;
    },
  };
}
