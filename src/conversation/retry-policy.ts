/**
 * When a failed turn is sent again by itself, and after how long (issue 6, "Faults").
 * Pure: no DOM, no timers. The session asks `retryDelay` after each failure that happened
 * before any reply arrived; a turn whose reply has begun streaming is never resent.
 *
 * - `5xx` (Alli or a proxy in front of it): bounded backoff, 1 s then 3 s by default.
 * - `429`: waits `Retry-After` (capped), at most twice by default.
 * - The token route down (network, 5xx, 429, 408 from the host's route): the same backoff as
 *   5xx, on top of the token source's own short backoff; a refused or invalid grant is not
 *   retried (the host said no, retrying cannot help).
 * - Network failures, timeouts and everything else: never automatically. The request may have
 *   reached Alli, so the session checks the history instead (or waits in the outbox offline).
 */
import { ErrorCode, type AlliError } from '../model/errors.js';

export interface RetryPolicy {
  /** Delays before each automatic resend after a 5xx or an unreachable token route. */
  readonly serverDelaysMs: readonly number[];
  /** How many times a `429` is waited out and resent. */
  readonly rateLimitRetries: number;
  /** When a `429` carries no `Retry-After`. */
  readonly defaultRetryAfterMs: number;
  /** A `Retry-After` longer than this is not waited out: the turn fails with Retry at once. */
  readonly maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  serverDelaysMs: Object.freeze([1000, 3000]),
  rateLimitRetries: 2,
  defaultRetryAfterMs: 5000,
  maxRetryAfterMs: 60_000,
});

export type RetryReason = 'server' | 'rate-limited' | 'token';

export interface RetryDecision {
  readonly delayMs: number;
  readonly reason: RetryReason;
}

/** A token failure that a later attempt may get past (the route was down, not refusing). */
export function isTransientTokenError(error: AlliError): boolean {
  if (error.kind !== 'token' || error.code === ErrorCode.InvalidGrant) return false;
  const status = error.status;
  return status === undefined || status >= 500 || status === 429 || status === 408;
}

/**
 * Whether to resend after `error`, given how many automatic resends of each reason this turn
 * has had already. `undefined` means: leave the turn failed (with Retry).
 */
export function retryDelay(
  error: AlliError,
  previous: Readonly<Partial<Record<RetryReason, number>>>,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): RetryDecision | undefined {
  if (error.kind === 'rate-limited') {
    const done = previous['rate-limited'] ?? 0;
    if (done >= policy.rateLimitRetries) return undefined;
    const wait = error.retryAfterMs ?? policy.defaultRetryAfterMs;
    if (!(wait >= 0) || wait > policy.maxRetryAfterMs) return undefined;
    return { delayMs: wait, reason: 'rate-limited' };
  }
  const reason: RetryReason | undefined =
    error.kind === 'server' ? 'server' : isTransientTokenError(error) ? 'token' : undefined;
  if (!reason) return undefined;
  const done = previous[reason] ?? 0;
  const delay = policy.serverDelaysMs[done];
  return delay === undefined ? undefined : { delayMs: Math.max(0, delay), reason };
}

/** Merges partial overrides (e.g. from the element's `resilience` property) onto the defaults. */
export function retryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  return Object.freeze({ ...DEFAULT_RETRY_POLICY, ...overrides });
}
