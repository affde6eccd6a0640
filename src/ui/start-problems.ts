/**
 * Why the widget cannot start, for the two people concerned: the visitor reads a sentence in the
 * panel, the site's developer one console warning that names the attribute or URL to fix. A
 * widget that is missing `app-id` or its token source, or whose token route is not one, must
 * never sit there with a disabled Send button and nothing logged. The warnings for a failure to
 * start come with the error sentences (error-text.ts).
 */
import { ErrorCode, type AlliError } from '../model/errors.js';

interface Configured {
  appId: string;
  tokenUrl: string;
  getToken?: unknown;
}

const PREFIX = '<alli-chat>: ';

/** What is missing before a conversation can start, as the developer's fix; undefined when nothing is. */
export function missingSetup(host: Configured): string | undefined {
  if (!host.appId) return `the app-id attribute is missing: add app-id="<your Alli app id>" to <alli-chat>.`;
  if (!host.tokenUrl && !host.getToken) {
    return `no token source: add token-url="<your site's token route>" to <alli-chat>, or set its getToken property.`;
  }
  return undefined;
}

/**
 * Token-route answers that reloading will not fix: the URL names no route (404, 405), the route
 * refuses the request's form (415), or answers something other than a grant (an HTML page).
 */
export function isSetupError(error: AlliError): boolean {
  if (error.kind !== 'token') return false;
  if (error.status === 404 || error.status === 405 || error.status === 415) return true;
  return error.status === undefined && (error.code === ErrorCode.InvalidGrant || error.cause instanceof SyntaxError);
}

const warned = new WeakMap<object, Set<string>>();

/** Logs `message` once per element, after the widget's name. */
export function warnOnce(host: object, message: string | undefined): void {
  if (!message) return;
  let seen = warned.get(host);
  if (!seen) warned.set(host, (seen = new Set()));
  if (seen.has(message)) return;
  seen.add(message);
  console.warn(PREFIX + message);
}
