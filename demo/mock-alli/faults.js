// @ts-check
/**
 * Fault injection, read in one place: the `X-Mock-Fault` header or the `?fault=` query.
 *
 * Faults before any body (apply to every Alli call except the mint):
 * - `status-500`: a JSON 500.
 * - `html-502`: an HTML "Bad Gateway" page, as a proxy in front of Alli would send.
 * - `status-429`: a JSON 429 with `Retry-After` (seconds; `?retryAfter=`/`X-Mock-Retry-After`, default 2).
 * - `drop`: the connection is cut before any response, as a network failure looks to a client.
 * - `status-401`: `401 INVALID_TOKEN` whatever the token (a token the server revoked or no longer
 *   accepts; sent on two requests in a row it is the "401 twice" case).
 * - `hang`: no response at all, the connection held open until the client gives up.
 * - `project-inactive` / `ip-not-allowed`: the reference's 403 (the project is inactive, or the
 *   caller's IP is not on its allow list); the `projectActive` / `allowedIps` options switch the
 *   same answers on for every request.
 * Faults while reading a request (`run_conversation`):
 * - `slow-upload`: the body is read at 256 KB/s, so an upload takes a while (progress, Cancel).
 * Faults inside a stream (`run_conversation`):
 * - `drop-mid-delta`: the connection is cut in the middle of the third `delta` event.
 * - `no-done`: the stream ends without `done` (a truncated stream, docs/protocol.md §8).
 * - `stall`: after the third `delta` nothing more is written, not even `: ping`, and the
 *   connection stays open until the client closes it (a stream that went quiet).
 * - `malformed-json`: after the second `delta`, an event whose data is not JSON.
 * - `unknown-event`: after the second `delta`, an event of a type the protocol does not have.
 * - `noise`: both of the above.
 */
import { sendError, sendInvalidToken } from './http.js';

/**
 * @typedef {'none' | 'status-500' | 'html-502' | 'status-429' | 'drop' | 'status-401' | 'hang' | 'slow-upload' | 'project-inactive' | 'ip-not-allowed'
 *   | 'drop-mid-delta' | 'no-done' | 'stall' | 'malformed-json' | 'unknown-event' | 'noise'} FaultName
 */
/** @typedef {{ name: FaultName, retryAfterSeconds: number }} Fault */

/** @type {ReadonlySet<string>} */
const KNOWN = new Set([
  'status-500',
  'html-502',
  'status-429',
  'drop',
  'status-401',
  'hang',
  'project-inactive',
  'ip-not-allowed',
  'slow-upload',
  'drop-mid-delta',
  'no-done',
  'stall',
  'malformed-json',
  'unknown-event',
  'noise',
]);

/**
 * @param {import('node:http').IncomingMessage} req
 * @param {URL} url
 * @returns {Fault}
 */
export function readFault(req, url) {
  const raw = String(req.headers['x-mock-fault'] ?? url.searchParams.get('fault') ?? '').trim().toLowerCase();
  const retryRaw = Number(req.headers['x-mock-retry-after'] ?? url.searchParams.get('retryAfter') ?? 2);
  const retryAfterSeconds = Number.isFinite(retryRaw) && retryRaw >= 0 ? Math.round(retryRaw) : 2;
  return { name: KNOWN.has(raw) ? /** @type {FaultName} */ (raw) : 'none', retryAfterSeconds };
}

/**
 * Answers the request itself when the fault is one that replaces the whole response.
 * @param {Fault} fault
 * @param {import('node:http').ServerResponse} res
 * @returns {boolean} whether the response was sent
 */
export function answerWithFault(fault, res) {
  switch (fault.name) {
    case 'status-500':
      sendError(res, 500, 'INTERNAL_ERROR', 'mock fault: status-500');
      return true;
    case 'status-429':
      res.setHeader('Retry-After', String(fault.retryAfterSeconds));
      sendError(res, 429, 'TOO_MANY_REQUESTS', 'mock fault: status-429, slow down');
      return true;
    case 'html-502':
      // The <script> is deliberate: a client must show an escaped excerpt, never render the page.
      res.statusCode = 502;
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.end(
        '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head>' +
          '<body><h1>502 Bad Gateway</h1><p>The upstream server did not answer. <script>alert(1)</script></p></body></html>',
      );
      return true;
    case 'drop':
      res.socket?.destroy();
      return true;
    case 'status-401':
      sendInvalidToken(res);
      return true;
    case 'project-inactive':
      sendProjectInactive(res);
      return true;
    case 'ip-not-allowed':
      sendIpNotAllowed(res, res.req?.socket?.remoteAddress);
      return true;
    case 'hang':
      // Nothing is written; the client's timeout (or its going away) ends it. No timer to clear.
      res.once('close', () => res.destroy());
      return true;
    default:
      return false;
  }
}

/** @param {import('node:http').ServerResponse} res */
export function sendProjectInactive(res) {
  sendError(res, 403, 'PROJECT_INACTIVE', 'access denied: the project is inactive');
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {string | undefined} address
 */
export function sendIpNotAllowed(res, address) {
  sendError(res, 403, 'IP_NOT_ALLOWED', `access denied: requests from ${address ?? 'this address'} are not allowed for this project`);
}
