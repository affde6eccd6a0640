/**
 * Typed errors of the Alli client. One class with a `kind` discriminant so callers can
 * `switch (err.kind)`; `instanceof AlliError` tells them apart from programming errors.
 */
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

export interface AlliErrorInit {
  status?: number;
  code?: string;
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
  readonly code?: string;
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

export function isAbortError(err: unknown): boolean {
  return (
    (err instanceof AlliError && err.kind === 'aborted') ||
    (typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'AbortError')
  );
}

/** Collapse whitespace and cut a body to a readable excerpt; tags are stripped to plain words. */
export function excerptOf(body: string, max = 160): string {
  const text = body
    .replace(/<(head|script|style)\b[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
