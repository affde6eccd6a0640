/**
 * What the visitor reads for an error: a sentence in their language that says what happened
 * and what to do. The error's code stays in the `alli-error` event for the host.
 */
import { isTransientTokenError } from '../conversation/retry-policy.js';
import type { PanelStrings } from '../i18n/strings.js';
import { ErrorCode, type AlliError } from '../model/errors.js';
import { isSetupError } from './start-problems.js';

/** A fault-specific sentence, or undefined for the general one of the error's kind. */
function faultText(error: AlliError, s: PanelStrings, online: boolean): string | undefined {
  if (error.code === ErrorCode.Stalled) return s.errorStalled;
  if (isSetupError(error)) return s.notConfigured;
  if (error.code === ErrorCode.ConnectionLost) return s.errorConnectionLost;
  if (isTransientTokenError(error)) return s.errorTokenUnavailable;
  // A proxy's error page: its words as plain text (bodyExcerpt has no tags), never its HTML.
  if (error.kind === 'server' && error.bodyExcerpt) {
    const status = error.status && !error.bodyExcerpt.includes(String(error.status)) ? `${error.status} ` : '';
    return s.errorServerDetail(`${status}${error.bodyExcerpt}`);
  }
  // Online, a failed request is a lost connection, not "you seem to be offline".
  if (error.kind === 'network' && online) return s.errorConnectionLost;
  return undefined;
}

export function describeError(error: AlliError, s: PanelStrings, online: boolean): string {
  const fault = faultText(error, s, online);
  if (fault) return fault;
  // A code the server names is for support, never the visitor's sentence (it stays in `title`
  // and in the `alli-error` event): a documented one has its own sentence.
  const code = error.code;
  if (code !== undefined && Object.hasOwn(s.errorCodes, code)) return s.errorCodes[code];
  switch (error.kind) {
    case 'network':
      return s.errorNetwork;
    case 'unauthorized':
    case 'token':
      return s.errorSignIn;
    case 'rate-limited':
      return s.errorRateLimited(Math.ceil((error.retryAfterMs ?? 5000) / 1000));
    case 'server':
      return s.errorServer;
    default:
      // A bare code (`INVALID_TOKEN` as the message) is not a sentence: the general one instead.
      return error.message && error.message !== code && !/^[A-Z0-9_]+$/.test(error.message) ? error.message : s.errorGeneric;
  }
}

/** Seconds left until `at` (epoch ms), at least 1: for "retrying in N s". */
export function secondsUntil(at: number): number {
  return Math.max(1, Math.ceil((at - Date.now()) / 1000));
}
