/**
 * `Retry-After` (RFC 9110 §10.2.3) as milliseconds to wait, for Alli's answers and the token
 * route's alike: delta-seconds or an HTTP date. A date in the past means "now" (0); a negative
 * or unreadable value means the header says nothing (undefined); a wait beyond a day is cut to a
 * day, so a broken header cannot overflow a timer (callers cap it further to what they wait).
 */
export const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

const SECONDS = /^-?\d+(\.\d+)?$/;

export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  let ms: number;
  if (SECONDS.test(text)) {
    ms = Number(text) * 1000;
    if (ms < 0) return undefined;
  } else {
    // Every HTTP date form names its month or weekday; digits alone would parse as a year.
    if (!/[a-z]/i.test(text)) return undefined;
    const date = Date.parse(text);
    if (Number.isNaN(date)) return undefined;
    ms = Math.max(0, date - now);
  }
  return Math.min(ms, MAX_RETRY_AFTER_MS);
}
