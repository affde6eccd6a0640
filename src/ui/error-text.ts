/**
 * What people read about an error, loaded with the first error (docs/design.md §2): the
 * visitor's sentence in their language, which says what happened and what to do, with the
 * English sentences; and the site developer's console line for a conversation that cannot
 * start. The error's code stays in the `alli-error` event for the host. The panel hands over
 * what only the core can tell (`ErrorFacts`), so this chunk imports nothing else of it.
 */
import type { AlliChatStrings, ErrorStringKey, PanelStrings } from '../i18n/strings.js';
import type { AlliError, ErrorCodeName } from '../model/errors.js';

export { enErrors } from '../i18n/errors-en.js';

/** What the core knows about an error and its page. */
export interface ErrorFacts {
  /** The browser says it is online. */
  online: boolean;
  /** The token route is not one: reloading will not help (start-problems.ts `isSetupError`). */
  setup: boolean;
  /** The token service failed in a way a retry may fix (retry-policy.ts). */
  transientToken: boolean;
}

type ErrorSentences = PanelStrings & Pick<AlliChatStrings, ErrorStringKey>;

const hasErrorSentences = (s: PanelStrings): s is ErrorSentences => s.errorCodes !== undefined;

/** A fault-specific sentence, or undefined for the general one of the error's kind. */
function faultText(error: AlliError, s: ErrorSentences, facts: ErrorFacts): string | undefined {
  if (error.code === ('STALLED' satisfies ErrorCodeName)) return s.errorStalled;
  if (facts.setup) return s.notConfigured;
  if (error.code === ('CONNECTION_LOST' satisfies ErrorCodeName)) return s.errorConnectionLost;
  if (facts.transientToken) return s.errorTokenUnavailable;
  // A proxy's error page: its words as plain text (bodyExcerpt has no tags), never its HTML.
  if (error.kind === 'server' && error.bodyExcerpt) {
    const status = error.status && !error.bodyExcerpt.includes(String(error.status)) ? `${error.status} ` : '';
    return s.errorServerDetail(`${status}${error.bodyExcerpt}`);
  }
  // Online, a failed request is a lost connection, not "you seem to be offline".
  if (error.kind === 'network' && facts.online) return s.errorConnectionLost;
  return undefined;
}

/** @public Reached through the panel's dynamic import (panel-language.ts). */
export function describeError(error: AlliError, s: PanelStrings, facts: ErrorFacts): string {
  if (!hasErrorSentences(s)) return s.errorGeneric;
  const fault = faultText(error, s, facts);
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

/**
 * The developer's fix for a failure to start, or undefined for a failure a visitor can retry.
 * @public Reached through the panel's dynamic import (chat-panel.ts).
 */
export function startFailureWarning(error: AlliError, host: { tokenUrl: string; apiBase: string }, facts: ErrorFacts): string | undefined {
  if (error.kind === 'token' && (facts.setup || error.cause !== undefined)) {
    return `${error.message} Check the token-url attribute (${host.tokenUrl || 'getToken'}): it must answer POST with a JSON grant { token, expiresAt }.`;
  }
  if (error.kind === 'network') {
    return `${error.message} Check the api-base attribute (${host.apiBase || 'default https://backend.alli.ai'}) and that the page's Content-Security-Policy connect-src allows it.`;
  }
  return undefined;
}
