/**
 * Typed errors of the Alli client. One class with a `kind` discriminant so callers can
 * `switch (err.kind)`; `instanceof AlliError` tells them apart from programming errors.
 */
import type { DoneReason } from './types.js';
import type { StreamErrorInfo } from './stream-events.js';

export type AlliErrorKind =
  /** 400: the request was wrong; `field` may say which part. */
  | 'bad-request'
  /** 401 after the one forced refresh and retry: the user must sign in again. */
  | 'unauthorized'
  /** 403 */
  | 'forbidden'
  /** 404 */
  | 'not-found'
  /** 413 */
  | 'too-large'
  /** 429: `retryAfterMs` tells when to try again. */
  | 'rate-limited'
  /** 5xx */
  | 'server'
  /** fetch rejected: offline, DNS, connection reset. */
  | 'network'
  /** The body was not what the protocol promised (wrong content type, HTML error page). */
  | 'protocol'
  /** The token route or `getToken` failed or returned an invalid grant. */
  | 'token'
  /** The caller aborted. */
  | 'aborted';

/**
 * The error codes the widget itself reads or sets. Alli may send others: `code` stays open
 * (`ErrorCodeName | string`), these are the ones code compares against.
 */
export const ErrorCode = {
  /** No byte arrived within the idle timeout (set by the session). */
  Stalled: 'STALLED',
  /** The stream broke off before Alli had the user's turn (set by the session). */
  ConnectionLost: 'CONNECTION_LOST',
  /** Alli refused a form's values; `fields` names the ones to fix. */
  FormInvalid: 'FORM_INVALID',
  /** The token route or `getToken` gave a grant that cannot be used (set by the token source). */
  InvalidGrant: 'INVALID_GRANT',
  /** Alli refused the access token (still refused after one refresh). */
  InvalidToken: 'INVALID_TOKEN',
  /** The conversation had ended (e.g. an agent ended it) when a turn was sent to it. */
  ConversationEnded: 'CONVERSATION_ENDED',
  /** The token's `apiBase` is not where `api-base` sends it: nothing was sent (set by the client). */
  ApiBaseMismatch: 'API_BASE_MISMATCH',
  /** A stream `error` event that named no code. */
  Unknown: 'UNKNOWN',
} as const;

export type ErrorCodeName = (typeof ErrorCode)[keyof typeof ErrorCode];

/**
 * Why a turn's stream ended, as the session reports it: the `done` reasons, plus `interrupted`
 * (the stream broke off; the turn was kept or reconciled) and `error` (the turn failed).
 */
export type StreamEndReason = DoneReason | 'interrupted';

const DONE_REASONS: ReadonlySet<string> = new Set<DoneReason>(['waiting_input', 'ended', 'error', 'stopped', 'completed']);

/** A `done` event's reason as a StreamEndReason: a missing or unknown one counts as `completed`. */
export function endReasonOf(reason: string | undefined): StreamEndReason {
  return reason !== undefined && DONE_REASONS.has(reason) ? (reason as DoneReason) : 'completed';
}

export interface AlliErrorInit {
  status?: number;
  code?: ErrorCodeName | (string & {});
  field?: string;
  fields?: Record<string, string>;
  retryAfterMs?: number;
  bodyExcerpt?: string;
  cause?: unknown;
}

const RETRYABLE: ReadonlySet<AlliErrorKind> = new Set(['rate-limited', 'server', 'network']);

export class AlliError extends Error {
  override readonly name = 'AlliError';
  readonly kind: AlliErrorKind;
  readonly status?: number;
  /** Alli's error code or name, e.g. `INVALID_TOKEN`, `FORM_INVALID`. */
  readonly code?: ErrorCodeName | (string & {});
  readonly field?: string;
  readonly fields?: Record<string, string>;
  readonly retryAfterMs?: number;
  /** A short excerpt of a non-JSON body, as text (never to be rendered as HTML). */
  readonly bodyExcerpt?: string;

  constructor(kind: AlliErrorKind, message: string, init: AlliErrorInit = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = kind;
    this.status = init.status;
    this.code = init.code;
    this.field = init.field;
    this.fields = init.fields;
    this.retryAfterMs = init.retryAfterMs;
    this.bodyExcerpt = init.bodyExcerpt;
  }

  /** Whether retrying the same request later may succeed. */
  get retryable(): boolean {
    return RETRYABLE.has(this.kind);
  }
}

const STATUS_KIND: Readonly<Record<number, AlliErrorKind>> = {
  400: 'bad-request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  413: 'too-large',
  422: 'bad-request',
  429: 'rate-limited',
};

/** The kind of a non-2xx HTTP status. */
export function errorKindForStatus(status: number): AlliErrorKind {
  return STATUS_KIND[status] ?? (status >= 500 ? 'server' : 'bad-request');
}

/**
 * A stream `error` event as an AlliError: the one conversion, for a turn that fails on it and
 * for one that is kept (the error then only reported).
 *
 * `retryable` decides when Alli sends it (true: a fault on Alli's side, `server`; false: the
 * request itself was refused, `bad-request`). When it is missing, a 4xx `status` still means a
 * refused request; otherwise (a 5xx, or no hint at all) the error is taken as Alli's fault:
 * an event that explains nothing should not blame what the user sent, and `server` is what
 * the user can meaningfully retry.
 */
export function streamErrorToAlliError(info: StreamErrorInfo): AlliError {
  const clientStatus = info.status !== undefined && info.status >= 400 && info.status < 500;
  const refused = info.retryable === undefined ? clientStatus : !info.retryable;
  return new AlliError(refused ? 'bad-request' : 'server', info.message, {
    status: info.status,
    code: info.code,
    fields: info.fields,
  });
}

/** Anything thrown, as an AlliError: what is not one already counts as a network failure. */
export function toAlliError(err: unknown): AlliError {
  return err instanceof AlliError ? err : new AlliError('network', String(err), { cause: err });
}

export function isAbortError(err: unknown): boolean {
  return (
    (err instanceof AlliError && err.kind === 'aborted') ||
    (typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'AbortError')
  );
}

/**
 * Collapse whitespace and cut a body to a readable excerpt; tags (and head/script/style with
 * their content) are stripped to plain words. One pass, linear in the body: each search for a
 * `>` or a closing tag that fails is remembered, so `<<<<…` or `<script<script…` cannot make it
 * quadratic (a backtracking regex took 238 ms on 64 KB of `<`).
 */
export function excerptOf(body: string, max = 160): string {
  const lower = body.toLowerCase();
  const unclosed = new Set<string>();
  let out = '';
  let from = 0;
  let gt = -1; // the next '>' after the current '<'
  for (let lt = body.indexOf('<'); lt >= 0; lt = body.indexOf('<', from)) {
    if (gt < lt) gt = body.indexOf('>', lt);
    if (gt < 0) break; // no tag can end any more: the rest is text
    out += body.slice(from, lt) + ' ';
    from = gt + 1;
    const name = /^<(head|script|style)\b/.exec(lower.slice(lt, lt + 8))?.[1];
    if (name && !unclosed.has(name)) {
      const close = lower.indexOf(`</${name}`, lt);
      if (close < 0) unclosed.add(name);
      else from = Math.max(from, (body.indexOf('>', close) + 1) || body.length);
    }
  }
  const text = (out + body.slice(from)).replace(/\s+/g, ' ').trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
