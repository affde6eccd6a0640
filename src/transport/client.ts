/**
 * AlliClient: the widget's three calls to Alli (docs/protocol.md §1) over an injectable `fetch`.
 * Every call carries `Authorization: Bearer` from the token source and, when known,
 * `OWN-USER-ID` / `USER-EMAIL`. It never sends `API-KEY` or `AGENT-EMAIL`.
 */
import type { AccessToken, TokenSource } from './token-source.js';
import { parseConversationStream, readHead } from '../wire/parse.js';
import type { ConversationEventStream } from '../model/stream-events.js';
import { AlliError, ErrorCode, errorKindForStatus, excerptOf, isAbortError } from '../model/errors.js';
import type { ConversationSnapshot, TurnInput } from '../model/types.js';
import type { UploadProgress } from './xhr-request.js';
import { parseRetryAfter } from './retry-after.js';
import { errorTexts, readJson } from './envelope.js';

export const DEFAULT_API_BASE = 'https://backend.alli.ai';

/** SSE first; the NDJSON snapshot wire is accepted too (docs/protocol.md §3). */
export const STREAM_ACCEPT = 'text/event-stream, application/stream+json;q=0.9, application/x-ndjson;q=0.9';

export interface AlliClientOptions {
  appId: string;
  /** Defaults to `https://backend.alli.ai`; may be a same-origin proxy path. */
  apiBase?: string;
  tokenSource: TokenSource;
  /** Defaults to the global `fetch`, looked up at call time. */
  fetch?: typeof fetch;
  /** Used when the token grant does not name the user. */
  userId?: string;
  userEmail?: string;
}

export interface RequestOptions {
  signal?: AbortSignal;
}

export interface TurnOptions extends RequestOptions {
  /**
   * Upload progress for a turn with files. When given, such a turn goes through
   * XMLHttpRequest (fetch cannot report upload progress) instead of the injected `fetch`.
   */
  onUploadProgress?: (progress: UploadProgress) => void;
  /** With `onUploadProgress`: called as response bytes arrive (the injected fetch is not used then). */
  onDownloadProgress?: () => void;
}

/** `OWN-USER-ID` must be ASCII: anything else is sent as `base64:` + base64(UTF-8) (docs/protocol.md §2). */
export function encodeUserIdHeader(userId: string): string {
  // Printable ASCII only: control characters are not valid in a header value either.
  if (/^[\x20-\x7e]*$/.test(userId)) return userId;
  const bytes = new TextEncoder().encode(userId);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return `base64:${btoa(binary)}`;
}

function isIndexList(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((n) => Number.isInteger(n) && n >= 0);
}

/**
 * Checks a turn against docs/protocol.md §3 before it is sent: a later turn carries exactly one
 * kind of input. Throws `AlliError('bad-request')` naming the field.
 */
export function validateTurn(turn: TurnInput): void {
  const bad = (field: string, why: string) =>
    new AlliError('bad-request', `Invalid turn: ${field} ${why}.`, { field });
  if (turn.choices !== undefined && (!isIndexList(turn.choices) || turn.choices.length === 0)) {
    throw bad('choices', 'must be a non-empty array of zero-based indices');
  }
  if (
    turn.sendFormInput !== undefined &&
    (typeof turn.sendFormInput !== 'object' || turn.sendFormInput === null || Array.isArray(turn.sendFormInput))
  ) {
    throw bad('sendFormInput', 'must be an object keyed by field name');
  }
  const hasText = (turn.message ?? '') !== '' || (turn.files?.length ?? 0) > 0 || (turn.mediaFiles?.length ?? 0) > 0 || (turn.fileIds?.length ?? 0) > 0;
  const kinds = [hasText, turn.choices !== undefined, turn.sendFormInput !== undefined].filter(Boolean).length;
  if (kinds > 1) throw bad('input', 'must be one of a message (with files), choices or a form');
  if ((turn.formFiles?.length ?? 0) > 0 && turn.sendFormInput === undefined) {
    throw bad('form_files', 'are only sent with sendFormInput');
  }
  if (turn.conversationId !== undefined && kinds === 0) {
    throw bad('input', 'is empty: a later turn needs a message, files, choices or a form');
  }
}

function fileName(blob: Blob, fallback: string): string {
  return typeof File !== 'undefined' && blob instanceof File && blob.name ? blob.name : fallback;
}

/** The multipart body of one turn (the browser sets the boundary). */
export function buildTurnBody(turn: TurnInput): FormData {
  validateTurn(turn);
  const body = new FormData();
  if (turn.conversationId) body.append('conversationId', turn.conversationId);
  if (turn.message !== undefined) body.append('message', turn.message);
  if (turn.choices !== undefined) body.append('choices', JSON.stringify(turn.choices));
  if (turn.sendFormInput !== undefined) body.append('sendFormInput', JSON.stringify(turn.sendFormInput));
  if (turn.fileIds?.length) body.append('fileIds', JSON.stringify(turn.fileIds));
  turn.files?.forEach((f, i) => body.append('files', f, fileName(f, `file-${i + 1}`)));
  turn.mediaFiles?.forEach((f, i) => body.append('media_files', f, fileName(f, `media-${i + 1}`)));
  turn.formFiles?.forEach((f, i) => body.append('form_files', f, fileName(f, `form-file-${i + 1}`)));
  return body;
}

const BODY_LIMIT = 64 * 1024;

/** Turns a non-2xx response into a typed error with a readable message. */
export async function errorFromResponse(res: Response): Promise<AlliError> {
  const kind = errorKindForStatus(res.status);
  const retryAfterMs = parseRetryAfter(res.headers.get('Retry-After'));
  let text = '';
  try {
    // At most 64 KB is read: a hostile or broken server's body is never buffered whole.
    text = (await readHead(res.body, BODY_LIMIT)).slice(0, BODY_LIMIT);
  } catch {
    // A body that cannot be read still leaves the status to report.
  }
  const statusText = `${res.status}${res.statusText ? ` ${res.statusText}` : ''}`;
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (json && typeof json === 'object') {
    const body = json as {
      message?: unknown;
      error?: { name?: unknown; code?: unknown; message?: unknown; field?: unknown; fields?: unknown } | string;
      errors?: unknown;
    };
    const err = typeof body.error === 'object' && body.error !== null ? body.error : undefined;
    const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
    const code = str(err?.code) ?? str(err?.name) ?? (typeof body.error === 'string' ? body.error : undefined);
    // The v1 operations may give only `{"errors": [text]}` (docs/transports.md §2).
    const detail = str(body.message) ?? str(err?.message) ?? str(errorTexts(body.errors).join('; ')) ?? code ?? 'no details';
    const fields =
      err?.fields && typeof err.fields === 'object' ? (err.fields as Record<string, string>) : undefined;
    return new AlliError(kind, `Alli answered ${statusText}: ${excerptOf(detail, 300)}`, {
      status: res.status,
      code,
      field: str(err?.field),
      fields,
      retryAfterMs,
    });
  }
  const excerpt = excerptOf(text);
  return new AlliError(kind, `Alli answered ${statusText}${excerpt ? `: ${excerpt}` : ''}`, {
    status: res.status,
    retryAfterMs,
    bodyExcerpt: excerpt,
  });
}

export class AlliClient {
  readonly appId: string;
  readonly apiBase: string;
  private readonly tokens: TokenSource;
  private readonly fetchImpl?: typeof fetch;
  private readonly userId?: string;
  private readonly userEmail?: string;

  constructor(options: AlliClientOptions) {
    if (!options.appId) throw new AlliError('bad-request', 'An app id is required (the app-id attribute).', { field: 'appId' });
    this.appId = options.appId;
    this.apiBase = (options.apiBase || DEFAULT_API_BASE).replace(/\/+$/, '');
    this.tokens = options.tokenSource;
    this.fetchImpl = options.fetch;
    this.userId = options.userId;
    this.userEmail = options.userEmail;
  }

  /** Sends one turn; resolves once the reply starts streaming. */
  async runConversation(turn: TurnInput, options: TurnOptions = {}): Promise<ConversationEventStream> {
    const body = buildTurnBody(turn);
    const url = `${this.apiBase}/webapi/v2/apps/${encodeURIComponent(this.appId)}/run_conversation`;
    const hasFiles = [...body.values()].some((v) => typeof v !== 'string');
    const progress = hasFiles && typeof XMLHttpRequest !== 'undefined' ? options.onUploadProgress : undefined;
    const res = await this.send(url, { method: 'POST', body, headers: { Accept: STREAM_ACCEPT } }, options, progress && { onUploadProgress: progress, onDownloadProgress: options.onDownloadProgress });
    return parseConversationStream(res, { signal: options.signal });
  }

  /**
   * The whole conversation as the server has it: restore after reload, reconcile after a cut.
   * The body may come bare or inside the reference's `{"result": …}` envelope.
   */
  async getConversation(conversationId: string, options: RequestOptions = {}): Promise<ConversationSnapshot> {
    const url = `${this.apiBase}/webapi/v2/conversations/${encodeURIComponent(conversationId)}`;
    const res = await this.send(url, { method: 'GET', headers: { Accept: 'application/json' } }, options);
    return (await readJson(res)) as ConversationSnapshot;
  }

  /**
   * Another of Alli's calls (the other transports'), with the same headers, token refresh on
   * 401 and typed errors. `path` starts with `/webapi/`; a JSON `body` is sent as JSON.
   */
  async request(path: string, init: { method: string; json?: unknown; accept: string }, options: RequestOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { Accept: init.accept };
    if (init.json !== undefined) headers['Content-Type'] = 'application/json';
    const body = init.json === undefined ? undefined : JSON.stringify(init.json);
    return this.send(`${this.apiBase}${path}`, { method: init.method, body, headers }, options);
  }

  /** Asks Alli to stop generating the current reply. */
  async stopConversation(conversationId: string, options: RequestOptions = {}): Promise<void> {
    const url = `${this.apiBase}/webapi/v2/conversations/${encodeURIComponent(conversationId)}/stop`;
    const res = await this.send(url, { method: 'POST', headers: { Accept: 'application/json' } }, options);
    await res.body?.cancel().catch(() => {});
  }

  /**
   * A token that names its Alli origin goes there only: markup injected into a host page with
   * another `api-base` must not receive the visitor's token (issue: a bearer token sent to any origin).
   */
  private checkAudience(token: AccessToken, url: string): void {
    const target = new URL(url, globalThis.location?.href).origin;
    if (token.audience === undefined || token.audience === target) return;
    throw new AlliError('forbidden', `The token is for ${token.audience}, but api-base points at ${target}: nothing was sent. Set api-base to ${token.audience}.`, {
      code: ErrorCode.ApiBaseMismatch,
    });
  }

  private headersFor(token: AccessToken, base: Record<string, string>): Headers {
    const headers = new Headers(base);
    headers.set('Authorization', `Bearer ${token.token}`);
    const userId = token.userId ?? this.userId;
    const userEmail = token.userEmail ?? this.userEmail;
    if (userId) headers.set('OWN-USER-ID', encodeUserIdHeader(userId));
    if (userEmail) headers.set('USER-EMAIL', userEmail);
    return headers;
  }

  /** Authorised fetch with one refresh-and-retry on 401, and typed errors for everything else. */
  private async send(
    url: string,
    init: { method: string; body?: FormData | string; headers: Record<string, string> },
    { signal }: RequestOptions,
    xhr?: { onUploadProgress: (progress: UploadProgress) => void; onDownloadProgress?: () => void },
  ): Promise<Response> {
    const doFetch = this.fetchImpl ?? globalThis.fetch.bind(globalThis);
    if (signal?.aborted) throw new AlliError('aborted', 'The request was cancelled.');
    let res: Response;
    try {
      res = await this.tokens.authorize(async (token) => {
        this.checkAudience(token, url);
        const headers = this.headersFor(token, init.headers);
        // Uploads go through XMLHttpRequest for progress events; its module loads with the first one.
        return xhr
          ? import('./xhr-request.js').then(({ xhrRequest }) => xhrRequest(url, { method: init.method, body: init.body, headers, signal, ...xhr }))
          : doFetch(url, { method: init.method, body: init.body, headers, signal, credentials: 'omit' });
      });
    } catch (cause) {
      if (cause instanceof AlliError) throw cause;
      if (isAbortError(cause) || signal?.aborted) throw new AlliError('aborted', 'The request was cancelled.', { cause });
      throw new AlliError('network', `Could not reach Alli (${new URL(url, globalThis.location?.href).host}). Check your connection.`, { cause });
    }
    if (!res.ok) throw await errorFromResponse(res);
    return res;
  }
}
