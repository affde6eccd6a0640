/**
 * The shapes a form's typed values are checked against (docs/protocol.md §6): numbers (also
 * full-width and comma-grouped), calendar dates, phone numbers, e-mail addresses, and the
 * server's own pattern, compiled only when it is short and cannot backtrack exponentially.
 * Pure; used by form-model.ts.
 */
import { isSafePattern } from './pattern-safety.js';

export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/u;
const TEL_CHARS = /^\+?[0-9 ().-]+$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const GROUPED_NUMBER = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;

/** NFKC (full-width digits and symbols → ASCII), trimmed. */
export function normalized(value: string): string {
  return value.normalize('NFKC').trim();
}

/** The number typed, or `undefined` when the text is not a number. */
export function parseNumber(text: string): number | undefined {
  const t = normalized(text).replace(/\u2212/g, '-');
  let n: number | undefined;
  if (PLAIN_NUMBER.test(t)) n = Number(t);
  else if (GROUPED_NUMBER.test(t)) n = Number(t.replace(/,/g, ''));
  return n !== undefined && Number.isFinite(n) ? n : undefined;
}

/** Whether `text` is `YYYY-MM-DD` and that day exists (no 2025-02-30). */
export function isCalendarDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** A phone number: digits, spaces, `+` (first only), brackets, dots, dashes, with 7–20 digits. */
export function isPhoneNumber(text: string): boolean {
  if (!TEL_CHARS.test(text)) return false;
  const digits = text.replace(/\D/g, '').length;
  return digits >= 7 && digits <= 20;
}

/** Longer server patterns are left to the server (FORM_INVALID). */
export const MAX_PATTERN_LENGTH = 256;

/**
 * The server's pattern as a whole-value matcher, like HTML's `pattern` attribute; `undefined`
 * when there is none, it does not compile (a bad regex from the server must not break the form),
 * it is longer than MAX_PATTERN_LENGTH, or pattern-safety.ts finds it may backtrack
 * catastrophically (`(\w+\s?)+` took 58 s on a 47-character sentence): such a pattern is left
 * to the server.
 */
export function compilePattern(pattern: string | undefined): RegExp | undefined {
  if (!pattern || pattern.length > MAX_PATTERN_LENGTH) return undefined;
  try {
    const re = new RegExp(`^(?:${pattern})$`, 'u');
    return isSafePattern(pattern) ? re : undefined;
  } catch {
    return undefined;
  }
}
