// @ts-check
/**
 * Short-lived bearer tokens (docs/protocol.md §2 [choice]): minted server-to-server with the
 * project's API key, each bound to one user, accepted only before expiry.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { RequestError } from './http.js';

/** @typedef {{ userId: string, expiresAt: number }} TokenRecord */

const DEFAULT_TTL_SECONDS = 300;
const MIN_TTL_SECONDS = 1;
const MAX_TTL_SECONDS = 24 * 3600;

export class TokenStore {
  /** @type {Map<string, TokenRecord>} */
  #tokens = new Map();
  #now;

  /** @param {() => number} [now] injectable clock (epoch ms) */
  constructor(now = Date.now) {
    this.#now = now;
  }

  /**
   * @param {{ userId?: string, ttlSeconds?: number }} [options]
   * @returns {{ token: string, expiresAt: number, userId: string }}
   */
  mint({ userId, ttlSeconds } = {}) {
    this.#forgetExpired();
    const ttl = clampTtl(ttlSeconds);
    const token = `mock_${randomBytes(24).toString('base64url')}`;
    const record = {
      userId: userId || `anon-${randomBytes(6).toString('hex')}`,
      expiresAt: this.#now() + Math.round(ttl * 1000),
    };
    this.#tokens.set(token, record);
    return { token, ...record };
  }

  /**
   * The record of a valid bearer token from an Authorization header, else `undefined`.
   * @param {string | undefined} authorization
   */
  verify(authorization) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match) return undefined;
    const record = this.#tokens.get(match[1]);
    if (!record) return undefined;
    if (record.expiresAt <= this.#now()) {
      this.#tokens.delete(match[1]);
      return undefined;
    }
    return record;
  }

  #forgetExpired() {
    const now = this.#now();
    for (const [token, record] of this.#tokens) if (record.expiresAt <= now) this.#tokens.delete(token);
  }
}

/**
 * @param {unknown} ttlSeconds
 * @returns {number}
 */
function clampTtl(ttlSeconds) {
  if (ttlSeconds === undefined || ttlSeconds === null) return DEFAULT_TTL_SECONDS;
  if (typeof ttlSeconds !== 'number' || !Number.isFinite(ttlSeconds)) {
    throw new RequestError(400, 'BAD_REQUEST', 'ttlSeconds must be a number of seconds', 'ttlSeconds');
  }
  return Math.min(MAX_TTL_SECONDS, Math.max(MIN_TTL_SECONDS, ttlSeconds));
}

/**
 * Compares an API key in constant time, so the mock does not teach a timing side channel.
 * @param {string | string[] | undefined} given
 * @param {string} expected
 */
export function apiKeyMatches(given, expected) {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Decodes an `OWN-USER-ID` header: non-ASCII ids travel as `base64:` + base64(UTF-8).
 * @param {string | string[] | undefined} header
 * @returns {string | undefined}
 */
export function decodeOwnUserId(header) {
  const raw = Array.isArray(header) ? header[0] : header;
  if (raw === undefined || raw === '') return undefined;
  if (!raw.startsWith('base64:')) return raw;
  const encoded = raw.slice('base64:'.length);
  const bytes = Buffer.from(encoded, 'base64');
  // Buffer.from ignores junk silently; a round trip proves the header really was base64.
  if (bytes.toString('base64').replace(/=+$/, '') !== encoded.replace(/=+$/, '')) {
    throw new RequestError(400, 'BAD_REQUEST', 'OWN-USER-ID after "base64:" is not valid base64', 'OWN-USER-ID');
  }
  const text = new TextDecoder('utf-8', { fatal: true });
  try {
    return text.decode(bytes);
  } catch {
    throw new RequestError(400, 'BAD_REQUEST', 'OWN-USER-ID after "base64:" is not UTF-8', 'OWN-USER-ID');
  }
}
